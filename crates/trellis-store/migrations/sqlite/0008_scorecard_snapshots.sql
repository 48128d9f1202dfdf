-- The scorecard of each finished quarter as first computed after it ended, so later edits to
-- that quarter's data do not rewrite what the organisation saw at the time (SPEC §6).
CREATE TABLE scorecard_snapshots (
    quarter  TEXT PRIMARY KEY,
    taken    TEXT NOT NULL,
    body     TEXT NOT NULL
);
