import Foundation
import HTTPTestSupport
import Portal
import Testing

/// Who may do what on the staff API, and each status code it answers with (401, 403, 404, 409,
/// 412, 422), over a real socket.
@Suite struct StaffAccessEndToEndTests {
    /// Every staff route, with a body where it takes one.
    static func staffRoutes(_ reference: String) -> [(method: String, path: String, body: [String: Any]?)] {
        [
            ("GET", "/api/v1/cases", nil),
            ("GET", "/api/v1/cases/\(reference)", nil),
            ("GET", "/api/v1/cases/\(reference)/events", nil),
            ("GET", "/api/v1/cases/\(reference)/attachments/1", nil),
            ("POST", "/api/v1/cases/\(reference)/transitions", WorkflowBody.review),
            ("POST", "/api/v1/cases/\(reference)/assignment", ["assignee": "alice"]),
            ("POST", "/api/v1/cases/\(reference)/notes", ["text": "An internal note about the crawl logs."]),
            ("POST", "/api/v1/cases/\(reference)/messages", ["text": "We are looking into your complaint."]),
            ("POST", "/api/v1/cases/\(reference)/extensions", ["days": 7, "justification": "The crawl logs for October are archived."]),
            ("GET", "/api/v1/reports/summary", nil),
            ("GET", "/api/v1/cases.csv", nil),
            ("GET", "/api/v1/audit/verify", nil),
            ("GET", "/api/v1/tokens", nil),
            ("DELETE", "/api/v1/tokens/alice", nil),
        ]
    }

    private func send(_ portal: PortalTestServer, _ route: (method: String, path: String, body: [String: Any]?),
                      authorization: String?) throws -> RawHTTPResponse {
        var headers: [(String, String)] = []
        if let authorization { headers.append(("Authorization", authorization)) }
        if route.body != nil { headers.append(("Content-Type", "application/json")) }
        return try portal.send(route.method, route.path, headers: headers, body: route.body.map { JSONBody.bytes($0) })
    }

    private func eventCount(_ portal: PortalTestServer) throws -> Int { try portal.count("case_events") }

    // MARK: 401

    @Test func everyStaffRouteWithoutATokenGets401WithABearerChallenge() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        _ = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        let before = try eventCount(portal)

