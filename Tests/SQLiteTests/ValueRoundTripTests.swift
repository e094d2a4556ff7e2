import Foundation
import SQLite
import Testing

@Suite struct ValueRoundTripTests {
    static let values: [SQLValue] = [
        .null,
        .integer(0), .integer(42), .integer(Int64.max), .integer(Int64.min),
        .real(3.25), .real(-1e-300), .real(Double.greatestFiniteMagnitude),
        .text(""), .text("plain"), .text("héllo wörld — 日本語 🇫🇷 👩‍👩‍👧 e\u{301}"), .text("nul\u{0}inside"),
        .text("'; DROP TABLE t; --"),
        .blob([]), .blob([0, 1, 2, 0, 255]), .blob((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
    ]

    @Test(arguments: values)
    func boundValueReadsBackIdenticallyWithItsStorageClass(_ value: SQLValue) throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/values.sqlite")
            // No declared type: no column affinity, so SQLite stores exactly what was bound.
            try connection.execute("CREATE TABLE t(v)")
            try connection.run("INSERT INTO t(v) VALUES (?)", [value])
            let row = try #require(try connection.query("SELECT v, typeof(v) AS type FROM t").first)
            #expect(row["v"] == value)
            let expectedType: String = switch value {
            case .null: "null"
            case .integer: "integer"
            case .real: "real"
            case .text: "text"
            case .blob: "blob"
            }
            #expect(row.string("type") == expectedType)
        }
    }

    @Test func valuesBindByNameWithOrWithoutPrefix() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/named.sqlite")
            let statement = try connection.prepare("SELECT :a || '-' || @b || '-' || $c")
            try statement.bind(["a": "x", "@b": "y", "c": "z"])
            #expect(try statement.step())
            #expect(statement.value(at: 0) == .text("x-y-z"))
            try statement.bind("again", named: ":a") // rewinds the statement, keeps b and c
            #expect(try statement.step())
            #expect(statement.value(at: 0) == .text("again-y-z"))
        }
    }

    @Test func bindingTheWrongNumberOfValuesIsRefused() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/count.sqlite")
            let error = #expect(throws: DatabaseError.self) {
                try connection.run("SELECT ?, ?", [1])
            }
            #expect(error?.code == 25) // SQLITE_RANGE
            #expect(error?.sql == "SELECT ?, ?")
        }
    }

    @Test func rowHelpersConvertTypesAndAnswerNilForNullOrMismatch() throws {
        try withTemporaryDirectory { dir in
            let connection = try Connection(path: dir + "/row.sqlite")
            let row = try #require(try connection.query(
                "SELECT 7 AS n, 'seven' AS s, 2.5 AS d, x'0102' AS b, 1 AS yes, 0 AS no, NULL AS empty"
            ).first)
            #expect(row.columns == ["n", "s", "d", "b", "yes", "no", "empty"])
            #expect(row.int("n") == 7)
            #expect(row.int("N") == 7, "column names match case-insensitively")
            #expect(row.int64("n") == 7)
            #expect(row.double("n") == 7.0)
            #expect(row.string("s") == "seven")
            #expect(row.double("d") == 2.5)
            #expect(row.blob("b") == [1, 2])
            #expect(row.bool("yes") == true)
            #expect(row.bool("no") == false)
            #expect(row["empty"] == .null)
            #expect(row.int("empty") == nil)
            #expect(row.int("s") == nil)
            #expect(row["absent"] == nil)
            #expect(row[0] == .integer(7))
            #expect(row.string(at: 1) == "seven")
        }
    }

    @Test func literalsAndConveniencesBuildTheExpectedValues() {
        let fromLiterals: [SQLValue] = [nil, 1, 1.5, "a", true]
        #expect(fromLiterals == [.null, .integer(1), .real(1.5), .text("a"), .integer(1)])
        #expect(SQLValue(Optional<Int>.none) == .null)
        #expect(SQLValue(5) == .integer(5))
        #expect(SQLValue("x") == .text("x"))
        #expect(SQLValue([UInt8]([9])) == .blob([9]))
        #expect(SQLValue(false) == .integer(0))
        #expect(SQLValue(Optional("y")) == .text("y"))
    }
}
