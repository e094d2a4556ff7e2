import Crypto
import Foundation
import SQLite
import Testing

@Suite struct MigratorTests {
    static let first = "CREATE TABLE accounts(id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
    static let second = """
        CREATE TABLE notes(id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id), body TEXT);
        CREATE INDEX notes_by_account ON notes(account_id);

        """
    static let third = "ALTER TABLE accounts ADD COLUMN email TEXT;\n"

    /// A migrations folder and a database next to it.
    struct Fixture {
        let folder: String
        let database: Database

        init(_ dir: String) throws {
            folder = dir + "/migrations"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            database = try Database(path: dir + "/data/portal.sqlite", readers: 2)
        }

        func write(_ file: String, _ sql: String) throws {
            try Data(sql.utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
        }

        func remove(_ file: String) throws {
            try FileManager.default.removeItem(atPath: folder + "/" + file)
        }

        func migrator() throws -> Migrator { try Migrator(directory: folder) }

        func tables() throws -> [String] {
            try database.read {
                try $0.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0.string("name") }
            }
        }

        func recordedVersions() throws -> [Int] {
            try database.read {
                try $0.query("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0.int("version") }
            }
        }
    }

    @Test func appliesPendingMigrationsInVersionOrderAndRecordsTheirChecksums() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Fixture(dir)
            try fixture.write("0002_notes.sql", Self.second) // depends on 0001: order matters
            try fixture.write("0001_accounts.sql", Self.first)
            try fixture.write("README.md", "not a migration")
            let migrator = try fixture.migrator()
            #expect(migrator.migrations.map(\.version) == [1, 2])
            #expect(migrator.migrations.map(\.fileName) == ["0001_accounts.sql", "0002_notes.sql"])
            #expect(try migrator.status(of: fixture.database) == .pending(migrator.migrations))

            let applied = try migrator.migrate(fixture.database)