        for route in Self.staffRoutes(complaint.reference) {
            for authorization in [nil, "Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearer   "] as [String?] {
                let response = try send(portal, route, authorization: authorization)
                #expect(response.status == 401, "\(route.method) \(route.path) with \(authorization ?? "nothing"): \(response.status) \(response.text)")
                #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "\(route.method) \(route.path)")
                #expect(response.mediaType == "application/problem+json", "\(route.method) \(route.path)")
                #expect(!response.text.contains("Le Livre"), "\(route.method) \(route.path) leaks the case")
            }
        }
        #expect(try eventCount(portal) == before, "a refused request changed nothing")
        #expect(try portal.caseDetail(complaint.reference, as: try portal.staff("bob", .auditor))["status"] as? String == "received")
    }

    @Test func unknownTokenGets401LikeAMissingOne() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        // Well formed, never issued; the real token with one character changed; the complainant's status token.
        let wellFormed = "cpst_" + String(repeating: "A", count: 43)
        let nearMiss = String(alice.token.dropLast()) + (alice.token.last == "A" ? "B" : "A")
        let before = try eventCount(portal)

        for token in [wellFormed, nearMiss, complaint.statusToken, "not-a-token"] {
            for route in Self.staffRoutes(complaint.reference) {
                let response = try send(portal, route, authorization: "Bearer \(token)")
                #expect(response.status == 401, "\(route.method) \(route.path): \(response.status) \(response.text)")
                #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
                #expect(response.header("WWW-Authenticate")?.contains("invalid_token") == true, "RFC 6750: error=\"invalid_token\"")
            }
        }
        #expect(try eventCount(portal) == before)
        #expect(try portal.staffGet("/api/v1/cases", as: alice).status == 200, "the real token still works")
    }

    @Test func tokenRevokedByAnAdminThroughTheAPIGets401Afterwards() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let admin = try portal.staff("root", .admin)
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        #expect(try portal.staffGet("/api/v1/cases/\(complaint.reference)", as: alice).status == 200)

        let revoked = try portal.send("DELETE", "/api/v1/tokens/alice", headers: [admin.authorization])

        #expect(revoked.status == 204, "\(revoked.text)")
        for route in Self.staffRoutes(complaint.reference) {
            let response = try send(portal, route, authorization: "Bearer \(alice.token)")
            #expect(response.status == 401, "\(route.method) \(route.path): \(response.status)")
            #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        }
        // The listing shows the token as revoked; revoking it again finds no active token.
        let tokens = try #require(try portal.staffGet("/api/v1/tokens", as: admin).jsonObject?["tokens"] as? [[String: Any]])
        let listed = try #require(tokens.first { $0["name"] as? String == "alice" })
        #expect(listed["revoked_at"] is String, "\(listed)")
        #expect(!String(describing: tokens).contains(alice.token), "a token is never shown again")
        #expect(try portal.send("DELETE", "/api/v1/tokens/alice", headers: [admin.authorization]).status == 404)
        // The revocation is in the audit log with the admin as actor.
        let logged = try portal.rows("SELECT actor, payload FROM case_events WHERE type = 'token_revoked'")
        #expect(logged.count == 1)
        #expect(logged.first?.string("actor") == "root")
        #expect(logged.first?.string("payload")?.contains("\"alice\"") == true)
        // The case was not touched by the refused requests.
        #expect(try portal.caseDetail(complaint.reference, as: admin)["status"] as? String == "received")
    }

    @Test func tokenRevokedWithTheCommandLineGets401Afterwards() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        #expect(try portal.staffGet("/api/v1/cases", as: alice).status == 200)

        try StaffTokens(database: portal.database).revoke(name: "alice", actor: "cli", at: portal.clock.now)

        let afterwards = try portal.staffGet("/api/v1/cases", as: alice)
        #expect(afterwards.status == 401)
        #expect(afterwards.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(try portal.transition(complaint.reference, WorkflowBody.review, as: alice).status == 401)
        // A new token under the same name works, the old one still does not.
        let again = try portal.staff("alice", .reviewer)
        #expect(try portal.staffGet("/api/v1/cases", as: again).status == 200)
        #expect(try portal.staffGet("/api/v1/cases", as: alice).status == 401)
    }

    // MARK: 403

    @Test func auditorReadsEverythingButChangesNothing() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let carol = try portal.staff("carol", .auditor)
        let complaint = try portal.fileComplaint()
        try portal.move(complaint.reference, WorkflowBody.review, as: alice)
        let ref = complaint.reference

        for path in ["/api/v1/cases", "/api/v1/cases/\(ref)", "/api/v1/cases/\(ref)/events", "/api/v1/reports/summary",
                     "/api/v1/cases.csv", "/api/v1/audit/verify"] {
            let response = try portal.staffGet(path, as: carol)
            #expect(response.status == 200, "auditor GET \(path): \(response.status) \(response.text)")
        }
        let detail = try portal.caseDetail(ref, as: carol)
        #expect(detail["allowed_transitions"] as? [String] == [], "an auditor is offered no transition")

        let before = try eventCount(portal)
        let changes: [(String, [String: Any])] = [
            ("transitions", WorkflowBody.await()),
            ("transitions", WorkflowBody.close("rejected")),
            ("assignment", ["assignee": "carol"]),
            ("notes", ["text": "An auditor trying to write a note."]),
            ("messages", ["text": "An auditor trying to write to the complainant."]),
            ("extensions", ["days": 7, "justification": "An auditor trying to extend the deadline."]),
        ]
        for (route, body) in changes {
            let response = try portal.staffPost("/api/v1/cases/\(ref)/\(route)", body, as: carol)
            #expect(response.status == 403, "auditor POST \(route): \(response.status) \(response.text)")
            #expect(response.mediaType == "application/problem+json")
        }
        #expect(try portal.staffGet("/api/v1/tokens", as: carol).status == 403)
        #expect(try portal.send("DELETE", "/api/v1/tokens/alice", headers: [carol.authorization]).status == 403)
        #expect(try eventCount(portal) == before, "nothing the auditor sent was recorded")
        #expect(try portal.staffGet("/api/v1/cases", as: alice).status == 200, "alice's token was not revoked")
        let after = try portal.caseDetail(ref, as: carol)
        #expect(after["status"] as? String == "in_review")
        #expect(after["assignee"] is NSNull)
    }

    @Test func reviewerCannotReopenAClosedCaseButAnAdminCanWithAReason() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let root = try portal.staff("root", .admin)
        let complaint = try portal.fileComplaint()
        try portal.move(complaint.reference, WorkflowBody.review, as: alice)
        try portal.move(complaint.reference, WorkflowBody.close("rejected"), as: alice)
        #expect(try portal.caseDetail(complaint.reference, as: alice)["allowed_transitions"] as? [String] == [])
        #expect(try portal.caseDetail(complaint.reference, as: root)["allowed_transitions"] as? [String] == ["in_review"])

        let byReviewer = try portal.transition(complaint.reference, ["to": "in_review", "reason": "The complainant sent new evidence by post."],
                                               as: alice)
        let withoutReason = try portal.transition(complaint.reference, ["to": "in_review"], as: root)
        portal.clock.advance(by: Span.hour)
        let byAdmin = try portal.transition(complaint.reference, ["to": "in_review", "reason": "The complainant sent new evidence by post."],
                                            as: root)

        #expect(byReviewer.status == 403, "\(byReviewer.text)")
        #expect(byReviewer.mediaType == "application/problem+json")
        #expect(withoutReason.status == 422, "\(withoutReason.text)")
        #expect(withoutReason.errorFields == ["reason"])
        #expect(byAdmin.status == 200, "\(byAdmin.text)")
        let detail = try #require(byAdmin.jsonObject)
        #expect(detail["status"] as? String == "in_review")
        #expect(detail["outcome"] is NSNull)
        let reopening = try #require(detail.events.last)
        #expect(reopening["type"] as? String == "transitioned")
        #expect(reopening["actor"] as? String == "root")
        let payload = reopening["payload"] as? [String: Any]
        #expect(payload?["from"] as? String == "closed")
        #expect(payload?["to"] as? String == "in_review")
        #expect(payload?["reason"] as? String == "The complainant sent new evidence by post.")
    }

    @Test func reviewerCannotListOrRevokeTokens() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        _ = try portal.staff("bob", .reviewer)
        let root = try portal.staff("root", .admin)

        let list = try portal.staffGet("/api/v1/tokens", as: alice)
        let revoke = try portal.send("DELETE", "/api/v1/tokens/bob", headers: [alice.authorization])

        #expect(list.status == 403, "\(list.text)")
        #expect(list.mediaType == "application/problem+json")
        #expect(!list.text.contains("bob"))
        #expect(revoke.status == 403, "\(revoke.text)")
        let tokens = try #require(try portal.staffGet("/api/v1/tokens", as: root).jsonObject?["tokens"] as? [[String: Any]])
        #expect(tokens.compactMap { $0["name"] as? String } == ["alice", "bob", "root"])
        #expect(tokens.allSatisfy { $0["revoked_at"] == nil || $0["revoked_at"] is NSNull }, "bob's token is still active: \(tokens)")
        #expect(tokens.compactMap { $0["role"] as? String } == ["reviewer", "reviewer", "admin"])
    }

    @Test func auditVerificationIsRefusedToReviewersAndReportsAnIntactChainToAuditors() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let carol = try portal.staff("carol", .auditor)
        let root = try portal.staff("root", .admin)
        let complaint = try portal.fileComplaint()
        try portal.move(complaint.reference, WorkflowBody.review, as: alice)
        try portal.move(complaint.reference, WorkflowBody.await(), as: alice)

        let byReviewer = try portal.staffGet("/api/v1/audit/verify", as: alice)
        let byAuditor = try portal.staffGet("/api/v1/audit/verify", as: carol)
        let byAdmin = try portal.staffGet("/api/v1/audit/verify", as: root)

        #expect(byReviewer.status == 403, "\(byReviewer.text)")
        #expect(byReviewer.jsonObject?["intact"] == nil)
        #expect(byAuditor.status == 200, "\(byAuditor.text)")
        #expect(byAdmin.status == 200, "\(byAdmin.text)")
        let report = try #require(byAuditor.jsonObject)
        #expect(report["intact"] as? Bool == true)
        // 3 token_created, submitted, 2 transitions.
        #expect(report["events"] as? Int == 6, "\(report)")
        let lastHash = try #require(try portal.caseDetail(complaint.reference, as: carol).events.last?["hash"] as? String)
        #expect(report["head_hash"] as? String == lastHash)
        #expect(report["first_mismatch"] == nil)
    }

    // MARK: 404

    @Test func unknownCaseGets404OnEveryCaseRoute() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let root = try portal.staff("root", .admin)
        let complaint = try portal.fileComplaint()
        let before = try eventCount(portal)

        for reference in ["CPL-2026-999999", "CPL-2025-000001", "nonsense"] {
            for route in Self.staffRoutes(reference) where route.path.contains("/cases/\(reference)") {
                let response = try send(portal, route, authorization: "Bearer \(root.token)")
                #expect(response.status == 404, "\(route.method) \(route.path): \(response.status) \(response.text)")
                #expect(response.mediaType == "application/problem+json", "\(route.method) \(route.path)")
            }
        }
        // An attachment id the (real) case does not have, and one that is not a number.
        for id in ["1", "999", "abc"] {
            let response = try portal.staffGet("/api/v1/cases/\(complaint.reference)/attachments/\(id)", as: root)
            #expect(response.status == 404, "attachment \(id): \(response.status) \(response.text)")
        }
        #expect(try eventCount(portal) == before)
    }

    // MARK: 409

    @Test func illegalTransitionGets409ListingTheAllowedOnes() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        let before = try eventCount(portal)

        let fromReceived = try portal.transition(complaint.reference, WorkflowBody.close("rejected"), as: alice)
        let toAwaiting = try portal.transition(complaint.reference, WorkflowBody.await(), as: alice)
        let toReceived = try portal.transition(complaint.reference, ["to": "received"], as: alice)

        for response in [fromReceived, toAwaiting, toReceived] {
            #expect(response.status == 409, "\(response.text)")
            #expect(response.mediaType == "application/problem+json")
            #expect(response.jsonObject?["allowed"] as? [String] == ["in_review"], "\(response.text)")
            #expect(response.jsonObject?["current_status"] as? String == "received")
        }
        #expect(try eventCount(portal) == before)

        try portal.move(complaint.reference, WorkflowBody.review, as: alice)
        let backToReceived = try portal.transition(complaint.reference, ["to": "received"], as: alice)
        #expect(backToReceived.status == 409)
        #expect(backToReceived.jsonObject?["allowed"] as? [String] == ["awaiting_complainant", "closed"])
        #expect(backToReceived.jsonObject?["current_status"] as? String == "in_review")

        // A status that does not exist is a wrong field, not a transition.
        let unknown = try portal.transition(complaint.reference, ["to": "archived"], as: alice)
        #expect(unknown.status == 422, "\(unknown.text)")
        #expect(unknown.errorFields == ["to"])
    }

    @Test func extendingAClosedCaseGets409() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        try portal.move(complaint.reference, WorkflowBody.review, as: alice)
        try portal.move(complaint.reference, WorkflowBody.close("rejected"), as: alice)

        let response = try portal.staffPost("/api/v1/cases/\(complaint.reference)/extensions",
                                            ["days": 7, "justification": "The crawl logs for October are archived."], as: alice)

        #expect(response.status == 409, "\(response.text)")
    }

    // MARK: 412

    @Test func ifMatchWithAnOldETagGets412AndWithTheCurrentOneOrAStarSucceeds() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let bob = try portal.staff("bob", .reviewer)
        let complaint = try portal.fileComplaint()
        let ref = complaint.reference
        let first = try portal.staffGet("/api/v1/cases/\(ref)", as: alice)
        let oldTag = try #require(first.header("ETag"))
        #expect(oldTag.hasPrefix("\"") && oldTag.hasSuffix("\""), "a strong entity tag: \(oldTag)")
        #expect(first.jsonObject?["etag"] as? String == oldTag)

        // Bob changes the case meanwhile.
        let assigned = try portal.staffPost("/api/v1/cases/\(ref)/assignment", ["assignee": "bob"], as: bob)
        #expect(assigned.status == 200)
        let currentTag = try #require(assigned.header("ETag"))
        #expect(currentTag != oldTag)
        let before = try eventCount(portal)

        let stale = try portal.transition(ref, WorkflowBody.review, as: alice, ifMatch: oldTag)
        let weak = try portal.transition(ref, WorkflowBody.review, as: alice, ifMatch: "W/\(currentTag)")
        let staleNote = try portal.staffPost("/api/v1/cases/\(ref)/notes", ["text": "Written on an old copy."], as: alice, ifMatch: oldTag)

        for response in [stale, weak, staleNote] {
            #expect(response.status == 412, "\(response.text)")
            #expect(response.mediaType == "application/problem+json")
            #expect(response.header("ETag") == currentTag, "the current tag to retry with")
        }
        #expect(try eventCount(portal) == before)
        #expect(try portal.caseDetail(ref, as: alice)["status"] as? String == "received")

        let current = try portal.transition(ref, WorkflowBody.review, as: alice, ifMatch: currentTag)
        #expect(current.status == 200, "\(current.text)")
        #expect(current.jsonObject?["status"] as? String == "in_review")
        let newTag = try #require(current.header("ETag"))
        #expect(newTag != currentTag)
        let listed = try portal.transition(ref, WorkflowBody.await(), as: alice, ifMatch: "\"0000\", \(newTag)")
        #expect(listed.status == 200, "a list holding the current tag matches: \(listed.text)")
        let star = try portal.staffPost("/api/v1/cases/\(ref)/transitions", WorkflowBody.review, as: alice, ifMatch: "*")
        #expect(star.status == 200, "\(star.text)")
        #expect(star.jsonObject?["status"] as? String == "in_review")
    }

    // MARK: 422

    @Test func closingWithoutADecisionOrWithTooShortAOneGets422OnDecision() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        try portal.move(complaint.reference, WorkflowBody.review, as: alice)
        let before = try eventCount(portal)

        let missing = try portal.transition(complaint.reference, ["to": "closed", "outcome": "rejected"], as: alice)
        let short = try portal.transition(complaint.reference, WorkflowBody.close("rejected", decision: "No."), as: alice)
        let noOutcome = try portal.transition(complaint.reference, ["to": "closed", "decision": WorkflowBody.decision], as: alice)
        let badOutcome = try portal.transition(complaint.reference, WorkflowBody.close("ignored"), as: alice)

        #expect(missing.status == 422, "\(missing.text)")
        #expect(missing.errorFields == ["decision"])
        #expect(short.status == 422, "\(short.text)")
        #expect(short.errorFields == ["decision"])
        #expect(short.errorMessage(for: "decision")?.contains("50") == true, "\(short.text)")
        #expect(noOutcome.status == 422)
        #expect(noOutcome.errorFields == ["outcome"])
        #expect(badOutcome.status == 422)
        #expect(badOutcome.errorFields == ["outcome"])
        #expect(try eventCount(portal) == before)
    }

    @Test func upheldOutcomesWithoutActionsGet422OnActions() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        try portal.move(complaint.reference, WorkflowBody.review, as: alice)

        let upheld = try portal.transition(complaint.reference, WorkflowBody.close("upheld"), as: alice)
        let partially = try portal.transition(complaint.reference, WorkflowBody.close("partially_upheld", actions: []), as: alice)
        let badType = try portal.transition(complaint.reference,
                                            WorkflowBody.close("upheld", actions: [["type": "apology", "text": "We apologised."]]), as: alice)
        let noText = try portal.transition(complaint.reference, WorkflowBody.close("upheld", actions: [["type": "policy_update"]]), as: alice)
        let actionsOnRejection = try portal.transition(complaint.reference,
                                                       WorkflowBody.close("rejected", actions: WorkflowBody.crawlerExclusion), as: alice)

        #expect(upheld.status == 422, "\(upheld.text)")
        #expect(upheld.errorFields == ["actions"])
        #expect(partially.status == 422, "\(partially.text)")
        #expect(partially.errorFields == ["actions"])
        #expect(badType.status == 422)
        #expect(badType.errorFields == ["actions[0].type"])
        #expect(noText.status == 422)
        #expect(noText.errorFields == ["actions[0].text"])
        #expect(actionsOnRejection.status == 422)
        #expect(actionsOnRejection.errorFields == ["actions"])
        #expect(try portal.caseDetail(complaint.reference, as: alice)["status"] as? String == "in_review")
    }

    @Test func awaitingTheComplainantWithoutAMessageGets422OnMessage() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        try portal.move(complaint.reference, WorkflowBody.review, as: alice)

        let missing = try portal.transition(complaint.reference, ["to": "awaiting_complainant"], as: alice)
        let blank = try portal.transition(complaint.reference, WorkflowBody.await("   "), as: alice)

        for response in [missing, blank] {
            #expect(response.status == 422, "\(response.text)")
            #expect(response.errorFields == ["message"])
        }
        #expect(try portal.caseDetail(complaint.reference, as: alice)["status"] as? String == "in_review")
    }

    @Test func extensionWithAShortJustificationOrNoDaysGets422() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        let path = "/api/v1/cases/\(complaint.reference)/extensions"

        let short = try portal.staffPost(path, ["days": 7, "justification": "Logs archived."], as: alice)
        let missing = try portal.staffPost(path, ["days": 7], as: alice)
        let zero = try portal.staffPost(path, ["days": 0, "justification": "The crawl logs for October are archived."], as: alice)
        let fraction = try portal.staffPost(path, ["days": 1.5, "justification": "The crawl logs for October are archived."], as: alice)

        #expect(short.status == 422, "\(short.text)")
        #expect(short.errorFields == ["justification"])
        #expect(missing.status == 422)
        #expect(missing.errorFields == ["justification"])
        #expect(zero.status == 422)
        #expect(zero.errorFields == ["days"])
        #expect(fraction.status == 422)
        #expect(fraction.errorFields == ["days"])
        #expect(try portal.partyStatus(complaint)["respond_by"] as? String == "2026-12-28T22:59:59Z", "nothing was extended")
    }

    @Test func duplicateOfACaseOfAnotherRightsholderOrWithoutADecisionGets422() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        // An earlier, decided case of another rightsholder.
        let other = try portal.fileComplaint(ComplaintFixture.setting(ComplaintFixture.rightsholder(title: "Other Book"),
                                                                      "complainant.organisation", "Other House SARL"))
        try portal.move(other.reference, WorkflowBody.review, as: alice)
        try portal.move(other.reference, WorkflowBody.close("rejected"), as: alice)
        // An earlier case of the same rightsholder, still open.
        let undecided = try portal.fileComplaint(ComplaintFixture.rightsholder(title: "First Book"))
        // An earlier case of the same rightsholder, withdrawn: no decision either.
        let withdrawn = try portal.fileComplaint(ComplaintFixture.rightsholder(title: "Withdrawn Book"))
        #expect(try portal.partyPost("/api/v1/status/withdrawal", nil, withdrawn).status == 200)
        let complaint = try portal.fileComplaint(ComplaintFixture.rightsholder(title: "Second Book"))
        try portal.move(complaint.reference, WorkflowBody.review, as: alice)
        let before = try eventCount(portal)

        let otherRightsholder = try portal.transition(complaint.reference, WorkflowBody.close("duplicate", duplicateOf: other.reference), as: alice)
        let noDecision = try portal.transition(complaint.reference, WorkflowBody.close("duplicate", duplicateOf: undecided.reference), as: alice)
        let onlyWithdrawn = try portal.transition(complaint.reference, WorkflowBody.close("duplicate", duplicateOf: withdrawn.reference), as: alice)
        let unknown = try portal.transition(complaint.reference, WorkflowBody.close("duplicate", duplicateOf: "CPL-2026-999999"), as: alice)
        let itself = try portal.transition(complaint.reference, WorkflowBody.close("duplicate", duplicateOf: complaint.reference), as: alice)
        let unnamed = try portal.transition(complaint.reference, WorkflowBody.close("duplicate"), as: alice)
        let notADuplicate = try portal.transition(complaint.reference, WorkflowBody.close("rejected", duplicateOf: other.reference), as: alice)

        for (what, response) in [("another rightsholder", otherRightsholder), ("no decision", noDecision), ("withdrawn", onlyWithdrawn),
                                 ("unknown", unknown), ("itself", itself), ("unnamed", unnamed), ("not a duplicate", notADuplicate)] {
            #expect(response.status == 422, "\(what): \(response.text)")
            #expect(response.errorFields == ["duplicate_of"], "\(what): \(response.text)")
        }
        #expect(otherRightsholder.errorMessage(for: "duplicate_of")?.contains("another rightsholder") == true)
        #expect(try eventCount(portal) == before)
        #expect(try portal.caseDetail(complaint.reference, as: alice)["status"] as? String == "in_review")
    }

    @Test func unknownFieldsAndBodiesThatAreNotJSONAreRefused() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let complaint = try portal.fileComplaint()
        let path = "/api/v1/cases/\(complaint.reference)/transitions"

        let extra = try portal.staffPost(path, ["to": "in_review", "priority": "high"], as: alice)
        let text = try portal.send("POST", path, headers: [alice.authorization, ("Content-Type", "text/plain")], body: Array("to=in_review".utf8))
        let broken = try portal.send("POST", path, headers: [alice.authorization, ("Content-Type", "application/json")], body: Array("{\"to\":".utf8))

        #expect(extra.status == 422, "\(extra.text)")
        #expect(extra.errorFields == ["priority"])
        #expect(text.status == 415, "\(text.text)")
        #expect(broken.status == 400, "\(broken.text)")
        #expect(try portal.caseDetail(complaint.reference, as: alice)["status"] as? String == "received")
    }

    @Test func assignmentNamesAnActiveMemberOfStaffMeOrNoOne() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        _ = try portal.staff("bob", .reviewer)
        _ = try portal.staff("gone", .reviewer)
        try StaffTokens(database: portal.database).revoke(name: "gone", actor: "cli", at: portal.clock.now)
        let complaint = try portal.fileComplaint()
        let path = "/api/v1/cases/\(complaint.reference)/assignment"

        let unknown = try portal.staffPost(path, ["assignee": "mallory"], as: alice)
        let revoked = try portal.staffPost(path, ["assignee": "gone"], as: alice)
        let missing = try portal.staffPost(path, [:], as: alice)
        #expect(unknown.status == 422, "\(unknown.text)")
        #expect(unknown.errorFields == ["assignee"])
        #expect(revoked.status == 422, "\(revoked.text)")
        #expect(revoked.errorFields == ["assignee"])
        #expect(missing.status == 422)
        #expect(missing.errorFields == ["assignee"])

        let toBob = try portal.staffPost(path, ["assignee": "bob"], as: alice)
        #expect(toBob.status == 200)
        #expect(toBob.jsonObject?["assignee"] as? String == "bob")
        let toMe = try portal.staffPost(path, ["assignee": "me"], as: alice)
        #expect(toMe.jsonObject?["assignee"] as? String == "alice")
        let toNoOne = try portal.staffPost(path, ["assignee": NSNull()], as: alice)
        #expect(toNoOne.status == 200)
        #expect(toNoOne.jsonObject?["assignee"] is NSNull)
        let events = try #require(toNoOne.jsonObject).events.filter { $0["type"] as? String == "assigned" }
        #expect(events.compactMap { ($0["payload"] as? [String: Any])?["assignee"] as? String } == ["bob", "alice"])
        #expect(events.allSatisfy { $0["actor"] as? String == "alice" })
        #expect(((events.last?["payload"] as? [String: Any])?["assignee"]) is NSNull)
        #expect(((events.last?["payload"] as? [String: Any])?["previous"]) as? String == "alice")
    }
}
