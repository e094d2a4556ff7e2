import Foundation
import HTTPTestSupport
import Portal
import PortalWeb
import Testing

/// Authority requests (issue 5, point 7) over a real socket: staff record a request from the AI
/// Office or a national competent authority; it is a case of its own type in the same queue, due at
/// the end of the date the authority set, and its releases may include the fields meant for that
/// authority — which a downstream provider's request never gets.
@Suite struct AuthorityRequestEndToEndTests {
    struct Setup {
        let portal: PortalTestServer
        let admin: StaffCredential
        let reviewer: StaffCredential
    }

    /// The test clock is Saturday 28 November 2026; the AI Office asks for an answer by Friday 18 December.
    static func request(authority: String = "ai_office", deadline: String = "2026-12-18") -> [String: Any] {
        var body: [String: Any] = [
            "authority": authority,
            "legal_basis": "Article 91(1) AI Act",
            "purpose": "Assessing the model's compliance with Article 53(1)(a) AI Act.",
            "items": ["annex_xii_1f", "training_compute_flops"],
            "model": "example-model-1",
            "deadline": deadline,
            "contact": ["name": "Anna Officer", "email": "Anna.Officer@ec.europa.example"],
            "reference": "AIO/2026/0042",
        ]
        if authority == "ai_office" { body["authority_name"] = "European AI Office" }
        return body
    }

    static func setUp() throws -> Setup {
        let portal = try PortalTestServer()
        let admin = try portal.staff("root", .admin)
        let reviewer = try portal.staff("alice", .reviewer)
        try portal.registerModel(as: admin)
        _ = try portal.publish(publicFields: ["model_name"], as: admin)
        return Setup(portal: portal, admin: admin, reviewer: reviewer)
    }

    func record(_ s: Setup, _ body: [String: Any] = Self.request(), as staff: StaffCredential? = nil) throws -> RawHTTPResponse {
        try s.portal.staffPost("/api/v1/authority-requests", body, as: staff ?? s.reviewer)
    }

