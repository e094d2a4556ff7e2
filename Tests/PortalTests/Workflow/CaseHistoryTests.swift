import JSON
import Testing
@testable import Portal

/// Replaying events into a case's state and clock.
@Suite struct CaseHistoryTests {
    let lifecycle = CaseType.complaint.lifecycle

    func transition(_ history: inout CaseHistory, id: Int64, to: String, at: Int64, outcome: String? = nil) {
        var payload = JSONObject([("from", .string(history.status)), ("to", .string(to))])
        if let outcome { payload["outcome"] = .string(outcome) }
        history.apply(eventID: id, type: CaseEventType.transitioned, occurredAt: at, payload: .object(payload), lifecycle: lifecycle)
    }

    @Test func leavingReceivedAcknowledgesOnceAndAwaitingPausesTheClock() {
        var history = CaseHistory(receivedAt: 1_000)
        transition(&history, id: 2, to: "in_review", at: 2_000)
        transition(&history, id: 3, to: "awaiting_complainant", at: 3_000)
        #expect(history.status == "awaiting_complainant")
        #expect(history.clock.acknowledgedAt == 2_000)
        #expect(history.clock.pauses == [CaseClock.Pause(start: 3_000, end: nil, reason: .awaitingParty)])
        transition(&history, id: 4, to: "in_review", at: 4_000)
        #expect(history.clock.pauses == [CaseClock.Pause(start: 3_000, end: 4_000, reason: .awaitingParty)])
        #expect(history.clock.acknowledgedAt == 2_000)
        #expect(history.lastEventID == 4)
    }

    @Test func closingMeetsTheRespondDeadlineAndReopeningTurnsTheClosedTimeIntoAPause() {
        var history = CaseHistory(receivedAt: 0)
        transition(&history, id: 2, to: "in_review", at: 10)
        transition(&history, id: 3, to: "closed", at: 20, outcome: "rejected")
        #expect(history.clock.closedAt == 20)
        #expect(history.outcome == "rejected")
        transition(&history, id: 4, to: "in_review", at: 50)
        #expect(history.clock.closedAt == nil)
        #expect(history.outcome == nil)
        #expect(history.clock.pauses == [CaseClock.Pause(start: 20, end: 50, reason: .closed)])
    }

    @Test func assignmentAndExtensionsAreReplayed() {
        var history = CaseHistory(receivedAt: 0)
        history.apply(eventID: 2, type: CaseEventType.assigned, occurredAt: 5,
                      payload: .object(JSONObject([("assignee", .string("alice")), ("previous", .null)])), lifecycle: lifecycle)
        history.apply(eventID: 3, type: CaseEventType.extended, occurredAt: 6,
                      payload: .object(JSONObject([("days", .number(7)), ("justification", .string("Logs are archived for a week."))])),
                      lifecycle: lifecycle)
        history.apply(eventID: 4, type: CaseEventType.assigned, occurredAt: 7,
                      payload: .object(JSONObject([("assignee", .null), ("previous", .string("alice"))])), lifecycle: lifecycle)
        #expect(history.assignee == nil)
        #expect(history.clock.extensions == [CaseClock.Extension(grantedAt: 6, days: 7, justification: "Logs are archived for a week.")])
    }

    @Test func notesAndMessagesDoNotChangeTheState() {
        var history = CaseHistory(receivedAt: 0)
        let before = history
        history.apply(eventID: 2, type: CaseEventType.noteAdded, occurredAt: 5, payload: .object(JSONObject([("text", .string("x"))])),
                      lifecycle: lifecycle)
        #expect(history.status == before.status)
        #expect(history.clock == before.clock)
    }
}

/// The lifecycle's edges by role.
@Suite struct CaseLifecycleTests {
    let lifecycle = CaseType.complaint.lifecycle

    @Test func reviewersFollowTheEdgesOfTheStateMachine() {
        #expect(lifecycle.allowedTargets(from: "received", role: .reviewer) == ["in_review"])
        #expect(lifecycle.allowedTargets(from: "in_review", role: .reviewer) == ["awaiting_complainant", "closed"])
        #expect(lifecycle.allowedTargets(from: "awaiting_complainant", role: .reviewer) == ["in_review"])
        #expect(lifecycle.allowedTargets(from: "closed", role: .reviewer) == [])
    }

    @Test func onlyAdminsReopenAndAuditorsMoveNothing() {
        #expect(lifecycle.allowedTargets(from: "closed", role: .admin) == ["in_review"])
        for status in lifecycle.statuses {
            #expect(lifecycle.allowedTargets(from: status, role: .auditor).isEmpty)
        }
    }
}

/// `If-Match` against a case's entity tag (RFC 9110 strong comparison).
@Suite struct EntityTagTests {
    let current = EntityTag.of(lastEventHash: "abc")

    @Test func matchesTheCurrentTagAStarOrAListHoldingIt() {
        #expect(EntityTag.ifMatch("\"abc\"", accepts: current))
        #expect(EntityTag.ifMatch("*", accepts: current))
        #expect(EntityTag.ifMatch("\"old\", \"abc\"", accepts: current))
    }

    @Test func weakOtherOrMalformedTagsNeverMatch() {
        #expect(!EntityTag.ifMatch("W/\"abc\"", accepts: current))
        #expect(!EntityTag.ifMatch("\"abd\"", accepts: current))
        #expect(!EntityTag.ifMatch("abc", accepts: current))
        #expect(!EntityTag.ifMatch("", accepts: current))
        #expect(!EntityTag.ifMatch("\"abc", accepts: current))
    }
}

/// What people type into the queue's search box, as an FTS5 expression.
@Suite struct CaseSearchTests {
    @Test func everyWordBecomesAQuotedPrefix() {
        #expect(CaseSearch.matchExpression("Le Livre") == "\"Le\"* \"Livre\"*")
        #expect(CaseSearch.matchExpression("CPL-2026-000042") == "\"CPL\"* \"2026\"* \"000042\"*")
    }

    @Test func ftsSyntaxCannotBeInjected() {
        #expect(CaseSearch.matchExpression("a\" OR b* NEAR(") == "\"a\"* \"OR\"* \"b\"* \"NEAR\"*")
        #expect(CaseSearch.matchExpression("\"*()") == nil)
    }

    @Test func accentedAndNonLatinWordsAreKept() {
        #expect(CaseSearch.matchExpression("Müller 東京") == "\"Müller\"* \"東京\"*")
    }
}
