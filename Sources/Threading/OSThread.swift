import CThreading
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
            _ = cthreading_set_name(pthread_self(), box.name)
            box.body()
            return nil
        }, context)
        pthread_attr_destroy(&attributes)
        precondition(result == 0, "pthread_create failed: \(result)")
    }

    /// Waits for the thread to end. Only for threads started without `detached`, and only once.
    public func join() { pthread_join(handle, nil) }

    /// Lowers the calling thread's scheduling priority (raises its nice value by `increment`),
    /// for background work that should only take cores nothing else needs. Returns whether the
    /// system allowed it.
    @discardableResult
    public static func lowerCurrentPriority(by increment: Int32) -> Bool {
        cthreading_lower_priority(increment) == 0
    }
}
