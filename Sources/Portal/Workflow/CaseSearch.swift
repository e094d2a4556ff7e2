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
    /// word matches tens of thousands of cases, and nothing but their ids is needed.
    public static func caseIDs(matching text: String, in database: Database) throws -> [Int64] {
        guard let expression = matchExpression(text) else { return [] }
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

    /// Adds a case to the search index, inside the transaction that files it.
    public static func add(caseID: Int64, reference: String, names: [String], titles: [String], description: String,
                           _ connection: Connection) throws {
        try connection.run("INSERT INTO case_search (rowid, reference, names, titles, description) VALUES (?, ?, ?, ?, ?)",
                           [.integer(caseID), .text(reference), .text(names.joined(separator: " ")),
                            .text(titles.joined(separator: " ")), .text(description)])
    }
}
