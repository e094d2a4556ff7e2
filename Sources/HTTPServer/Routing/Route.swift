/// A request handler. It may throw an `HTTPResponseError` to answer with that status.
public typealias Handler = @Sendable (Request) throws -> Response

/// Where a handler runs. Handlers that may block (SQLite, files) run on the worker pool so
/// they never stall other connections' I/O; tiny, non-blocking ones may run on the event loop.
public enum Execution: Sendable, Equatable {
    case eventLoop
    case workerPool
    /// On the event loop when the body is at most this many bytes (quick to handle: no thread
    /// hand-off), on the worker pool when larger.
    case eventLoopForBodies(upTo: Int)
}

/// A registered route: method, path pattern (`/cases/:id`), and how to run it.
public struct Route: Sendable {
    public let method: String
    public let pattern: String
    public let execution: Execution
    /// Largest request body accepted, in bytes; nil means the server's default.
    public let bodyLimit: Int?
    public let handler: Handler
    /// For routes that answer later: the handler the server runs (`handler` then runs it and waits).
    public let deferred: DeferredHandler?
    let segments: [Segment]

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }
}
