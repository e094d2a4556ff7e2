/// One client connection's state. It belongs to one event loop and is only touched on its thread.
final class Connection {
    enum Phase {
        /// Between requests (keep-alive); the idle timeout runs.
        case idle
        /// Receiving a request head; the header timeout runs.
        case head
        /// Receiving a body; the minimum rate applies.
        case body
        /// A handler runs on a worker thread; nothing more is read until it answers.
        case handling
        /// The last response is being written; then the write side is shut and input drained.
        case closing
    }

    let fd: FileDescriptor
    let generation: UInt64
    let remoteAddress: String
    let input = ByteBuffer(capacity: 4096)
    let output = ByteBuffer(capacity: 4096)

    var phase = Phase.head
    var scanner = HeadScanner()
    var head: RequestHead?
    var match: Router.Match = .notFound
    var bodyLimit = 0
    var body: [UInt8] = []
    var chunked = ChunkedDecoder()

    /// When the current phase's timeout fires (monotonic ns).
    var deadline: UInt64
    var bodyStartedAt: UInt64 = 0
    var requestStartedAt: UInt64 = 0
    /// Input arrived (or may have) while we were not reading; read again when free.
    var readPending = false
    var peerClosed = false
    /// epoll reported a hang-up or error: a short read no longer means there is nothing more
    /// to read, since the end of stream (or the error) may be waiting behind the data, and an
    /// edge-triggered epoll will not report it again.
    var hangupSeen = false
    var writeBlockedSince: UInt64?
    var keepAlive = true
    var lingering = false
    var isClosed = false

    /// What the log line and the response framing need once the handler has answered.
    var pendingMethod = "-"
    var pendingRoute = "-"
    var pendingVersion = HTTPVersion.http1_1

    init(fd: FileDescriptor, generation: UInt64, remoteAddress: String, deadline: UInt64) {
        self.fd = fd
        self.generation = generation
        self.remoteAddress = remoteAddress
        self.deadline = deadline
    }

    /// Forgets the finished request so the next one starts clean.
    func resetRequest() {
        scanner.reset()
        head = nil
        match = .notFound
        body = []
        chunked = ChunkedDecoder()
        pendingMethod = "-"
        pendingRoute = "-"
    }
}
