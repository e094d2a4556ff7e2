import HTTPServer
import JSON
import Portal

/// The staff API over cases: the queue, a case's detail, events and attachments, and the changes
/// reviewers make (transitions, assignment, notes, messages, extensions). Every route needs a
/// staff token; changes need the reviewer or admin role and accept `If-Match`.
enum CaseAPI {
    static func register(on router: inout Router, context: PortalContext) {
        router.get("/api/v1/cases") { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .read)
            let query = try parseQuery(request, me: member.name, paginated: true)
            return APIResponse.json(try context.queue.page(query, now: context.now()).json, headers: noStore)
        }
        router.get("/api/v1/cases/:reference") { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .read)
            let record = try APIProblem.mapping { try load(request, context) }
            return try detailResponse(record, member: member, context: context, request: request)
        }
        router.get("/api/v1/cases/:reference/events") { request in
            _ = try StaffAuthentication.member(request, context: context, needs: .read)
            let record = try APIProblem.mapping { try load(request, context) }
            let body: JSONValue = .object(JSONObject([("reference", .string(record.reference)),
                                                      ("events", .array(record.events.map(\.json)))]))
            return APIResponse.json(body, headers: noStore + [HTTPHeader("ETag", record.etag)])
        }
        router.get("/api/v1/cases/:reference/attachments/:id") { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .read)
            guard let id = request.parameters["id"].flatMap({ Int64($0) }) else { throw APIProblem(WorkflowError.attachmentNotFound) }
            let reference = request.parameters["reference"] ?? ""
            // A HEAD request reads the headers only: nothing is downloaded, nothing recorded.
            let attachment = try APIProblem.mapping {
                request.isHead ? try context.workflow.attachment(reference: reference, attachmentID: id)
                    : try context.workflow.recordDownload(reference: reference, attachmentID: id, by: member, now: context.now())
            }
            return Response(status: .ok, headers: [
                HTTPHeader("Content-Type", attachment.mediaType),
                HTTPHeader("Content-Disposition", ContentDisposition.attachment(filename: attachment.filename)),
                HTTPHeader("X-Content-Type-Options", "nosniff"),
                HTTPHeader("Content-Security-Policy", "default-src 'none'; sandbox"),
                HTTPHeader("Cache-Control", "no-store"),
            ], body: attachment.content)
        }
        change(&router, "transitions", context) { context, reference, body, member, ifMatch in
            try context.workflow.transition(reference: reference, request: body, by: member, ifMatch: ifMatch, now: context.now())
        }
        change(&router, "assignment", context) { context, reference, body, member, ifMatch in
            try context.workflow.assign(reference: reference, request: body, by: member, ifMatch: ifMatch, now: context.now())
        }
        change(&router, "notes", context, created: true) { context, reference, body, member, ifMatch in
            try context.workflow.post(reference: reference, request: body, internal: true, by: member, ifMatch: ifMatch, now: context.now())
        }
        change(&router, "messages", context, created: true) { context, reference, body, member, ifMatch in
            try context.workflow.post(reference: reference, request: body, internal: false, by: member, ifMatch: ifMatch, now: context.now())
        }
        change(&router, "extensions", context) { context, reference, body, member, ifMatch in
            try context.workflow.extend(reference: reference, request: body, by: member, ifMatch: ifMatch, now: context.now())
        }
    }

    static let noStore = [HTTPHeader("Cache-Control", "no-store")]

    /// A POST route changing a case; it answers with the case as it now is (201 when the change
    /// added a note or message) and its new ETag.
    private static func change(_ router: inout Router, _ name: String, _ context: PortalContext, created: Bool = false,
                               _ perform: @escaping @Sendable (PortalContext, String, JSONValue, StaffMember, String?) throws -> CaseRecord) {
        router.post("/api/v1/cases/:reference/\(name)", bodyLimit: APIBody.smallLimit) { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .triage)
            let body = try APIBody.read(request)
            let record = try APIProblem.mapping {
                try perform(context, request.parameters["reference"] ?? "", body, member, request.headers["If-Match"])
            }
            var response = try detailResponse(record, member: member, context: context, request: request)
            if created {
                response.status = .created
                if let event = record.events.last {
                    response.headers.append(HTTPHeader("Location", "/api/v1/cases/\(record.reference)/events#\(event.id)"))
                }
            }
            return response
        }
    }

    private static func load(_ request: Request, _ context: PortalContext) throws -> CaseRecord {
        guard let record = try context.workflow.load(reference: request.parameters["reference"] ?? "") else {
            throw WorkflowError.caseNotFound
        }
        return record
    }

    private static func detailResponse(_ record: CaseRecord, member: StaffMember, context: PortalContext,
                                       request: Request) throws -> Response {
        let attachments = try context.database.read { try CaseView.attachments(of: record, $0) }
        let body = CaseView.staffJSON(record, deadlines: context.workflow.deadlines(of: record, now: context.now()),
                                      attachments: attachments, role: member.role)
        return APIResponse.json(body, headers: noStore + [HTTPHeader("ETag", record.etag)])
    }

    /// The queue's query parameters, or 422 naming each wrong one.
    static func parseQuery(_ request: Request, me: String, paginated: Bool) throws -> CaseQueue.Query {
        switch CaseQueue.Query.parse(request.queryItems, me: me, paginated: paginated) {
        case .success(let query): return query
        case .failure(let error): throw APIProblem(error)
        }
    }
}
