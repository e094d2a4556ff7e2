import Foundation
import Synchronization
import Testing
@testable import SQLite

/// The writer's WAL hook hands checkpoints to the "sqlite-checkpoint" thread: the log is copied
/// back into the database file while the database is open, and it does not grow without bound.
@Suite struct CheckpointerTests {
    private static let blobSize = 4096
    /// Well above the 1,500 pages of 4 KiB at which the commit thread checkpoints itself: a log
    /// restarted after its checkpoints never comes near it.
    private static let walBound = 4 * 1000 * 4096

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// `count` waiting writes, each inserting one ~4 KiB blob row, from `threads` threads at once.
    private func writeBlobs(_ database: Database, count: Int, threads: Int = 8) -> Int {
        let failures = Atomic<Int>(0)
        precondition(count % threads == 0)
        let perThread = count / threads
        onThreads(threads) { t in
            for i in 0..<perThread {
                var bytes = [UInt8](repeating: UInt8(truncatingIfNeeded: t &+ i), count: Self.blobSize)
                bytes[0] = UInt8(truncatingIfNeeded: i)
                do {
                    try database.write { try $0.run("INSERT INTO blobs (data) VALUES (?)", [.blob(bytes)]) }
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        return failures.load(ordering: .relaxed)
    }

    private func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }

    /// The nice values of this process's threads named `name`, read from /proc.
    private func niceValues(ofThreadsNamed name: String) -> [Int] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task -> Int? in
            guard let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .whitespacesAndNewlines) == name,
                  let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            // After "pid (comm)": state is field 3, nice field 19.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 16 ? Int(fields[16]) : nil
        }
    }

    @Test func theCheckpointThreadRunsAtALowerPriorityThanTheProcess() throws {
        try withTemporaryDirectory { folder in
            let database = try Database(path: folder + "/db.sqlite", readers: 1)
            defer { database.close() }
            try database.write { try $0.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)") }
            #expect(writeBlobs(database, count: 800) == 0)  // past the 500 pages that start the thread
            let base = niceValues(ofThreadsNamed: String(ProcessInfo.processInfo.processName.prefix(15))).first ?? 0
            var nice: [Int] = []
            _ = waitUntil(seconds: 5) {
                nice = niceValues(ofThreadsNamed: "sqlite-checkpoi")
                return !nice.isEmpty
            }
            #expect(!nice.isEmpty, "no sqlite-checkpoint thread")
            #expect(nice.allSatisfy { $0 == min(base + 10, 19) }, "nice values \(nice), process \(base)")
        }
    }

    @Test func committedPagesAreCheckpointedIntoTheDatabaseFileWhileOpen() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db.sqlite"
            let database = try Database(path: path, readers: 1)
            defer { database.close() }
            try database.write { try $0.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)") }
            let before = fileSize(path)
            let writes = 1504  // a multiple of the 8 writing threads
            #expect(writeBlobs(database, count: writes) == 0)
            // 1,500 × 4 KiB is ~6 MiB of rows: far past the 500 pages that wake the checkpoint
            // thread, so pages must reach the main file without waiting for close.
            let grown = waitUntil(seconds: 10) { fileSize(path) > before + 1_000_000 }
            #expect(grown, "main database file stayed at \(fileSize(path)) bytes (was \(before)) while the WAL is \(fileSize(path + "-wal")) bytes")
            #expect(!database.isClosed)
            let rows = try database.read { try $0.scalar("SELECT count(*) FROM blobs")?.intValue }
            #expect(rows == writes)
        }
    }

    @Test func writeAheadLogDoesNotGrowWithoutBoundWhenWritesComeOneAtATime() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db.sqlite"
            let database = try Database(path: path, readers: 1)
            defer { database.close() }
            try database.write { try $0.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)") }
            let writes = 5000
            #expect(writeBlobs(database, count: writes, threads: 1) == 0)
            let written = writes * Self.blobSize
            let wal = fileSize(path + "-wal")
            // Without a restart the log holds every page written (each row takes two overflow
            // pages and a leaf: > 60 MB). Restarted after checkpoints, it stays below the bytes of
            // rows written, and near the 1,500 pages at which the commit thread checkpoints itself.
            #expect(wal < written, "WAL is \(wal) bytes after writing \(written) bytes of rows")
            #expect(wal < Self.walBound, "WAL is \(wal) bytes, over \(Self.walBound)")
            let rows = try database.read { try $0.scalar("SELECT count(*) FROM blobs")?.intValue }
            #expect(rows == writes)
        }
    }

    /// A PASSIVE checkpoint beside a writer that never pauses never catches up with the end of the
    /// log, and SQLite starts the log over only when a checkpoint has copied all of it before the
    /// next write: without the commit thread's own checkpoint past 1,500 pages, the log would grow
    /// with every byte written for as long as the burst lasts.
    @Test func writeAheadLogStaysBoundedUnderSustainedConcurrentWrites() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db.sqlite"
            let database = try Database(path: path, readers: 1)
            defer { database.close() }
            try database.write { try $0.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)") }
            let writes = 10_000
            #expect(writeBlobs(database, count: writes, threads: 8) == 0)
            let wal = fileSize(path + "-wal")
            #expect(wal < Self.walBound, "WAL is \(wal) bytes after \(writes) writes of \(Self.blobSize) bytes (bound \(Self.walBound))")
        }
    }
}
