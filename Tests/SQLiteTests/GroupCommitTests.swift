import Foundation
import Synchronization
import Testing
@testable import SQLite

/// Concurrent writes share commits, yet each stays atomic and durable on its own.
@Suite struct GroupCommitTests {
    private func makeTable(_ database: Database) throws {
        try database.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, n INTEGER NOT NULL UNIQUE)") }
    }

    @Test func concurrentWritersAllCommitAndShareTransactions() throws {
        try withTemporaryDirectory { folder in
            let database = try Database(path: folder + "/db.sqlite", readers: 2)
            try makeTable(database)
            let before = database.groupCommitStatistics
            let writers = 16, each = 40
            // Real threads, all at once: concurrentPerform would run only one per core.
            onThreads(writers) { writer in
                for i in 0..<each {
                    try? database.write { try $0.run("INSERT INTO t (writer, n) VALUES (?, ?)", [.integer(Int64(writer)), .integer(Int64(writer * 1000 + i))]) }
                }
            }
            let count = try database.read { try $0.scalar("SELECT count(*) FROM t")?.intValue }
            #expect(count == writers * each)
            let after = database.groupCommitStatistics
            #expect(after.writes - before.writes == writers * each)
            // Sixteen threads writing at once must have shared at least some commits.
            #expect(after.transactions - before.transactions < writers * each)
        }
    }

    @Test func aFailingWriteRollsBackOnlyItselfWhileOthersInItsBatchCommit() throws {
        try withTemporaryDirectory { folder in
            let database = try Database(path: folder + "/db.sqlite", readers: 2)
            try makeTable(database)
            try database.write { try $0.run("INSERT INTO t (writer, n) VALUES (0, 7)") }
            let failures = Mutex(0)
            onThreads(32) { i in
                do {
                    try database.write { connection in
                        try connection.run("INSERT INTO t (writer, n) VALUES (?, ?)", [.integer(Int64(i)), .integer(Int64(100 + i))])
                        // Every fourth writer also inserts a duplicate after its first row: the whole write must vanish.
                        if i % 4 == 0 { try connection.run("INSERT INTO t (writer, n) VALUES (?, 7)", [.integer(Int64(i))]) }
                    }
                } catch {
                    failures.withLock { $0 += 1 }
                }
            }
            #expect(failures.withLock { $0 } == 8)
            let rows = try database.read { try $0.query("SELECT n FROM t ORDER BY n").compactMap { $0.int("n") } }
            let expected = [7] + (0..<32).filter { $0 % 4 != 0 }.map { 100 + $0 }
            #expect(rows == expected)
        }
    }

    @Test func writesReturnedFromAreVisibleToAFreshConnection() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db.sqlite"
            let database = try Database(path: path, readers: 1)
            try makeTable(database)
            onThreads(8) { i in
                _ = try? database.write { try $0.run("INSERT INTO t (writer, n) VALUES (?, ?)", [.integer(Int64(i)), .integer(Int64(i))]) }
            }
            let other = try Connection(path: path, readOnly: true)
            #expect(try other.scalar("SELECT count(*) FROM t")?.intValue == 8)
        }
    }
}

/// Runs `body(i)` for i in 0..<count, each on its own thread, all started before any is waited for.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let thread = Thread {
            body(i)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}
