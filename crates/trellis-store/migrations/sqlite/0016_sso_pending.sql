-- Single sign-on (issue 19): a sign-in started at the identity provider waits here until the
-- provider sends the browser back, so any instance may finish what another started. Only a
-- hash of the state is kept; a row serves once and for ten minutes at most. The address that
-- started it bounds how many one address may have waiting.
CREATE TABLE sso_pending (
    state_hash TEXT    PRIMARY KEY,
    verifier   TEXT    NOT NULL,
    nonce      TEXT    NOT NULL,
    next       TEXT    NOT NULL,
    address    TEXT    NOT NULL,
    started    INTEGER NOT NULL
);
CREATE INDEX sso_pending_started ON sso_pending (started);
CREATE INDEX sso_pending_address ON sso_pending (address);
