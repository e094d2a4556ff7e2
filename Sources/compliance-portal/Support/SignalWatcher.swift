import Threading
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM/SIGINT into a call on a dedicated thread instead of killing the process, so the
/// server can drain. The signals are blocked in the calling thread, and so in every thread
/// started after it, and taken with sigwait: create this before any other thread.
final class SignalWatcher {
    private let thread: OSThread

    init(signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let waited = set
        thread = OSThread(name: "signals", detached: true) {
            var set = waited
            while true {
                var number: Int32 = 0
                if sigwait(&set, &number) == 0 { handler(number) }
            }
        }
    }
}
