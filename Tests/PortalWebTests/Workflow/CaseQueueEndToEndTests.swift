import Foundation
import HTTPTestSupport
import Portal
import Testing

/// GET /api/v1/cases over a real socket: filters, text search, order, and cursor pagination while
/// new cases arrive.
@Suite struct CaseQueueEndToEndTests {
    /// A complaint with its own title and complainant, so each can be searched for.
    static func complaint(title: String, name: String = "Jane Doe", organisation: String = "Example Publishing SA") -> [String: Any] {
        var complaint = ComplaintFixture.rightsholder(title: title)
        complaint = ComplaintFixture.setting(complaint, "complainant.name", name)
        complaint = ComplaintFixture.setting(complaint, "complainant.organisation", organisation)
        complaint = ComplaintFixture.setting(complaint, "works[0].identifier", "ID \(title)")
        return complaint
    }

    /// The queue of the filter tests, as of Thursday 17 December 2026 10:12 UTC:
    ///
    /// | ref | title | filed | status | assignee | next deadline | state |
    /// |---|---|---|---|---|---|---|
    /// | 000001 | Moby Dick | 28 Nov | received | — | acknowledge 2 Dec | very_overdue (15 days) |
    /// | 000002 | Closed Book | 28 Nov | closed | — | — | — |
    /// | 000003 | Ulysses | 10 Dec | received | bob | acknowledge 14 Dec | overdue (3 days) |
    /// | 000004 | Madame Bovary | 10 Dec | in_review | alice | respond 9 Jan | on_track |
    /// | 000005 | Le Petit Prince | 15 Dec | received | — | acknowledge 19 Dec | due_soon (2 days) |
    struct Fixture {
        let portal: PortalTestServer
        let alice: StaffCredential
        let bob: StaffCredential

        init() throws {
            portal = try PortalTestServer()
            alice = try portal.staff("alice", .reviewer)
            bob = try portal.staff("bob", .reviewer)
            _ = try portal.fileComplaint(complaint(title: "Moby Dick", name: "Herman Melville", organisation: "Melville House"))
            let closed = try portal.fileComplaint(complaint(title: "Closed Book"))
            try portal.move(closed.reference, WorkflowBody.review, as: alice)
            try portal.move(closed.reference, WorkflowBody.close("rejected"), as: alice)
            portal.clock.advance(by: 12 * Span.day)
            let ulysses = try portal.fileComplaint(complaint(title: "Ulysses"))
            let bovary = try portal.fileComplaint(complaint(title: "Madame Bovary", name: "Gustave Flaubert", organisation: "Editions Rouen"))
            try portal.move(bovary.reference, WorkflowBody.review, as: alice)
            portal.clock.advance(by: 5 * Span.day)
            _ = try portal.fileComplaint(complaint(title: "Le Petit Prince"))
            portal.clock.advance(by: 2 * Span.day)
            #expect(try portal.staffPost("/api/v1/cases/\(ulysses.reference)/assignment", ["assignee": "bob"], as: alice).status == 200)
            #expect(try portal.staffPost("/api/v1/cases/\(bovary.reference)/assignment", ["assignee": "me"], as: alice).status == 200)
        }

        /// The references of the queue for `query`, which must succeed.
        func references(_ query: String, as staff: StaffCredential? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
            let response = try portal.staffGet("/api/v1/cases" + (query.isEmpty ? "" : "?" + query), as: staff ?? alice)
            try #require(response.status == 200, "\(query): \(response.status) \(response.text)", sourceLocation: sourceLocation)
            return try #require(response.jsonObject, sourceLocation: sourceLocation).itemReferences
        }
    }

    static func refs(_ numbers: Int...) -> [String] { numbers.map { "CPL-2026-00000\($0)" } }

    @Test func queueIsSortedByTheNextDeadlineByDefaultAndByReceiptOnRequest() throws {
        let fixture = try Fixture()
        defer { fixture.portal.stop() }

        #expect(try fixture.references("") == Self.refs(1, 3, 5, 4, 2), "soonest deadline first, closed cases last")
        #expect(try fixture.references("sort=due") == Self.refs(1, 3, 5, 4, 2))
        #expect(try fixture.references("sort=received") == Self.refs(1, 2, 3, 4, 5))
    }