            #expect(applied.map(\.name) == ["accounts", "notes"])
            #expect(try fixture.tables() == ["accounts", "notes", "schema_migrations"])
            let rows = try fixture.database.read {
                try $0.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")
            }
            #expect(rows.map { $0.string("name") } == ["accounts", "notes"])
            #expect(rows.map { $0.string("checksum") } == [SHA256.hexHash(Self.first), SHA256.hexHash(Self.second)])
            for row in rows {
                let appliedAt = try #require(row.string("applied_at"))
                #expect(appliedAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "ISO-8601 UTC: \(appliedAt)")
            }
            #expect(try migrator.status(of: fixture.database) == .current)
        }
    }

    @Test func secondRunAppliesNothing() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Fixture(dir)
            try fixture.write("0001_accounts.sql", Self.first)
            try fixture.write("0002_notes.sql", Self.second)
            #expect(try fixture.migrator().migrate(fixture.database).count == 2)
            #expect(try fixture.migrator().migrate(fixture.database).isEmpty)
            #expect(try fixture.recordedVersions() == [1, 2])
        }
    }

    @Test func laterMigrationsApplyOnTopOfEarlierOnes() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Fixture(dir)
            try fixture.write("0001_accounts.sql", Self.first)
            try fixture.migrator().migrate(fixture.database)
            try fixture.write("0003_account_email.sql", Self.third)
            let migrator = try fixture.migrator()
            #expect(try migrator.status(of: fixture.database) == .pending([migrator.migrations[1]]))
            #expect(try migrator.migrate(fixture.database).map(\.version) == [3])
            #expect(try fixture.recordedVersions() == [1, 3])
        }
    }

    @Test func refusesToStartWhenAnAppliedMigrationChanged() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Fixture(dir)
            try fixture.write("0001_accounts.sql", Self.first)
            try fixture.migrator().migrate(fixture.database)
            try fixture.write("0001_accounts.sql", Self.first + "-- an innocent-looking edit\n")
            try fixture.write("0002_notes.sql", Self.second)
            let migrator = try fixture.migrator()

            #expect(try migrator.status(of: fixture.database) == .changed("accounts"))
            #expect(throws: MigrationError.changed(version: 1, name: "accounts")) {
                try migrator.verify(fixture.database)
            }
            #expect(throws: MigrationError.changed(version: 1, name: "accounts")) {
                try migrator.migrate(fixture.database)
            }
            #expect(try fixture.tables() == ["accounts", "schema_migrations"], "0002 must not have run")
            #expect(try fixture.recordedVersions() == [1])
        }
    }

    @Test func refusesToStartWhenAnAppliedMigrationFileIsMissing() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Fixture(dir)
            try fixture.write("0001_accounts.sql", Self.first)
            try fixture.write("0002_notes.sql", Self.second)
            try fixture.migrator().migrate(fixture.database)
            try fixture.remove("0002_notes.sql")
            try fixture.write("0003_account_email.sql", Self.third)
            let migrator = try fixture.migrator()

            #expect(try migrator.status(of: fixture.database) == .missing("notes"))
            #expect(throws: MigrationError.missing(version: 2, name: "notes")) {
                try migrator.migrate(fixture.database)
            }
            let columns = try fixture.database.read { try $0.query("PRAGMA table_info(accounts)") }
            #expect(!columns.contains { $0.string("name") == "email" }, "0003 must not have run")
        }
    }

    @Test(arguments: ["1_short.sql", "001_three_digits.sql", "0001-dash.sql", "0001_.sql", "abcd_letters.sql",
                      "0001_has space.sql", "0001_upper.SQL", "0001_dots.v2.sql"])
    func refusesABadlyNamedSQLFile(_ file: String) throws {
        try withTemporaryDirectory { dir in
            let fixture = try Fixture(dir)
            try fixture.write("0001_accounts.sql", Self.first)
            try fixture.write(file, "SELECT 1;")
            #expect(throws: MigrationError.badFileName(file)) { try fixture.migrator() }
        }
    }

    @Test func refusesTwoFilesWithTheSameVersion() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Fixture(dir)
            try fixture.write("0001_accounts.sql", Self.first)
            try fixture.write("00001_again.sql", Self.third)
            #expect(throws: MigrationError.duplicateVersion(1)) { try fixture.migrator() }
        }
    }

    @Test func aFailingMigrationIsRolledBackAndStopsTheRun() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Fixture(dir)
            try fixture.write("0001_accounts.sql", Self.first)
            try fixture.write("0002_broken.sql", "CREATE TABLE half_done(x);\nSELEC oops;\n")
            try fixture.write("0003_account_email.sql", Self.third)
            let error = #expect(throws: MigrationError.self) { try fixture.migrator().migrate(fixture.database) }
            guard case .failed(let version, let name, let underlying) = error else {
                Issue.record("expected .failed, got \(String(describing: error))")
                return
            }
            #expect(version == 2 && name == "broken")
            #expect(underlying.message.contains("syntax error"))
            #expect(try fixture.tables() == ["accounts", "schema_migrations"])
            #expect(try fixture.recordedVersions() == [1])
        }
    }

    @Test func aMigrationThatBreaksAForeignKeyIsRolledBack() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Fixture(dir)
            try fixture.write("0001_accounts.sql", Self.first)
            try fixture.write("0002_notes.sql", Self.second)
            try fixture.write("0003_orphan.sql", "INSERT INTO notes(account_id, body) VALUES (42, 'orphan');\n")
            #expect(throws: MigrationError.foreignKeyViolation(version: 3, name: "orphan", table: "notes")) {
                try fixture.migrator().migrate(fixture.database)
            }
            #expect(try fixture.recordedVersions() == [1, 2])
            #expect(try fixture.database.read { try $0.scalar("SELECT count(*) FROM notes") } == .integer(0))
            // Foreign keys are back on for ordinary writes.
            #expect(try fixture.database.write { try $0.scalar("PRAGMA foreign_keys") } == .integer(1))
        }
    }

    @Test func errorsDescribeTheProblemForPeople() {
        #expect(MigrationError.changed(version: 3, name: "audit").description.contains("migration 3 (audit)"))
        #expect(MigrationError.missing(version: 4, name: "x").description.contains("missing"))
        #expect(MigrationError.badFileName("1_x.sql").description.contains("NNNN_name.sql"))
        #expect(MigrationError.duplicateVersion(7).description.contains("7"))
    }

    @Test func aMissingMigrationsFolderIsReportedAsUnreadable() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: MigrationError.self) { try Migrator(directory: dir + "/nowhere") }
        }
    }
}
