-- Cases: one row per complaint (and, later, per documentation request), shared by every case type.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,                 -- e.g. CPL-2026-000001
    type TEXT NOT NULL,                             -- 'complaint', later 'documentation_request', ...
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    status TEXT NOT NULL,
    received_at TEXT NOT NULL,                      -- RFC 3339 UTC
    acknowledge_by TEXT,                            -- RFC 3339 UTC, from the configured targets at receipt
    respond_by TEXT NOT NULL,
    status_token_hash TEXT NOT NULL UNIQUE,         -- SHA-256 (hex) of the status token; the token is never stored
    submission TEXT NOT NULL,                       -- the validated submission as JSON
    fingerprint TEXT,                               -- duplicate detection key (hex)
    duplicate_of TEXT REFERENCES cases(reference),  -- the earlier case it matches, for a person to judge
    UNIQUE (type, year, sequence)
);
CREATE INDEX cases_type_fingerprint ON cases (type, fingerprint);
CREATE INDEX cases_status ON cases (status);

-- The searchable facts of a complaint; the whole submission is in cases.submission.
CREATE TABLE complaints (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    role TEXT NOT NULL CHECK (role IN ('rightsholder', 'representative', 'cmo')),
    complainant_name TEXT NOT NULL,
    complainant_email TEXT NOT NULL,
    rightsholder_name TEXT NOT NULL,
    category TEXT NOT NULL,
    model TEXT NOT NULL,
    work_count INTEGER NOT NULL CHECK (work_count BETWEEN 1 AND 50)
);

-- Evidence files, recognised by content; stored with their SHA-256.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    position INTEGER NOT NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    UNIQUE (case_id, position)
);

-- Every change to every case, from its submission on. Append-only and hash-chained: each row's
-- hash is SHA-256 over the previous row's hash and the row's canonical JSON encoding.
CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_id INTEGER REFERENCES cases (id),          -- NULL for events about no case (e.g. a staff token)
    type TEXT NOT NULL,
    actor TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    payload TEXT NOT NULL,                          -- canonical JSON
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL                              -- no index: the chain is checked by walking it in order
);
CREATE INDEX case_events_case ON case_events (case_id, id);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

-- Idempotency: a repeated submission with the same key returns the first receipt. The status
-- token is kept only sealed (AES-256-GCM) under a key derived from the idempotency key, which
-- itself is stored only as a keyed hash: without the client's key the row reveals nothing.
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,                            -- 'api' or 'form'
    key_hash TEXT NOT NULL,
    request_hash TEXT NOT NULL,                     -- SHA-256 of the canonical submission
    case_id INTEGER NOT NULL REFERENCES cases (id),
    sealed_token BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (scope, key_hash)
);

-- Secrets the server generates for itself (form signing, key derivation).
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    created_at TEXT NOT NULL
);
