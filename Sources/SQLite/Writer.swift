import Synchronization

/// The database's one writing connection, used by one thread at a time: the group commit's
/// batches and `Database.writeWithoutTransaction` take turns on it.
final class Writer: Sendable {
    private let box: Mutex<ConnectionBox>
    private let path: String

    init(_ connection: Connection, path: String) {
        box = Mutex(ConnectionBox(connection))
        self.path = path
    }

    /// Runs `body` on the connection, one caller at a time.
    func with<T>(_ body: (Connection) throws -> T) throws -> T {
        // The result travels through a local rather than as `withLock`'s return value, so `T`
        // needs no `Sendable` conformance: it never leaves this thread.
        var result: Result<T, any Error>?
        box.withLock { box in
            guard let connection = box.connection else {
                result = .failure(DatabaseError.misuse("the database at \(path) is closed"))
                return
            }
            result = Result { try body(connection) }
        }
        guard let result else { preconditionFailure("the writer closure always sets a result") }
        return try result.get()
    }

    /// One group-commit batch: one transaction around the jobs, each in its own savepoint.
    /// Returns the error that failed the batch as a whole (BEGIN or COMMIT), if any.
    func commit(_ batch: [GroupCommit.Job]) -> (any Error)? {
        do {
            try with { connection in
                try connection.run("BEGIN IMMEDIATE")
                for job in batch { job.run(connection) }
                do {
                    try connection.run("COMMIT")
                } catch {
                    if connection.isInTransaction { try? connection.execute("ROLLBACK") }
                    throw error
                }
            }
            return nil
        } catch {
            return error
        }
    }

    var isClosed: Bool {
        box.withLock { $0.connection == nil }
    }

    /// Closes the connection once the batch running on it, if any, is done.
    func close() {
        box.withLock { $0.close() }
    }
}
