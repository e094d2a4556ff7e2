import Foundation
import HTTPTestSupport
import Portal
import PortalWeb
import Testing

/// Documentation requests over a real socket: filed as JSON through the same receipt, status
/// token, idempotency and workflow as complaints, with their own lifecycle and 14-day policy.
@Suite struct DocumentationRequestEndToEndTests {
    /// The request of the JSON contract.
    static func request(organisation: String = "Example Systems GmbH") -> [String: Any] {
        ["organisation": ["legal_name": organisation, "country": "DE"],
         "contact": ["name": "Max Muster", "email": "max@systems.example"],
         "ai_system": ["name": "Claims assistant", "intended_purpose": "Summarising insurance claims for adjusters", "high_risk": "unsure"],
         "model": "example-model-1", "model_version": "1.2",
         "items": ["annex_xii_1a", "annex_xii_1g", "annex_xii_2b"],
         "question": "What is the maximum context length when the model is served through the batch API?",
         "confidentiality_undertaking": true]
    }

    static let decision = "We checked your registration as a downstream provider and explain our answer to you here."

    // MARK: Filing

    @Test func aJSONRequestGetsADOCReceiptDueInFourteenCalendarDays() throws {
        let portal = try PortalTestServer()
        let response = try portal.postDocumentationRequest(Self.request())
        #expect(response.status == 201, "\(response.text)")
        let receipt = try #require(response.jsonObject)
        #expect(receipt["reference"] as? String == "DOC-2026-000001")
        #expect(receipt["status"] as? String == "received")
        #expect(receipt["received_at"] as? String == "2026-11-28T10:12:00Z")
        // 2026-11-28 plus 14 calendar days is 2026-12-12, ending at 23:59:59 in Brussels (UTC+1).
        #expect(receipt["respond_by"] as? String == "2026-12-12T22:59:59Z")
        #expect(receipt["acknowledge_by"] == nil, "the default policy sets no acknowledgement deadline")
        #expect((receipt["status_token"] as? String)?.isEmpty == false)
        let row = try #require(try portal.rows("SELECT * FROM documentation_requests").first)
        #expect(row.string("organisation") == "Example Systems GmbH")
        #expect(row.string("items") == "[\"annex_xii_1a\",\"annex_xii_1g\",\"annex_xii_2b\"]")
        #expect(row.int64("has_question") == 1)
        #expect(try portal.rows("SELECT actor FROM case_events WHERE type = 'submitted'").first?.string("actor") == "requester")
    }

    @Test func complaintsAndDocumentationRequestsNumberTheirReferencesSeparately() throws {
        let portal = try PortalTestServer()
        let complaint = try portal.fileComplaint()
        let first = try portal.fileDocumentationRequest(Self.request())
        let second = try portal.fileDocumentationRequest(Self.request(organisation: "Other Systems AG"))
        #expect(complaint.reference == "CPL-2026-000001")
        #expect([first.reference, second.reference] == ["DOC-2026-000001", "DOC-2026-000002"])
    }

    @Test func theStatusCheckWithTheTokenShowsTheRequest() throws {
        let portal = try PortalTestServer()
        let filed = try portal.fileDocumentationRequest(Self.request())
        let status = try portal.partyStatus(filed)
        #expect(status["reference"] as? String == filed.reference)
        #expect(status["type"] as? String == "documentation_request")
        #expect(status["status"] as? String == "received")
        #expect(status["respond_by"] as? String == "2026-12-12T22:59:59Z")
    }

