/// Everything the server needs to know besides its routes. Defaults are the production values;
/// tests shorten the timeouts.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests); `Server.port` tells which.
    public var port = 8080
    /// Event loops, each with its own thread and listening socket (SO_REUSEPORT). Default: one per
    /// core but one (at least one), so the threads that must not wait for a core — a database's
    /// commit thread — keep one: on 2 cores one loop answered 3-8 % more complaints and 30-40 % more
    /// small GETs than two (Tests/Benchmarks/README.md).
    public var eventLoops = max(1, System.coreCount - 1)
    /// Threads for handlers that may block. Enough that concurrent database writes can share a
    /// commit (group commit) rather than queue for one.
    public var workerThreads = max(32, System.coreCount * 16)
    public var backlog: Int32 = 1024
    public var limits = ParserLimits()
    /// Request body limit for routes that do not set their own.
    public var defaultBodyLimit = 1024 * 1024
    /// Open connections past which new ones are closed at once.
    public var maxConnections = 10_000
    /// The whole header section must arrive within this, or 408.
    public var headerTimeout: Duration = .seconds(10)
    /// Idle keep-alive connections close after this.
    public var idleTimeout: Duration = .seconds(30)
    /// A body must arrive at this rate on average once `bodyRateGracePeriod` has passed, or 408.
    public var minimumBodyBytesPerSecond = 1024
    public var bodyRateGracePeriod: Duration = .seconds(10)
    /// A response the client does not read for this long closes the connection.
    public var sendTimeout: Duration = .seconds(30)
    /// How long shutdown waits for in-flight requests before closing everything.
    public var drainTimeout: Duration = .seconds(10)
    /// Paths under these prefixes get `application/problem+json` errors, others a small HTML page.
    public var problemJSONPrefixes = ["/api/"]
    /// Write one JSON line per request to stderr.
    public var accessLog = true
    /// Send a Server header (off by default: it only helps attackers).
    public var serverHeader: String?
    /// Receives the description of errors that became a 500, for the application log.
    public var errorLog: (@Sendable (String) -> Void)?

    public init() {}
}

/// Facts about the machine.
public enum System {
    /// Online processor count.
    public static var coreCount: Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
    }
}

#if canImport(Glibc)
import Glibc
#endif
