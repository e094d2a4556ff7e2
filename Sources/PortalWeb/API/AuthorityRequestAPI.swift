import HTTPServer
import JSON
import Portal

/// POST /api/v1/authority-requests (reviewers and admins): staff record a request from the AI Office
/// or a national competent authority. 201 with the case reference (AUT-YYYY-NNNNNN), its status and
/// the authority's date as `respond_by`, and Location to the staff case; no status token (the
/// authority is contacted by staff). An `Idempotency-Key` header is honoured as on the public
/// filing routes (scope `staff`): the same key and body give the first answer again
/// (`Idempotent-Replayed: true`), the same key with another body 422. Staff routes have no rate limit.
enum AuthorityRequestAPI {
    static func register(on router: inout Router, context: PortalContext) {
        router.post("/api/v1/authority-requests", bodyLimit: APIBody.smallLimit) { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .triage)
            let body = try APIBody.read(request)
            var key: IdempotencyKey?
            if let header = request.headers["Idempotency-Key"] {
                guard let parsed = IdempotencyKey(scope: "staff", value: header) else {
                    throw APIProblem(.badRequest, detail: "The Idempotency-Key header must be 1 to 255 visible ASCII characters.")
                }
                key = parsed
            }
            switch try context.authorityDesk.submit(body, by: member, idempotencyKey: key, now: context.now()) {
            case .invalid(let errors):
                throw APIProblem.invalidSubmission(errors, noun: "authority request")
            case .keyReused:
                throw APIProblem(.unprocessableContent, type: "/problems/idempotency-key-reused", title: "Idempotency-Key already used",
                                 detail: "This Idempotency-Key was used for a different authority request; use a new key for a new one.")
            case .filed(let receipt, let replayed):
                var headers = CaseAPI.noStore + [HTTPHeader("Location", "/api/v1/cases/\(receipt.reference)")]
                if replayed { headers.append(HTTPHeader("Idempotent-Replayed", "true")) }
                let answer: JSONValue = .object(JSONObject([
                    ("reference", .string(receipt.reference)), ("type", .string(CaseType.authorityRequest.name)),
                    ("status", .string(receipt.status)), ("received_at", .string(UTCTimestamp.format(receipt.receivedAt))),
                    ("respond_by", .string(UTCTimestamp.format(receipt.respondBy))),
                ]))
                return APIResponse.json(answer, status: .created, headers: headers)
            }
        }
    }
}
