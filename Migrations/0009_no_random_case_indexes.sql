-- Filing a case no longer writes to an index with random keys. Each such index cost every filing
-- one more page written somewhere in the middle of a large index (and copied back by the next
-- checkpoint): together a third of what a complaint cost to store.
--
-- Status tokens name their case. A token made from now on carries the case's id besides its 256
-- random bits (Portal/Cases/StatusToken.swift): the status check reads the case by its id and
-- compares the SHA-256 of the whole token with cases.status_token_hash in constant time, so the
-- unique index on status_token_hash goes. Tokens given before this migration have no id in them:
-- their hashes are kept, indexed, in legacy_status_tokens, so they keep working; no row is ever
-- added there again.
--
-- Duplicate detection keeps the earliest case of each fingerprint in memory
-- (Portal/Cases/DuplicateRegister.swift), so the index cases_type_fingerprint goes too.
--
-- SQLite cannot drop a column's UNIQUE constraint, so the table is rebuilt (foreign keys are off
-- while a migration runs; the migrator checks them before it commits).
CREATE TABLE cases_rebuilt (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,                 -- e.g. CPL-2026-000001
    type TEXT NOT NULL,                             -- 'complaint', 'documentation_request', 'authority_request'
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    status TEXT NOT NULL,
    received_at TEXT NOT NULL,                      -- RFC 3339 UTC
    acknowledge_by TEXT,                            -- RFC 3339 UTC, from the configured targets at receipt
    respond_by TEXT NOT NULL,
    status_token_hash TEXT NOT NULL,                -- SHA-256 (hex) of the status token; the token is never stored
    submission TEXT NOT NULL,                       -- the validated submission as JSON
    fingerprint TEXT,                               -- duplicate detection key (hex)
    duplicate_of TEXT REFERENCES cases (reference), -- the earlier case it matches, for a person to judge
    assignee TEXT,                                  -- a staff name, or NULL
    outcome TEXT,                                   -- set while the case is closed
    closed_at TEXT,                                 -- RFC 3339 UTC, set while the case is closed
    UNIQUE (type, year, sequence)
);
INSERT INTO cases_rebuilt (id, reference, type, year, sequence, status, received_at, acknowledge_by, respond_by,
                           status_token_hash, submission, fingerprint, duplicate_of, assignee, outcome, closed_at)
SELECT id, reference, type, year, sequence, status, received_at, acknowledge_by, respond_by,
       status_token_hash, submission, fingerprint, duplicate_of, assignee, outcome, closed_at
FROM cases ORDER BY id;

CREATE TABLE legacy_status_tokens (
    token_hash TEXT PRIMARY KEY,                    -- SHA-256 (hex) of a status token made before this migration
    case_id INTEGER NOT NULL REFERENCES cases (id)
) WITHOUT ROWID;
INSERT INTO legacy_status_tokens (token_hash, case_id) SELECT status_token_hash, id FROM cases;

DROP TABLE cases;
ALTER TABLE cases_rebuilt RENAME TO cases;
