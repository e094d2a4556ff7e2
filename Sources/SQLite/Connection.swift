import CSQLite

/// One SQLite connection (`sqlite3*`), used from one place at a time.
///
/// Opened with `SQLITE_OPEN_NOMUTEX`: SQLite does no locking of its own because the owner
/// (for instance `Database`, with its writer mutex and reader pool) guarantees a single user
/// at a time. That is why `Connection` is not `Sendable`.
///
/// A writer connection turns on WAL, `synchronous=FULL` (a returned COMMIT survives power
/// loss) and foreign keys. A read-only connection turns on foreign keys and `query_only`.
public final class Connection {
    /// What a connection is opened for; decides its flags and pragmas.
    enum Role {
        /// Read-write; sets WAL, synchronous=FULL, foreign_keys=ON.
        case writer
        /// Read-only; sets foreign_keys=ON and query_only=ON.
        case reader
        /// Read-write with no journal-mode change, e.g. a backup destination; sets synchronous=FULL.
        case plain
    }

    /// The database file this connection was opened on.
    public let path: String
    /// Whether the connection was opened read-only.
    public let isReadOnly: Bool
    /// The SQLite handle; nil once closed.
    private(set) var handle: OpaquePointer?
    /// Statements compiled by `run`, `query` and `scalar`, kept for the next call with the same
    /// SQL: compiling costs more than running the small statements a web request makes.
    private var statementCache: [String: Statement] = [:]
    private static let statementCacheLimit = 128
    /// Kept alive here while SQLite holds a pointer to it (`onWALCommit`).
    private var walHook: WALHook?

