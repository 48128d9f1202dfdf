-- Accounts, sessions (so any instance can serve any request) and failed logins (throttling).
CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT    NOT NULL UNIQUE,
    role           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    created_at     TEXT    NOT NULL
);

-- Only a hash of the session token is stored; the token lives in the browser's cookie.
CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL
);

CREATE TABLE login_failures (
    key  TEXT    NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);
