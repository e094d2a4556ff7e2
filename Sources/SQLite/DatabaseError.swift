import CSQLite

/// An error reported by SQLite, or by this layer when SQLite is misused.
///
/// Carries SQLite's extended result code (so callers can tell a UNIQUE violation from a
/// CHECK failure), SQLite's own message, and the SQL that failed. Bound values are never
/// included, so the error is safe to log.
public struct DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The extended result code, e.g. `SQLITE_CONSTRAINT_UNIQUE` (2067).
    public let code: Int32
    /// SQLite's message, e.g. "UNIQUE constraint failed: users.email".
    public let message: String
    /// The SQL being prepared or run when the error happened, if any.
    public let sql: String?

    /// An error with an explicit code, for errors this layer raises itself.
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code, e.g. `SQLITE_CONSTRAINT` (19) for any constraint violation.
    public var primaryCode: Int32 { code & 0xff }

    /// The database was locked by another connection for longer than the busy timeout.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// A UNIQUE, NOT NULL, CHECK, FOREIGN KEY or PRIMARY KEY constraint failed.
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }

    /// A write was attempted on a read-only connection.
    public var isReadOnly: Bool { primaryCode == SQLITE_READONLY }

    public var description: String {
        let codeName = String(cString: sqlite3_errstr(code))
        var text = "SQLite error \(code) (\(codeName)): \(message)"
        if let sql { text += " — SQL: \(sql)" }
        return text
    }

    /// The connection's most recent error, read right after a failing call.
    static func last(of handle: OpaquePointer?, code: Int32, sql: String?) -> DatabaseError {
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        // Prefer the extended code when it refines the primary one we were given.
        let resolved = (extended & 0xff) == (code & 0xff) ? extended : code
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        return DatabaseError(code: resolved, message: message, sql: sql)
    }

    /// Misuse of this layer (closed connection, several statements where one was expected...).
    static func misuse(_ message: String, sql: String? = nil) -> DatabaseError {
        DatabaseError(code: SQLITE_MISUSE, message: message, sql: sql)
    }
}