    /// Opens a connection and applies the pragmas for its role.
    ///
    /// - Parameters:
    ///   - path: the database file; created when missing unless `readOnly`.
    ///   - readOnly: open a reader (`SQLITE_OPEN_READONLY`, `query_only`) instead of the writer.
    ///   - busyTimeoutMilliseconds: how long to wait for another connection's lock before `SQLITE_BUSY`.
    public convenience init(path: String, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 5000) throws {
        try self.init(path: path, role: readOnly ? .reader : .writer, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    init(path: String, role: Role, busyTimeoutMilliseconds: Int32 = 5000) throws {
        self.path = path
        self.isReadOnly = role == .reader
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= role == .reader ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let reason = DatabaseError.last(of: opened, code: code, sql: nil)
            sqlite3_close(opened)
            throw DatabaseError(code: reason.code, message: "cannot open \(path): \(reason.message)")
        }
        handle = opened
        do {
            try configure(role: role, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch {
            sqlite3_close(opened)
            handle = nil
            throw error
        }
    }

    deinit {
        // Statements retain their connection, so none is left here and this closes at once.
        if let handle { sqlite3_close_v2(handle) }
    }

    private func configure(role: Role, busyTimeoutMilliseconds: Int32) throws {
        let handle = try requireHandle()
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        switch role {
        case .writer:
            let mode = try scalar("PRAGMA journal_mode=WAL")?.stringValue?.lowercased() ?? ""
            if mode != "wal" && !isInMemory {
                throw DatabaseError(code: SQLITE_ERROR,
                                    message: "cannot switch \(path) to WAL journal mode (it stays \(mode))")
            }
            // 8 MiB of page cache (the default is 2) keeps most random-keyed index pages (token
            // hashes, fingerprints) in memory between write batches. Not more: every COMMIT walks
            // the whole cache's hash table (SQLite's pcache1 truncation), which at 64 MiB cost more
            // than the reads it saved (complaint benchmark, Tests/Benchmarks/README.md).
            // Each write of a group-commit batch runs in a savepoint, whose undo copies of the pages
            // it changes go to a sub-journal: kept in memory (temp_store), not in a temporary file.
            try execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-8192; PRAGMA temp_store=MEMORY")
        case .reader:
            try execute("PRAGMA foreign_keys=ON; PRAGMA query_only=ON")
        case .plain:
            try execute("PRAGMA synchronous=FULL")
        }
    }

    private var isInMemory: Bool {
        path.isEmpty || path == ":memory:"
    }

    // MARK: Running SQL

    /// Runs SQL that may hold several statements and takes no bound values (schema scripts, pragmas).
    public func execute(_ sql: String) throws {
        let handle = try requireHandle()
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard code == SQLITE_OK else {
            let error = DatabaseError.last(of: handle, code: code, sql: sql)
            let message = errorMessage.map { String(cString: $0) } ?? error.message
            throw DatabaseError(code: error.code, message: message, sql: sql)
        }
    }

    /// Compiles exactly one SQL statement. Throws when `sql` holds none, or more than one,
    /// so that trailing statements are never silently ignored.
    public func prepare(_ sql: String) throws -> Statement {
        let handle = try requireHandle()
        var statement: OpaquePointer?
        var hasTrailingStatement = false
        let code = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(handle, text, -1, &statement, &tail)
            if code == SQLITE_OK, let tail, tail.pointee != 0 {
                // Whitespace and comments compile to no statement; anything else is a second statement.
                var extra: OpaquePointer?
                let extraCode = sqlite3_prepare_v2(handle, tail, -1, &extra, nil)
                hasTrailingStatement = extraCode != SQLITE_OK || extra != nil
                sqlite3_finalize(extra)
            }
            return code
        }
        guard code == SQLITE_OK else {
            throw DatabaseError.last(of: handle, code: code, sql: sql)
        }
        guard let statement else {
            throw DatabaseError.misuse("no SQL statement to prepare", sql: sql)
        }
        guard !hasTrailingStatement else {
            sqlite3_finalize(statement)
            throw DatabaseError.misuse("expected one SQL statement, found several", sql: sql)
        }
        return Statement(connection: self, handle: statement, sql: sql)
    }

    /// Runs one statement with bound values to completion, discarding any rows.
    public func run(_ sql: String, _ bindings: [SQLValue] = []) throws {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        while try statement.step() {}
    }

    /// Runs one statement with bound values and returns all its rows.
    public func query(_ sql: String, _ bindings: [SQLValue] = []) throws -> [Row] {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        var rows: [Row] = []
        while try statement.step() {
            rows.append(statement.row())
        }
        return rows
    }

    /// The first column of the first row, or nil when there is no row (NULL is `.null`).
    public func scalar(_ sql: String, _ bindings: [SQLValue] = []) throws -> SQLValue? {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        guard try statement.step(), statement.columnCount > 0 else { return nil }
        return statement.value(at: 0)
    }

    /// The compiled statement for `sql`, from the cache when it was compiled before. Callers
    /// reset it when done, so a cached statement never holds a transaction open.
    private func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try prepare(sql)
        if statementCache.count >= Self.statementCacheLimit { statementCache.removeAll(keepingCapacity: true) }
        statementCache[sql] = statement
        return statement
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 {
        handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    public var changes: Int {
        handle.map { Int(sqlite3_changes64($0)) } ?? 0
    }

    /// Calls `handler` with the write-ahead log's size in pages after every commit on this
    /// connection, instead of SQLite's automatic checkpoint (itself such a hook); when `handler`
    /// returns true, a PASSIVE checkpoint runs right there, on this connection, as SQLite's own
    /// would. `Database` uses it to checkpoint mostly on a thread of its own.
    func onWALCommit(_ handler: @escaping (Int) -> Bool) {
        guard let handle else { return }
        let box = WALHook(handler)
        walHook = box
        sqlite3_wal_hook(handle, { context, db, name, pages in
            guard let context, Unmanaged<WALHook>.fromOpaque(context).takeUnretainedValue().handler(Int(pages)) else {
                return SQLITE_OK
            }
            // Its result does not matter here: a checkpoint that could not run is asked for again
            // after the next commit, and the commit itself is already durable.
            _ = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            return SQLITE_OK
        }, Unmanaged.passUnretained(box).toOpaque())
    }

    /// Whether a transaction is open.
    public var isInTransaction: Bool {
        handle.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    // MARK: Transactions

    /// Runs `body` inside a transaction: COMMIT when it returns, ROLLBACK when it (or COMMIT) throws.
    ///
    /// `immediate` takes the write lock at BEGIN (use it for writes, so a conflict shows up
    /// at once rather than as `SQLITE_BUSY` mid-way); otherwise the transaction is DEFERRED,
    /// which is what readers want. Inside an open transaction this nests with a SAVEPOINT.
    public func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        if isInTransaction {
            return try savepoint(body)
        }
        try run(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        let result: T
        do {
            result = try body()
            try run("COMMIT")
        } catch {
            rollbackIfNeeded("ROLLBACK")
            throw error
        }
        return result
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        try run("SAVEPOINT nested_transaction")
        let result: T
        do {
            result = try body()
            try run("RELEASE nested_transaction")
        } catch {
            rollbackIfNeeded("ROLLBACK TO nested_transaction; RELEASE nested_transaction")
            throw error
        }
        return result
    }

    /// SQLite may already have rolled back on its own (I/O error, full disk); then there is nothing to undo.
    private func rollbackIfNeeded(_ sql: String) {
        guard isInTransaction else { return }
        try? execute(sql)
    }

    // MARK: Closing

    /// Closes the connection. Throws `SQLITE_BUSY` (and stays open) while statements are alive.
    public func close() throws {
        guard let handle else { return }
        statementCache.removeAll()  // finalized here, or sqlite3_close would find them alive
        let code = sqlite3_close(handle)
        guard code == SQLITE_OK else {
            throw DatabaseError.last(of: handle, code: code, sql: nil)
        }
        self.handle = nil
    }

    /// Whether `close()` succeeded.
    public var isClosed: Bool { handle == nil }

    func requireHandle() throws -> OpaquePointer {
        guard let handle else { throw DatabaseError.misuse("the connection to \(path) is closed") }
        return handle
    }
}

/// The handler behind `Connection.onWALCommit`, passed to SQLite as its context pointer.
final class WALHook {
    let handler: (Int) -> Bool

    init(_ handler: @escaping (Int) -> Bool) {
        self.handler = handler
    }
}
