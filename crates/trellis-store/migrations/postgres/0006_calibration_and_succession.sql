-- Calibration sessions, the changes made to ratings in them (with the reason), successors kept
-- in the database, and a revision so every instance knows when to re-run the talent signals.
CREATE TABLE talent_sessions (
    id      BIGSERIAL PRIMARY KEY,
    name    TEXT    NOT NULL,
    period  TEXT    NOT NULL,
    day     TEXT    NOT NULL
);
CREATE TABLE talent_rating_changes (
    id           BIGSERIAL PRIMARY KEY,
    rating       BIGINT  NOT NULL REFERENCES talent_ratings (id),
    performance  BIGINT  NOT NULL,
    potential    TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    author       TEXT    NOT NULL,
    day          TEXT    NOT NULL
);
CREATE TABLE talent_successors (
    id           BIGSERIAL PRIMARY KEY,
    role_holder  TEXT    NOT NULL,
    person       TEXT    NOT NULL,
    readiness    TEXT    NOT NULL,
    day          TEXT    NOT NULL
);
CREATE TABLE talent_revision (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    revision  BIGINT  NOT NULL
);
INSERT INTO talent_revision (id, revision) VALUES (1, 0);
