import Foundation
import HTTPTestSupport
import Portal
import Testing

/// The whole life of a complaint over a real socket, from its submission to each outcome: what
/// staff see (status, outcome, events chained by their hashes) and what the complainant sees
/// (decision, redress, actions, messages — never internal notes nor staff names).
@Suite struct CaseLifeEndToEndTests {
    static let note = "INTERNAL: the crawler team suspects a misconfigured proxy; do not tell the complainant yet."
    static let message = "We have started to examine your complaint and the logs you linked."

    /// The hash at the head of the audit log (the event before the next one appended).
    private func headHash(_ portal: PortalTestServer) throws -> String? {
        try portal.rows("SELECT hash FROM case_events ORDER BY id DESC LIMIT 1").first?.string("hash")
    }

    /// Files a complaint, then takes it through assignment, review, an internal note and a message,
    /// and returns it with the hash the log held before it was filed.
    private func reviewedComplaint(_ portal: PortalTestServer, by alice: StaffCredential,
                                   _ complaint: [String: Any] = ComplaintFixture.rightsholder()) throws -> (FiledComplaint, String?) {
        let head = try headHash(portal)
        let filed = try portal.fileComplaint(complaint)
        let fresh = try portal.partyStatus(filed)
        #expect(fresh["status"] as? String == "received")
        #expect(fresh["decision"] is NSNull)
        #expect((fresh["messages"] as? [Any])?.isEmpty == true)

        portal.clock.advance(by: Span.hour)
        let assigned = try portal.staffPost("/api/v1/cases/\(filed.reference)/assignment", ["assignee": "me"], as: alice)
        #expect(assigned.status == 200, "\(assigned.text)")
        #expect(assigned.jsonObject?["assignee"] as? String == "alice")
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        let note = try portal.staffPost("/api/v1/cases/\(filed.reference)/notes", ["text": Self.note], as: alice)
        #expect(note.status == 201, "\(note.text)")
        #expect(note.header("Location")?.hasPrefix("/api/v1/cases/\(filed.reference)/events") == true)
        let message = try portal.staffPost("/api/v1/cases/\(filed.reference)/messages", ["text": Self.message], as: alice)
        #expect(message.status == 201, "\(message.text)")
        portal.clock.advance(by: Span.day)
        return (filed, head)
    }

