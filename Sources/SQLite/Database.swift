import CSQLite
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: keeps ICU and its memory out of the server
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A SQLite database file in WAL mode: one serialized writer and a pool of concurrent readers.
///
/// Writes go through a single connection guarded by a mutex, so they never contend with each
/// other inside the process, and each one is a durable `BEGIN IMMEDIATE ... COMMIT`
/// (`synchronous=FULL`). Reads borrow one of up to `readers` read-only connections and see a
/// consistent snapshot for the whole closure, without blocking the writer or each other.
///
/// Connections never leave the closures: do not let a `Connection` or `Statement` escape. Do not
/// call `write` from inside `write` (the writer mutex is not reentrant), nor `read` from inside
/// `read` (with every reader borrowed, the inner call would wait forever). `write` inside `read`
/// is fine.
public final class Database: Sendable {
    /// The database file.
    public let path: String
    let busyTimeoutMilliseconds: Int32
    private let writer: Mutex<ConnectionBox>
    private let groupCommit = GroupCommit()
    private let readers: ReaderPool

    /// Opens (or creates) the database at `path`, creating its parent folder when missing.
    ///
    /// The writer is opened at once (it switches the file to WAL); readers open on first use.
    /// - Parameters:
    ///   - readers: the most reader connections open at a time; further reads wait for one.
    ///   - busyTimeoutMilliseconds: how long any connection waits for another process's lock.
    public init(path: String, readers: Int = 4, busyTimeoutMilliseconds: Int32 = 5000) throws {
        guard !path.isEmpty, path != ":memory:" else {
            throw DatabaseError.misuse("a Database needs a file: readers cannot share an in-memory database")
        }
        guard readers > 0 else {
            throw DatabaseError.misuse("a Database needs at least one reader, got \(readers)")
        }
        try Self.createParentFolder(of: path)
        let connection = try Connection(path: path, role: .writer, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.writer = Mutex(ConnectionBox(connection))
        self.readers = ReaderPool(path: path, capacity: readers, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    deinit {
        close()
    }

    /// Runs `body` on the writer inside a transaction, and returns once that transaction is
    /// committed to disk (`synchronous=FULL`).
    ///
    /// Writes from concurrent callers are group-committed: those that arrive while a commit is
    /// being made share the next transaction, each in its own savepoint, so throughput is not
    /// bounded by one fsync per write. When `body` throws, only its own work is rolled back and the
    /// error rethrown; if the shared COMMIT fails, every write in it fails with that error.
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        var result: Result<T, any Error>?
        var failure: (any Error)?
        withoutActuallyEscaping(body) { body in
            let job = GroupCommit.Job { connection in
                result = Result { try connection.transaction(immediate: true) { try body(connection) } }
            }
            groupCommit.submit(job) { batch in commitBatch(batch) }
            failure = job.failure
        }
        if let failure { throw failure }
        guard let result else { preconditionFailure("a finished job always has a result") }
        return try result.get()
    }

    /// How many transactions `write` has committed, and how many writes they held.
    public var groupCommitStatistics: (transactions: Int, writes: Int) {
        (groupCommit.batches.load(ordering: .relaxed), groupCommit.writes.load(ordering: .relaxed))
    }

    /// The leader's part: one transaction around the batch, each job in a savepoint.
    private func commitBatch(_ batch: [GroupCommit.Job]) {
        do {
            try writeWithoutTransaction { connection in
                try connection.run("BEGIN IMMEDIATE")
                for job in batch { job.run(connection) }
                do {
                    try connection.run("COMMIT")
                } catch {
                    if connection.isInTransaction { try? connection.execute("ROLLBACK") }
                    throw error
                }
            }
        } catch {
            for job in batch { job.failure = error }
        }
    }

    /// Runs `body` on the writer, one write at a time, without opening a transaction.
    ///
    /// For work that must manage its own transactions or run outside one (some pragmas,
    /// `VACUUM`, migrations that toggle foreign keys). `body` must not leave a transaction open.
    public func writeWithoutTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        // The result travels through a local rather than as `withLock`'s return value, so `T`
        // needs no `Sendable` conformance: it never leaves this thread.
        var result: Result<T, any Error>?
        writer.withLock { box in
            guard let connection = box.connection else {
                result = .failure(DatabaseError.misuse("the database at \(path) is closed"))
                return
            }
            result = Result { try body(connection) }
        }
        guard let result else { preconditionFailure("the writer closure always sets a result") }
        return try result.get()
    }

    /// Runs `body` on a borrowed reader inside a read transaction, so every query in it sees the
    /// same snapshot. Blocks while all readers are busy. Writes through it fail with `SQLITE_READONLY`.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        let box = try readers.checkOut()
        defer { readers.checkIn(box) }
        guard let connection = box.connection else {
            throw DatabaseError.misuse("the database at \(path) is closed")
        }
        return try connection.transaction(immediate: false) { try body(connection) }
    }

    /// Closes the readers and the writer. Later reads and writes throw. Safe to call twice.
    public func close() {
        readers.close()
        writer.withLock { box in box.close() }
    }

    private static func createParentFolder(of path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DatabaseError(code: SQLITE_CANTOPEN,
                                message: "cannot create folder \(folder.path): \(String(describing: error))")
        }
    }
}
