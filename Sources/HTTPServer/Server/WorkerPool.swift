import Foundation
import Synchronization

/// A fixed set of threads for handlers that may block (SQLite, files), so the event loops
/// only ever wait on epoll. A fixed size bounds memory and database concurrency under load.
final class WorkerPool: Sendable {
    private struct Queue {
        var jobs: [(@Sendable () -> Void)?] = []
        var head = 0
        var stopped = false
    }

    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)
    private let threadCount: Int

    init(threads: Int) {
        threadCount = max(1, threads)
        for index in 0..<threadCount {
            let thread = Thread { [self] in self.work() }
            thread.name = "http-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        queue.withLock { $0.jobs.append(job) }
        available.signal()
    }

    /// Lets the threads finish their current job and exit; queued jobs are dropped.
    func stop() {
        queue.withLock { $0.stopped = true }
        for _ in 0..<threadCount { available.signal() }
    }

    private func work() {
        while true {
            available.wait()
            let next: (@Sendable () -> Void)?? = queue.withLock { q in
                if q.stopped { return .none }
                guard q.head < q.jobs.count else { return .some(nil) }
                let job = q.jobs[q.head]
                q.jobs[q.head] = nil
                q.head += 1
                if q.head == q.jobs.count { q.jobs.removeAll(keepingCapacity: true); q.head = 0 }
                return .some(job)
            }
            guard let job = next else { return }
            job?()
        }
    }
}
