import HTTPServer
import JSON
import Portal

/// POST /api/v1/complaints: a complaint as JSON, or as multipart/form-data with a `complaint`
/// JSON part and up to five evidence files.
enum ComplaintAPI {
    /// Large enough for five 10 MiB files and the form around them; each part has its own limit.
    static let bodyLimit = 52 << 20
    static let jsonBodyLimit = 1 << 20

    static func register(on router: inout Router, context: PortalContext) {
        // Deferred: the handler validates and queues the write, and the answer goes out when the
        // commit holding it is durable; no thread waits for the fsync meanwhile. A JSON complaint of
        // up to 16 KiB is validated on the event loop itself (a fraction of a millisecond, nothing
        // blocking but the idempotency secret's one read at first use); larger bodies, files
        // above all, on a worker.
        router.addDeferred("POST", "/api/v1/complaints", execution: .eventLoopForBodies(upTo: 16 << 10),
                           bodyLimit: bodyLimit) { request, pending in
            try SubmissionAPI.file(request, context: context, noun: "complaint", pending: pending,
                                   read: { try readBody(request) }) { body, key, now, completion in
                context.desk.submit(body.0, uploads: body.1, idempotencyKey: key, now: now, completion: completion)
            }
        }
    }

    /// The submission and its files, from JSON or multipart.
    static func readBody(_ request: Request) throws -> (JSONValue, [ComplaintDesk.Upload]) {
        guard let type = request.contentType else {
            throw APIProblem(.unsupportedMediaType, detail: "Send the complaint as application/json or multipart/form-data.")
        }
        if type.matches("application/json") {
            guard request.body.count <= jsonBodyLimit else {
                throw APIProblem(.contentTooLarge, detail: "A JSON complaint may be at most 1 MiB; attach files with multipart/form-data.")
            }
            return (try parseJSON(request.body), [])
        }
        if type.matches("multipart/form-data") {
            guard let boundary = type.parameters["boundary"] else {
                throw APIProblem(.unsupportedMediaType, detail: "multipart/form-data needs a boundary parameter.")
            }
            // The complaint part may be as large as a JSON body: the default 64 KiB field limit
            // would refuse valid complaints (50 works, a long description) that JSON accepts.
            var limits = FormLimits()
            limits.maxFieldBytes = jsonBodyLimit
            let parts = try MultipartParser.parse(request.body, boundary: boundary, limits: limits)
            guard let complaintPart = parts.first(where: { $0.name == "complaint" && !$0.isFile }) else {
                throw APIProblem(.unprocessableContent, type: "/problems/invalid-submission", title: "The complaint is incomplete",
                                 errors: [FieldError("complaint", "Add a part named complaint holding the complaint as JSON.")])
            }
            let uploads = parts.filter(\.isFile).map { ComplaintDesk.Upload(filename: $0.filename ?? "file", bytes: $0.body) }
            return (try parseJSON(complaintPart.body), uploads)
        }
        throw APIProblem(.unsupportedMediaType, detail: "Send the complaint as application/json or multipart/form-data, not \(type.essence).")
    }

    static func parseJSON(_ bytes: [UInt8]) throws -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw APIProblem(.badRequest, type: "/problems/malformed-json", title: "The body is not valid JSON", detail: error.description)
        }
    }
}
