import Threading
import Synchronization

/// What every event loop and worker shares.
final class ServerShared: Sendable {
    let configuration: ServerConfiguration
    let responder: Responder
    let pool: WorkerPool
    let openConnections = Atomic<Int>(0)
    let shutdownRequested = Atomic<Bool>(false)

    init(configuration: ServerConfiguration, responder: Responder, pool: WorkerPool) {
        self.configuration = configuration
        self.responder = responder
        self.pool = pool
    }
}

/// The HTTP/1.1 server: one event loop per core, each with its own listening socket on the same
/// port, and a worker pool for handlers that may block. It knows nothing of what it serves.
public final class Server: Sendable {
    /// The port actually listened on (the chosen one when the configuration asked for 0).
    public let port: Int
    public let configuration: ServerConfiguration
    private let shared: ServerShared
    private let loops: [EventLoop]
    private let threads: [OSThread]
    private let joined = Mutex(false)

    /// Binds, starts the loops and returns once connections are being accepted.
    public init(configuration: ServerConfiguration, router: Router, staticFiles: StaticFiles? = nil) throws {
        Socket.raiseOpenFileLimit()
        let count = max(1, configuration.eventLoops)
        var listeners: [FileDescriptor] = []
        var port = configuration.port
        do {
            for _ in 0..<count {
                let fd = try Socket.listen(host: configuration.host, port: port, backlog: configuration.backlog, reusePort: count > 1)
                listeners.append(fd)
                if port == 0 { port = try Socket.boundPort(fd) }
            }
        } catch let error as Errno {
            listeners.forEach { $0.close() }
            throw ServerError.cannotListen(host: configuration.host, port: configuration.port, reason: error.description)
        }
        self.port = port
        self.configuration = configuration
        let shared = ServerShared(configuration: configuration,
                                  responder: Responder(router: router, staticFiles: staticFiles, configuration: configuration),
                                  pool: WorkerPool(threads: configuration.workerThreads))
        self.shared = shared
        var loops: [EventLoop] = []
        for (index, listener) in listeners.enumerated() {
            loops.append(try EventLoop(index: index, listener: listener, shared: shared))
        }
        self.loops = loops
        threads = loops.map { loop in OSThread(name: "http-loop-\(loop.index)") { loop.run() } }
    }

    /// Starts a graceful shutdown: stop accepting, finish in-flight requests, close idle
    /// connections; whatever is left when the drain timeout ends is closed. Safe from any thread.
    public func shutdown() {
        shared.shutdownRequested.store(true, ordering: .releasing)
        loops.forEach { $0.wake() }
    }

    /// Blocks until every loop has stopped after `shutdown()`.
    public func wait() {
        joined.withLock { done in
            guard !done else { return }
            threads.forEach { $0.join() }
            shared.pool.stop()
            done = true
        }
    }

    /// Connections currently open, across all loops.
    public var openConnections: Int { shared.openConnections.load(ordering: .relaxed) }
}
