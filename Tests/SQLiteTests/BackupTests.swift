import Foundation
import SQLite
import Synchronization
import Testing

@Suite struct BackupTests {
    /// Shared between the test and its inserting thread.
    final class InsertLoop: Sendable {
        let stop = Atomic<Bool>(false)
        let inserted = Atomic<Int>(0)
        let finished = DispatchSemaphore(value: 0)
    }

    @Test func backupTakenWhileAnotherThreadInsertsIsConsistent() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/live.sqlite")
            try database.write { connection in
                try connection.execute("CREATE TABLE events(id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
                // Enough pages that an 8-page-per-step copy takes many steps.
                for i in 0..<2_000 {
                    try connection.run("INSERT INTO events(payload) VALUES (?)",
                                       [.blob((0..<200).map { UInt8(truncatingIfNeeded: $0 &+ i) })])
                }
            }
            let loop = InsertLoop()
            Thread.detachNewThread {
                while !loop.stop.load(ordering: .sequentiallyConsistent) {
                    do {
                        try database.write { try $0.run("INSERT INTO events(payload) VALUES (?)", [.blob([1, 2, 3])]) }
                        loop.inserted.add(1, ordering: .sequentiallyConsistent)
                    } catch {
                        break
                    }
                }
                loop.finished.signal()
            }
            while loop.inserted.load(ordering: .sequentiallyConsistent) < 5 { usleep(1_000) }

            let count = "SELECT count(*) FROM events"
            let before = try #require(try database.read { try $0.scalar(count) }?.int64Value)
            try database.backup(to: dir + "/backup.sqlite", pagesPerStep: 8)
            let after = try #require(try database.read { try $0.scalar(count) }?.int64Value)
            loop.stop.store(true, ordering: .sequentiallyConsistent)
            loop.finished.wait()

            let copy = try Database(path: dir + "/backup.sqlite")
            try copy.read { connection in
                #expect(try connection.scalar("PRAGMA integrity_check") == .text("ok"))
                let copied = try #require(try connection.scalar(count)?.int64Value)
                #expect(copied >= before && copied <= after, "\(before) <= \(copied) <= \(after)")
            }
        }
    }

    @Test func backupRefusesToOverwriteAnExistingFile() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/source.sqlite")
            try database.write { try $0.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1);") }
            let destination = dir + "/precious.sqlite"
            try Data("precious".utf8).write(to: URL(fileURLWithPath: destination))

            #expect(throws: BackupError.destinationExists(destination)) {
                try database.backup(to: destination)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == Data("precious".utf8))
        }
    }

    @Test func backupCopiesEverythingIntoANewFileInANewFolder() throws {
        try withTemporaryDirectory { dir in
            let database = try Database(path: dir + "/source.sqlite")
            try database.write { connection in
                try connection.execute("CREATE TABLE t(x TEXT)")
                try connection.run("INSERT INTO t VALUES (?)", ["ünïcødé"])
            }
            try database.backup(to: dir + "/backups/2024/copy.sqlite")
            let copy = try Connection(path: dir + "/backups/2024/copy.sqlite")
            #expect(try copy.scalar("SELECT x FROM t") == .text("ünïcødé"))
        }
    }
}
