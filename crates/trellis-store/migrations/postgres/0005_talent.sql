-- Talent records (SPEC §5) and the append-only audit log of every look at them (SPEC §9).
-- The audit log never holds a note or a rating: who, about whom, what, allowed or not, when.
CREATE TABLE talent_interest (
    id       BIGSERIAL PRIMARY KEY,
    person   TEXT    NOT NULL,
    interest TEXT    NOT NULL,
    day      TEXT    NOT NULL
);
CREATE TABLE talent_observations (
    id        BIGSERIAL PRIMARY KEY,
    person    TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    evidence  TEXT    NOT NULL,
    observer  TEXT    NOT NULL,
    day       TEXT    NOT NULL
);
CREATE TABLE talent_assignments (
    id            BIGSERIAL PRIMARY KEY,
    person        TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    sponsor       TEXT,
    start_day     TEXT    NOT NULL,
    end_day       TEXT,
    outcome       TEXT,
    observations  TEXT    NOT NULL
);
CREATE TABLE talent_notes (
    id      BIGSERIAL PRIMARY KEY,
    about   TEXT    NOT NULL,
    author  TEXT    NOT NULL,
    day     TEXT    NOT NULL,
    body    TEXT    NOT NULL,
    shared  BIGINT NOT NULL
);
CREATE TABLE talent_ratings (
    id           BIGSERIAL PRIMARY KEY,
    session      BIGINT NOT NULL,
    person       TEXT    NOT NULL,
    rater        TEXT    NOT NULL,
    performance  BIGINT NOT NULL,
    potential    TEXT    NOT NULL,
    period       TEXT    NOT NULL
);
CREATE TABLE talent_promotions (
    id        BIGSERIAL PRIMARY KEY,
    person    TEXT    NOT NULL,
    day       TEXT    NOT NULL,
    evidence  TEXT    NOT NULL
);
CREATE TABLE talent_sponsors (
    person   TEXT NOT NULL,
    sponsor  TEXT NOT NULL,
    PRIMARY KEY (person, sponsor)
);
CREATE TABLE audit_log (
    id       BIGSERIAL PRIMARY KEY,
    at       TEXT    NOT NULL,
    actor    TEXT    NOT NULL,
    about    TEXT    NOT NULL,
    what     TEXT    NOT NULL,
    allowed  BIGINT NOT NULL
);
CREATE INDEX audit_log_about ON audit_log (about, id);
