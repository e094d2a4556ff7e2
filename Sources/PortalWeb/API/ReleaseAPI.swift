import HTTPServer
import JSON
import Portal

/// Releases of documentation to a requester (issue 5, point 6):
/// - `POST /api/v1/cases/{reference}/releases` (reviewers and admins, `If-Match` honoured): 201
///   with the release and its Location;
/// - `GET /api/v1/cases/{reference}/releases` (any staff): the case's releases;
/// - `GET /api/v1/status/releases/{id}` with the status token as Bearer: one release of the token's
///   case (404 for another case's release, the same answer as for an unknown one).
enum ReleaseAPI {
    static func register(on router: inout Router, context: PortalContext) {
        router.post("/api/v1/cases/:reference/releases", bodyLimit: APIBody.smallLimit) { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .triage)
            let body = try APIBody.read(request)
            let result = try mapping {
                try context.workflow.release(reference: request.parameters["reference"] ?? "", request: body, by: member,
                                             ifMatch: request.headers["If-Match"], now: context.now())
            }
            return APIResponse.json(result.release.staffJSON, status: .created, headers: CaseAPI.noStore + [
                HTTPHeader("Location", "/api/v1/cases/\(result.record.reference)/releases/\(result.release.id)"),
                HTTPHeader("ETag", result.record.etag),
            ])
        }
        router.get("/api/v1/cases/:reference/releases") { request in
            _ = try StaffAuthentication.member(request, context: context, needs: .read)
            let reference = request.parameters["reference"] ?? ""
            let releases = try mapping { try context.workflow.releases(reference: reference) }
            let body: JSONValue = .object(JSONObject([("reference", .string(reference)),
                                                      ("releases", .array(releases.map(\.staffJSON)))]))
            return APIResponse.json(body, headers: CaseAPI.noStore)
        }
        router.get("/api/v1/cases/:reference/releases/:id") { request in
            _ = try StaffAuthentication.member(request, context: context, needs: .read)
            let reference = request.parameters["reference"] ?? ""
            let id = request.parameters["id"].flatMap { Int64($0) }
            let releases = try mapping { try context.workflow.releases(reference: reference) }
            guard let release = releases.first(where: { $0.id == id }) else { throw notFound }
            return APIResponse.json(release.staffJSON, headers: CaseAPI.noStore)
        }
        router.get("/api/v1/status/releases/:id") { request in
            guard let token = StatusAPI.bearerToken(request) else {
                throw APIProblem(.unauthorized, detail: "Send the status token from your receipt as Authorization: Bearer <token>.",
                                 headers: [HTTPHeader("WWW-Authenticate", "Bearer realm=\"status\"")])
            }
            guard let status = try context.desk.store.status(token: token) else {
                throw APIProblem(.unauthorized, detail: "No case has this status token.",
                                 headers: [HTTPHeader("WWW-Authenticate", "Bearer realm=\"status\", error=\"invalid_token\"")])
            }
            guard let id = request.parameters["id"].flatMap({ Int64($0) }),
                  let release = try context.database.read({ try Release.load(id: id, caseID: status.id, $0) }) else {
                throw notFound
            }
            return APIResponse.json(release.partyJSON, headers: CaseAPI.noStore)
        }
    }

    static let notFound = APIProblem(.notFound, type: "/problems/release-not-found", title: "No such release",
                                     detail: "This case has no release with this id.")

    /// Runs a release call, turning workflow and registry refusals into problem documents.
    private static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try APIProblem.mapping(body)
        } catch let error as DocumentationError {
            throw APIProblem(error)
        }
    }
}
