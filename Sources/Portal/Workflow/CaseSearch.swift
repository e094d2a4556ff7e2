import SQLite

/// Text search over cases (`case_search`, SQLite FTS5): the reference, the names, the works'
/// titles and the description. Each word of the query must match the start of a word of the case,
/// ignoring case and accents; punctuation separates words, so `CPL-2026-000042` finds that case.
public enum CaseSearch {
    /// The FTS5 expression for what a person typed — every word quoted, as a prefix, all required —
    /// or nil when it holds no word. Quoting means no FTS5 syntax can be injected.
    public static func matchExpression(_ text: String) -> String? {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        guard !words.isEmpty else { return nil }
        return words.prefix(16).map { "\"\($0)\"*" }.joined(separator: " ")
    }

    /// The ids of the cases matching `text`, each once. Read with one stepped statement: a common
    /// word matches tens of thousands of cases, and nothing but their ids is needed. Indexes the
    /// pending cases first, so every case filed before the search is found.
    public static func caseIDs(matching text: String, in database: Database) throws -> [Int64] {
        guard let expression = matchExpression(text) else { return [] }
        try indexPending(in: database)
        return try database.read { connection in
            let statement = try connection.prepare("SELECT rowid FROM case_search WHERE case_search MATCH ?")
            try statement.bind([.text(expression)])
            var ids: [Int64] = []
            while try statement.step() {
                if let id = statement.value(at: 0).int64Value { ids.append(id) }
            }
            return ids
        }
    }

    /// Records a case's searchable text, inside the transaction that files it. It reaches the
    /// index with the next `indexPending`: FTS5 writes a new index segment for every commit that
    /// adds rows, so adding them many at a time costs a fraction of adding them one per filing.
    public static func add(caseID: Int64, reference: String, names: [String], titles: [String], description: String,
                           _ connection: Connection) throws {
        try connection.run("INSERT INTO case_search_pending (case_id, reference, names, titles, description) VALUES (?, ?, ?, ?, ?)",
                           [.integer(caseID), .text(reference), .text(names.joined(separator: " ")),
                            .text(titles.joined(separator: " ")), .text(description)])
    }

    /// Moves every pending case into the FTS5 index, `batch` cases per write transaction (so
    /// filings waiting for the writer are held up for one batch at most), and returns how many it
    /// moved. Does not write at all when nothing is pending.
    @discardableResult
    public static func indexPending(in database: Database, batch: Int = 500) throws -> Int {
        var moved = 0
        while try database.read({ try $0.scalar("SELECT EXISTS (SELECT 1 FROM case_search_pending)")?.intValue ?? 0 }) == 1 {
            moved += try database.write { connection -> Int in
                guard let last = try connection.scalar("""
                    SELECT max(case_id) FROM (SELECT case_id FROM case_search_pending ORDER BY case_id LIMIT ?)
                    """, [.integer(Int64(max(1, batch)))])?.int64Value else { return 0 }
                try connection.run("""
                    INSERT INTO case_search (rowid, reference, names, titles, description)
                    SELECT case_id, reference, names, titles, description FROM case_search_pending WHERE case_id <= ? ORDER BY case_id
                    """, [.integer(last)])
                try connection.run("DELETE FROM case_search_pending WHERE case_id <= ?", [.integer(last)])
                return connection.changes
            }
        }
        return moved
    }
}