    @Test func invalidRequestsAre422WithEachFieldsPath() throws {
        let portal = try PortalTestServer()
        var body = Self.request()
        body["organisation"] = ["country": "DE"]
        body["items"] = ["annex_xii_1a", "annex_xii_9x"]
        body["confidentiality_undertaking"] = false
        let response = try portal.postDocumentationRequest(body)
        #expect(response.status == 422)
        #expect(response.header("Content-Type") == "application/problem+json")
        let fields = (response.jsonObject?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(fields == ["organisation.legal_name", "items[1]", "confidentiality_undertaking"])
        #expect(try portal.count("cases") == 0)
    }

    @Test func aBodyThatIsNotJSONIs415AndMalformedJSONIs400AndOversizeIs413() throws {
        let portal = try PortalTestServer()
        let form = try portal.send("POST", "/api/v1/documentation-requests", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                   body: Array("model=example-model-1".utf8))
        #expect(form.status == 415)
        let malformed = try portal.send("POST", "/api/v1/documentation-requests", headers: [("Content-Type", "application/json")],
                                        body: Array("{\"model\": ".utf8))
        #expect(malformed.status == 400)
        let huge = try portal.send("POST", "/api/v1/documentation-requests", headers: [("Content-Type", "application/json")],
                                   body: [UInt8](repeating: 0x20, count: (1 << 20) + 1))
        #expect(huge.status == 413)
        #expect(try portal.count("cases") == 0)
    }

    @Test func aReplayedIdempotencyKeyReturnsTheFirstReceipt() throws {
        let portal = try PortalTestServer()
        let key = ("Idempotency-Key", "doc-request-7f3a")
        let first = try portal.postDocumentationRequest(Self.request(), headers: [key])
        let again = try portal.postDocumentationRequest(Self.request(), headers: [key])
        #expect(first.status == 201)
        #expect(again.status == 201)
        #expect(again.header("Idempotent-Replayed") == "true")
        #expect(again.jsonObject?["reference"] as? String == first.jsonObject?["reference"] as? String)
        #expect(again.jsonObject?["status_token"] as? String == first.jsonObject?["status_token"] as? String)
        let other = try portal.postDocumentationRequest(Self.request(organisation: "Other Systems AG"), headers: [key])
        #expect(other.status == 422)
        #expect(try portal.count("cases") == 1)
    }

    @Test func theRateLimitIsSharedWithComplaints() throws {
        let portal = try PortalTestServer(settings: WebSettings(submissionsPerHour: 2))
        _ = try portal.fileComplaint()
        _ = try portal.fileDocumentationRequest(Self.request())
        let refused = try portal.postDocumentationRequest(Self.request(organisation: "Third GmbH"))
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") != nil)
    }

    // MARK: Workflow

    @Test func aRequestIsReviewedAwaitsTheRequesterResumesOnTheirReplyAndIsFulfilled() throws {
        let portal = try PortalTestServer()
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileDocumentationRequest(Self.request())
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        let waiting = try portal.move(filed.reference, ["to": "awaiting_requester", "message": "Please tell us which contract covers your access."],
                                      as: alice)
        #expect(waiting["status"] as? String == "awaiting_requester")
        let wrongStatus = try portal.transition(filed.reference, WorkflowBody.await(), as: alice)
        #expect(wrongStatus.status == 409 || wrongStatus.status == 422, "awaiting_complainant is not a status of this type")

        let reply = try portal.partyPost("/api/v1/status/messages", ["text": "Our enterprise agreement of 2026-03-01."], filed)
        #expect(reply.status == 201, "\(reply.text)")
        #expect(reply.jsonObject?["status"] as? String == "in_review")
        let closed = try portal.move(filed.reference, ["to": "closed", "outcome": "fulfilled", "decision": Self.decision], as: alice)
        #expect(closed["status"] as? String == "closed")

        let status = try portal.partyStatus(filed)
        let decision = try #require(status["decision"] as? [String: Any])
        #expect(decision["outcome"] as? String == "fulfilled")
        let messages = (status["messages"] as? [[String: Any]] ?? []).compactMap { $0["from"] as? String }
        #expect(messages == ["provider", "requester"])
    }

    @Test func theReportCountsTheRequestsAnsweredWithinFourteenDays() throws {
        let portal = try PortalTestServer()
        let alice = try portal.staff("alice", .reviewer)
        let answered = try portal.fileDocumentationRequest(Self.request(organisation: "Quick GmbH"))
        let late = try portal.fileDocumentationRequest(Self.request(organisation: "Late GmbH"))
        let open = try portal.fileDocumentationRequest(Self.request(organisation: "Waiting GmbH"))
        try portal.move(answered.reference, WorkflowBody.review, as: alice)
        portal.clock.advance(by: 3 * Span.day)
        try portal.move(answered.reference, ["to": "closed", "outcome": "fulfilled", "decision": Self.decision], as: alice)
        // An extension makes the policy's date later, but not the Code's 14 days.
        try portal.move(late.reference, WorkflowBody.review, as: alice)
        let extended = try portal.staffPost("/api/v1/cases/\(late.reference)/extensions",
                                            ["days": 10, "justification": "Exceptional: the documentation is being republished."], as: alice)
        #expect(extended.status == 200, "\(extended.text)")
        portal.clock.advance(by: 17 * Span.day)
        try portal.move(late.reference, ["to": "closed", "outcome": "fulfilled", "decision": Self.decision], as: alice)
        let report = try portal.staffGet("/api/v1/reports/summary", as: alice)
        #expect(report.status == 200, "\(report.text)")
        let within = try #require(report.jsonObject?["documentation_requests_answered_within_14_days"] as? [String: Any])
        // The open one is 20 days old: decided, and late; the one closed after 20 days is late too.
        #expect(within["decided"] as? Int == 3)
        #expect(within["on_time"] as? Int == 1)
        _ = open
    }

    @Test func aRefusalNeedsAReasonAndTheRequesterSeesItWithTheDecision() throws {
        let portal = try PortalTestServer()
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileDocumentationRequest(Self.request())
        try portal.move(filed.reference, WorkflowBody.review, as: alice)

        let withoutReason = try portal.transition(filed.reference, ["to": "closed", "outcome": "refused", "decision": Self.decision], as: alice)
        #expect(withoutReason.status == 422)
        let fields = (withoutReason.jsonObject?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(fields == ["reason"])
        let unknownReason = try portal.transition(filed.reference, ["to": "closed", "outcome": "refused", "decision": Self.decision,
                                                                    "reason": "we_are_busy"], as: alice)
        #expect(unknownReason.status == 422)

        try portal.move(filed.reference, ["to": "closed", "outcome": "refused", "decision": Self.decision,
                                          "reason": "not_a_downstream_provider"], as: alice)
        let decision = try #require(try portal.partyStatus(filed)["decision"] as? [String: Any])
        #expect(decision["outcome"] as? String == "refused")
        #expect(decision["reason"] as? String == "not_a_downstream_provider")
        #expect(decision["decision"] as? String == Self.decision)
    }

    @Test func aComplaintClosingStillRefusesAReason() throws {
        let portal = try PortalTestServer()
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        var body = WorkflowBody.close("rejected")
        body["reason"] = "other"
        let response = try portal.transition(filed.reference, body, as: alice)
        #expect(response.status == 422)
        #expect((response.jsonObject?["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason")
    }

    @Test func aPauseAwaitingTheRequesterMovesTheFourteenDayDeadlineByThePausedDays() throws {
        let portal = try PortalTestServer()
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileDocumentationRequest(Self.request())
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        portal.clock.advance(by: Span.day)
        try portal.move(filed.reference, ["to": "awaiting_requester", "message": "Please confirm the model version you integrate."], as: alice)
        portal.clock.advance(by: 3 * Span.day)
        let reply = try portal.partyPost("/api/v1/status/messages", ["text": "We integrate version 1.2."], filed)
        #expect(reply.status == 201)
        let status = try portal.partyStatus(filed)
        // Paused from 2026-11-29 to 2026-12-02 (docs/deadlines.md: the days from the pause's first day up
        // to, not including, the day it ended): 29 and 30 November and 1 December, so 2026-12-15.
        #expect(status["respond_by"] as? String == "2026-12-15T22:59:59Z")
    }

    @Test func oneExtensionIsAllowedAndASecondIs422() throws {
        let portal = try PortalTestServer()
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileDocumentationRequest(Self.request())
        let justification = "The training-data summary for version 1.2 is being reviewed by our legal team."
        let first = try portal.staffPost("/api/v1/cases/\(filed.reference)/extensions", ["days": 7, "justification": justification], as: alice)
        #expect(first.status == 200 || first.status == 201, "\(first.text)")
        let second = try portal.staffPost("/api/v1/cases/\(filed.reference)/extensions", ["days": 1, "justification": justification], as: alice)
        #expect(second.status == 422)
        let status = try portal.partyStatus(filed)
        #expect(status["respond_by"] as? String == "2026-12-19T22:59:59Z")
        let extensions = status.deadline("respond")?["extensions"] as? [[String: Any]]
        #expect(extensions?.first?["justification"] as? String == justification)
    }

    @Test func anExtensionLongerThanFourteenDaysIsRefused() throws {
        let portal = try PortalTestServer()
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileDocumentationRequest(Self.request())
        let response = try portal.staffPost("/api/v1/cases/\(filed.reference)/extensions",
                                            ["days": 15, "justification": "Exceptional circumstances: the whole team is at a conference."],
                                            as: alice)
        #expect(response.status == 422)
    }

    @Test func theQueueFilteredByTypeListsDocumentationRequestsOnly() throws {
        let portal = try PortalTestServer()
        let auditor = try portal.staff("audrey", .auditor)
        let complaint = try portal.fileComplaint()
        let filed = try portal.fileDocumentationRequest(Self.request())
        let response = try portal.staffGet("/api/v1/cases?type=documentation_request", as: auditor)
        #expect(response.status == 200, "\(response.text)")
        let page = try #require(response.jsonObject)
        #expect(page.itemReferences == [filed.reference])
        #expect(page.items.first?["type"] as? String == "documentation_request")
        let all = try #require(try portal.staffGet("/api/v1/cases", as: auditor).jsonObject)
        #expect(Set(all.itemReferences) == [complaint.reference, filed.reference])
        let search = try #require(try portal.staffGet("/api/v1/cases?q=Claims", as: auditor).jsonObject)
        #expect(search.itemReferences == [filed.reference])
    }

    @Test func theStatusPageNamesADocumentationRequestAndItsWaitingState() throws {
        let portal = try PortalTestServer()
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileDocumentationRequest(Self.request())
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        try portal.move(filed.reference, ["to": "awaiting_requester", "message": "Please confirm the model version you integrate."], as: alice)
        let page = try portal.checkStatus(reference: filed.reference, code: filed.statusToken)
        #expect(page.status == 200, "\(page.text)")
        #expect(page.text.contains("Documentation request \(filed.reference)"))
        #expect(page.text.contains("Waiting for you"))
        #expect(!page.text.contains("Complaint \(filed.reference)"))
        #expect(page.text.contains("Withdraw the documentation request"))
    }
}

extension PortalTestServer {
    /// POST /api/v1/documentation-requests with a JSON body.
    func postDocumentationRequest(_ body: [String: Any], headers: [(String, String)] = []) throws -> RawHTTPResponse {
        try send("POST", "/api/v1/documentation-requests", headers: [("Content-Type", "application/json")] + headers, body: JSONBody.bytes(body))
    }

    /// Files a documentation request, which must succeed; its reference and status token.
    func fileDocumentationRequest(_ body: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws -> FiledComplaint {
        let response = try postDocumentationRequest(body)
        try #require(response.status == 201, "\(response.text)", sourceLocation: sourceLocation)
        let receipt = try #require(response.jsonObject, sourceLocation: sourceLocation)
        return FiledComplaint(reference: try #require(receipt["reference"] as? String, sourceLocation: sourceLocation),
                              statusToken: try #require(receipt["status_token"] as? String, sourceLocation: sourceLocation),
                              receipt: receipt)
    }
}
