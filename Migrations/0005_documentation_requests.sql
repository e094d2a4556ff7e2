-- Documentation requests (Transparency chapter, Measure 1.2; AI Act Annex XII): a second case type
-- in the cases table (type 'documentation_request', references DOC-YYYY-NNNNNN). The whole
-- validated submission is in cases.submission; this table holds its searchable facts.
CREATE TABLE documentation_requests (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    organisation TEXT NOT NULL,                     -- the requesting organisation's legal name
    country TEXT NOT NULL,                          -- ISO 3166-1 alpha-2
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    ai_system_name TEXT NOT NULL,
    high_risk TEXT NOT NULL CHECK (high_risk IN ('yes', 'no', 'unsure')),
    model TEXT NOT NULL,
    model_version TEXT NOT NULL,
    items TEXT NOT NULL,                            -- JSON list of Annex XII items, e.g. ["annex_xii_1a"]
    has_question INTEGER NOT NULL CHECK (has_question IN (0, 1))
);
CREATE INDEX documentation_requests_model ON documentation_requests (model);
