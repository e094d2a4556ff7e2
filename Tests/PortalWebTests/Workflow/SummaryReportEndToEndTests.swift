import Foundation
import HTTPTestSupport
import Portal
import Testing

/// GET /api/v1/reports/summary over a real socket, for a small set of cases whose figures are
/// worked out by hand below.
@Suite struct SummaryReportEndToEndTests {
    /// Six complaints filed on Saturday 28 November 2026 at 11:12 CET (to acknowledge by the end of
    /// 2 December, to answer by the end of 28 December), one filed at 00:30 CET on 1 December, and
    /// one on 5 January 2027; the report is made on Tuesday 5 January 2027 at 11:12 CET.
    ///
    /// | case | category | acknowledged | closed | outcome | days to answer |
    /// |---|---|---|---|---|---|
    /// | A | robots_txt_ignored | +1 h (on time) | +2 d 12 h (on time) | upheld | 2.5 |
    /// | B | robots_txt_ignored | +1 h (on time) | +10 d (on time) | rejected | 10.0 |
    /// | C | robots_txt_ignored | never (late) | open (late) | — | — |
    /// | D | infringing_output | +6 d (late) | +6 d (on time) | manifestly_unfounded | 6.0 |
    /// | E | infringing_output | +1 h (on time) | open (late) | — | — |
    /// | F | other | +1 h (on time) | +32 d (late) | partially_upheld | 32.0 |
    /// | H | other | never | open | — | — (received 1 December local time) |
    /// | G | tpm_circumvention | not yet due | open | — | — (received 5 January) |
    ///
    /// For November: 6 cases; acknowledged on time 4 of 6 (0.667); answered on time 3 of 6 (0.5:
    /// C and E are open past their due date); days to answer 2.5, 6, 10, 32 → median (nearest rank
    /// 2 of 4) 6.0, 90th percentile (rank 4 of 4) 32.0; overdue now C and E.
    struct Fixture {
        let portal: PortalTestServer
        let carol: StaffCredential

        init() throws {
            portal = try PortalTestServer()
            let alice = try portal.staff("alice", .reviewer)
            carol = try portal.staff("carol", .auditor)
            func file(_ title: String, _ category: String) throws -> String {
                var complaint = CaseQueueEndToEndTests.complaint(title: title)
                complaint["category"] = category
                return try portal.fileComplaint(complaint).reference
            }
            let start = portal.clock.now
            func at(_ offset: Int64) { portal.clock.advance(by: start + offset - portal.clock.now) }
            let a = try file("Book A", "robots_txt_ignored")
            let b = try file("Book B", "robots_txt_ignored")
            _ = try file("Book C", "robots_txt_ignored")
            let d = try file("Book D", "infringing_output")
            let e = try file("Book E", "infringing_output")
            let f = try file("Book F", "other")
            at(Span.hour)
            for reference in [a, b, e, f] { try portal.move(reference, WorkflowBody.review, as: alice) }
            at(2 * Span.day + 12 * Span.hour)
            try portal.move(a, WorkflowBody.close("upheld", actions: WorkflowBody.crawlerExclusion), as: alice)
            at(2 * Span.day + 13 * Span.hour + 18 * 60)  // 30 November 23:30 UTC = 1 December 00:30 CET
            _ = try file("Book H", "other")
            at(6 * Span.day)
            try portal.move(d, WorkflowBody.review, as: alice)
            try portal.move(d, WorkflowBody.close("manifestly_unfounded"), as: alice)
            at(10 * Span.day)
            try portal.move(b, WorkflowBody.close("rejected"), as: alice)
            at(32 * Span.day)
            try portal.move(f, WorkflowBody.close("partially_upheld", actions: WorkflowBody.crawlerExclusion), as: alice)
            at(38 * Span.day)
            _ = try file("Book G", "tpm_circumvention")
        }

        func report(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let response = try portal.staffGet("/api/v1/reports/summary" + (query.isEmpty ? "" : "?" + query), as: carol)
            try #require(response.status == 200, "\(query): \(response.status) \(response.text)", sourceLocation: sourceLocation)
            #expect(response.header("Cache-Control") == "no-store", sourceLocation: sourceLocation)
            return try #require(response.jsonObject, sourceLocation: sourceLocation)
        }
    }