    @Test func queueItemsCarryTheNextDeadlineItsStateAndTheAssignee() throws {
        let fixture = try Fixture()
        defer { fixture.portal.stop() }

        let response = try fixture.portal.staffGet("/api/v1/cases?sort=received", as: fixture.alice)

        #expect(response.status == 200)
        #expect(response.mediaType == "application/json")
        #expect(response.header("Cache-Control") == "no-store")
        let page = try #require(response.jsonObject)
        #expect(page["next_cursor"] is NSNull)
        let items = page.items
        try #require(items.count == 5)
        let moby = items[0]
        #expect(moby["reference"] as? String == "CPL-2026-000001")
        #expect(moby["type"] as? String == "complaint")
        #expect(moby["status"] as? String == "received")
        #expect(moby["received_at"] as? String == "2026-11-28T10:12:00Z")
        #expect(moby["assignee"] is NSNull)
        #expect(moby["duplicate"] as? Bool == false)
        let next = moby["next_deadline"] as? [String: Any]
        #expect(next?["kind"] as? String == "acknowledge")
        #expect(next?["due"] as? String == "2026-12-02T22:59:59Z")
        #expect(next?["state"] as? String == "very_overdue")
        #expect(items[1]["next_deadline"] is NSNull, "a closed case has no next deadline")
        #expect(items[1]["status"] as? String == "closed")
        #expect((items[2]["next_deadline"] as? [String: Any])?["state"] as? String == "overdue")
        #expect(items[2]["assignee"] as? String == "bob")
        let bovary = items[3]["next_deadline"] as? [String: Any]
        #expect(bovary?["kind"] as? String == "respond")
        #expect(bovary?["due"] as? String == "2027-01-09T22:59:59Z")
        #expect(bovary?["state"] as? String == "on_track")
        #expect(items[3]["assignee"] as? String == "alice")
        #expect((items[4]["next_deadline"] as? [String: Any])?["state"] as? String == "due_soon")
        #expect((items[4]["next_deadline"] as? [String: Any])?["due"] as? String == "2026-12-19T22:59:59Z")
    }

    @Test func queueFiltersByDeadlineState() throws {
        let fixture = try Fixture()
        defer { fixture.portal.stop() }

        #expect(try fixture.references("deadline=overdue") == Self.refs(1, 3), "overdue includes very overdue")
        #expect(try fixture.references("deadline=very_overdue") == Self.refs(1))
        #expect(try fixture.references("deadline=due_soon") == Self.refs(5))

        // Two more weeks: Le Petit Prince is overdue, Ulysses very overdue, Madame Bovary due soon... not yet (9 Jan).
        fixture.portal.clock.advance(by: 14 * Span.day)  // Thursday 31 December
        #expect(try fixture.references("deadline=very_overdue") == Self.refs(1, 3))
        #expect(try fixture.references("deadline=overdue") == Self.refs(1, 3, 5))
        #expect(try fixture.references("deadline=due_soon") == [])
        fixture.portal.clock.advance(by: 7 * Span.day)  // Thursday 7 January 2027
        #expect(try fixture.references("deadline=due_soon") == Self.refs(4))
    }

    @Test func queueFiltersByAssigneeNameMeOrNone() throws {
        let fixture = try Fixture()
        defer { fixture.portal.stop() }

        #expect(try fixture.references("assignee=alice") == Self.refs(4))
        #expect(try fixture.references("assignee=bob") == Self.refs(3))
        #expect(try fixture.references("assignee=me", as: fixture.alice) == Self.refs(4))
        #expect(try fixture.references("assignee=me", as: fixture.bob) == Self.refs(3))
        #expect(try fixture.references("assignee=none") == Self.refs(1, 5, 2))
        #expect(try fixture.references("assignee=carol") == [])
    }

    @Test func queueFiltersByStatusAndType() throws {
        let fixture = try Fixture()
        defer { fixture.portal.stop() }

        #expect(try fixture.references("status=received") == Self.refs(1, 3, 5))
        #expect(try fixture.references("status=in_review") == Self.refs(4))
        #expect(try fixture.references("status=closed") == Self.refs(2))
        #expect(try fixture.references("status=awaiting_complainant") == [])
        #expect(try fixture.references("type=complaint") == Self.refs(1, 3, 5, 4, 2))
        #expect(try fixture.references("type=complaint&status=received&deadline=overdue") == Self.refs(1, 3))
        #expect(try fixture.references("status=received&assignee=none&sort=received") == Self.refs(1, 5))
    }

