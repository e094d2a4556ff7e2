import HTTPServer
import JSON
import Portal

/// The party's API, with `Authorization: Bearer <status token>` from the receipt:
/// GET /api/v1/status (status, current dates, messages, decision), POST /api/v1/status/messages
/// (a reply; while the case awaits the party it returns to review) and POST /api/v1/status/withdrawal.
enum StatusAPI {
    static func register(on router: inout Router, context: PortalContext) {
        router.get("/api/v1/status") { request in
            let status = try caseStatus(request, context: context)
            guard let record = try context.database.read({ try CaseRecord.load(id: status.id, $0) }) else {
                throw APIProblem(WorkflowError.caseNotFound)
            }
            return partyResponse(record, context: context, status: .ok)
        }
        router.post("/api/v1/status/messages", bodyLimit: APIBody.smallLimit) { request in
            let status = try caseStatus(request, context: context)
            let body = try APIBody.read(request)
            let record = try APIProblem.mapping { try context.workflow.reply(caseID: status.id, request: body, now: context.now()) }
            return partyResponse(record, context: context, status: .created)
        }
        router.post("/api/v1/status/withdrawal", bodyLimit: APIBody.smallLimit) { request in
            let status = try caseStatus(request, context: context)
            let body: JSONValue = request.body.isEmpty ? .object(JSONObject()) : try APIBody.read(request)
            let record = try APIProblem.mapping { try context.workflow.withdraw(caseID: status.id, request: body, now: context.now()) }
            return partyResponse(record, context: context, status: .ok)
        }
    }

    private static func partyResponse(_ record: CaseRecord, context: PortalContext, status: HTTPStatus) -> Response {
        APIResponse.json(CaseView.partyJSON(record, deadlines: context.workflow.deadlines(of: record, now: context.now())),
                         status: status, headers: [HTTPHeader("Cache-Control", "no-store")])
    }

    /// The case of the request's status token, or 401.
    private static func caseStatus(_ request: Request, context: PortalContext) throws -> CaseStatus {
        guard let token = bearerToken(request) else {
            throw APIProblem(.unauthorized, detail: "Send the status token from your receipt as Authorization: Bearer <token>.",
                             headers: [HTTPHeader("WWW-Authenticate", "Bearer realm=\"status\"")])
        }
        guard let status = try context.desk.store.status(token: token) else {
            throw APIProblem(.unauthorized, detail: "No case has this status token.",
                             headers: [HTTPHeader("WWW-Authenticate", "Bearer realm=\"status\", error=\"invalid_token\"")])
        }
        return status
    }

    /// The token of an `Authorization: Bearer` header (RFC 6750), or nil.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers["Authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingSpaces
        return token.isEmpty ? nil : String(token)
    }
}
