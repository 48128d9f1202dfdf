-- Scenarios (issue 16): a draft reorganisation started from an org version. Its files are the org
-- as the scenario has it now; its edits, in order, say how it got there, so that they can be
-- replayed when the organisation changed underneath. `rev` grows with every edit: a form read at
-- an older revision is refused. Confidential: the web app shows a scenario to its author,
-- leaders and admins only.
CREATE TABLE scenarios (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT    NOT NULL,
    why           TEXT    NOT NULL,
    author        TEXT    NOT NULL,
    base_version  BIGINT  NOT NULL,
    status        TEXT    NOT NULL,
    applied_as    BIGINT,
    rev           BIGINT  NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE TABLE scenario_files (
    scenario_id  BIGINT  NOT NULL REFERENCES scenarios (id),
    path         TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    PRIMARY KEY (scenario_id, path)
);
CREATE TABLE scenario_edits (
    id           BIGSERIAL PRIMARY KEY,
    scenario_id  BIGINT  NOT NULL REFERENCES scenarios (id),
    summary      TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    made_by      TEXT    NOT NULL,
    made_at      TEXT    NOT NULL
);
CREATE INDEX scenario_edits_of ON scenario_edits (scenario_id, id);
