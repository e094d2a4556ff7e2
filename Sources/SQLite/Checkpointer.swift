import Threading

/// Copies the write-ahead log back into the database file on a thread of its own, so the commit
/// thread spends its time on commits rather than on checkpoints.
///
/// The writer's commits report the log's size (`Connection.onWALCommit`, which replaces SQLite's
/// automatic checkpoint); past `pages` the checkpointer runs a PASSIVE checkpoint on its own
/// connection. PASSIVE never waits for the writer or the readers: it copies what no reader still
/// needs, and SQLite starts the log over at the next write once everything was copied.
final class Checkpointer: Sendable {
    private struct State {
        var requested = false
        var started = false
        var stopped = false
        var exited = false
    }

    private let path: String
    private let busyTimeoutMilliseconds: Int32
    /// The log size, in pages, that asks for a checkpoint: SQLite's own default.
    let pages: Int
    private let state = ConditionLock(State())

    init(path: String, busyTimeoutMilliseconds: Int32, pages: Int = 1000) {
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.pages = pages
    }

    /// Told by the commit thread after each commit how large the log is.
    func logSize(_ size: Int) {
        guard size >= pages else { return }
        let start = state.withLock(signalAll: true) { s -> Bool in
            guard !s.stopped else { return false }
            s.requested = true
            defer { s.started = true }
            return !s.started
        }
        if start {
            // Detached, holding no reference to the Database; it ends when stopped.
            _ = OSThread(name: "sqlite-checkpoint", detached: true) { [self] in run() }
        }
    }

    /// Stops the thread after the checkpoint it is making, if any, and waits for that.
    func stop() {
        state.withLock(signalAll: true) { $0.stopped = true }
        _ = state.wait { s -> Bool? in (!s.started || s.exited) ? true : nil }
    }

    private func run() {
        var connection: Connection?
        while true {
            let go = state.wait { s -> Bool? in
                if s.stopped { return false }
                guard s.requested else { return nil }
                s.requested = false
                return true
            }
            guard go else { break }
            do {
                if connection == nil {
                    connection = try Connection(path: path, role: .plain, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
                }
                _ = try connection?.query("PRAGMA wal_checkpoint(PASSIVE)")
            } catch {
                // Nothing is lost: the log keeps every commit, and the next request tries again.
                // Drop the connection in case it is the problem.
                connection = nil
            }
        }
        try? connection?.close()
        state.withLock(signalAll: true) { $0.exited = true }
    }
}
