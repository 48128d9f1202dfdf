-- Records that move (issue 15): what happened to a log record after it was stored — a decision
-- made, an escalation resolved or reopened, a handoff delivered or blocked, a conflict's status —
-- by whom and when, in words. The record's row keeps its state; this keeps its history.
CREATE TABLE log_changes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    record_id   INTEGER NOT NULL,
    what        TEXT    NOT NULL,
    changed_by  TEXT    NOT NULL,
    changed_at  TEXT    NOT NULL,
    rev         INTEGER NOT NULL
);
CREATE INDEX log_changes_record ON log_changes (kind, record_id);
