/// Turns a request and its route match into a response: runs the handler, maps thrown errors to
/// their status, answers OPTIONS, 404 and 405, and falls back to static files. Shared by the
/// event loops and the worker threads.
struct Responder: Sendable {
    let router: Router
    let staticFiles: StaticFiles?
    let configuration: ServerConfiguration

    /// Whether this request can be answered on the event loop without blocking: `.eventLoop` or
    /// `.workerPool`, never the conditional case.
    func execution(for request: Request, match: Router.Match) -> Execution {
        switch match {
        case .found(let route, _):
            if case .eventLoopForBodies(let limit) = route.execution {
                return request.body.count <= limit ? .eventLoop : .workerPool
            }
            return route.execution
        case .methodNotAllowed: return .eventLoop
        case .notFound:
            return (staticFiles == nil || request.path == "*") ? .eventLoop : .workerPool
        }
    }

    /// The route name for the log: the pattern, never the concrete path.
    func routeName(for match: Router.Match) -> String {
        switch match {
        case .found(let route, _): return route.pattern
        case .methodNotAllowed, .notFound: return staticFiles == nil ? "-" : "static"
        }
    }

    func respond(to request: Request, match: Router.Match) -> Response {
        switch match {
        case .found(let route, let parameters):
            var request = request
            request.parameters = parameters
            do {
                return try route.handler(request)
            } catch {
                return errorResponse(error, for: request)
            }
        case .methodNotAllowed(let allow):
            let allowHeader = HTTPHeader("Allow", allow.joined(separator: ", "))
            if request.method == "OPTIONS" { return Response(status: .ok, headers: [allowHeader]) }
            let detail = "\(request.method) is not accepted here; this resource accepts \(allow.joined(separator: ", "))."
            return errorResponse(HTTPError(.methodNotAllowed, detail: detail, headers: [allowHeader]), for: request)
        case .notFound:
            if request.path == "*" {
                let methods = Router.allowList(router.routes.map(\.method) + (staticFiles == nil ? [] : ["GET"]))
                return Response(status: .ok, headers: [HTTPHeader("Allow", methods.joined(separator: ", "))])
            }
            guard let staticFiles else { return errorResponse(HTTPError(.notFound), for: request) }
            if request.method == "OPTIONS" {
                if staticFiles.servesFile(at: request.path) {
                    return Response(status: .ok, headers: [HTTPHeader("Allow", "GET, HEAD, OPTIONS")])
                }
                return errorResponse(HTTPError(.notFound), for: request)
            }
            do {
                return try staticFiles.response(for: request)
            } catch {
                return errorResponse(error, for: request)
            }
        }
    }

    /// Starts a deferred route's handler; its answer goes to `deliver`, from whichever thread
    /// completes it, as the work that builds the response (or the response for its error), for the
    /// sending thread to run.
    func respondLater(to request: Request, parameters: [String: String], handler: DeferredHandler,
                      deliver: @escaping @Sendable (@escaping @Sendable () -> Response) -> Void) {
        var request = request
        request.parameters = parameters
        let answered = request
        let pending = PendingResponse { build in
            deliver {
                do {
                    return try build()
                } catch {
                    return errorResponse(error, for: answered)
                }
            }
        }
        do {
            try handler(request, pending)
        } catch {
            pending.fail(error)
        }
    }

    func errorResponse(_ error: any Error, for request: Request) -> Response {
        if let error = error as? any HTTPResponseError {
            if let custom = error.response(for: request) { return custom }
            return ErrorResponses.make(error.status, detail: error.detail, path: request.path,
                                       headers: error.headers, configuration: configuration)
        }
        configuration.errorLog?(String(describing: error))
        return ErrorResponses.make(.internalServerError, detail: nil, path: request.path, headers: [],
                                   configuration: configuration)
    }
}
