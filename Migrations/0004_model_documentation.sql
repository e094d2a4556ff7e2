-- The model documentation registry (Transparency chapter, Measures 1.1 and 1.3): the models and
-- their published documentation versions. A version is immutable once published and kept at least
-- 10 years after the model's Union market release: the triggers below refuse to change or delete
-- versions and models, whatever the client. Each row has its audit event (model_created,
-- documentation_published) in case_events, written in the same transaction.

CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),   -- [A-Za-z0-9._-], e.g. example-model-1
    version TEXT NOT NULL,
    release_date TEXT NOT NULL,                     -- YYYY-MM-DD
    union_market_release_date TEXT NOT NULL,        -- YYYY-MM-DD: retention counts from it
    retain_until TEXT NOT NULL,                     -- YYYY-MM-DD: union_market_release_date + 10 years
    created_at TEXT NOT NULL,                       -- RFC 3339 UTC
    created_by TEXT NOT NULL,                       -- a staff name, or 'cli'
    CHECK (union_market_release_date >= release_date),
    CHECK (retain_until > union_market_release_date)
);
-- Names differing only in case would be confused by people: one of them is refused.
CREATE UNIQUE INDEX models_name_nocase ON models (name COLLATE NOCASE);

CREATE TABLE documentation_versions (
    id INTEGER PRIMARY KEY,
    model_id INTEGER NOT NULL REFERENCES models (id),
    number INTEGER NOT NULL CHECK (number >= 1),    -- 1, 2, 3, ... per model
    field_values TEXT NOT NULL,                     -- the values by field key, canonical JSON
    public_fields TEXT NOT NULL,                    -- the keys the operator publishes, canonical JSON array
    published_at TEXT NOT NULL,                     -- RFC 3339 UTC
    published_by TEXT NOT NULL,                     -- a staff name, or 'cli'
    sha256 TEXT NOT NULL,                           -- of {"model","public_fields","values","version"}, canonical
    retain_until TEXT NOT NULL,                     -- YYYY-MM-DD: kept at least until then
    event_id INTEGER NOT NULL REFERENCES case_events (id),   -- its documentation_published event
    UNIQUE (model_id, number)
);

CREATE TRIGGER documentation_versions_no_update BEFORE UPDATE ON documentation_versions
BEGIN SELECT RAISE(ABORT, 'documentation_versions: a published version is immutable'); END;
CREATE TRIGGER documentation_versions_no_delete BEFORE DELETE ON documentation_versions
BEGIN SELECT RAISE(ABORT, 'documentation_versions: a published version is kept at least 10 years after the model''s Union market release'); END;
CREATE TRIGGER models_no_update BEFORE UPDATE ON models
BEGIN SELECT RAISE(ABORT, 'models: a registered model is not changed (its dates decide retention)'); END;
CREATE TRIGGER models_no_delete BEFORE DELETE ON models
BEGIN SELECT RAISE(ABORT, 'models: a model and its documentation are kept at least 10 years after its Union market release'); END;
