import Threading

/// Copies the write-ahead log back into the database file, mostly on a thread of its own, so the
/// commit thread spends its time on commits rather than on checkpoints.
///
/// The writer's commits report the log's size (`Connection.onWALCommit`, which replaces SQLite's
/// automatic checkpoint). Past `backgroundPages` the checkpointer thread runs a PASSIVE
/// checkpoint on its own connection: it never waits for the writer or the readers and copies what
/// no reader still needs. But SQLite starts the log over only when a checkpoint has copied all of
/// it before the next write begins, which a checkpoint racing a busy writer never does; so past
/// `inlinePages` the commit thread runs one itself, between two batches, where it only has the
/// few pages the thread has not copied yet. The log stays near `inlinePages` however busy.
final class Checkpointer: Sendable {
    private struct State {
        var requested = false
        var started = false
        var stopped = false
        var exited = false
    }

    private let path: String
    private let busyTimeoutMilliseconds: Int32
    /// The log size, in pages, that wakes the checkpointer thread.
    let backgroundPages: Int
    /// The log size at which the commit thread checkpoints itself (SQLite's default is 1,000).
    let inlinePages: Int
    private let state = ConditionLock(State())

    init(path: String, busyTimeoutMilliseconds: Int32, backgroundPages: Int = 500, inlinePages: Int = 1500) {
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.backgroundPages = backgroundPages
        self.inlinePages = max(backgroundPages, inlinePages)
    }

    /// Told by the commit thread after each commit how large the log is; returns whether that
    /// thread should checkpoint now, itself.
    func logSize(_ size: Int) -> Bool {
        guard size >= backgroundPages else { return false }
        if size >= inlinePages { return true }
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
        return false
    }

    /// Stops the thread after the checkpoint it is making, if any, and waits for that.
    func stop() {
        state.withLock(signalAll: true) { $0.stopped = true }
        _ = state.wait { s -> Bool? in (!s.started || s.exited) ? true : nil }
    }

    private func run() {
        // Background work: at a lower priority (nice 10) it takes the cores the commit thread and
        // the request threads leave idle, instead of delaying them; should it fall behind, the
        // commit thread checkpoints itself past `inlinePages`.
        OSThread.lowerCurrentPriority(by: 10)
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
