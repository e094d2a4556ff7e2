import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: keeps ICU and its memory out of the server
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Applies numbered SQL files to a database, once each, in order, and refuses to run when an
/// applied file was edited or deleted: the schema must always be explainable by the files.
///
/// Files are named `NNNN_name.sql` (at least four digits, an underscore, a name of letters,
/// digits, `_` or `-`). Applied migrations are recorded in `schema_migrations` with the SHA-256
/// of the file's bytes and the time they ran.
public struct Migrator: Sendable {
    /// All migrations, sorted by version.
    public let migrations: [Migration]

    /// Reads every `.sql` file in `directory`; other files are ignored.
    /// Throws `MigrationError.badFileName`, `.duplicateVersion` or `.unreadable`.
    public init(directory: String) throws {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw MigrationError.unreadable(path: directory, reason: String(describing: error))
        }
        var migrations: [Migration] = []
        for file in files.sorted() where file.lowercased().hasSuffix(".sql") {
            guard let (version, name) = Self.parse(fileName: file) else {
                throw MigrationError.badFileName(file)
            }
            let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw MigrationError.unreadable(path: path, reason: "the file cannot be read")
            }
            guard let sql = String(data: data, encoding: .utf8) else {
                throw MigrationError.unreadable(path: path, reason: "the file is not valid UTF-8")
            }
            migrations.append(Migration(version: version, name: name, sql: sql,
                                        checksum: SHA256.hexHash(data), fileName: file))
        }
        try self.init(migrations: migrations)
    }

    /// Uses migrations built in code. Throws `MigrationError.duplicateVersion`.
    public init(migrations: [Migration]) throws {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.version == next.version {
            throw MigrationError.duplicateVersion(next.version)
        }
        self.migrations = sorted
    }

    /// `(version, name)` from `NNNN_name.sql`, or nil when the name does not follow that pattern.
    static func parse(fileName: String) -> (version: Int, name: String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let isNameCharacter: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        guard digits.count >= 4, digits.allSatisfy(isDigit), let version = Int(digits),
              !name.isEmpty, name.allSatisfy(isNameCharacter) else { return nil }
        return (version, String(name))
    }

    // MARK: Checking

    /// Compares the database's applied migrations with the files, without changing anything.
    /// A changed or missing applied migration wins over pending ones.
    public func status(of database: Database) throws -> MigrationStatus {
        let applied = try database.read { try Self.appliedRecords($0) }
        if let problem = problem(with: applied) {
            switch problem {
            case .changed(_, let name): return .changed(name)
            case .missing(_, let name): return .missing(name)
            default: throw problem
            }
        }
        let pending = self.pending(given: applied)
        return pending.isEmpty ? .current : .pending(pending)
    }

    /// Throws `MigrationError.changed` or `.missing` unless every applied migration still matches
    /// its file. Pending migrations are fine: use this to refuse to start on a tampered schema.
    public func verify(_ database: Database) throws {
        let applied = try database.read { try Self.appliedRecords($0) }
        if let problem = problem(with: applied) { throw problem }
    }

    // MARK: Migrating

    /// Verifies (refusing to touch anything if an applied migration changed or went missing),
    /// then applies each pending migration in its own `BEGIN IMMEDIATE` transaction, together
    /// with its `schema_migrations` row. Returns the migrations it applied, in order.
    ///
    /// Foreign keys are off while a migration runs (so tables can be rebuilt) and checked with
    /// `PRAGMA foreign_key_check` before its commit.
    @discardableResult
    public func migrate(_ database: Database) throws -> [Migration] {
        try verify(database)
        var applied: [Migration] = []
        for migration in migrations where try apply(migration, to: database) {
            applied.append(migration)
        }
        return applied
    }

    /// Applies one migration unless it is already recorded. Verification is repeated inside the
    /// write lock, so a migrator in another process cannot slip a change in between.
    private func apply(_ migration: Migration, to database: Database) throws -> Bool {
        try database.writeWithoutTransaction { connection in
            // foreign_keys cannot change inside a transaction, hence outside it.
            try connection.execute("PRAGMA foreign_keys=OFF")
            defer { try? connection.execute("PRAGMA foreign_keys=ON") }
            return try connection.transaction(immediate: true) {
                try connection.execute(Self.createTable)
                let recorded = try Self.appliedRecords(connection)
                if let problem = problem(with: recorded) { throw problem }
                guard !recorded.contains(where: { $0.version == migration.version }) else { return false }
                do {
                    try connection.execute(migration.sql)
                } catch let error as DatabaseError {
                    throw MigrationError.failed(version: migration.version, name: migration.name, error: error)
                }
                if let violation = try connection.query("PRAGMA foreign_key_check").first {
                    throw MigrationError.foreignKeyViolation(
                        version: migration.version, name: migration.name, table: violation.string(at: 0) ?? "?")
                }
                try connection.run(
                    """
                    INSERT INTO schema_migrations(version, name, checksum, applied_at)
                    VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                    """,
                    [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
                return true
            }
        }
    }

    // MARK: Records

    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """

    private struct Record {
        let version: Int
        let name: String
        let checksum: String
    }

    /// The recorded migrations, by version; none when `schema_migrations` does not exist yet.
    private static func appliedRecords(_ connection: Connection) throws -> [Record] {
        let exists = try connection.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
        guard exists?.int64Value == 1 else { return [] }
        return try connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
            .map { row in
                Record(version: row.int(at: 0) ?? 0, name: row.string(at: 1) ?? "", checksum: row.string(at: 2) ?? "")
            }
    }

    /// The first applied migration (by version) that is missing or differs from its file.
    private func problem(with applied: [Record]) -> MigrationError? {
        let files = Dictionary(migrations.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        for record in applied {
            guard let file = files[record.version] else {
                return .missing(version: record.version, name: record.name)
            }
            if file.checksum != record.checksum || file.name != record.name {
                return .changed(version: record.version, name: record.name)
            }
        }
        return nil
    }

    private func pending(given applied: [Record]) -> [Migration] {
        let appliedVersions = Set(applied.map(\.version))
        return migrations.filter { !appliedVersions.contains($0.version) }
    }
}
