import SQLite
import Testing

@Suite struct DatabaseErrorTests {
    @Test func syntaxErrorCarriesCodeMessageAndSQL() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/errors.sqlite")
            let error = #expect(throws: DatabaseError.self) {
                _ = try connection.prepare("SELEC 1")
            }
            #expect(error?.code == 1) // SQLITE_ERROR
            #expect(error?.message.contains("syntax error") == true)
            #expect(error?.sql == "SELEC 1")
            #expect(error?.description.contains("SELEC 1") == true)
        }
    }

    @Test func constraintViolationCarriesExtendedCodeMessageAndSQLButNoBoundValues() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/errors.sqlite")
            try connection.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)")
            let insert = "INSERT INTO users(email) VALUES (?)"
            try connection.run(insert, ["secret@example.org"])
            let error = #expect(throws: DatabaseError.self) {
                try connection.run(insert, ["secret@example.org"])
            }
            #expect(error?.code == 2067) // SQLITE_CONSTRAINT_UNIQUE
            #expect(error?.primaryCode == 19) // SQLITE_CONSTRAINT
            #expect(error?.isConstraint == true)
            #expect(error?.isBusy == false)
            #expect(error?.message == "UNIQUE constraint failed: users.email")
            #expect(error?.sql == insert)
            #expect(error?.description.contains("secret@example.org") == false)
        }
    }

    @Test func foreignKeyViolationIsReportedBecauseForeignKeysAreOn() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/fk.sqlite")
            try connection.execute("""
                CREATE TABLE parent(id INTEGER PRIMARY KEY);
                CREATE TABLE child(parent_id INTEGER NOT NULL REFERENCES parent(id));
                """)
            let error = #expect(throws: DatabaseError.self) {
                try connection.run("INSERT INTO child(parent_id) VALUES (?)", [99])
            }
            #expect(error?.code == 787) // SQLITE_CONSTRAINT_FOREIGNKEY
        }
    }
}
