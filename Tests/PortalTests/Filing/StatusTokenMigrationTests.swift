import Crypto
import Foundation
import SQLite
import Testing
@testable import Portal

/// A database migrated to version 8, with cases filed the way version-8 code filed them, in a
/// folder of its own (removed when released); `migrateFully()` then applies 0009 and the rest.
final class Version8Database {
    let folder: URL
    let database: Database
    /// The two legacy cases: (id, reference, status token).
    private(set) var legacy: [(id: Int64, reference: String, token: String)] = []

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("status-token-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try Database(path: folder.appendingPathComponent("portal.sqlite").path, readers: 2)
        let upTo8 = try Migrator(directory: StaffTestDatabase.migrations).migrations.filter { $0.version <= 8 }
        try Migrator(migrations: upTo8).migrate(database)
    }

    deinit {
        database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Inserts a case as version-8 code did (its token hash in `cases.status_token_hash`), with a
    /// `complaints` row when `complaint` is set; returns its legacy status token.
    @discardableResult
    func insertLegacyCase(id: Int64, sequence: Int, fingerprint: String, complaint: Bool) throws -> String {
        let token = SecureRandom.token(bits: 256)
        let reference = CaseReference.make(prefix: "CPL", year: 2026, sequence: sequence)
        try database.write { connection in
            try connection.run("""
                INSERT INTO cases (id, reference, type, year, sequence, status, received_at, acknowledge_by, respond_by,
                                   status_token_hash, submission, fingerprint)
                VALUES (?, ?, 'complaint', 2026, ?, 'received', '2026-11-28T10:12:00Z', '2026-12-05T10:12:00Z',
                        '2027-01-28T10:12:00Z', ?, '{}', ?)
                """, [.integer(id), .text(reference), .integer(Int64(sequence)), .text(SHA256.hexHash(token)), .text(fingerprint)])
            if complaint {
                try connection.run("""
                    INSERT INTO complaints (case_id, role, complainant_name, complainant_email, rightsholder_name, category, model, work_count)
                    VALUES (?, 'rightsholder', 'Jane Doe', 'jane@example.org', 'Example Publishing SA', 'robots_txt_ignored', 'example-model-1', 1)
                    """, [.integer(id)])
            }
        }
        legacy.append((id, reference, token))
        return token
    }

    func migrateFully() throws {
        try Migrator(directory: StaffTestDatabase.migrations).migrate(database)
    }

    func rows(_ sql: String) throws -> [Row] {
        try database.read { try $0.query(sql) }
    }

    /// A complaint desk over this database, built as `FilingTestDesk` builds its own.
    func desk() throws -> ComplaintDesk {
        try FilingTestDesk.desk(over: database)
    }
}

/// Migration 0009 rebuilds `cases` without the unique token-hash index, keeps tokens given before
/// it working through `legacy_status_tokens`, and drops `cases_type_fingerprint`.
@Suite struct StatusTokenMigrationTests {
    /// A version-8 database with two legacy cases (ids 1 and 2, the first with a complaints row).
    func legacyDatabase() throws -> Version8Database {
        let db = try Version8Database()
        try db.insertLegacyCase(id: 1, sequence: 1, fingerprint: "a1b2c3", complaint: true)
        try db.insertLegacyCase(id: 2, sequence: 2, fingerprint: "d4e5f6", complaint: false)
        return db
    }

    @Test func migrationKeepsEveryColumnOfEveryCaseRow() throws {
        let db = try legacyDatabase()
        let before = try db.rows("SELECT * FROM cases ORDER BY id")
        #expect(before.count == 2)
        try db.migrateFully()
        let after = try db.rows("SELECT * FROM cases ORDER BY id")
        #expect(after.count == 2)
        #expect(after.first?.columns == before.first?.columns)
        for (old, new) in zip(before, after) {
            for column in old.columns {
                #expect(new[column] == old[column], "column \(column) of case \(old.int64("id") ?? -1)")
            }
        }
        #expect(after == before)
        #expect(try db.rows("SELECT case_id FROM complaints").compactMap { $0.int64(at: 0) } == [1])
    }

    @Test func migrationMovesEveryTokenHashIntoLegacyStatusTokens() throws {
        let db = try legacyDatabase()
        try db.migrateFully()
        let rows = try db.rows("SELECT token_hash, case_id FROM legacy_status_tokens ORDER BY case_id")
        #expect(rows.map { $0.int64("case_id") } == db.legacy.map(\.id))
        #expect(rows.map { $0.string("token_hash") } == db.legacy.map { SHA256.hexHash($0.token) })
    }

    @Test func legacyTokensStillOpenTheirCasesAfterTheMigration() throws {
        let db = try legacyDatabase()
        try db.migrateFully()
        let store = CaseStore(database: db.database)
        for legacy in db.legacy {
            #expect(legacy.token.count == 43)
            let status = try #require(try store.status(token: legacy.token))
            #expect(status.id == legacy.id)
            #expect(status.reference == legacy.reference)
            #expect(status.status == "received")
            #expect(try store.status(reference: legacy.reference, token: legacy.token)?.id == legacy.id)
        }
        // Each token opens only its own case.
        #expect(try store.status(reference: db.legacy[1].reference, token: db.legacy[0].token) == nil)
        #expect(try store.status(reference: db.legacy[0].reference, token: db.legacy[1].token) == nil)
    }

