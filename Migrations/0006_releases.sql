-- Releases of model documentation to a requester (Transparency chapter, Measure 1.2; AI Act
-- Annex XII): the values staff released from one published documentation version, frozen with the
-- answer to any additional question, and hashed. A release is never changed or deleted: the
-- triggers below refuse it. Each row has its `released` audit event in case_events, written in
-- the same transaction.
CREATE TABLE releases (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    model TEXT NOT NULL,                            -- the model's name, as registered
    documentation_version INTEGER NOT NULL CHECK (documentation_version >= 1),
    items TEXT NOT NULL,                            -- JSON list of the Annex XII items the released fields answer
    field_values TEXT NOT NULL,                     -- the released values by field key, canonical JSON
    answer TEXT,                                    -- the answer to the request's question, if given
    sha256 TEXT NOT NULL,                           -- of {"answer","case","documentation_sha256","documentation_version","fields","model"}, canonical
    documentation_sha256 TEXT NOT NULL,             -- the SHA-256 of the documentation version released from
    released_at TEXT NOT NULL,                      -- RFC 3339 UTC
    released_by TEXT NOT NULL,                      -- a staff name
    event_id INTEGER NOT NULL REFERENCES case_events (id)   -- its released event
);
CREATE INDEX releases_case ON releases (case_id);

CREATE TRIGGER releases_no_update BEFORE UPDATE ON releases
BEGIN SELECT RAISE(ABORT, 'releases: a release is immutable'); END;
CREATE TRIGGER releases_no_delete BEFORE DELETE ON releases
BEGIN SELECT RAISE(ABORT, 'releases: a release is kept with its case'); END;
