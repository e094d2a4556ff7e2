import HTTPServer
import JSON
import Portal

/// The audit log's check (`GET /api/v1/audit/verify`, auditors and admins) and the staff tokens
/// (`GET /api/v1/tokens`, `DELETE /api/v1/tokens/{name}`, admins). Tokens are created only with
/// the command line (`compliance-portal token create`), which shows the new token once.
enum AdminAPI {
    static func register(on router: inout Router, context: PortalContext) {
        router.get("/api/v1/audit/verify") { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .read)
            guard member.role == .auditor || member.role == .admin else {
                throw APIProblem(.forbidden, type: "/problems/insufficient-role", title: "Your role does not allow this",
                                 detail: "Only auditors and admins verify the audit log.")
            }
            return APIResponse.json(try AuditCheck.run(context.database).json, headers: CaseAPI.noStore)
        }
        router.get("/api/v1/tokens") { request in
            _ = try StaffAuthentication.member(request, context: context, needs: .manageTokens)
            let tokens = try context.staff.list()
            return APIResponse.json(.object(JSONObject([("tokens", .array(tokens.map(\.json)))])), headers: CaseAPI.noStore)
        }
        router.add("DELETE", "/api/v1/tokens/:name") { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .manageTokens)
            let name = request.parameters["name"] ?? ""
            do {
                try context.staff.revoke(name: name, actor: member.name, at: context.now())
            } catch let error as StaffTokenError {
                throw APIProblem(.notFound, type: "/problems/token-not-found", title: "No such token", detail: error.description)
            }
            return Response(status: .noContent, headers: CaseAPI.noStore)
        }
    }
}
