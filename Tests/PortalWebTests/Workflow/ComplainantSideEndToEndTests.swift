import Foundation
import HTTPTestSupport
import Portal
import Testing

/// The complainant's side of the workflow over a real socket: a reply that resumes a stopped
/// clock (API and status page), and an extension with its justification seen on the status page.
///
/// Dates: a complaint filed at `TestClock.fixedNow` (Saturday 28 November 2026, 11:12 CET) is to
/// be answered by the end of Monday 28 December 2026 (30 calendar days, Europe/Brussels).
@Suite struct ComplainantSideEndToEndTests {
    static let question = "Please send the server logs for October that show our crawler's user agent."
    static let justification = "The crawl logs for October are archived and take a week to restore."

    private func reply(_ portal: PortalTestServer, _ filed: FiledComplaint, _ text: String) throws -> RawHTTPResponse {
        try portal.partyPost("/api/v1/status/messages", ["text": text], filed)
    }

    // MARK: A reply resumes the clock

    @Test func replyWhileAwaitingTheComplainantReturnsTheCaseToReviewAndMovesTheDeadlineByThePausedDays() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        portal.clock.advance(by: Span.day)  // Sunday 29 November
        try portal.move(filed.reference, WorkflowBody.await(Self.question), as: alice)

        let waiting = try portal.partyStatus(filed)
        #expect(waiting["status"] as? String == "awaiting_complainant")
        #expect((waiting["messages"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == [Self.question])
        #expect(waiting.deadline("respond")?["paused"] as? Bool == true)

        portal.clock.advance(by: 5 * Span.day)  // Friday 4 December: paused 29 November to 3 December, 5 days
        let response = try reply(portal, filed, "Here are the logs: https://publisher.example/logs/2026-10-full.txt")

        #expect(response.status == 201, "\(response.text)")
        let answer = try #require(response.jsonObject)
        #expect(answer["status"] as? String == "in_review")
        let messages = answer["messages"] as? [[String: Any]] ?? []
        #expect(messages.compactMap { $0["from"] as? String } == ["provider", "complainant"])
        #expect(messages.last?["text"] as? String == "Here are the logs: https://publisher.example/logs/2026-10-full.txt")
        #expect(messages.last?["sent_at"] as? String == utc(portal.clock.now))
        #expect(answer["respond_by"] as? String == "2027-01-02T22:59:59Z", "28 December plus the 5 paused days")
        #expect(answer.deadline("respond")?["paused"] as? Bool == false)
        // The acknowledge deadline was met when the case left `received`; the pause does not touch it.
        #expect(answer["acknowledge_by"] as? String == "2026-12-02T22:59:59Z")

        let detail = try portal.caseDetail(filed.reference, as: alice)
        #expect(detail["status"] as? String == "in_review")
        let respond = try #require(detail.deadline("respond"))
        #expect(respond["due"] as? String == "2027-01-02T22:59:59Z")
        #expect(respond["state"] as? String == "on_track")
        let explanation = respond["explanation"] as? [String] ?? []
        #expect(explanation.first?.hasPrefix("received on") == true, "\(explanation)")
        #expect(explanation.contains { $0.contains("plus 30 calendar days") }, "\(explanation)")
        let pause = explanation.first { $0.contains("paused from") }
        #expect(pause?.contains("awaiting the complainant") == true, "\(explanation)")
        #expect(pause?.contains("29 November 2026") == true && pause?.contains("4 December 2026") == true, "\(explanation)")
        #expect(explanation.last?.hasPrefix("due at the end of") == true, "\(explanation)")
        #expect(explanation.last?.contains("2 January 2027") == true, "\(explanation)")
        #expect(explanation.last?.contains("Europe/Brussels") == true, "\(explanation)")
        #expect(explanation.last?.contains("2027-01-02T22:59:59Z") == true, "\(explanation)")
        #expect(detail.deadline("acknowledge")?["state"] as? String == "met")
        #expect(detail.deadline("acknowledge")?["due"] as? String == "2026-12-02T22:59:59Z")
        // The log: the question, the reply, and the case back in review, by the complainant.
        let tail = detail.events.suffix(3)
        #expect(tail.compactMap { $0["type"] as? String } == ["transitioned", "reply_received", "transitioned"])
        #expect(tail.compactMap { $0["actor"] as? String } == ["alice", "complainant", "complainant"])
        #expect((tail.last?["payload"] as? [String: Any])?["to"] as? String == "in_review")
        #expect((tail.last?["payload"] as? [String: Any])?["from"] as? String == "awaiting_complainant")

