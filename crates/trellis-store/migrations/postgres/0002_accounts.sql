-- Accounts, sessions (so any instance can serve any request) and failed logins (throttling).
CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE,
    role           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    created_at     TEXT    NOT NULL
);

-- Only a hash of the session token is stored; the token lives in the browser's cookie.
CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL
);

CREATE TABLE login_failures (
    key  TEXT    NOT NULL,
    at   BIGINT  NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);
