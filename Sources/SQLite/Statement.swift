import CSQLite

/// A prepared statement: compiled once, values bound, stepped row by row.
///
/// Owns its `sqlite3_stmt` and finalizes it in `deinit`, so a statement can never outlive
/// its connection's ability to close. It keeps its `Connection` alive for the same reason.
/// Like its connection, a statement is used from one place at a time and is not `Sendable`.
public final class Statement {
    /// The SQL this statement was prepared from.
    public let sql: String
    /// The connection that prepared it; retained so the handle stays valid.
    let connection: Connection
    private let handle: OpaquePointer
    private var cachedColumnNames: [String]?

    init(connection: Connection, handle: OpaquePointer, sql: String) {
        self.connection = connection
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: Binding

    /// The number of `?`, `?NNN`, `:name`, `@name` and `$name` parameters.
    public var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    /// Resets the statement, clears earlier bindings, then binds `values` to parameters 1...n.
    /// Throws when the number of values differs from the number of parameters.
    public func bind(_ values: [SQLValue]) throws {
        try ensureOpen()
        reset()
        clearBindings()
        guard values.count == Int(parameterCount) else {
            throw DatabaseError(
                code: SQLITE_RANGE,
                message: "statement expects \(parameterCount) bound values, got \(values.count)",
                sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Resets the statement, clears earlier bindings, then binds each value to its named parameter.
    public func bind(_ values: [String: SQLValue]) throws {
        try ensureOpen()
        reset()
        clearBindings()
        for (name, value) in values {
            try bind(value, named: name)
        }
    }

    /// Binds one value to a 1-based parameter position, keeping the other bindings.
    /// A statement that is mid-run is rewound first, as SQLite only binds to reset statements.
    public func bind(_ value: SQLValue, at index: Int32) throws {
        try ensureOpen()
        if sqlite3_stmt_busy(handle) != 0 { reset() }
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let integer):
            code = sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            code = sqlite3_bind_double(handle, index, real)
        case .text(let text):
            code = Self.bindText(text, to: handle, at: index)
        case .blob(let bytes):
            code = Self.bindBlob(bytes, to: handle, at: index)
        }
        guard code == SQLITE_OK else {
            throw DatabaseError.last(of: connection.handle, code: code, sql: sql)
        }
    }

    /// Binds one value to a named parameter. `name` may include its prefix (`:id`) or not (`id`).
    public func bind(_ value: SQLValue, named name: String) throws {
        try ensureOpen()
        let candidates = name.first.map { ":@$".contains($0) } == true
            ? [name] : [":" + name, "@" + name, "$" + name]
        for candidate in candidates {
            let index = sqlite3_bind_parameter_index(handle, candidate)
            if index > 0 {
                try bind(value, at: index)
                return
            }
        }
        throw DatabaseError(code: SQLITE_RANGE, message: "no parameter named \(name)", sql: sql)
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    // MARK: Stepping

    /// Runs the statement up to the next row. Returns true when a row is available, false when done.
    public func step() throws -> Bool {
        try ensureOpen()
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            let error = DatabaseError.last(of: connection.handle, code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Whether the statement leaves the database unchanged (a SELECT, for instance).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    // MARK: Columns

    /// The number of result columns (0 for statements that return no data).
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The name of the result column at a 0-based position.
    public func columnName(_ index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? ""
    }

    /// All result column names, in order.
    public var columnNames: [String] {
        if let cachedColumnNames { return cachedColumnNames }
        let names = (0..<columnCount).map(columnName)
        cachedColumnNames = names
        return names
    }

    /// The value of the current row at a 0-based column position. Valid only after `step()` returned true.
    public func value(at index: Int) -> SQLValue {
        let column = Int32(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            guard let bytes = sqlite3_column_text(handle, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            // A zero-length blob comes back as a NULL pointer.
            guard let bytes = sqlite3_column_blob(handle, column) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// The current row, copied out. Valid only after `step()` returned true.
    public func row() -> Row {
        Row(columns: columnNames, values: (0..<columnCount).map(value(at:)))
    }

    // MARK: Private

    private func ensureOpen() throws {
        guard connection.handle != nil else {
            throw DatabaseError.misuse("the connection of this statement is closed", sql: sql)
        }
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the bind call returns.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)
    }

    private static func bindText(_ text: String, to handle: OpaquePointer, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { buffer in
            // An empty buffer may have no base address; a NULL pointer would bind NULL, not ''.
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return sqlite3_bind_text(handle, index, "", 0, transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                sqlite3_bind_text64(handle, index, chars, sqlite3_uint64(buffer.count), transient,
                                    UInt8(SQLITE_UTF8))
            }
        }
    }

    private static func bindBlob(_ bytes: [UInt8], to handle: OpaquePointer, at index: Int32) -> Int32 {
        // A NULL pointer would bind NULL, so an empty blob is bound as a zero-length zeroblob.
        guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
        return bytes.withUnsafeBytes { buffer in
            sqlite3_bind_blob64(handle, index, buffer.baseAddress, sqlite3_uint64(buffer.count), transient)
        }
    }
}
