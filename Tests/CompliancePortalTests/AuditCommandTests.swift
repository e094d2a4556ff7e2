import Foundation
import JSON
import Portal
import SQLite
import Testing

/// `compliance-portal audit verify` and `audit head`, run as an operator runs them.
@Suite(.serialized) struct AuditCommandTests {
    /// A database migrated by the binary, with two cases and five events appended through
    /// `EventLog`; the hashes `append` returned, and the event ids.
    struct PreparedLog {
        let folder: URL
        let path: String
        let hashes: [String]
        let ids: [Int64]
    }

    static func prepareLog() throws -> PreparedLog {
        let folder = try CommandRunner.temporaryFolder()
        let path = folder.appendingPathComponent("portal.sqlite").path
        let migrate = try CommandRunner.run(["migrate", "--database", path, "--migrations", CommandRunner.migrations])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        let database = try Database(path: path, readers: 1)
        defer { database.close() }
        var hashes: [String] = []
        try database.write { connection in
            var cases: [(Int64, String)] = []
            for sequence in 1...2 {
                let reference = "CPL-2026-00000\(sequence)"
                try connection.run("""
                    INSERT INTO cases (reference, type, year, sequence, status, received_at, respond_by,
                                       status_token_hash, submission)
                    VALUES (?, 'complaint', 2026, ?, 'received', '2026-11-28T10:12:00Z', '2026-12-12T10:12:00Z', ?, '{}')
                    """, [.text(reference), .integer(Int64(sequence)), .text(String(repeating: "\(sequence)", count: 64))])
                cases.append((connection.lastInsertRowID, reference))
            }
            let events: [((Int64, String)?, String, JSONValue)] = [
                (cases[0], "submitted", ["channel": "api"]),
                (cases[1], "submitted", ["channel": "form", "note": "Zoë \"quoted\" </script>"]),
                (cases[1], "transitioned", ["from": "received", "to": "in_review"]),
                (nil, "token_created", ["name": "ana", "role": "reviewer"]),
                (cases[0], "transitioned", ["from": "received", "to": "closed"]),
            ]
            for (offset, (target, type, payload)) in events.enumerated() {
                hashes.append(try EventLog.append(connection, caseID: target?.0, reference: target?.1, type: type,
                                                  actor: "reviewer:ana", occurredAt: 1_795_860_720 + Int64(offset),
                                                  payload: payload))
            }
        }
        let ids = try database.read { try $0.query("SELECT id FROM case_events ORDER BY id").compactMap { $0.int64("id") } }
        return PreparedLog(folder: folder, path: path, hashes: hashes, ids: ids)
    }

    /// Changes the file behind the log's back, with the append-only triggers dropped.
    static func tamper(_ path: String, _ sql: String, _ bindings: [SQLValue] = []) throws {
        let connection = try Connection(path: path)
        try connection.execute("DROP TRIGGER IF EXISTS case_events_no_update; DROP TRIGGER IF EXISTS case_events_no_delete")
        try connection.run(sql, bindings)
        try connection.close()
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func verifyReportsAnIntactChainWithItsCountAndHeadAndExitsZero() throws {
        let log = try Self.prepareLog()
        defer { try? FileManager.default.removeItem(at: log.folder) }
        let result = try CommandRunner.run(["audit", "verify", "--database", log.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "intact: 5 events, head \(log.hashes[4])\n")

        let json = try CommandRunner.run(["audit", "verify", "--json"], environment: ["PORTAL_DATABASE": log.path])
        #expect(json.status == 0)
        #expect(try Self.parse(json.stdout) == ["intact": true, "events": 5, "head_hash": .string(log.hashes[4]),
                                                "documentation_findings": [], "release_findings": []])
    }

    @Test func headPrintsTheLastEventsHashAloneOnOneLine() throws {
        let log = try Self.prepareLog()
        defer { try? FileManager.default.removeItem(at: log.folder) }
        let result = try CommandRunner.run(["audit", "head", "--database", log.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == log.hashes[4] + "\n")

        let json = try CommandRunner.run(["audit", "head", "--json", "--database", log.path])
        #expect(json.status == 0)
        #expect(try Self.parse(json.stdout) == ["events": 5, "head_hash": .string(log.hashes[4])])
    }

    @Test func headOfAnEmptyLogIsTheGenesisHash() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("empty.sqlite").path
        #expect(try CommandRunner.run(["migrate", "--database", path, "--migrations", CommandRunner.migrations]).status == 0)
        let head = try CommandRunner.run(["audit", "head", "--database", path])
        #expect(head.status == 0)
        #expect(head.stdout == EventLog.genesis + "\n")
        let verify = try CommandRunner.run(["audit", "verify", "--database", path])
        #expect(verify.status == 0)
        #expect(verify.stdout == "intact: 0 events, head \(EventLog.genesis)\n")
    }

    @Test func verifyNamesAChangedEventByIdAndReferenceAndExitsOne() throws {
        let log = try Self.prepareLog()
        defer { try? FileManager.default.removeItem(at: log.folder) }
        try Self.tamper(log.path, #"UPDATE case_events SET payload = '{"from":"received","to":"rejected"}' WHERE id = ?"#,
                        [.integer(log.ids[2])])
        let result = try CommandRunner.run(["audit", "verify", "--database", log.path])
        #expect(result.status == 1)
        #expect(result.stdout == "BROKEN at event \(log.ids[2]) (CPL-2026-000002, transitioned): its content does not match "
                + "its hash; 2 events before it are intact, last intact hash \(log.hashes[1])\n")

        let json = try CommandRunner.run(["audit", "verify", "--json", "--database", log.path])
        #expect(json.status == 1)
        #expect(try Self.parse(json.stdout) == [
            "intact": false, "events": 2, "head_hash": .string(log.hashes[1]),
            "first_mismatch": ["event_id": .number(String(log.ids[2])), "case": "CPL-2026-000002",
                               "type": "transitioned", "reason": "its content does not match its hash"],
            "documentation_findings": [], "release_findings": [],
        ])
        // head reads the stored hash; it does not check the chain.
        #expect(try CommandRunner.run(["audit", "head", "--database", log.path]).stdout == log.hashes[4] + "\n")
    }

    @Test func verifyNamesTheEventAfterADeletedOne() throws {
        let log = try Self.prepareLog()
        defer { try? FileManager.default.removeItem(at: log.folder) }
        try Self.tamper(log.path, "DELETE FROM case_events WHERE id = ?", [.integer(log.ids[2])])
        let result = try CommandRunner.run(["audit", "verify", "--database", log.path])
        #expect(result.status == 1)
        #expect(result.stdout == "BROKEN at event \(log.ids[3]) (no case, token_created): its previous_hash does not match "
                + "the hash of the event before it; 2 events before it are intact, last intact hash \(log.hashes[1])\n")
    }

    @Test func aMissingDatabaseIsRefusedAndNotCreated() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("typo.sqlite").path
        for subcommand in ["verify", "head"] {
            let result = try CommandRunner.run(["audit", subcommand, "--database", missing])
            #expect(result.status != 0)
            #expect(result.stderr.contains("no database at \(missing)"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: missing), "a wrong path never creates a database")
        }
    }

    @Test func aDatabaseWithoutTheEventTableIsRefused() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("other.sqlite").path
        let other = try Database(path: path, readers: 1)
        try other.write { try $0.execute("CREATE TABLE unrelated (id INTEGER PRIMARY KEY)") }
        other.close()
        for subcommand in ["verify", "head"] {
            let result = try CommandRunner.run(["audit", subcommand, "--database", path])
            #expect(result.status != 0)
            #expect(result.stderr.contains("no case_events table"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }
}