    private func expectTally(_ value: Any?, decided: Int, onTime: Int, share: Double?, _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let tally = value as? [String: Any]
        #expect(tally?["decided"] as? Int == decided, "\(what): \(tally ?? [:])", sourceLocation: sourceLocation)
        #expect(tally?["on_time"] as? Int == onTime, "\(what): \(tally ?? [:])", sourceLocation: sourceLocation)
        if let share {
            #expect((tally?["share"] as? Double).map { abs($0 - share) < 0.0005 } == true, "\(what): \(tally ?? [:])",
                    sourceLocation: sourceLocation)
        } else {
            #expect(tally?["share"] is NSNull, "\(what): \(tally ?? [:])", sourceLocation: sourceLocation)
        }
    }

    @Test func summaryOfAPeriodCountsItsCasesAndTheirTimeliness() throws {
        let fixture = try Fixture()
        defer { fixture.portal.stop() }

        let report = try fixture.report("from=2026-11-01&to=2026-11-30")

        #expect(report["from"] as? String == "2026-11-01")
        #expect(report["to"] as? String == "2026-11-30")
        #expect(report["generated_at"] as? String == "2027-01-05T10:12:00Z")
        #expect(report["cases"] as? Int == 6)
        #expect(report["by_status"] as? [String: Int] == ["closed": 4, "in_review": 1, "received": 1])
        #expect(report["by_category"] as? [String: Int] == ["robots_txt_ignored": 3, "infringing_output": 2, "other": 1])
        #expect(report["by_outcome"] as? [String: Int] == ["upheld": 1, "rejected": 1, "manifestly_unfounded": 1, "partially_upheld": 1])
        expectTally(report["acknowledged_on_time"], decided: 6, onTime: 4, share: 0.667, "acknowledged")
        expectTally(report["answered_on_time"], decided: 6, onTime: 3, share: 0.5, "answered")
        let days = report["days_to_answer"] as? [String: Any]
        #expect(days?["answered"] as? Int == 4)
        #expect(days?["median"] as? Double == 6.0, "\(days ?? [:])")
        #expect(days?["p90"] as? Double == 32.0, "\(days ?? [:])")
        #expect(report["overdue_now"] as? Int == 2)
        let complaints = (report["by_type"] as? [String: Any])?["complaint"] as? [String: Any]
        #expect(complaints?["cases"] as? Int == 6)
        #expect(complaints?["overdue_now"] as? Int == 2)
        expectTally(complaints?["answered_on_time"], decided: 6, onTime: 3, share: 0.5, "complaints answered")
        #expect((complaints?["days_to_answer"] as? [String: Any])?["median"] as? Double == 6.0)
    }

    @Test func summaryWithoutAPeriodCoversEveryCaseAndLocalDatesBoundThePeriod() throws {
        let fixture = try Fixture()
        defer { fixture.portal.stop() }

        let all = try fixture.report("")
        let december = try fixture.report("from=2026-12-01&to=2026-12-31")
        let january = try fixture.report("from=2027-01-05&to=2027-01-05")
        let openEnded = try fixture.report("from=2026-12-01")

        #expect(all["cases"] as? Int == 8)
        #expect(all["from"] is NSNull)
        #expect(all["by_category"] as? [String: Int] == ["robots_txt_ignored": 3, "infringing_output": 2, "other": 2, "tpm_circumvention": 1])
        #expect(all["overdue_now"] as? Int == 3, "C, E and H")
        // H was filed at 23:30 UTC on 30 November, which is 1 December in Brussels.
        #expect(december["cases"] as? Int == 1)
        #expect(december["by_category"] as? [String: Int] == ["other": 1])
        #expect(december["overdue_now"] as? Int == 1)
        #expect(january["cases"] as? Int == 1)
        #expect(january["by_status"] as? [String: Int] == ["received": 1])
        expectTally(january["acknowledged_on_time"], decided: 0, onTime: 0, share: nil, "G is not due yet")
        let days = january["days_to_answer"] as? [String: Any]
        #expect(days?["answered"] as? Int == 0)
        #expect(days?["median"] is NSNull)
        #expect(days?["p90"] is NSNull)
        #expect(openEnded["cases"] as? Int == 2)
    }

    @Test func summaryWithAnInvertedPeriodOrABadDateGets422() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let carol = try portal.staff("carol", .auditor)

        let cases: [(String, String)] = [
            ("from=2026-12-10&to=2026-12-01", "to"), ("from=2026-13-01", "from"), ("to=yesterday", "to"),
            ("from=2026-11-31", "from"), ("from=28/11/2026", "from"), ("from=", "from"), ("month=11", "month"),
        ]
        for (query, field) in cases {
            let response = try portal.staffGet("/api/v1/reports/summary?\(query)", as: carol)
            #expect(response.status == 422, "\(query): \(response.status) \(response.text)")
            #expect(response.mediaType == "application/problem+json")
            #expect(response.errorFields == [field], "\(query): \(response.text)")
        }
        #expect(try portal.staffGet("/api/v1/reports/summary?from=2026-12-01&to=2026-12-01", as: carol).status == 200, "one day is a period")
    }
}
