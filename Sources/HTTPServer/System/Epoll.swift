import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// An epoll instance, with the C calls wrapped once here.
struct Epoll {
    let descriptor: FileDescriptor

    struct Events: OptionSet {
        let rawValue: UInt32
        static let readable = Events(rawValue: CEPOLL_IN)
        static let writable = Events(rawValue: CEPOLL_OUT)
        static let error = Events(rawValue: CEPOLL_ERR)
        static let hangup = Events(rawValue: CEPOLL_HUP)
        static let readHangup = Events(rawValue: CEPOLL_RDHUP)
        static let edgeTriggered = Events(rawValue: CEPOLL_ET)
    }

    init() throws(Errno) {
        descriptor = FileDescriptor(rawValue: try retryingSyscall { cepoll_create() })
    }

    func add(_ fd: FileDescriptor, events: Events, data: UInt64) throws(Errno) {
        _ = try retryingSyscall { cepoll_ctl(descriptor.rawValue, EPOLL_CTL_ADD, fd.rawValue, events.rawValue, data) }
    }

    func remove(_ fd: FileDescriptor) {
        _ = cepoll_ctl(descriptor.rawValue, EPOLL_CTL_DEL, fd.rawValue, 0, 0)
    }

    func close() { descriptor.close() }
}

/// The buffer epoll_wait fills; owns its C memory.
final class EpollEventBuffer {
    let capacity: Int32
    private let storage: UnsafeMutableRawPointer

    init(capacity: Int32) {
        self.capacity = capacity
        storage = cepoll_events_alloc(capacity)!
    }
    deinit { cepoll_events_free(storage) }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and returns how many events arrived.
    func wait(on epoll: Epoll, timeoutMilliseconds: Int32) -> Int {
        let n = cepoll_wait(epoll.descriptor.rawValue, storage, capacity, timeoutMilliseconds)
        return n < 0 ? 0 : Int(n)  // EINTR: treat as a wake-up with no events
    }

    func flags(at index: Int) -> Epoll.Events { Epoll.Events(rawValue: cepoll_event_flags(storage, Int32(index))) }
    func data(at index: Int) -> UInt64 { cepoll_event_data(storage, Int32(index)) }
}

/// An eventfd used to wake an event loop from another thread.
struct EventFD {
    let descriptor: FileDescriptor

    init() throws(Errno) {
        descriptor = FileDescriptor(rawValue: try retryingSyscall { cepoll_eventfd() })
    }

    func signal() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { try? descriptor.write($0) }
    }

    func drain() {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { try? descriptor.read(into: $0) }
    }
}
