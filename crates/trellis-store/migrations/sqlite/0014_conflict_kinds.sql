-- What a conflict is about (issue 18): assumptions, success-criteria, escalation-rules (a
-- recurring one of these is misalignment, not tension), capacity or scope. Empty when not
-- recorded (every conflict stored before this).
ALTER TABLE conflicts ADD COLUMN kind TEXT;
