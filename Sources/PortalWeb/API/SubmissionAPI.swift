import HTTPServer
import JSON
import Portal

/// What every public filing endpoint does around its desk, whatever the case type: the rate limit
/// per client address (shared by all types), the `Idempotency-Key` header, and the answer — 201
/// with the receipt (`Idempotent-Replayed: true` for a replay), 422 with the field errors, or 422
/// when the key was used for another submission.
enum SubmissionAPI {
    /// Files one submission: past the rate limit, `read` reads the body (415, 400, 413), then the
    /// key is checked and `submit` hands the body to the desk.
    static func file<Body>(_ request: Request, context: PortalContext, noun: String, read: () throws -> Body,
                           submit: (_ body: Body, _ key: IdempotencyKey?, _ now: Int64) throws -> DeskOutcome) throws -> Response {
        let (body, key, now) = try receive(request, context: context, read: read)
        return try answer(try submit(body, key, now), noun: noun)
    }

    /// The same for a desk that files without waiting: `submit` starts the filing and the desk's
    /// completion answers `pending` once the case is durable. The thread is free in between.
    static func file<Body>(_ request: Request, context: PortalContext, noun: String, pending: PendingResponse, read: () throws -> Body,
                           submit: (_ body: Body, _ key: IdempotencyKey?, _ now: Int64,
                                    _ completion: @escaping @Sendable (Result<DeskOutcome, any Error>) -> Void) -> Void) throws {
        let (body, key, now) = try receive(request, context: context, read: read)
        submit(body, key, now) { result in
            pending.complete(building: { try answer(try result.get(), noun: noun) })
        }
    }

    /// The rate limit, the body and the `Idempotency-Key` header, in that order.
    private static func receive<Body>(_ request: Request, context: PortalContext,
                                      read: () throws -> Body) throws -> (Body, IdempotencyKey?, Int64) {
        let now = context.now()
        if let wait = context.submissionLimiter.attempt(context.clientAddress.of(request), now: now) {
            throw APIProblem(.tooManyRequests, detail: "Too many submissions from this address; try again in \(wait) seconds.",
                             headers: [HTTPHeader("Retry-After", String(wait))])
        }
        let body = try read()
        var key: IdempotencyKey?
        if let header = request.headers["Idempotency-Key"] {
            guard let parsed = IdempotencyKey(scope: "api", value: header) else {
                throw APIProblem(.badRequest, detail: "The Idempotency-Key header must be 1 to 255 visible ASCII characters.")
            }
            key = parsed
        }
        return (body, key, now)
    }

    /// 201 with the receipt (`Idempotent-Replayed: true` for a replay), or the 422 for the outcome.
    private static func answer(_ outcome: DeskOutcome, noun: String) throws -> Response {
        switch outcome {
        case .invalid(let errors):
            throw APIProblem.invalidSubmission(errors, noun: noun)
        case .keyReused:
            throw APIProblem(.unprocessableContent, type: "/problems/idempotency-key-reused", title: "Idempotency-Key already used",
                             detail: "This Idempotency-Key was used for a different submission; use a new key for a new \(noun).")
        case .filed(let receipt, let replayed):
            var headers = [HTTPHeader("Cache-Control", "no-store"), HTTPHeader("Location", "/api/v1/status")]
            if replayed { headers.append(HTTPHeader("Idempotent-Replayed", "true")) }
            return APIResponse.json(receipt.json, status: .created, headers: headers)
        }
    }
}
