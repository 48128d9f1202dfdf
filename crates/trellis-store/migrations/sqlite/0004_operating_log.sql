-- The operating log (SPEC §4): meetings of rituals, decisions, escalations, conflicts and
-- handoffs. Days are stored as YYYY-MM-DD text; lists as text, one item per line.
CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ritual      TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    attendees   TEXT    NOT NULL,
    tradeoffs   TEXT    NOT NULL,
    notes       TEXT    NOT NULL
);
CREATE INDEX meetings_ritual ON meetings (ritual, day);

CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    title           TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    team            TEXT,
    raised          TEXT    NOT NULL,
    decided         TEXT,
    decided_by      TEXT,
    escalated_from  TEXT,
    -- team, manager, leader or above: judged against the org version in force that day.
    level           TEXT,
    meeting_id      INTEGER REFERENCES meetings(id) ON DELETE SET NULL
);

CREATE TABLE escalations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    from_person  TEXT    NOT NULL,
    to_person    TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    surface      TEXT,
    raised       TEXT    NOT NULL,
    resolved     TEXT
);

CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parties     TEXT    NOT NULL,
    surface     TEXT,
    topic       TEXT    NOT NULL,
    meeting_id  INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    raised      TEXT    NOT NULL,
    status      TEXT    NOT NULL
);

CREATE TABLE handoffs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    team       TEXT    NOT NULL,
    on_team    TEXT    NOT NULL,
    what       TEXT    NOT NULL,
    due        TEXT    NOT NULL,
    delivered  TEXT,
    blocked    INTEGER NOT NULL
);

-- Bumped by every write to the log, so each instance knows when to recompute the signals.
CREATE TABLE log_revision (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    revision  INTEGER NOT NULL
);
INSERT INTO log_revision (id, revision) VALUES (1, 0);
