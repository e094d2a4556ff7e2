import Foundation
import SQLite

/// A fresh SQLite database in its own folder, migrated with the repository's Migrations folder;
/// closed and removed when released.
final class StaffTestDatabase {
    /// The repository's Migrations folder, found from this file's place in it.
    static let migrations: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Staff
        .deletingLastPathComponent()  // PortalTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()
        .appendingPathComponent("Migrations").path

    let folder: URL
    let database: Database

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("staff-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try Database(path: folder.appendingPathComponent("portal.sqlite").path, readers: 2)
        try Migrator(directory: Self.migrations).migrate(database)
    }

    deinit {
        database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Every byte of the database's files (main file, WAL, shared memory) as they are on disk.
    func fileBytes() throws -> [UInt8] {
        var bytes: [UInt8] = []
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: database.path + suffix) { bytes += Array(data) }
        }
        return bytes
    }

    /// Moves everything in the WAL into the main file and empties the WAL.
    func checkpoint() throws {
        try database.writeWithoutTransaction { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// The audit events about no case, oldest first.
    func events() throws -> [(type: String, actor: String, occurredAt: String, payload: String)] {
        try database.read { connection in
            try connection.query("SELECT type, actor, occurred_at, payload FROM case_events WHERE case_id IS NULL ORDER BY id")
                .map { ($0.string("type") ?? "", $0.string("actor") ?? "", $0.string("occurred_at") ?? "",
                        $0.string("payload") ?? "") }
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        while index <= count - needle.count {
            if self[index] == first, Array(self[index..<(index + needle.count)]) == needle { return true }
            index += 1
        }
        return false
    }
}
