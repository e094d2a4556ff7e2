import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// A joinable POSIX thread: the event loops and workers run on these rather than on Foundation's
/// `Thread`, so the server does not load Foundation (and ICU) just to start threads.
public final class OSThread: Sendable {
    // The handle is written once by pthread_create before anyone can read it.
    private nonisolated(unsafe) var handle = pthread_t()

    private final class Box {
        let name: String
        let body: @Sendable () -> Void
        init(_ name: String, _ body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Starts `body` on a new thread named `name` (at most 15 bytes are kept by Linux). A
    /// detached thread cleans up after itself and cannot be joined.
    public init(name: String, detached: Bool = false, stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, stackSize)
        if detached { pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
        let context = Unmanaged.passRetained(Box(String(name.utf8.prefix(15)) ?? "thread", body)).toOpaque()
        let result = pthread_create(&handle, &attributes, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            _ = cepoll_set_thread_name(pthread_self(), box.name)
            box.body()
            return nil
        }, context)
        pthread_attr_destroy(&attributes)
        precondition(result == 0, "pthread_create failed: \(result)")
    }

    /// Waits for the thread to end. Only for threads started without `detached`, and only once.
    public func join() { pthread_join(handle, nil) }
}

/// A mutex with a condition variable, for threads that sleep until there is work.
final class ConditionLock<State>: @unchecked Sendable {
    // Safety of @unchecked Sendable: `state` is only touched between lock and unlock below.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var state: State

    init(_ state: State) {
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
    func withLock<T>(signalAll: Bool = false, signal: Bool = false, _ body: (inout State) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer {
            if signalAll { pthread_cond_broadcast(condition) } else if signal { pthread_cond_signal(condition) }
            pthread_mutex_unlock(mutex)
        }
        return body(&state)
    }

    /// Sleeps until `body` returns non-nil, re-checking each time the state is signalled.
    func wait<T>(until body: (inout State) -> T?) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            if let value = body(&state) { return value }
            pthread_cond_wait(condition, mutex)
        }
    }
}