    func errors(_ response: RawHTTPResponse) -> [String] {
        (response.jsonObject?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func aReviewerRecordsARequestThatIsDueAtTheEndOfTheAuthoritysDate() throws {
        let s = try Self.setUp()
        let response = try record(s)
        #expect(response.status == 201, "\(response.text)")
        let receipt = try #require(response.jsonObject)
        let reference = try #require(receipt["reference"] as? String)
        #expect(reference == "AUT-2026-000001")
        #expect(response.header("Location") == "/api/v1/cases/\(reference)")
        #expect(receipt["status_token"] == nil, "the authority is contacted by staff: no status token")
        #expect(receipt["status"] as? String == "received")
        // End of Friday 18 December 2026 in Europe/Brussels (CET, UTC+1).
        #expect(receipt["respond_by"] as? String == "2026-12-18T22:59:59Z")
        let stored = try s.portal.rows("SELECT type, respond_by FROM cases WHERE reference = ?", [.text(reference)])
        #expect(stored.first?.string("type") == "authority_request")
        #expect(stored.first?.string("respond_by") == "2026-12-18T22:59:59Z")
        let submitted = try s.portal.rows("SELECT actor, payload FROM case_events WHERE type = 'submitted'")
        #expect(submitted.first?.string("payload")?.contains("\"recorded_by\":\"alice\"") == true)
        #expect(submitted.first?.string("payload")?.contains("\"due_date\":\"2026-12-18\"") == true)

        // In the same queue, with the authority's date as its next deadline.
        let queue = try s.portal.staffGet("/api/v1/cases?type=authority_request", as: s.reviewer)
        #expect(queue.status == 200, "\(queue.text)")
        let items = queue.jsonObject?["items"] as? [[String: Any]] ?? []
        #expect(items.compactMap { $0["reference"] as? String } == [reference])
        let next = items.first?["next_deadline"] as? [String: Any]
        #expect(next?["kind"] as? String == "respond")
        #expect(next?["due"] as? String == "2026-12-18T22:59:59Z")

        // The explanation says the authority set it; a pause awaiting the authority does not move it.
        try s.portal.move(reference, WorkflowBody.review, as: s.reviewer)
        try s.portal.move(reference, ["to": "awaiting_authority", "message": "Please confirm which versions of the model you mean."],
                          as: s.reviewer)
        s.portal.clock.advance(by: 5 * Span.day)
        try s.portal.move(reference, WorkflowBody.review, as: s.reviewer)
        let detail = try s.portal.caseDetail(reference, as: s.reviewer)
        let deadlines = detail["deadlines"] as? [[String: Any]] ?? []
        #expect(deadlines.count == 1, "no acknowledge deadline")
        let respond = try #require(deadlines.first)
        #expect(respond["due"] as? String == "2026-12-18T22:59:59Z")
        #expect(respond["explanation"] as? [String] == [
            "received on Saturday 28 November 2026 at 11:12 CET",
            "set by the authority → Friday 18 December 2026",
            "paused from Saturday 28 November 2026 to Thursday 3 December 2026 awaiting the authority: the date set by the authority does not move → Friday 18 December 2026",
            "due at the end of Friday 18 December 2026 Europe/Brussels (2026-12-18T22:59:59Z)",
        ])

        // The authority agrees to a later date: an extension adds calendar days to its date.
        let extended = try s.portal.staffPost("/api/v1/cases/\(reference)/extensions",
                                              ["days": 7, "justification": "The AI Office agreed by email to a week more."], as: s.reviewer)
        #expect((200...201).contains(extended.status), "\(extended.text)")
        let later = try s.portal.caseDetail(reference, as: s.reviewer)
        let laterRespond = (later["deadlines"] as? [[String: Any]])?.first
        #expect(laterRespond?["due"] as? String == "2026-12-25T22:59:59Z")
        #expect((laterRespond?["explanation"] as? [String])?.contains { $0.hasPrefix("extended by 7 days on Thursday 3 December 2026") } == true,
                "\(laterRespond ?? [:])")

