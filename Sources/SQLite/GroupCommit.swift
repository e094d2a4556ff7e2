import Synchronization
import Threading

/// Group commit: concurrent `Database.write` calls that arrive while a commit is being made to
/// disk are gathered and committed together, each in its own savepoint, with one fsync for the
/// lot. Every caller still returns only after the transaction holding its work is durable, and a
/// failing write rolls back only its own savepoint.
///
/// One caller at a time leads: it commits a batch of waiting writes, wakes exactly their callers,
/// and hands the lead to the oldest write still waiting, so no thread wakes without work to do.
final class GroupCommit: Sendable {
    enum Role {
        case finished
        case lead
    }

    /// One caller's work, run by whichever caller leads its batch.
    ///
    /// Safety of `@unchecked Sendable`: the job is created by a caller that then sleeps on
    /// `signal` until it is told it finished or leads; until then only the leader touches `work`
    /// and `failure`, so the state is never used by two threads at once.
    final class Job: @unchecked Sendable {
        /// Cleared by the leader once run, so the caller's closure is released before the caller
        /// returns (it is not allowed to outlive `write`).
        private var work: ((Connection) -> Void)?
        var failure: (any Error)?
        let signal = ConditionLock<Role?>(nil)

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

    private let state = Mutex(State())
    let maximumBatch: Int
    /// Batches committed so far, and the writes in them: their ratio is the batching achieved.
    let batches = Atomic<Int>(0)
    let writes = Atomic<Int>(0)

    init(maximumBatch: Int = 256) {
        self.maximumBatch = maximumBatch
    }

    /// Runs `job` in a group commit; returns when its batch is committed (or failed).
    func submit(_ job: Job, commit: ([Job]) -> Void) {
        let leadsNow = state.withLock { s -> Bool in
            s.pending.append(job)
            guard !s.leading else { return false }
            s.leading = true
            return true
        }
        let role = leadsNow ? Role.lead : job.signal.wait { $0 }
        guard case .lead = role else { return }

        let batch = state.withLock { s -> [Job] in
            let take = min(s.pending.count, maximumBatch)
            let batch = Array(s.pending.prefix(take))
            s.pending.removeFirst(take)
            return batch
        }
        commit(batch)
        batches.add(1, ordering: .relaxed)
        writes.add(batch.count, ordering: .relaxed)
        let next = state.withLock { s -> Job? in
            guard let first = s.pending.first else {
                s.leading = false
                return nil
            }
            return first  // keeps `leading`: the lead passes to it
        }
        for done in batch {
            done.release()
            if done !== job { done.signal.withLock(signal: true) { $0 = .finished } }
        }
        next?.signal.withLock(signal: true) { $0 = .lead }
    }
}
