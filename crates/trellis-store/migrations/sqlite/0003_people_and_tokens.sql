-- The person in the org an account belongs to (scopes what managers and members may edit),
-- and API tokens for automation. Only a hash of each token is stored; it is shown once.
ALTER TABLE users ADD COLUMN person TEXT;

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at    TEXT    NOT NULL,
    last_used_at  TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- What each version changed against the one before it, recorded when the version is made
-- (versions made before this migration show nothing recorded): the count and the first few
-- lines with the version, the whole list (one line per change) in a table of its own, so
-- reading a version never walks through a large change list.
ALTER TABLE org_versions ADD COLUMN change_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE org_versions ADD COLUMN changes_head TEXT NOT NULL DEFAULT '';

CREATE TABLE org_version_changes (
    version_id  INTEGER PRIMARY KEY REFERENCES org_versions(id) ON DELETE CASCADE,
    body        TEXT    NOT NULL
);
