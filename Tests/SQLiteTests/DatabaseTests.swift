import Dispatch
import Foundation
import SQLite
import Synchronization
import Testing

@Suite struct DatabaseTests {
    struct Boom: Error {}

    @Test func writerAndReadersRunWithWALFullSyncAndForeignKeys() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/pragmas.sqlite")
            try database.write { connection throws in
                #expect(try connection.scalar("PRAGMA journal_mode") == .text("wal"))
                #expect(try connection.scalar("PRAGMA synchronous") == .integer(2)) // FULL
                #expect(try connection.scalar("PRAGMA foreign_keys") == .integer(1))
                #expect(try connection.scalar("PRAGMA busy_timeout") == .integer(5000))
            }
            try database.read { connection throws in
                #expect(try connection.scalar("PRAGMA journal_mode") == .text("wal"))
                #expect(try connection.scalar("PRAGMA foreign_keys") == .integer(1))
                #expect(try connection.scalar("PRAGMA query_only") == .integer(1))
                #expect(connection.isReadOnly)
            }
        }
    }

    @Test func writeCommitsAndReturnsTheBodysResult() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/write.sqlite")
            let id = try database.write { connection -> Int64 in
                try connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)")
                try connection.run("INSERT INTO t(x) VALUES (?)", ["kept"])
                #expect(connection.isInTransaction)
                return connection.lastInsertRowID
            }
            #expect(id == 1)
            database.close()
            let reopened = try Database(path: dir + "/write.sqlite")
            #expect(try reopened.read { try $0.scalar("SELECT x FROM t") } == .text("kept"))
        }
    }

    @Test func writeRollsBackWhenTheBodyThrows() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/rollback.sqlite")
            try database.write { try $0.execute("CREATE TABLE t(x)") }
            #expect(throws: Boom.self) {
                try database.write { connection in
                    try connection.run("INSERT INTO t VALUES (?)", [1])
                    throw Boom()
                }
            }
            #expect(try database.read { try $0.scalar("SELECT count(*) FROM t") } == .integer(0))
            // The writer is usable again: no transaction was left open.
            try database.write { try $0.run("INSERT INTO t VALUES (?)", [2]) }
            #expect(try database.read { try $0.scalar("SELECT count(*) FROM t") } == .integer(1))
        }
    }

    @Test func readersSeeCommittedDataAndCannotWrite() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/readers.sqlite")
            try database.write { connection in
                try connection.execute("CREATE TABLE t(x)")
                try connection.run("INSERT INTO t VALUES (?)", ["committed"])
            }
            #expect(try database.read { try $0.scalar("SELECT x FROM t") } == .text("committed"))
            let error = #expect(throws: DatabaseError.self) {
                try database.read { try $0.run("INSERT INTO t VALUES (?)", ["sneaky"]) }
            }
            #expect(error?.isReadOnly == true)
            #expect(try database.read { try $0.scalar("SELECT count(*) FROM t") } == .integer(1))
        }
    }

    @Test func aReadSeesOneSnapshotWhileTheWriterCommits() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/snapshot.sqlite")
            try database.write { try $0.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1);") }
            try database.read { reader in
                #expect(try reader.scalar("SELECT count(*) FROM t") == .integer(1))
                // WAL: the writer is not blocked by the open read transaction...
                try database.write { try $0.run("INSERT INTO t VALUES (2)") }
                // ...and the reader keeps its snapshot.
                #expect(try reader.scalar("SELECT count(*) FROM t") == .integer(1))
            }
            #expect(try database.read { try $0.scalar("SELECT count(*) FROM t") } == .integer(2))
        }
    }

    @Test func readsNeverUseMoreConnectionsThanThePoolHolds() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/pool.sqlite", readers: 2)
            try database.write { try $0.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1);") }
            let current = Atomic<Int>(0)
            let highest = Atomic<Int>(0)
            let failures = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    try database.read { connection in
                        let now = current.add(1, ordering: .sequentiallyConsistent).newValue
                        highest.max(now, ordering: .sequentiallyConsistent)
                        usleep(20_000)
                        _ = try connection.scalar("SELECT count(*) FROM t")
                        current.subtract(1, ordering: .sequentiallyConsistent)
                    }
                } catch {
                    failures.add(1, ordering: .sequentiallyConsistent)
                }
            }
            #expect(failures.load(ordering: .sequentiallyConsistent) == 0)
            #expect(highest.load(ordering: .sequentiallyConsistent) <= 2)
        }
    }

    @Test func openingCreatesMissingParentFolders() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/a/b/c/nested.sqlite"
            let database = try Database(path: path)
            try database.write { try $0.execute("CREATE TABLE t(x)") }
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func aClosedDatabaseRefusesWork() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/closed.sqlite")
            database.close()
            #expect(throws: DatabaseError.self) { try database.read { _ in } }
            #expect(throws: DatabaseError.self) { try database.write { _ in } }
            database.close()
        }
    }
}
