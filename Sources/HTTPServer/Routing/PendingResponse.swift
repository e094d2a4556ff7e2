import Synchronization
import Threading

/// A handler that answers later: it starts the work (a database write, say) and returns at once,
/// and whoever finishes the work completes `pending` — from any thread. The thread that ran the
/// handler is free meanwhile, so no thread sleeps per request while a commit is made.
/// Errors thrown by the handler itself are answered like a `Handler`'s.
public typealias DeferredHandler = @Sendable (Request, PendingResponse) throws -> Void

/// The answer to one request, given later and from any thread by a `DeferredHandler`.
///
/// Only the first completion counts. A pending response released without any completion answers
/// 500, so a handler that forgets a path fails the request rather than hang its connection.
public final class PendingResponse: Sendable {
    /// How an answer travels: as the work that builds it, run by the thread that sends it.
    typealias Answer = @Sendable () throws -> Response
    private let deliver: Mutex<(@Sendable (@escaping Answer) -> Void)?>

    init(_ deliver: @escaping @Sendable (@escaping Answer) -> Void) {
        self.deliver = Mutex(deliver)
    }

    deinit {
        deliver.withLock { $0 }?({ throw Abandoned() })
    }

    /// Answers with `response`.
    public func succeed(_ response: Response) {
        complete(building: { response })
    }

    /// Answers with the error's status (an `HTTPResponseError`), or 500.
    public func fail(_ error: any Error) {
        complete(building: { throw error })
    }

    public func complete(_ result: Result<Response, any Error>) {
        complete(building: { try result.get() })
    }

    /// Answers with what `build` returns (or the status of what it throws), run on the thread
    /// that sends the answer (an event loop), so the completing thread — a database's commit
    /// thread, say — only hands the outcome on.
    public func complete(building build: @escaping @Sendable () throws -> Response) {
        let deliver = self.deliver.withLock { deliver -> (@Sendable (@escaping Answer) -> Void)? in
            defer { deliver = nil }
            return deliver
        }
        deliver?(build)
    }

    /// Runs `handler` and waits for its answer: how a deferred route is called where a plain
    /// `Handler` is expected (tests that drive the router in-process).
    static func wait(for request: Request, _ handler: DeferredHandler) throws -> Response {
        let answer = ConditionLock<Result<Response, any Error>?>(nil)
        try handler(request, PendingResponse { build in
            let result = Result { try build() }
            answer.withLock(signal: true) { $0 = result }
        })
        return try answer.wait { $0 }.get()
    }

    /// What a response released without an answer fails with.
    struct Abandoned: Error, CustomStringConvertible {
        var description: String { "a deferred handler released its pending response without answering" }
    }
}
