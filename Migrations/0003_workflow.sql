-- The reviewer workflow: staff tokens, the current state of a case kept beside its events, and
-- text search. The events in case_events stay the record of what happened; the columns below are
-- the current state that the queue filters on, changed in the same transaction as the event
-- that changes them. Deadlines are never stored: they are recomputed from the events.

-- Staff access tokens. Only the SHA-256 (hex) of a token is kept; the token is shown once.
-- A name identifies one active token at a time; a revoked token keeps its row (and its name in
-- the audit log) and the name may be given to a new token.
CREATE TABLE staff_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'admin', 'auditor')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,                       -- RFC 3339 UTC
    revoked_at TEXT                                 -- RFC 3339 UTC, NULL while the token is valid
);
CREATE UNIQUE INDEX staff_tokens_active_name ON staff_tokens (name) WHERE revoked_at IS NULL;

ALTER TABLE cases ADD COLUMN assignee TEXT;         -- a staff name, or NULL
ALTER TABLE cases ADD COLUMN outcome TEXT;          -- set while the case is closed
ALTER TABLE cases ADD COLUMN closed_at TEXT;        -- RFC 3339 UTC, set while the case is closed
CREATE INDEX cases_assignee ON cases (assignee);

-- Text search over a case's reference, the names in it, the titles of its works and its
-- description. rowid = cases.id.
CREATE VIRTUAL TABLE case_search USING fts5 (
    reference, names, titles, description,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO case_search (rowid, reference, names, titles, description)
SELECT c.id, c.reference,
       trim(ifnull(json_extract(c.submission, '$.complainant.name'), '') || ' ' ||
            ifnull(json_extract(c.submission, '$.complainant.organisation'), '') || ' ' ||
            ifnull(json_extract(c.submission, '$.rightsholder.name'), '')),
       ifnull((SELECT group_concat(json_extract(w.value, '$.title'), ' ')
               FROM json_each(c.submission, '$.works') AS w), ''),
       ifnull(json_extract(c.submission, '$.description'), '')
FROM cases c;