    @Test func queueSearchesTitlesNamesAndReferences() throws {
        let fixture = try Fixture()
        defer { fixture.portal.stop() }

        #expect(try fixture.references("q=Ulysses") == Self.refs(3), "a work's title")
        #expect(try fixture.references("q=bovary") == Self.refs(4), "any case")
        #expect(try fixture.references("q=ulyss") == Self.refs(3), "the start of a word")
        #expect(try fixture.references("q=Flaubert") == Self.refs(4), "the complainant's name")
        #expect(try fixture.references("q=Melville%20House") == Self.refs(1), "the organisation")
        #expect(try fixture.references("q=CPL-2026-000005") == Self.refs(5), "the reference")
        #expect(try fixture.references("q=robots.txt&sort=received") == Self.refs(1, 2, 3, 4, 5), "the description")
        #expect(try fixture.references("q=Moby%20Prince") == [], "every word must match")
        #expect(try fixture.references("q=petit&status=closed") == [])
        #expect(try fixture.references("q=%22%20OR%20*") == Self.refs(), "no FTS syntax gets through")
    }

    @Test func queueParametersOutOfRangeGet422NamingTheParameter() throws {
        let fixture = try Fixture()
        defer { fixture.portal.stop() }
        let received = try #require(try fixture.portal.staffGet("/api/v1/cases?sort=received&limit=2", as: fixture.alice)
            .jsonObject?["next_cursor"] as? String)

