import HTTPServer
import JSON
import Portal

/// GET /api/v1/status with `Authorization: Bearer <status token>`: the case's status and dates.
enum StatusAPI {
    static func register(on router: inout Router, context: PortalContext) {
        router.get("/api/v1/status") { request in
            guard let token = bearerToken(request) else {
                throw APIProblem(.unauthorized, detail: "Send the status token from your receipt as Authorization: Bearer <token>.",
                                 headers: [HTTPHeader("WWW-Authenticate", "Bearer realm=\"status\"")])
            }
            guard let status = try context.desk.store.status(token: token) else {
                throw APIProblem(.unauthorized, detail: "No case has this status token.",
                                 headers: [HTTPHeader("WWW-Authenticate", "Bearer realm=\"status\", error=\"invalid_token\"")])
            }
            return APIResponse.json(status.json, headers: [HTTPHeader("Cache-Control", "no-store")])
        }
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
