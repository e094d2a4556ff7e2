import Synchronization
import Threading

/// Group commit: concurrent `Database.write` calls that arrive while a commit is being made to
/// disk are gathered and committed together, each in its own savepoint, with one fsync for the
/// lot. Every caller still returns only after the transaction holding its work is durable, and a
/// failing write rolls back only its own savepoint. The first waiting caller leads: it runs the
/// batch on the writer connection while the others sleep, then wakes them.
final class GroupCommit: Sendable {
    /// One caller's work, run by whichever caller leads the batch.
    ///
    /// Safety of `@unchecked Sendable`: the job is created by a caller that then sleeps until
    /// `finished` is set (under the queue's lock); only the leader touches `run` and `failure`
    /// meanwhile, so the state is never used by two threads at once.
    final class Job: @unchecked Sendable {
        /// Cleared by the leader once run, so the caller's closure is released before the caller
        /// returns (it is not allowed to outlive `write`).
        private var work: ((Connection) -> Void)?
        var failure: (any Error)?
        var finished = false

        init(_ work: @escaping (Connection) -> Void) { self.work = work }

        func run(_ connection: Connection) {
            work?(connection)
        }

        func release() { work = nil }
    }

    private struct State {
        var pending: [Job] = []
        var leading = false
    }

    enum Role {
        case finished
        case lead([Job])
    }

    private let state = ConditionLock(State())
    let maximumBatch: Int
    /// Batches committed so far, and the writes in them: their ratio is the batching achieved.
    let batches = Atomic<Int>(0)
    let writes = Atomic<Int>(0)

    init(maximumBatch: Int = 256) {
        self.maximumBatch = maximumBatch
    }

    /// Runs `job` in a group commit; returns when its batch is committed (or failed).
    func submit(_ job: Job, commit: ([Job]) -> Void) {
        state.withLock { $0.pending.append(job) }
        while true {
            let role = state.wait { s -> Role? in
                if job.finished { return .finished }
                guard !s.leading else { return nil }
                s.leading = true
                let take = min(s.pending.count, maximumBatch)
                let batch = Array(s.pending.prefix(take))
                s.pending.removeFirst(take)
                return .lead(batch)
            }
            switch role {
            case .finished:
                return
            case .lead(let batch):
                commit(batch)
                batches.add(1, ordering: .relaxed)
                writes.add(batch.count, ordering: .relaxed)
                state.withLock(signalAll: true) { s in
                    for done in batch {
                        done.release()
                        done.finished = true
                    }
                    s.leading = false
                }
            }
        }
    }
}
