-- Text search is indexed in batches. Filing a case writes its searchable text here, in the
-- filing's own transaction (an append to a plain table); CaseSearch.indexPending moves these rows
-- into the FTS5 index case_search, many at a time: before every search, so a search finds every
-- case filed before it, and once a second in the server. Indexing each case in the commit that
-- files it made FTS5 write a new index segment per commit, a quarter of the CPU a complaint cost.
CREATE TABLE case_search_pending (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    reference TEXT NOT NULL,
    names TEXT NOT NULL,
    titles TEXT NOT NULL,
    description TEXT NOT NULL
);
