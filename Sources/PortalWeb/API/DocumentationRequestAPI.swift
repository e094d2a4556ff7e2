import HTTPServer
import JSON
import Portal

/// POST /api/v1/documentation-requests: a documentation request as JSON (at most 1 MiB), filed
/// with the same rate limit, idempotency and receipt as a complaint.
enum DocumentationRequestAPI {
    static func register(on router: inout Router, context: PortalContext) {
        router.post("/api/v1/documentation-requests", bodyLimit: ComplaintAPI.jsonBodyLimit) { request in
            try SubmissionAPI.file(request, context: context, noun: "documentation request", read: { try readBody(request) }) { body, key, now in
                try context.documentationDesk.submit(body, idempotencyKey: key, now: now)
            }
        }
    }

    /// The JSON body: 415 for another media type, 413 over 1 MiB, 400 when it does not parse.
    static func readBody(_ request: Request) throws -> JSONValue {
        guard let type = request.contentType, type.matches("application/json") else {
            throw APIProblem(.unsupportedMediaType, detail: "Send the documentation request as application/json.")
        }
        return try ComplaintAPI.parseJSON(request.body)
    }
}
