-- The director path (issue 17): what one account keeps on its way to managing managers.
-- Private to its author: no page, API or report reads it for anyone else, except the sections
-- the author shares with a named person (path_shares), until they take the share back. Every
-- row belongs to its author's account and goes when the account goes (or when the author
-- deletes everything). Entries and sponsors carry a revision: an edit read at an older one is
-- refused.
CREATE TABLE path_entries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    owner        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day          TEXT    NOT NULL,
    areas        TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    happened     TEXT    NOT NULL,
    mechanism    TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,
    links        TEXT    NOT NULL,
    witnesses    TEXT    NOT NULL,
    opportunity  TEXT,
    source       TEXT,
    rev          INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX path_entries_of ON path_entries (owner, day);
-- Suggestions the author dismissed, by their key.
CREATE TABLE path_dismissed (
    owner   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source  TEXT    NOT NULL,
    PRIMARY KEY (owner, source)
);
CREATE TABLE path_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic       TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
-- Every draft of every answer, so progress shows.
CREATE TABLE path_answers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question    TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    seconds     INTEGER,
    written_at  TEXT    NOT NULL
);
CREATE INDEX path_answers_of ON path_answers (owner, question, id);
CREATE TABLE path_feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day         TEXT    NOT NULL,
    from_whom   TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE TABLE path_sponsors (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    person      TEXT,
    name        TEXT    NOT NULL,
    last_spoke  TEXT,
    stretch     TEXT    NOT NULL,
    rev         INTEGER NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE TABLE path_shares (
    owner    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    section  TEXT    NOT NULL,
    person   TEXT    NOT NULL,
    since    TEXT    NOT NULL,
    PRIMARY KEY (owner, section, person)
);
CREATE INDEX path_shares_with ON path_shares (person);
