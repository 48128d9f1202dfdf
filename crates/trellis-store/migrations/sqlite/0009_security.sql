-- Security and accounts (issue 12): how each audited attempt ended (allowed, refused, or failed
-- because its batch stored nothing).
ALTER TABLE audit_log ADD COLUMN outcome TEXT NOT NULL DEFAULT 'allowed';
UPDATE audit_log SET outcome = 'refused' WHERE allowed = 0;

-- Who entered each record (an account's email, `cli:USER`, or `demo`); '' for records stored
-- before this migration, whose author was not kept.
ALTER TABLE talent_interest ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE talent_observations ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE talent_assignments ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE talent_notes ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE talent_ratings ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE talent_promotions ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE talent_sponsors ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE talent_successors ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE talent_sessions ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE conflicts ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE handoffs ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE goal_updates ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE portfolio_decisions ADD COLUMN entered_by TEXT NOT NULL DEFAULT '';

-- Account lifecycle: an account can be disabled; sessions have a short reference (to list and
-- end them) and the time they were last used (the idle timeout); API tokens have a scope
-- (read, write, calendar) and may expire. Tokens made before this keep what they could do.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN ref TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET ref = substr(token_hash, 1, 16);
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
