import Foundation
import JSON
import Portal
import SQLite

/// A migrated database in a fresh temporary folder, for the audit-log tests: cases are inserted
/// directly, events through `EventLog.append`, and tampering goes behind the log's back.
final class AuditTestLog {
    let folder: String
    let path: String
    let database: Database
    /// The hash `EventLog.append` returned for each event, in order.
    private(set) var hashes: [String] = []
    private var nextCaseSequence = 1

    /// The repository's Migrations folder.
    static let migrations: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Migrations").path

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/portal.sqlite"
        database = try Database(path: path, readers: 2)
        _ = try Migrator(directory: Self.migrations).migrate(database)
    }

    deinit {
        database.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Inserts a complaint case and returns its id and reference.
    func addCase() throws -> (id: Int64, reference: String) {
        let sequence = nextCaseSequence
        nextCaseSequence += 1
        let reference = "CPL-2026-" + String(repeating: "0", count: 6 - String(sequence).count) + String(sequence)
        let id = try database.write { connection in
            try connection.run("""
                INSERT INTO cases (reference, type, year, sequence, status, received_at, respond_by,
                                   status_token_hash, submission)
                VALUES (?, 'complaint', 2026, ?, 'received', '2026-11-28T10:12:00Z', '2026-12-12T10:12:00Z', ?, '{}')
                """, [.text(reference), .integer(Int64(sequence)), .text(String(repeating: "\(sequence % 10)", count: 64))])
            return connection.lastInsertRowID
        }
        return (id, reference)
    }

    /// Appends one event through the log and remembers its hash.
    @discardableResult
    func append(case target: (id: Int64, reference: String)?, type: String, actor: String = "reviewer:ana",
                payload: JSONValue = [:]) throws -> String {
        let occurredAt = Int64(1_795_860_720 + hashes.count * 60)
        let hash = try database.write { connection in
            try EventLog.append(connection, caseID: target?.id, reference: target?.reference, type: type, actor: actor,
                                occurredAt: occurredAt, payload: payload)
        }
        hashes.append(hash)
        return hash
    }

    /// Runs SQL on a connection of its own after dropping the triggers that keep `case_events`
    /// append-only, as someone with the file (not the portal) could.
    func tamper(_ sql: String, _ bindings: [SQLValue] = []) throws {
        let connection = try Connection(path: path)
        try connection.execute("DROP TRIGGER IF EXISTS case_events_no_update; DROP TRIGGER IF EXISTS case_events_no_delete")
        try connection.run(sql, bindings)
        try connection.close()
    }

    /// The ids of the events in order.
    func eventIDs() throws -> [Int64] {
        try database.read { connection in
            try connection.query("SELECT id FROM case_events ORDER BY id").compactMap { $0.int64("id") }
        }
    }

    /// A small log: three cases, a case-less event, payloads with escapes and non-ASCII text.
    /// Events: 1 submitted (case 1), 2 submitted (case 2), 3 token_created (no case),
    /// 4 transitioned (case 2), 5 note_added (case 1), 6 submitted (case 3), 7 transitioned (case 3).
    static func sample() throws -> (log: AuditTestLog, cases: [(id: Int64, reference: String)]) {
        let log = try AuditTestLog()
        let cases = [try log.addCase(), try log.addCase(), try log.addCase()]
        try log.append(case: cases[0], type: "submitted", actor: "complainant", payload: ["channel": "api"])
        try log.append(case: cases[1], type: "submitted", actor: "complainant", payload: ["channel": "form"])
        try log.append(case: nil, type: "token_created", actor: "admin:root",
                       payload: ["name": "ana", "role": "reviewer"])
        try log.append(case: cases[1], type: "transitioned",
                       payload: ["from": "received", "to": "in_review", "note": "Vérifié \"ok\"\n</script>"])
        try log.append(case: cases[0], type: "note_added",
                       payload: ["text": "línea\u{2028}dos \u{1F600}", "tags": ["a", "b"], "z": ["B": 1, "a": nil]])
        try log.append(case: cases[2], type: "submitted", actor: "complainant", payload: ["channel": "api"])
        try log.append(case: cases[2], type: "transitioned", payload: ["from": "received", "to": "closed"])
        return (log, cases)
    }
}
