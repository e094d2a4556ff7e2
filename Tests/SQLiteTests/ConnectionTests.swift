import SQLite
import Testing

@Suite struct ConnectionTests {
    @Test func closingAfterManyPreparesSucceedsBecauseStatementsAreFinalized() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/finalize.sqlite")
            try connection.execute("CREATE TABLE t(x)")
            try connection.transaction { // one commit: keeps the test fast under synchronous=FULL
                for i in 0..<1_000 {
                    // Left mid-row on purpose: deinit must still finalize it.
                    let statement = try connection.prepare("SELECT ? + 1")
                    try statement.bind([.integer(Int64(i))])
                    #expect(try statement.step())
                    try connection.run("INSERT INTO t(x) VALUES (?)", [.integer(Int64(i))])
                    _ = try connection.query("SELECT count(*) FROM t")
                }
            }
            try connection.close() // SQLITE_BUSY if any statement were left unfinalized
            #expect(connection.isClosed)
        }
    }

    @Test func closingWhileAStatementIsAliveFailsAsBusyThenSucceedsOnceItIsGone() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/busy.sqlite")
            do {
                let statement = try connection.prepare("SELECT 1")
                let error = #expect(throws: DatabaseError.self) { try connection.close() }
                #expect(error?.isBusy == true)
                withExtendedLifetime(statement) {}
            }
            try connection.close()
            #expect(throws: DatabaseError.self) { try connection.run("SELECT 1") }
        }
    }

    @Test func prepareRefusesSeveralStatementsButAcceptsTrailingComments() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/prepare.sqlite")
            try connection.execute("CREATE TABLE t(x)")
            #expect(throws: DatabaseError.self) {
                _ = try connection.prepare("INSERT INTO t VALUES (1); DELETE FROM t")
            }
            #expect(try connection.scalar("SELECT count(*) FROM t") == .integer(0))
            _ = try connection.prepare("SELECT 1; -- trailing comment\n  ")
            #expect(throws: DatabaseError.self) { _ = try connection.prepare("  -- nothing here") }
        }
    }

    @Test func lastInsertRowIDAndChangesReportTheLastStatement() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/rowid.sqlite")
            try connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x)")
            try connection.run("INSERT INTO t(x) VALUES (?), (?)", [1, 2])
            #expect(connection.lastInsertRowID == 2)
            #expect(connection.changes == 2)
            try connection.run("UPDATE t SET x = x + 1 WHERE id = ?", [1])
            #expect(connection.changes == 1)
            #expect(try connection.scalar("SELECT x FROM t WHERE id = ?", [3]) == nil)
        }
    }

    @Test func nestedTransactionRollsBackOnlyItsOwnWork() throws {
        struct Abort: Error {}
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/nested.sqlite")
            try connection.execute("CREATE TABLE t(x)")
            try connection.transaction {
                try connection.run("INSERT INTO t VALUES (1)")
                #expect(throws: Abort.self) {
                    try connection.transaction {
                        try connection.run("INSERT INTO t VALUES (2)")
                        throw Abort()
                    }
                }
            }
            #expect(!connection.isInTransaction)
            #expect(try connection.query("SELECT x FROM t").map { $0.int("x") } == [1])
        }
    }
}