    /// What every closed case shows staff: its status and outcome, the events of its life in order
    /// with their actors, chained by their hashes, the same list on /events, and an intact log.
    private func expectClosedHistory(_ portal: PortalTestServer, _ filed: FiledComplaint, outcome: String, head: String?,
                                     closedBy actor: String, auditor: StaffCredential,
                                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let detail = try portal.caseDetail(filed.reference, as: auditor, sourceLocation: sourceLocation)
        #expect(detail["status"] as? String == "closed", sourceLocation: sourceLocation)
        #expect(detail["outcome"] as? String == outcome, sourceLocation: sourceLocation)
        #expect(detail["closed_at"] as? String == utc(portal.clock.now), sourceLocation: sourceLocation)
        #expect(detail["assignee"] as? String == "alice", sourceLocation: sourceLocation)
        let events = detail.events
        #expect(detail.eventTypes == ["submitted", "assigned", "transitioned", "note_added", "message_sent", "transitioned"],
                sourceLocation: sourceLocation)
        #expect(events.compactMap { $0["actor"] as? String } == ["complainant", "alice", "alice", "alice", "alice", actor],
                sourceLocation: sourceLocation)
        let closing = events.last?["payload"] as? [String: Any]
        #expect(closing?["from"] as? String == "in_review", sourceLocation: sourceLocation)
        #expect(closing?["to"] as? String == "closed", sourceLocation: sourceLocation)
        #expect(closing?["outcome"] as? String == outcome, sourceLocation: sourceLocation)
        IndependentChain.expectChained(events, reference: filed.reference, startingAfter: head, sourceLocation: sourceLocation)
        // Both deadlines were met, on time.
        for kind in ["acknowledge", "respond"] {
            let deadline = detail.deadline(kind)
            #expect(deadline?["state"] as? String == "met", "\(kind)", sourceLocation: sourceLocation)
            #expect(deadline?["on_time"] as? Bool == true, "\(kind)", sourceLocation: sourceLocation)
        }
        let listed = try portal.staffGet("/api/v1/cases/\(filed.reference)/events", as: auditor)
        #expect(listed.status == 200, sourceLocation: sourceLocation)
        #expect((listed.jsonObject?["events"] as? [[String: Any]])?.compactMap { $0["hash"] as? String }
                == events.compactMap { $0["hash"] as? String }, sourceLocation: sourceLocation)
        let verify = try portal.staffGet("/api/v1/audit/verify", as: auditor).jsonObject
        #expect(verify?["intact"] as? Bool == true, sourceLocation: sourceLocation)
        #expect(verify?["head_hash"] as? String == events.last?["hash"] as? String, sourceLocation: sourceLocation)
    }

    /// What the complainant sees of a closed case, on the API and on the status page.
    private func expectComplainantSees(_ portal: PortalTestServer, _ filed: FiledComplaint, outcome: String, outcomeLabel: String,
                                       decision: String?, redressContains: String, actions: [[String: String]],
                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let response = try portal.get("/api/v1/status", headers: [("Authorization", "Bearer \(filed.statusToken)")])
        #expect(response.status == 200, sourceLocation: sourceLocation)
        let status = try #require(response.jsonObject, sourceLocation: sourceLocation)
        #expect(status["status"] as? String == "closed", sourceLocation: sourceLocation)
        let shown = try #require(status["decision"] as? [String: Any], "\(status)", sourceLocation: sourceLocation)
        #expect(shown["outcome"] as? String == outcome, sourceLocation: sourceLocation)
        #expect(shown["decided_at"] as? String == utc(portal.clock.now), sourceLocation: sourceLocation)
        if let decision {
            #expect(shown["decision"] as? String == decision, sourceLocation: sourceLocation)
        }
        #expect((shown["redress"] as? String)?.contains(redressContains) == true, "\(shown)", sourceLocation: sourceLocation)
        #expect((shown["actions"] as? [[String: String]]) == actions, sourceLocation: sourceLocation)
        let messages = status["messages"] as? [[String: Any]] ?? []
        #expect(messages.compactMap { $0["text"] as? String } == [Self.message], sourceLocation: sourceLocation)
        #expect(messages.first?["from"] as? String == "provider", sourceLocation: sourceLocation)
        // Internal notes and staff names never reach the complainant.
        #expect(!response.text.contains("INTERNAL"), sourceLocation: sourceLocation)
        #expect(!response.text.contains("alice"), sourceLocation: sourceLocation)
        #expect(!response.text.contains("note_added"), sourceLocation: sourceLocation)

        let page = try portal.checkStatus(reference: filed.reference, code: filed.statusToken)
        #expect(page.status == 200, sourceLocation: sourceLocation)
        let html = HTML(page.text)
        let text = HTML.unescape(page.text)
        #expect(html.text(ofFirst: "strong", withClass: "tag") == "Closed", sourceLocation: sourceLocation)
        #expect(text.contains(outcomeLabel), sourceLocation: sourceLocation)
        if let decision { #expect(text.contains(decision), sourceLocation: sourceLocation) }
        #expect(text.contains(Self.message), sourceLocation: sourceLocation)
        for action in actions { #expect(text.contains(action["text"] ?? "?"), sourceLocation: sourceLocation) }
        #expect(!page.text.contains("INTERNAL") && !page.text.contains("alice"), sourceLocation: sourceLocation)
        #expect(!page.text.contains("action=\"/status/reply\""), "a closed case takes no reply", sourceLocation: sourceLocation)
    }

    @Test func upheldComplaintReachesTheComplainantWithTheActionsTakenAndARecordedHistory() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let carol = try portal.staff("carol", .auditor)
        let (filed, head) = try reviewedComplaint(portal, by: alice)
        let actions = [["type": "crawler_exclusion", "text": "publisher.example added to the crawler exclusion list on 2026-12-01"],
                       ["type": "data_removal", "text": "The 4,000 pages were removed from the training corpus."]]
        let decision = "We confirmed our crawler ignored your robots.txt in October. We excluded your site and removed the pages."

        let closed = try portal.move(filed.reference, WorkflowBody.close("upheld", decision: decision, actions: actions), as: alice)

        #expect(closed["status"] as? String == "closed")
        #expect((closed.events.last?["payload"] as? [String: Any])?["actions"] as? [[String: String]] == actions)
        try expectClosedHistory(portal, filed, outcome: "upheld", head: head, closedBy: "alice", auditor: carol)
        try expectComplainantSees(portal, filed, outcome: "upheld", outcomeLabel: "Upheld", decision: decision,
                                  redressContains: "competent courts", actions: actions)
    }

    @Test func defaultRedressTextReadsAsOneCleanParagraph() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        try portal.move(filed.reference, WorkflowBody.close("rejected"), as: alice)

        let redress = try #require((try portal.partyStatus(filed)["decision"] as? [String: Any])?["redress"] as? String)

        #expect(redress.contains("competent courts of an EU Member State"), "\(redress)")
        #expect(!redress.contains("  "), "runs of spaces in the text shown to the complainant: \(redress)")
    }

    @Test func reopenedCaseDoesNotCountTheDaysItWasClosed() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let root = try portal.staff("root", .admin)
        let filed = try portal.fileComplaint()
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        portal.clock.advance(by: 2 * Span.day)  // Monday 30 November
        try portal.move(filed.reference, WorkflowBody.close("rejected"), as: alice)
        portal.clock.advance(by: 5 * Span.day)  // Saturday 5 December: closed 30 November to 4 December, 5 days

        try portal.move(filed.reference, ["to": "in_review", "reason": "The complainant sent new evidence by post."], as: root)

        let detail = try portal.caseDetail(filed.reference, as: root)
        #expect(detail["status"] as? String == "in_review")
        #expect(detail["closed_at"] is NSNull)
        let respond = try #require(detail.deadline("respond"))
        #expect(respond["state"] as? String == "on_track")
        #expect(respond["due"] as? String == "2027-01-02T22:59:59Z", "28 December plus the 5 days closed")
        let explanation = respond["explanation"] as? [String] ?? []
        #expect(explanation.contains { $0.contains("closed from") && $0.contains("until reopened on") }, "\(explanation)")
        let status = try portal.partyStatus(filed)
        #expect(status["status"] as? String == "in_review")
        #expect(status["decision"] is NSNull, "a reopened case has no decision until it is closed again")
        #expect(status["respond_by"] as? String == "2027-01-02T22:59:59Z")
    }

    @Test func partiallyUpheldComplaintListsItsActionsAndItsOwnRedressText() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let carol = try portal.staff("carol", .auditor)
        let (filed, head) = try reviewedComplaint(portal, by: alice)
        let actions = [["type": "output_safeguard", "text": "An output filter now blocks long verbatim passages of Le Livre."]]
        let redress = "You may also bring this decision before the courts of Paris or the French copyright authority."

        try portal.move(filed.reference, WorkflowBody.close("partially_upheld", actions: actions, redress: redress), as: alice)

        try expectClosedHistory(portal, filed, outcome: "partially_upheld", head: head, closedBy: "alice", auditor: carol)
        try expectComplainantSees(portal, filed, outcome: "partially_upheld", outcomeLabel: "Partially upheld",
                                  decision: WorkflowBody.decision, redressContains: redress, actions: actions)
    }

    @Test(arguments: [("rejected", "Rejected"), ("manifestly_unfounded", "Manifestly unfounded"), ("withdrawn", "Withdrawn")])
    func closedComplaintWithoutActionsReachesTheComplainantWithTheDecisionAndRedress(_ outcome: String, _ label: String) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let carol = try portal.staff("carol", .auditor)
        let (filed, head) = try reviewedComplaint(portal, by: alice)

        try portal.move(filed.reference, WorkflowBody.close(outcome), as: alice)

        try expectClosedHistory(portal, filed, outcome: outcome, head: head, closedBy: "alice", auditor: carol)
        try expectComplainantSees(portal, filed, outcome: outcome, outcomeLabel: label, decision: WorkflowBody.decision,
                                  redressContains: "competent courts", actions: [])
    }

    @Test func duplicateNamesAnEarlierDecidedCaseOfTheSameRightsholder() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let carol = try portal.staff("carol", .auditor)
        // The earlier complaint, decided; filed by a representative for the same rightsholder.
        let earlier = try portal.fileComplaint(ComplaintFixture.setting(ComplaintFixture.representative(), "works[0].title", "Le Premier Livre"))
        try portal.move(earlier.reference, WorkflowBody.review, as: alice)
        try portal.move(earlier.reference, WorkflowBody.close("rejected"), as: alice)
        let (filed, head) = try reviewedComplaint(portal, by: alice)
        let decision = "You already complained about the same crawl in \(earlier.reference), which we answered; our answer stands."

        let closed = try portal.move(filed.reference, WorkflowBody.close("duplicate", decision: decision, duplicateOf: earlier.reference),
                                     as: alice)

        #expect((closed.events.last?["payload"] as? [String: Any])?["duplicate_of"] as? String == earlier.reference)
        try expectClosedHistory(portal, filed, outcome: "duplicate", head: head, closedBy: "alice", auditor: carol)
        try expectComplainantSees(portal, filed, outcome: "duplicate", outcomeLabel: "Duplicate of an earlier complaint",
                                  decision: decision, redressContains: "competent courts", actions: [])
        let status = try portal.partyStatus(filed)
        #expect((status["decision"] as? [String: Any])?["duplicate_of"] as? String == earlier.reference)
    }

    /// Staff should see which earlier case a case closed as a duplicate repeats, on the case and in
    /// the queue's duplicate flag, not only inside the closing event's payload.
    @Test func caseClosedAsADuplicateShowsStaffWhichCaseItRepeats() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let earlier = try portal.fileComplaint(ComplaintFixture.rightsholder(title: "Le Premier Livre"))
        try portal.move(earlier.reference, WorkflowBody.review, as: alice)
        try portal.move(earlier.reference, WorkflowBody.close("rejected"), as: alice)
        let later = try portal.fileComplaint(ComplaintFixture.rightsholder(title: "Le Second Livre"))
        try portal.move(later.reference, WorkflowBody.review, as: alice)

        try portal.move(later.reference, WorkflowBody.close("duplicate", duplicateOf: earlier.reference), as: alice)

        let detail = try portal.caseDetail(later.reference, as: alice)
        #expect(detail["outcome"] as? String == "duplicate")
        #expect(detail["duplicate_of"] as? String == earlier.reference, "case detail after closing as a duplicate: \(detail["duplicate_of"] ?? "nil")")
        let item = try #require(try portal.staffGet("/api/v1/cases?sort=received", as: alice).jsonObject?.items
            .first { $0["reference"] as? String == later.reference })
        #expect(item["duplicate"] as? Bool == true, "queue item after closing as a duplicate: \(item)")
        #expect(item["duplicate_of"] as? String == earlier.reference, "queue item after closing as a duplicate: \(item)")
    }

    @Test func complainantWithdrawsThroughTheStatusAPIAndTheCaseClosesAsWithdrawn() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let carol = try portal.staff("carol", .auditor)
        let (filed, head) = try reviewedComplaint(portal, by: alice)

        let withdrawal = try portal.partyPost("/api/v1/status/withdrawal", ["reason": "We settled the matter with the provider directly."], filed)

        #expect(withdrawal.status == 200, "\(withdrawal.text)")
        let answer = try #require(withdrawal.jsonObject)
        #expect(answer["status"] as? String == "closed")
        #expect((answer["decision"] as? [String: Any])?["outcome"] as? String == "withdrawn")
        try expectClosedHistory(portal, filed, outcome: "withdrawn", head: head, closedBy: "complainant", auditor: carol)
        let closing = try #require(try portal.caseDetail(filed.reference, as: carol).events.last?["payload"] as? [String: Any])
        #expect(closing["reason"] as? String == "We settled the matter with the provider directly.")
        let status = try portal.partyStatus(filed)
        let decision = try #require(status["decision"] as? [String: Any])
        #expect(decision["outcome"] as? String == "withdrawn")
        #expect(decision["decided_at"] as? String == utc(portal.clock.now))
        #expect(!withdrawal.text.contains("INTERNAL") && !withdrawal.text.contains("alice"))
        // Closed now: a second withdrawal and a reply are refused, and so is a staff transition back.
        #expect(try portal.partyPost("/api/v1/status/withdrawal", nil, filed).status == 409)
        #expect(try portal.partyPost("/api/v1/status/messages", ["text": "One more thing about our complaint."], filed).status == 409)
        #expect(try portal.transition(filed.reference, WorkflowBody.review, as: alice).status == 403)
    }

    @Test func complainantCanWithdrawAComplaintStillReceivedWithoutABody() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let carol = try portal.staff("carol", .auditor)
        let filed = try portal.fileComplaint()

        let withdrawal = try portal.partyPost("/api/v1/status/withdrawal", nil, filed)

        #expect(withdrawal.status == 200, "\(withdrawal.text)")
        let detail = try portal.caseDetail(filed.reference, as: carol)
        #expect(detail["status"] as? String == "closed")
        #expect(detail["outcome"] as? String == "withdrawn")
        #expect(detail.eventTypes == ["submitted", "transitioned"])
        #expect(detail.events.last?["actor"] as? String == "complainant")
        // The acknowledge deadline is met by leaving `received`, even by a withdrawal.
        #expect(detail.deadline("acknowledge")?["state"] as? String == "met")
        #expect(detail.deadline("respond")?["state"] as? String == "met")
    }

    @Test func withdrawalWithoutTheStatusTokenGets401() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let carol = try portal.staff("carol", .auditor)
        let filed = try portal.fileComplaint()

        let none = try portal.send("POST", "/api/v1/status/withdrawal")
        let staffToken = try portal.send("POST", "/api/v1/status/withdrawal", headers: [carol.authorization])

        #expect(none.status == 401)
        #expect(none.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(staffToken.status == 401)
        #expect(try portal.caseDetail(filed.reference, as: carol)["status"] as? String == "received")
    }
}
