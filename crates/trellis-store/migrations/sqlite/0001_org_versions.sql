-- Every apply or edit of the organisation makes a version; a version is the set of org files
-- it was made from, so it can be exported exactly and re-checked with any later rules.
CREATE TABLE org_versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    people      INTEGER NOT NULL,
    teams       INTEGER NOT NULL,
    errors      INTEGER NOT NULL,
    warnings    INTEGER NOT NULL,
    infos       INTEGER NOT NULL
);

CREATE TABLE org_version_files (
    version_id  INTEGER NOT NULL REFERENCES org_versions(id) ON DELETE CASCADE,
    path        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (version_id, path)
);
