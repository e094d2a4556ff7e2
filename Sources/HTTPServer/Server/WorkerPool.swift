import Threading
/// A fixed set of threads for handlers that may block (SQLite, files), so the event loops
/// only ever wait on epoll. A fixed size bounds memory and database concurrency under load.
final class WorkerPool: Sendable {
    private struct Queue {
        var jobs: [(@Sendable () -> Void)?] = []
        var head = 0
        var stopped = false
    }

    private let queue = ConditionLock(Queue())

    init(threads count: Int) {
        let queue = self.queue
        for index in 0..<max(1, count) {
            // Detached: a handler still running after shutdown must not hold up the exit.
            _ = OSThread(name: "http-worker-\(index)", detached: true) { WorkerPool.work(queue) }
        }
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        queue.withLock(signal: true) { $0.jobs.append(job) }
    }

    /// Lets the threads finish their current job and exit; queued jobs are dropped.
    func stop() {
        queue.withLock(signalAll: true) { $0.stopped = true }
    }

    private static func work(_ queue: ConditionLock<Queue>) {
        while true {
            let next: (@Sendable () -> Void)? = queue.wait { q -> (@Sendable () -> Void)?? in
                if q.stopped { return .some(nil) }
                guard q.head < q.jobs.count else { return nil }
                let job = q.jobs[q.head]
                q.jobs[q.head] = nil
                q.head += 1
                if q.head == q.jobs.count { q.jobs.removeAll(keepingCapacity: true); q.head = 0 }
                return .some(job)
            }
            guard let job = next else { return }
            job()
        }
    }
}