        let cases: [(String, String)] = [
            ("limit=0", "limit"), ("limit=201", "limit"), ("limit=-1", "limit"), ("limit=ten", "limit"),
            ("deadline=late", "deadline"), ("sort=priority", "sort"), ("status=archived", "status"),
            ("type=invoice", "type"), ("assignee=", "assignee"), ("q=%21%21%21", "q"),
            ("cursor=not-a-cursor", "cursor"), ("cursor=Zm9yZ2Vk", "cursor"), ("cursor=\(received)", "cursor"),
            ("page=2", "page"),
        ]
        for (query, field) in cases {
            let response = try fixture.portal.staffGet("/api/v1/cases?\(query)", as: fixture.alice)
            #expect(response.status == 422, "\(query): \(response.status) \(response.text)")
            #expect(response.mediaType == "application/problem+json", "\(query)")
            #expect(response.errorFields == [field], "\(query): \(response.text)")
        }
        #expect(try fixture.references("limit=200").count == 5)
        #expect(try fixture.references("limit=1").count == 1)
    }

    // MARK: Pagination

    /// Walks every page of `query` with `limit=2`, calling `between` after each page.
    private func walk(_ portal: PortalTestServer, _ query: String, as staff: StaffCredential,
                      between: (Int) throws -> Void) throws -> (references: [String], pages: Int) {
        var references: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            var path = "/api/v1/cases?\(query)&limit=2"
            if let cursor { path += "&cursor=\(cursor)" }
            let response = try portal.staffGet(path, as: staff)
            try #require(response.status == 200, "\(path): \(response.text)")
            let page = try #require(response.jsonObject)
            #expect(page.items.count <= 2)
            references += page.itemReferences
            cursor = page["next_cursor"] as? String
            pages += 1
            try between(pages)
            try #require(pages < 50, "the walk does not end")
        } while cursor != nil
        return (references, pages)
    }

    @Test(arguments: ["sort=due", "sort=received"])
    func walkingThePagesWhileNewCasesArriveYieldsEveryEarlierCaseOnceInOrder(_ sort: String) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        for index in 1...7 {
            let filed = try portal.fileComplaint(Self.complaint(title: "Book \(index)"))
            if index.isMultiple(of: 3) { try portal.move(filed.reference, WorkflowBody.review, as: alice) }
            portal.clock.advance(by: Span.hour)
        }
        let existing = try #require(try portal.staffGet("/api/v1/cases?\(sort)", as: alice).jsonObject).itemReferences
        try #require(existing.count == 7)
        var added: [String] = []

        let walked = try walk(portal, sort, as: alice) { _ in
            added.append(try portal.fileComplaint(Self.complaint(title: "Arrived Later \(added.count + 1)")).reference)
        }

        #expect(walked.pages >= 4)
        #expect(Set(walked.references).count == walked.references.count, "no case twice: \(walked.references)")
        #expect(walked.references.filter { existing.contains($0) } == existing, "every earlier case once, in order: \(walked.references)")
        #expect(walked.references.allSatisfy { existing.contains($0) || added.contains($0) })
    }

    /// A page keeps only the smallest `limit` + 1 matches (`SmallestElements`), not all of them
    /// sorted: the pages of a search, two at a time, must still be the one long page, in order.
    @Test(arguments: ["sort=due", "sort=received"])
    func walkingTheMatchesOfASearchPageByPageYieldsTheOneLongPageInOrder(_ sort: String) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        for index in 1...9 {
            let filed = try portal.fileComplaint(Self.complaint(title: index.isMultiple(of: 4) ? "Other \(index)" : "Book \(index)"))
            if index.isMultiple(of: 3) { try portal.move(filed.reference, WorkflowBody.review, as: alice) }
            // Some cases share a receipt time, so the order among them falls to the case id.
            if index.isMultiple(of: 2) { portal.clock.advance(by: Span.hour) }
        }
        let whole = try #require(try portal.staffGet("/api/v1/cases?q=book&\(sort)&limit=50", as: alice).jsonObject).itemReferences
        try #require(whole.count == 7)

        let walked = try walk(portal, "q=book&\(sort)", as: alice) { _ in }

        #expect(walked.references == whole)
        #expect(walked.pages == 4)
    }

    @Test func walkingThePagesByReceiptWhileCasesChangeSkipsAndRepeatsNothing() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        var filed: [FiledComplaint] = []
        for index in 1...6 {
            filed.append(try portal.fileComplaint(Self.complaint(title: "Book \(index)")))
            portal.clock.advance(by: Span.hour)
        }

        let walked = try walk(portal, "sort=received", as: alice) { page in
            // Change a case already seen and one still to come.
            if page == 1 {
                try portal.move(filed[0].reference, WorkflowBody.review, as: alice)
                try portal.move(filed[4].reference, WorkflowBody.review, as: alice)
                try portal.move(filed[4].reference, WorkflowBody.close("rejected"), as: alice)
            }
        }

        #expect(walked.references == filed.map(\.reference))
        #expect(walked.pages == 3)
    }

    @Test func identicalComplaintIsFlaggedAsAPossibleDuplicateInTheQueue() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let first = try portal.fileComplaint()
        let again = try portal.fileComplaint()

        let items = try #require(try portal.staffGet("/api/v1/cases?sort=received", as: alice).jsonObject).items

        #expect(items.count == 2)
        #expect(items.first?["duplicate"] as? Bool == false)
        #expect(items.last?["reference"] as? String == again.reference)
        #expect(items.last?["duplicate"] as? Bool == true)
        #expect(items.last?["duplicate_of"] as? String == first.reference)
    }

    /// Sorted by deadline, a case changed between two page requests can move past the cursor:
    /// the issue asks for pagination that is "stable while cases change".
    @Test func walkingThePagesByDeadlineWhileASeenCaseChangesShowsItOnlyOnce() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        var filed: [FiledComplaint] = []
        for index in 1...6 {
            filed.append(try portal.fileComplaint(Self.complaint(title: "Book \(index)")))
        }
        let existing = try #require(try portal.staffGet("/api/v1/cases", as: alice).jsonObject).itemReferences

        let walked = try walk(portal, "sort=due", as: alice) { page in
            // The first case, already seen, is acknowledged: its next deadline moves from 2 to 28 December.
            if page == 1 { try portal.move(filed[0].reference, WorkflowBody.review, as: alice) }
        }

        #expect(Set(walked.references).count == walked.references.count, "a case shown twice: \(walked.references)")
        #expect(Set(walked.references) == Set(existing))
    }

    @Test func caseAwaitingTheComplainantIsListedWithAPausedDeadline() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try portal.fileComplaint()
        try portal.move(filed.reference, WorkflowBody.review, as: alice)
        portal.clock.advance(by: Span.day)  // Sunday 29 November
        try portal.move(filed.reference, WorkflowBody.await(), as: alice)
        portal.clock.advance(by: 2 * Span.day)  // Tuesday 1 December: paused on 29 and 30 November so far

        let items = try #require(try portal.staffGet("/api/v1/cases?status=awaiting_complainant", as: alice).jsonObject).items

        #expect(items.count == 1)
        let next = items.first?["next_deadline"] as? [String: Any]
        #expect(next?["kind"] as? String == "respond")
        #expect(next?["paused"] as? Bool == true)
        #expect(next?["due"] as? String == "2026-12-30T22:59:59Z", "28 December plus the 2 days paused so far")
    }
}