        // The same answer later: the deadline is recomputed from the events, not from today.
        portal.clock.advance(by: 10 * Span.day)
        #expect(try portal.partyStatus(filed)["respond_by"] as? String == "2027-01-02T22:59:59Z")
    }

    @Test func replyWhileInReviewIsKeptWithoutChangingTheStatusOrTheDeadline() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        portal.clock.advance(by: 2 * Span.day)

        let response = try reply(portal, filed, "We found more pages copied, listed at https://publisher.example/more.")

        #expect(response.status == 201, "\(response.text)")
        #expect(response.jsonObject?["status"] as? String == "in_review")
        #expect(response.jsonObject?["respond_by"] as? String == "2026-12-28T22:59:59Z")
        let empty = try reply(portal, filed, "   ")
        #expect(empty.status == 422, "\(empty.text)")
        #expect(empty.errorFields == ["text"])
        let unauthorised = try portal.send("POST", "/api/v1/status/messages", headers: [("Content-Type", "application/json")],
                                           body: JSONBody.bytes(["text": "Who am I?"]))
        #expect(unauthorised.status == 401)
        #expect(try portal.caseDetail(filed.reference, as: alice).eventTypes == ["submitted", "transitioned", "reply_received"])
    }

    @Test func replyThroughTheStatusPageFormResumesTheClockAndShowsTheConversation() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        portal.clock.advance(by: Span.day)  // Sunday 29 November
        try portal.move(filed.reference, WorkflowBody.await(Self.question), as: alice)
        portal.clock.advance(by: 3 * Span.day)  // Wednesday 2 December: paused 29 November to 1 December, 3 days

        let page = try portal.checkStatus(reference: filed.reference, code: filed.statusToken)

        #expect(page.status == 200, "\(page.text)")
        let html = HTML(page.text)
        #expect(html.text(ofFirst: "strong", withClass: "tag") == "Waiting for you")
        #expect(HTML.unescape(page.text).contains(Self.question))
        let replyForm = try #require(html.tags("form").first { $0["action"] == "/status/reply" }, "no reply form on \(page.text)")
        #expect(replyForm["method"] == "post")
        let token = try #require(html.value(ofInputNamed: "form_token"))
        #expect(!page.text.contains(filed.statusToken), "the status code is never echoed")

        portal.clock.advance(by: 20)
        let sent = try portal.send("POST", "/status/reply", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                   body: ComplaintForm.urlencoded([("form_token", token),
                                                                   ("message", "The October logs are attached to our website at /logs.")]))

        #expect(sent.status == 200, "\(sent.text)")
        expectWellFormedPortalPage(sent, "the status page after a reply")
        let after = HTML(sent.text)
        #expect(after.text(ofFirst: "strong", withClass: "tag") == "In review")
        let shown = HTML.unescape(sent.text)
        #expect(shown.contains("Your reply was sent"))
        #expect(shown.contains(Self.question))
        #expect(shown.contains("The October logs are attached to our website at /logs."))
        #expect(after.tags("article").count == 2, "both messages are listed")
        // The clock resumed: 28 December plus the 3 paused days.
        #expect(shown.contains("Thursday 31 December 2026, 23:59 CET"), "\(sent.text)")
        let status = try portal.partyStatus(filed)
        #expect(status["status"] as? String == "in_review")
        #expect(status["respond_by"] as? String == "2026-12-31T22:59:59Z")
        #expect((status["messages"] as? [[String: Any]])?.compactMap { $0["from"] as? String } == ["provider", "complainant"])
        #expect(try portal.caseDetail(filed.reference, as: alice).events.last?["actor"] as? String == "complainant")
    }

    @Test func emptyReplyOnTheStatusPageIsRefusedBesideTheField() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        try portal.move(filed.reference, WorkflowBody.await(Self.question), as: alice)
        let page = try portal.checkStatus(reference: filed.reference, code: filed.statusToken)
        let token = try #require(HTML(page.text).value(ofInputNamed: "form_token"))
        let before = try portal.count("case_events")

        let sent = try portal.send("POST", "/status/reply", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                   body: ComplaintForm.urlencoded([("form_token", token), ("message", "  ")]))
        let forged = try portal.send("POST", "/status/reply", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                     body: ComplaintForm.urlencoded([("form_token", "v1.\(portal.clock.now).case1-abc.def"),
                                                                     ("message", "A reply from someone without the page.")]))

        #expect(sent.status == 422, "\(sent.text)")
        #expect(HTML(sent.text).hasErrorSummary)
        #expect(HTML(sent.text).errorSummaryLinks == ["#message"])
        #expect(forged.status == 403, "\(forged.text)")
        #expect(try portal.count("case_events") == before)
        #expect(try portal.partyStatus(filed)["status"] as? String == "awaiting_complainant")
    }

    @Test func complainantWithdrawsThroughTheStatusPageOnlyOnceConfirmed() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        let page = try portal.checkStatus(reference: filed.reference, code: filed.statusToken)
        let token = try #require(HTML(page.text).value(ofInputNamed: "form_token"))
        #expect(HTML(page.text).tags("form").contains { $0["action"] == "/status/withdraw" })
        func withdraw(_ fields: [(String, String)]) throws -> RawHTTPResponse {
            try portal.send("POST", "/status/withdraw", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                            body: ComplaintForm.urlencoded([("form_token", token)] + fields))
        }

        let unconfirmed = try withdraw([("reason", "Settled.")])
        #expect(unconfirmed.status == 422, "\(unconfirmed.text)")
        #expect(HTML(unconfirmed.text).errorSummaryLinks.count == 1)
        #expect(try portal.partyStatus(filed)["status"] as? String == "received")

        let confirmed = try withdraw([("reason", "We settled the matter directly."), ("confirm", "yes")])

        #expect(confirmed.status == 200, "\(confirmed.text)")
        expectWellFormedPortalPage(confirmed, "the status page after a withdrawal")
        #expect(HTML(confirmed.text).text(ofFirst: "strong", withClass: "tag") == "Closed")
        #expect(HTML.unescape(confirmed.text).contains("You withdrew the complaint"))
        #expect(!confirmed.text.contains("action=\"/status/withdraw\""), "a closed complaint cannot be withdrawn again")
        let detail = try portal.caseDetail(filed.reference, as: alice)
        #expect(detail["outcome"] as? String == "withdrawn")
        #expect(detail.events.last?["actor"] as? String == "complainant")
        #expect((detail.events.last?["payload"] as? [String: Any])?["reason"] as? String == "We settled the matter directly.")
        let again = try withdraw([("confirm", "yes")])
        #expect(again.status == 422, "\(again.text)")
        #expect(detail.eventTypes == ["submitted", "transitioned"])
    }

    // MARK: An extension seen by the complainant

    @Test func extensionMovesTheDateTheComplainantSeesAndShowsItsJustification() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        portal.clock.advance(by: 2 * Span.day)  // Monday 30 November

        let extended = try portal.staffPost("/api/v1/cases/\(filed.reference)/extensions",
                                            ["days": 7, "justification": Self.justification], as: alice)

        #expect(extended.status == 200, "\(extended.text)")
        let respond = try #require(extended.jsonObject?.deadline("respond"))
        #expect(respond["due"] as? String == "2027-01-04T22:59:59Z")
        let extensions = respond["extensions"] as? [[String: Any]] ?? []
        #expect(extensions.count == 1)
        #expect(extensions.first?["days"] as? Int == 7)
        #expect(extensions.first?["justification"] as? String == Self.justification)
        #expect(extensions.first?["granted_at"] as? String == utc(portal.clock.now))
        let explanation = respond["explanation"] as? [String] ?? []
        let step = explanation.first { $0.contains("extended by 7 days") }
        #expect(step?.contains(Self.justification) == true, "\(explanation)")
        #expect(step?.contains("30 November 2026") == true, "\(explanation)")
        #expect(explanation.last?.contains("4 January 2027") == true, "\(explanation)")
        #expect(explanation.last?.contains("2027-01-04T22:59:59Z") == true, "\(explanation)")
        #expect(extended.jsonObject?.events.last?["type"] as? String == "extended")
        #expect(extended.jsonObject?.events.last?["actor"] as? String == "alice")

        // The complainant's API.
        let status = try portal.partyStatus(filed)
        #expect(status["respond_by"] as? String == "2027-01-04T22:59:59Z")
        #expect(status["acknowledge_by"] as? String == "2026-12-02T22:59:59Z")
        let shown = (status.deadline("respond")?["extensions"] as? [[String: Any]])?.first
        #expect(shown?["days"] as? Int == 7)
        #expect(shown?["justification"] as? String == Self.justification)

        // The status page.
        let page = try portal.checkStatus(reference: filed.reference, code: filed.statusToken)
        #expect(page.status == 200)
        let text = HTML.unescape(page.text)
        #expect(text.contains("Monday 4 January 2027, 23:59 CET"), "\(page.text)")
        #expect(!text.contains("Monday 28 December 2026, 23:59 CET"), "the old date is gone")
        #expect(text.contains(Self.justification))
        #expect(text.contains("By 7 days on Monday 30 November 2026"), "\(page.text)")
    }

    @Test func extensionJustificationIsEscapedOnTheStatusPage() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        let justification = "Logs <script>alert(1)</script> & backups are restored from tape."

        let extended = try portal.staffPost("/api/v1/cases/\(filed.reference)/extensions",
                                            ["days": 3, "justification": justification], as: alice)
        let page = try portal.checkStatus(reference: filed.reference, code: filed.statusToken)

        #expect(extended.status == 200, "\(extended.text)")
        #expect(!page.text.contains("<script>alert(1)</script>"))
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page.text)")
        #expect(HTML.unescape(page.text).contains("Thursday 31 December 2026, 23:59 CET"))
    }

    @Test func extensionsBeyondThePolicyCapOf30DaysGet422() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        let path = "/api/v1/cases/\(filed.reference)/extensions"
        #expect(try portal.staffPost(path, ["days": 7, "justification": Self.justification], as: alice).status == 200)

        let over = try portal.staffPost(path, ["days": 24, "justification": Self.justification], as: alice)
        let wayOver = try portal.staffPost(path, ["days": 31, "justification": Self.justification], as: alice)

        for response in [over, wayOver] {
            #expect(response.status == 422, "\(response.text)")
            #expect(response.errorFields == ["days"])
            #expect(response.errorMessage(for: "days")?.contains("30") == true, "\(response.text)")
        }
        #expect(try portal.partyStatus(filed)["respond_by"] as? String == "2027-01-04T22:59:59Z", "only the first 7 days")

        let upToTheCap = try portal.staffPost(path, ["days": 23, "justification": Self.justification], as: alice)
        #expect(upToTheCap.status == 200, "\(upToTheCap.text)")
        #expect(try portal.partyStatus(filed)["respond_by"] as? String == "2027-01-27T22:59:59Z", "28 December plus 30 days")
        let oneMore = try portal.staffPost(path, ["days": 1, "justification": Self.justification], as: alice)
        #expect(oneMore.status == 422, "\(oneMore.text)")
        #expect(oneMore.errorFields == ["days"])
        #expect((try portal.caseDetail(filed.reference, as: alice).deadline("respond")?["extensions"] as? [Any])?.count == 2)
    }
}
