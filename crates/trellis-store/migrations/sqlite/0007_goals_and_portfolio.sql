-- Goals per team per quarter with their status over the quarter, and portfolio decisions
-- (SPEC §4); a revision so every instance knows when to recompute.
CREATE TABLE goals (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    team              TEXT    NOT NULL,
    quarter           TEXT    NOT NULL,
    body              TEXT    NOT NULL,
    company_priority  INTEGER NOT NULL,
    committed         INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    set_on            TEXT    NOT NULL
);
CREATE INDEX goals_quarter ON goals (quarter, team);
CREATE TABLE goal_updates (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    goal    INTEGER NOT NULL REFERENCES goals (id),
    status  TEXT    NOT NULL,
    day     TEXT    NOT NULL,
    note    TEXT    NOT NULL
);
CREATE TABLE portfolio_decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    action      TEXT    NOT NULL,
    bet         TEXT    NOT NULL,
    rationale   TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    decided_by  TEXT    NOT NULL
);
CREATE TABLE planning_revision (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    revision  INTEGER NOT NULL
);
INSERT INTO planning_revision (id, revision) VALUES (1, 0);
