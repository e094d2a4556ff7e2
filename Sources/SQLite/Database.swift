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
import Threading

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
    private let writer: Writer
    private let groupCommit: GroupCommit
    private let checkpointer: Checkpointer
    private let readers: ReaderPool

    /// Opens (or creates) the database at `path`, creating its parent folder when missing.
    ///
    /// The writer is opened at once (it switches the file to WAL); readers open on first use, and
    /// the thread that commits writes starts with the first write.
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
        let checkpointer = Checkpointer(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        connection.onWALCommit { pages in checkpointer.logSize(pages) }
        self.checkpointer = checkpointer
        let writer = Writer(connection, path: path)
        self.writer = writer
        self.groupCommit = GroupCommit { batch in writer.commit(batch) }
        self.readers = ReaderPool(path: path, capacity: readers, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    deinit {
        close()
    }

    /// Runs `body` on the writer inside a transaction, and returns once that transaction is
    /// committed to disk (`synchronous=FULL`).
    ///
    /// Writes are group-committed: those that arrive while a commit is being made share the next
    /// transaction, each in its own savepoint, so throughput is not bounded by one fsync per
    /// write. When `body` throws, only its own work is rolled back and the error rethrown; if the
    /// shared COMMIT fails, every write in it fails with that error. Not to be called from a
    /// completion of the asynchronous `write` (it would wait for itself).
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        precondition(!groupCommit.isCommitterThread, "Database.write called from a write's completion would wait forever")
        var result: Result<T, any Error>?
        var failure: (any Error)?
        let done = ConditionLock(false)
        withoutActuallyEscaping(body) { body in
            let job = GroupCommit.Job(work: { connection in
                result = Result { try connection.transaction(immediate: true) { try body(connection) } }
            }, finished: { commitFailure in
                failure = commitFailure
                done.withLock(signal: true) { $0 = true }
            })
            groupCommit.submit(job, stoppedError: self.closedError)
            _ = done.wait { $0 ? true : nil }
        }
        if let failure { throw failure }
        guard let result else { preconditionFailure("a finished write always has a result") }
        return try result.get()
    }

    /// The same write without waiting: `completion` gets `body`'s result once the transaction
    /// holding it is durable, or its error (its own, or the shared COMMIT's).
    ///
    /// `completion` runs on the thread that commits, between batches: keep it short (hand the
    /// result on), and never call the waiting `write` from it.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T,
                                   completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        var result: Result<T, any Error>?
        let job = GroupCommit.Job(work: { connection in
            result = Result { try connection.transaction(immediate: true) { try body(connection) } }
        }, finished: { commitFailure in
            if let commitFailure {
                completion(.failure(commitFailure))
            } else {
                completion(result ?? .failure(DatabaseError.misuse("a write finished without running")))
            }
        })
        groupCommit.submit(job, stoppedError: closedError)
    }

    /// How many transactions `write` has committed, and how many writes they held.
    public var groupCommitStatistics: (transactions: Int, writes: Int) {
        (groupCommit.batches.load(ordering: .relaxed), groupCommit.writes.load(ordering: .relaxed))
    }

    private var closedError: DatabaseError {
        DatabaseError.misuse("the database at \(path) is closed")
    }

    /// Runs `body` on the writer, one write at a time, without opening a transaction.
    ///
    /// For work that must manage its own transactions or run outside one (some pragmas,
    /// `VACUUM`, migrations that toggle foreign keys). `body` must not leave a transaction open.
    public func writeWithoutTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try writer.with(body)
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

    /// Whether `close()` was called: from then on every read and write throws.
    public var isClosed: Bool {
        writer.isClosed
    }

    /// Closes the readers and the writer once the writes already queued are done (from a write's
    /// completion it cannot wait: those still queued then fail). Later reads and writes throw.
    /// Safe to call twice.
    public func close() {
        groupCommit.stop()
        checkpointer.stop()
        readers.close()
        writer.close()
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