        // The CSV export and the report include it.
        let csv = try s.portal.staffGet("/api/v1/cases.csv", as: s.reviewer)
        #expect(csv.status == 200)
        #expect(csv.text.contains(reference) && csv.text.contains("authority_request"), "\(csv.text)")
        let report = try s.portal.staffGet("/api/v1/reports/summary", as: s.reviewer)
        #expect(report.status == 200, "\(report.text)")
        #expect(report.text.contains("authority_request"))
    }

    @Test func anAuditorMayNotRecordARequest() throws {
        let s = try Self.setUp()
        let auditor = try s.portal.staff("audrey", .auditor)
        #expect(try record(s, as: auditor).status == 403)
        #expect(try s.portal.staffPost("/api/v1/authority-requests", Self.request(), as: nil).status == 401)
        #expect(try s.portal.count("cases") == 0)
    }

    @Test func anInvalidBodyIs422WithEveryPath() throws {
        let s = try Self.setUp()
        let response = try record(s, ["authority": "police", "legal_basis": "", "items": ["annex_xii_9z", "favourite_colour"],
                                      "model": "other-model", "deadline": "18/12/2026", "contact": ["name": "Anna", "email": "nope"],
                                      "colour": "blue"])
        #expect(response.status == 422, "\(response.text)")
        let fields = Set(errors(response))
        for field in ["colour", "authority", "legal_basis", "purpose", "items[0]", "items[1]", "model", "deadline", "contact.email"] {
            #expect(fields.contains(field), "\(field) missing from \(fields)")
        }
        let national = try record(s, Self.request(authority: "national_authority"))
        #expect(national.status == 422)
        #expect(errors(national) == ["authority_name"], "a national authority must be named")
        #expect(try s.portal.count("cases") == 0)
    }

    @Test func aDeadlineInThePastIs422() throws {
        let s = try Self.setUp()
        let response = try record(s, Self.request(deadline: "2026-11-27"))
        #expect(response.status == 422, "\(response.text)")
        #expect(errors(response) == ["deadline"])
        #expect(try record(s, Self.request(deadline: "2026-11-28")).status == 201, "today is not in the past")
    }

    @Test func anAIOfficeRequestReceivesTheAIOfficeFieldThatADownstreamProviderIsRefused() throws {
        let s = try Self.setUp()
        let reference = try #require(try record(s).jsonObject?["reference"] as? String)
        let release: [String: Any] = ["documentation_version": 1, "fields": ["model_name", "training_compute_flops"]]
        let granted = try s.portal.staffPost("/api/v1/cases/\(reference)/releases", release, as: s.reviewer)
        #expect(granted.status == 201, "\(granted.text)")
        let fields = (granted.jsonObject?["fields"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
        #expect(fields.contains("training_compute_flops"), "\(granted.text)")

        let downstream = try s.portal.fileDocumentationRequest(DocumentationRequestEndToEndTests.request())
        let refused = try s.portal.staffPost("/api/v1/cases/\(downstream.reference)/releases", release, as: s.reviewer)
        #expect(refused.status == 422, "\(refused.text)")
        #expect(errors(refused) == ["fields[1]"])
        #expect(try s.portal.count("releases") == 1)
    }

    @Test func aNationalAuthorityRequestIsClosedAsFulfilledOrRefusedWithAReason() throws {
        let s = try Self.setUp()
        var body = Self.request(authority: "national_authority")
        body["authority_name"] = "Bundesnetzagentur"
        let first = try record(s, body)
        #expect(first.status == 201, "\(first.text)")
        let reference = try #require(first.jsonObject?["reference"] as? String)
        let released = try s.portal.staffPost("/api/v1/cases/\(reference)/releases",
                                              ["documentation_version": 1, "fields": ["training_compute_flops"]], as: s.reviewer)
        #expect(released.status == 201, "national authorities receive the fields meant for them: \(released.text)")
        try s.portal.move(reference, WorkflowBody.review, as: s.reviewer)
        let closed = try s.portal.move(reference, ["to": "closed", "outcome": "fulfilled",
                                                   "decision": "We sent the requested information on the model's training compute to the authority."],
                                       as: s.reviewer)
        #expect(closed["status"] as? String == "closed")
        #expect(closed["outcome"] as? String == "fulfilled")

        let second = try #require(try record(s).jsonObject?["reference"] as? String)
        #expect(second == "AUT-2026-000002")
        try s.portal.move(second, WorkflowBody.review, as: s.reviewer)
        let noReason = try s.portal.transition(second, ["to": "closed", "outcome": "refused",
                                                        "decision": "The request names a model that another provider places on the market."],
                                               as: s.reviewer)
        #expect(noReason.status == 422)
        try s.portal.move(second, ["to": "closed", "outcome": "refused", "reason": "model_not_ours",
                                   "decision": "The request names a model that another provider places on the market."], as: s.reviewer)
    }

    @Test func anIdempotencyKeyReplaysTheFirstAnswer() throws {
        let s = try Self.setUp()
        let headers = [("Content-Type", "application/json"), s.reviewer.authorization, ("Idempotency-Key", "aio-2026-0042")]
        let first = try s.portal.send("POST", "/api/v1/authority-requests", headers: headers, body: JSONBody.bytes(Self.request()))
        let again = try s.portal.send("POST", "/api/v1/authority-requests", headers: headers, body: JSONBody.bytes(Self.request()))
        #expect(first.status == 201 && again.status == 201)
        #expect(again.header("Idempotent-Replayed") == "true")
        #expect(again.jsonObject?["reference"] as? String == first.jsonObject?["reference"] as? String)
        #expect(try s.portal.count("cases") == 1)
    }
}
