#if canImport(Glibc)
import Glibc
#endif

/// A mutex with a condition variable, for threads that sleep until there is work.
public final class ConditionLock<State>: @unchecked Sendable {
    // Safety of @unchecked Sendable: `state` is only touched between lock and unlock below.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var state: State

    public init(_ state: State) {
        self.state = state
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Changes the state and wakes one waiter (or all).
    public func withLock<T>(signalAll: Bool = false, signal: Bool = false, _ body: (inout State) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer {
            if signalAll { pthread_cond_broadcast(condition) } else if signal { pthread_cond_signal(condition) }
            pthread_mutex_unlock(mutex)
        }
        return body(&state)
    }

    /// Sleeps until `body` returns non-nil, re-checking each time the state is signalled.
    public func wait<T>(until body: (inout State) -> T?) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            if let value = body(&state) { return value }
            pthread_cond_wait(condition, mutex)
        }
    }
}