    @Test func aWrongLegacyFormTokenFindsNothing() throws {
        let db = try legacyDatabase()
        try db.migrateFully()
        let store = CaseStore(database: db.database)
        let wrong = SecureRandom.token(bits: 256)
        #expect(try store.status(token: wrong) == nil)
        #expect(try store.status(reference: db.legacy[0].reference, token: wrong) == nil)
        var changed = Array(db.legacy[0].token)
        changed[0] = changed[0] == "A" ? "B" : "A"
        #expect(try store.status(token: String(changed)) == nil)
        // The stored hash itself is no token.
        #expect(try store.status(token: SHA256.hexHash(db.legacy[0].token)) == nil)
    }

    @Test func foreignKeysAreIntactAndStillEnforcedAfterTheMigration() throws {
        let db = try legacyDatabase()
        try db.migrateFully()
        #expect(try db.database.read { try $0.query("PRAGMA foreign_key_check") }.isEmpty)
        #expect(try db.database.write { try $0.scalar("PRAGMA foreign_keys")?.int64Value } == 1)
        #expect(throws: (any Error).self) {
            try db.database.write { connection in
                try connection.run("""
                    INSERT INTO complaints (case_id, role, complainant_name, complainant_email, rightsholder_name, category, model, work_count)
                    VALUES (99, 'rightsholder', 'Jane Doe', 'jane@example.org', 'Example Publishing SA', 'robots_txt_ignored', 'example-model-1', 1)
                    """)
            }
        }
        #expect(throws: (any Error).self) {
            try db.database.write { connection in
                try connection.run("INSERT INTO legacy_status_tokens (token_hash, case_id) VALUES ('00', 99)")
            }
        }
        #expect(try db.rows("SELECT count(*) FROM complaints").first?.int64(at: 0) == 1)
    }

    @Test func noIndexOnCasesCoversTheTokenHashOrTheFingerprint() throws {
        let db = try legacyDatabase()
        try db.migrateFully()
        let indexes = try db.rows("PRAGMA index_list('cases')").compactMap { $0.string("name") }
        #expect(!indexes.isEmpty)  // reference and (type, year, sequence) stay unique
        var covered: Set<String> = []
        for index in indexes {
            let columns = try db.rows("PRAGMA index_info('\(index)')").compactMap { $0.string("name") }
            covered.formUnion(columns)
        }
        #expect(!covered.contains("status_token_hash"))
        #expect(!covered.contains("fingerprint"))
        #expect(covered.contains("reference"))
        let named = try db.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'cases_type_fingerprint'")
        #expect(named.isEmpty)
    }

    @Test func aCaseFiledAfterTheMigrationGetsANewFormTokenAndTheNextID() throws {
        let db = try legacyDatabase()
        try db.migrateFully()
        let desk = try db.desk()
        let outcome = try desk.submit(FilingTestDesk.complaint(), uploads: [], idempotencyKey: nil, now: FilingTestDesk.now)
        guard case .filed(let receipt, replayed: false) = outcome else {
            Issue.record("not filed: \(outcome)")
            return
        }
        #expect(receipt.statusToken.count == 51)
        let id = try #require(try db.database.read {
            try $0.scalar("SELECT id FROM cases WHERE reference = ?", [.text(receipt.reference)])?.int64Value
        })
        #expect(id == 3)
        #expect(receipt.reference == "CPL-2026-000003")
        #expect(StatusToken.caseID(in: receipt.statusToken) == 3)
        #expect(try desk.store.status(token: receipt.statusToken)?.reference == receipt.reference)
        #expect(try desk.store.status(reference: receipt.reference, token: receipt.statusToken)?.id == 3)
        #expect(try db.rows("SELECT count(*) FROM legacy_status_tokens").first?.int64(at: 0) == 2)
        // The legacy tokens still work next to it.
        for legacy in db.legacy {
            #expect(try desk.store.status(token: legacy.token)?.id == legacy.id)
        }
    }

    @Test func aLegacyCaseWithTheSameFingerprintIsFlaggedAsTheEarlierOneAfterTheMigration() throws {
        let db = try Version8Database()
        try db.migrateFully()
        let desk = try db.desk()
        guard case .filed(let first, _) = try desk.submit(FilingTestDesk.complaint(), uploads: [], idempotencyKey: nil,
                                                          now: FilingTestDesk.now) else {
            Issue.record("not filed")
            return
        }
        // A second database, at version 8, with a legacy case of that same fingerprint.
        let fingerprint = try #require(try db.rows("SELECT fingerprint FROM cases").first?.string(at: 0))
        let old = try Version8Database()
        try old.insertLegacyCase(id: 1, sequence: 1, fingerprint: fingerprint, complaint: true)
        try old.migrateFully()
        let oldDesk = try old.desk()
        guard case .filed(let second, _) = try oldDesk.submit(FilingTestDesk.complaint(), uploads: [], idempotencyKey: nil,
                                                              now: FilingTestDesk.now) else {
            Issue.record("not filed")
            return
        }
        #expect(first.reference == "CPL-2026-000001")
        #expect(second.reference == "CPL-2026-000002")
        let flagged = try old.rows("SELECT duplicate_of FROM cases WHERE reference = '\(second.reference)'").first?.string(at: 0)
        #expect(flagged == old.legacy[0].reference)
    }
}
