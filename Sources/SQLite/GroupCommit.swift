import Synchronization
import Threading

/// Group commit: writes queue here, and one thread, the committer, takes every write that waits
/// when it is free, runs each in its own savepoint of one transaction and commits them with one
/// fsync. Every write completes only after the transaction holding its work is durable, and a
/// failing write rolls back only its own savepoint.
///
/// One thread does all the writing, so a caller never leads a batch: callers of `Database.write`
/// sleep until their write is done, and asynchronous writes cost no thread at all while they wait,
/// which lets a server keep many writes in flight (large batches) with a few threads.
final class GroupCommit: Sendable {
    /// One write: its work, run on the committer, and what to do once its batch is done.
    ///
    /// Safety of `@unchecked Sendable`: a job is made by its caller and then handed over whole;
    /// from `submit` on only the committer touches it (runs, releases and finishes it once).
    final class Job: @unchecked Sendable {
        private var work: ((Connection) -> Void)?
        private var finished: ((_ commitFailure: (any Error)?) -> Void)?

        /// `work` runs inside the batch's transaction; `finished` runs after the batch committed
        /// (nil) or failed to (the COMMIT's error), once `work` has been released.
        init(work: @escaping (Connection) -> Void, finished: @escaping (_ commitFailure: (any Error)?) -> Void) {
            self.work = work
            self.finished = finished
        }

        func run(_ connection: Connection) {
            work?(connection)
        }

        /// Releases the work (a caller's closure must not outlive its `write`), then reports.
        func finish(_ commitFailure: (any Error)?) {
            work = nil
            let finished = self.finished
            self.finished = nil
            finished?(commitFailure)
        }
    }

    private struct Queue {
        var pending: [Job] = []
        var started = false
        var stopped = false
        var exited = false
    }

    private let queue = ConditionLock(Queue())
    /// The committer's thread id once it runs, so a write from inside a completion (which would
    /// wait for itself) is caught.
    private let committer = Atomic<UInt>(0)
    let maximumBatch: Int
    /// Batches committed so far, and the writes in them: their ratio is the batching achieved.
    let batches = Atomic<Int>(0)
    let writes = Atomic<Int>(0)
    private let commit: @Sendable ([Job]) -> (any Error)?

    /// `commit` runs one batch in one transaction and returns the error that failed it, if any.
    init(maximumBatch: Int = 256, commit: @escaping @Sendable ([Job]) -> (any Error)?) {
        self.maximumBatch = maximumBatch
        self.commit = commit
    }

    /// Whether the calling thread is the committer (where waiting for a write would never end).
    var isCommitterThread: Bool {
        committer.load(ordering: .acquiring) == UInt(pthread_self())
    }

    /// Queues `job`; it is finished with `stoppedError` at once if the committer has stopped.
    func submit(_ job: Job, stoppedError: @autoclosure () -> any Error) {
        let (accepted, start) = queue.withLock(signalAll: true) { q -> (Bool, Bool) in
            guard !q.stopped else { return (false, false) }
            q.pending.append(job)
            defer { q.started = true }
            return (true, !q.started)
        }
        guard accepted else {
            job.finish(stoppedError())
            return
        }
        if start {
            // Detached: it ends by itself once stopped and drained, and holds no reference to the
            // Database, so dropping the Database stops it.
            _ = OSThread(name: "sqlite-commit", detached: true) { [self] in run() }
        }
    }

    /// Stops taking writes and waits until the committer has finished what is queued (unless
    /// called on the committer itself, which cannot wait for itself).
    func stop() {
        queue.withLock(signalAll: true) { $0.stopped = true }
        guard !isCommitterThread else { return }
        _ = queue.wait { q -> Bool? in (!q.started || q.exited) ? true : nil }
    }

    private func run() {
        committer.store(UInt(pthread_self()), ordering: .releasing)
        while true {
            let batch = queue.wait { q -> [Job]? in
                if q.pending.isEmpty {
                    guard q.stopped else { return nil }
                    q.exited = true
                    return []
                }
                let take = min(q.pending.count, maximumBatch)
                let batch = Array(q.pending.prefix(take))
                q.pending.removeFirst(take)
                return batch
            }
            if batch.isEmpty {
                queue.withLock(signalAll: true) { _ in }  // wakes `stop()`
                return
            }
            let failure = commit(batch)
            batches.add(1, ordering: .relaxed)
            writes.add(batch.count, ordering: .relaxed)
            for job in batch { job.finish(failure) }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
