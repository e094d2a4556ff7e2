import Foundation
import Synchronization
import Testing
@testable import SQLite

/// `Database.write(_:completion:)`: queued without a waiting thread, completed once durable.
@Suite struct AsyncWriteTests {
    private struct Boom: Error, Equatable {
        let id: Int
    }

    private func makeTable(_ database: Database) throws {
        try database.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL UNIQUE)") }
    }

    /// Waits (bounded) until `group` is done; records an issue on timeout.
    private func wait(_ group: DispatchGroup, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = group.wait(timeout: .now() + seconds)
        #expect(outcome == .success, "completions did not all run within \(seconds) s", sourceLocation: sourceLocation)
    }

    private static var misuseCode: Int32 { DatabaseError.misuse("").code }

    @Test func asyncWriteCompletesAfterCommitWithItsResult() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db.sqlite"
            let database = try Database(path: path, readers: 1)
            try makeTable(database)
            // What the completion saw: the body's value, and the count a fresh connection reads then.
            let seen = Mutex<(value: Int64?, visible: Int?, error: String?)>((nil, nil, nil))
            let group = DispatchGroup()
            group.enter()
            database.write({ connection -> Int64 in
                try connection.run("INSERT INTO t (n) VALUES (42)")
                return try connection.scalar("SELECT last_insert_rowid()")?.intValue.map(Int64.init) ?? -1
            }, completion: { result in
                do {
                    let value = try result.get()
                    let fresh = try Connection(path: path, readOnly: true)
                    let visible = try fresh.scalar("SELECT count(*) FROM t WHERE n = 42")?.intValue
                    try? fresh.close()
                    seen.withLock { $0 = (value, visible, nil) }
                } catch {
                    seen.withLock { $0.error = String(describing: error) }
                }
                group.leave()
            })
            wait(group)
            let result = seen.withLock { $0 }
            #expect(result.error == nil)
            #expect(result.value == 1)
            #expect(result.visible == 1, "the row must be durable and visible when the completion runs")
        }
    }

    @Test func asyncCompletionRunsOnTheCommitThreadNotTheCaller() throws {
        try withTemporaryDirectory { folder in
            let database = try Database(path: folder + "/db.sqlite", readers: 1)
            try makeTable(database)
            let caller = pthread_self()
            let onCaller = Mutex<Bool?>(nil)
            let group = DispatchGroup()
            group.enter()
            database.write({ try $0.run("INSERT INTO t (n) VALUES (1)") }, completion: { _ in
                let here = pthread_self()
                onCaller.withLock { $0 = (here == caller) }
                group.leave()
            })
            wait(group)
            #expect(onCaller.withLock { $0 } == false)
        }
    }

    @Test func throwingAsyncWriteFailsAndRollsBackOnlyItselfWhileItsBatchCommits() throws {
        try withTemporaryDirectory { folder in
            let database = try Database(path: folder + "/db.sqlite", readers: 2)
            try makeTable(database)
            let before = database.groupCommitStatistics
            let count = 200
            let results = Mutex<[Int: Result<Int, any Error>]>([:])
            let group = DispatchGroup()
            for i in 0..<count {
                group.enter()
                database.write({ connection -> Int in
                    try connection.run("INSERT INTO t (n) VALUES (?)", [.integer(Int64(i))])
                    // Every fifth write fails after inserting its row: that row must vanish.
                    if i % 5 == 0 { throw Boom(id: i) }
                    return i * 10
                }, completion: { result in
                    results.withLock { $0[i] = result }
                    group.leave()
                })
            }
            wait(group)
            let all = results.withLock { $0 }
            #expect(all.count == count)
            for i in 0..<count {
                switch all[i] {
                case .success(let value)?:
                    #expect(i % 5 != 0, "write \(i) should have failed")
                    #expect(value == i * 10)
                case .failure(let error)?:
                    #expect(i % 5 == 0, "write \(i) failed: \(error)")
                    #expect(error as? Boom == Boom(id: i), "write \(i) must fail with its own error, got \(error)")
                case nil:
                    Issue.record("write \(i) has no result")
                }
            }
            let rows = try database.read { try $0.query("SELECT n FROM t ORDER BY n").compactMap { $0.int("n") } }
            #expect(rows == (0..<count).filter { $0 % 5 != 0 })
            let after = database.groupCommitStatistics
            #expect(after.writes - before.writes == count)
            // Queued all at once, they must have shared transactions.
            #expect(after.transactions - before.transactions < count)
        }
    }

    @Test func waitingAndAsyncWritesInterleaveAndAllCommit() throws {
        try withTemporaryDirectory { folder in
            let database = try Database(path: folder + "/db.sqlite", readers: 2)
            try makeTable(database)
            let threads = 8, each = 25
            let asyncSuccesses = Atomic<Int>(0)
            let waitingFailures = Atomic<Int>(0)
            let group = DispatchGroup()
            onThreads(threads) { t in
                for i in 0..<each {
                    let base = (t * each + i) * 2
                    // One asynchronous write, then a waiting one, from the same thread.
                    group.enter()
                    database.write({ try $0.run("INSERT INTO t (n) VALUES (?)", [.integer(Int64(base))]) }, completion: { result in
                        if case .success = result { asyncSuccesses.add(1, ordering: .relaxed) }
                        group.leave()
                    })
                    do {
                        let seen = try database.write { connection -> Int? in
                            try connection.run("INSERT INTO t (n) VALUES (?)", [.integer(Int64(base + 1))])
                            // The asynchronous write queued just before runs first (in order), so its row is there.
                            return try connection.scalar("SELECT count(*) FROM t WHERE n = ?", [.integer(Int64(base))])?.intValue
                        }
                        if seen != 1 { waitingFailures.add(1, ordering: .relaxed) }
                    } catch {
                        waitingFailures.add(1, ordering: .relaxed)
                    }
                }
            }
            wait(group)
            #expect(asyncSuccesses.load(ordering: .relaxed) == threads * each)
            #expect(waitingFailures.load(ordering: .relaxed) == 0)
            let rows = try database.read { try $0.query("SELECT n FROM t ORDER BY n").compactMap { $0.int("n") } }
            #expect(rows == Array(0..<(threads * each * 2)))
        }
    }

    @Test func closeWaitsForAsyncWritesQueuedBeforeIt() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db.sqlite"
            let count = 200
            let successes = Atomic<Int>(0)
            let failures = Mutex<[String]>([])
            let completed = Atomic<Int>(0)
            do {
                let database = try Database(path: path, readers: 1)
                try makeTable(database)
                for i in 0..<count {
                    database.write({ try $0.run("INSERT INTO t (n) VALUES (?)", [.integer(Int64(i))]) }, completion: { result in
                        switch result {
                        case .success: successes.add(1, ordering: .relaxed)
                        case .failure(let error): failures.withLock { $0.append(String(describing: error)) }
                        }
                        completed.add(1, ordering: .relaxed)
                    })
                }
                database.close()
                // close() returned: every completion has already run.
                #expect(completed.load(ordering: .relaxed) == count)
                #expect(database.isClosed)
            }
            #expect(successes.load(ordering: .relaxed) == count)
            #expect(failures.withLock { $0 }.isEmpty)
            let reopened = try Database(path: path, readers: 1)
            defer { reopened.close() }
            let rows = try reopened.read { try $0.scalar("SELECT count(*) FROM t")?.intValue }
            #expect(rows == count)
        }
    }

    @Test func writesAfterCloseFailWithMisuseAndIsClosedIsTrue() throws {
        try withTemporaryDirectory { folder in
            let database = try Database(path: folder + "/db.sqlite", readers: 1)
            try makeTable(database)
            #expect(!database.isClosed)
            database.close()
            #expect(database.isClosed)

            // The waiting form throws at once.
            do {
                try database.write { try $0.run("INSERT INTO t (n) VALUES (1)") }
                Issue.record("a write after close succeeded")
            } catch let error as DatabaseError {
                #expect(error.code == Self.misuseCode)
            }

            // The asynchronous form completes with the same failure, and its body never runs.
            let bodyRan = Atomic<Bool>(false)
            let outcome = Mutex<Result<Int, any Error>?>(nil)
            let group = DispatchGroup()
            group.enter()
            database.write({ connection -> Int in
                bodyRan.store(true, ordering: .relaxed)
                try connection.run("INSERT INTO t (n) VALUES (2)")
                return 2
            }, completion: { result in
                outcome.withLock { $0 = result }
                group.leave()
            })
            wait(group)
            let ran = bodyRan.load(ordering: .relaxed)
            #expect(!ran)
            switch outcome.withLock({ $0 }) {
            case .failure(let error as DatabaseError)?:
                #expect(error.code == Self.misuseCode)
            default:
                Issue.record("expected a misuse DatabaseError, got \(String(describing: outcome.withLock { $0 }))")
            }
            // Closing twice is harmless.
            database.close()
            #expect(database.isClosed)
        }
    }

    @Test func closeFromACompletionDoesNotDeadlockAndLaterWritesFail() throws {
        try withTemporaryDirectory { folder in
            let database = try Database(path: folder + "/db.sqlite", readers: 1)
            try makeTable(database)
            let group = DispatchGroup()
            group.enter()
            database.write({ try $0.run("INSERT INTO t (n) VALUES (1)") }, completion: { _ in
                database.close()
                group.leave()
            })
            wait(group)
            #expect(database.isClosed)
            #expect(throws: DatabaseError.self) { try database.write { try $0.run("INSERT INTO t (n) VALUES (2)") } }
        }
    }
}
