import Foundation
import JSON
import SQLite
import Synchronization
import Testing
@testable import Portal

/// A migrated database (`StaffTestDatabase`) and the complaint desk over it, built as the server
/// builds it (demo configuration, default deadlines); closed and removed when released.
///
/// `@unchecked Sendable`: every stored property is immutable and itself safe to share (the
/// `Database`, `CaseStore` and `ComplaintDesk` are `Sendable`); only the test database wrapper,
/// which never changes after `init`, is not declared so.
final class FilingTestDesk: @unchecked Sendable {
    /// 2026-11-28T10:12:00Z.
    static let now: Int64 = 1_795_860_720

    private let testDatabase: StaffTestDatabase
    let database: Database
    let store: CaseStore
    let desk: ComplaintDesk

    init() throws {
        testDatabase = try StaffTestDatabase()
        database = testDatabase.database
        desk = try Self.desk(over: database)
        store = desk.store
    }

    /// A complaint desk with its own `CaseStore` (and so its own duplicate register) over
    /// `database`, as the server builds it; a second one over the same database is what a second
    /// process would have.
    static func desk(over database: Database) throws -> ComplaintDesk {
        let configuration = OperatorConfiguration.demo
        let settings = DeadlineSettings.defaults(for: configuration)
        let calendar = DeadlineCalendar(zone: try TimeZoneRules(identifier: configuration.timezone), holidays: settings.holidays,
                                        dueSoonDays: settings.dueSoonDays, veryOverdueDays: settings.veryOverdueDays)
        let workflow = CaseWorkflow(database: database, settings: settings, calendar: calendar,
                                    redressInformation: configuration.redressInformation)
        return ComplaintDesk(configuration: configuration, store: CaseStore(database: database), workflow: workflow)
    }

    /// A complete complaint from a rightsholder acting for itself.
    static func complaint(title: String = "Le Livre", name: String = "Jane Doe",
                          description: String = "Our robots.txt has disallowed the crawler since March 2026; it fetched 4,000 pages in October.")
        -> JSONValue {
        [
            "complainant": ["role": "rightsholder", "name": .string(name), "organisation": "Example Publishing SA",
                            "email": "jane@example.org", "country": "FR"],
            "works": [["title": .string(title), "type": "text", "identifier": "ISBN 978-2-1234-5680-3",
                       "location": "https://publisher.example/le-livre", "rights_reservation": "robots_txt"]],
            "category": "robots_txt_ignored",
            "model": "example-model-1",
            "description": .string(description),
            "evidence_urls": ["https://publisher.example/logs/2026-10.txt"],
            "observed_on": "2026-10-01",
            "declarations": ["good_faith": true, "accurate_and_complete": true],
        ]
    }

    /// Files through the waiting path and returns the receipt (fails the test for anything else).
    @discardableResult
    func file(_ submission: JSONValue = FilingTestDesk.complaint(), key: IdempotencyKey? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> Receipt {
        let outcome = try desk.submit(submission, uploads: [], idempotencyKey: key, now: Self.now)
        guard case .filed(let receipt, _) = outcome else {
            Issue.record("not filed: \(outcome)", sourceLocation: sourceLocation)
            throw FilingTestError.notFiled
        }
        return receipt
    }

    func count(_ table: String) throws -> Int {
        try database.read { try $0.scalar("SELECT count(*) FROM \(table)")?.intValue } ?? -1
    }

    func caseID(_ reference: String) throws -> Int64? {
        try database.read { try $0.scalar("SELECT id FROM cases WHERE reference = ?", [.text(reference)])?.int64Value }
    }
}

enum FilingTestError: Error { case notFiled, timedOut }

/// Filing stages the search text in `case_search_pending`; `CaseSearch.indexPending` moves it into
/// the FTS5 table in batches; a search indexes whatever is pending first.
@Suite struct CaseSearchStagingTests {
    @Test func filingWritesTheSearchTextToPendingAndNotYetToTheIndex() throws {
        let fixture = try FilingTestDesk()
        let receipt = try fixture.file(FilingTestDesk.complaint(title: "Quixotic Almanac"))
        let id = try #require(try fixture.caseID(receipt.reference))

        let pending = try fixture.database.read { try $0.query("SELECT * FROM case_search_pending") }
        #expect(pending.count == 1)
        let row = try #require(pending.first)
        #expect(row.int64("case_id") == id)
        #expect(row.string("reference") == receipt.reference)
        #expect(row.string("titles") == "Quixotic Almanac")
        #expect(try fixture.count("case_search") == 0)
    }

    @Test func indexPendingMovesOneCaseWithItsReferenceNamesTitlesAndDescription() throws {
        let fixture = try FilingTestDesk()
        let receipt = try fixture.file(FilingTestDesk.complaint(title: "Quixotic Almanac", name: "Zoë Marchetti",
                                                                description: "Crawled despite the reservation printed on every page of the site since March."))
        let id = try #require(try fixture.caseID(receipt.reference))

        #expect(try CaseSearch.indexPending(in: fixture.database) == 1)

        #expect(try fixture.count("case_search_pending") == 0)
        let rows = try fixture.database.read {
            try $0.query("SELECT rowid, reference, names, titles, description FROM case_search")
        }
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.int64("rowid") == id)
        #expect(row.string("reference") == receipt.reference)
        let names = row.string("names") ?? ""
        #expect(names.contains("Zoë Marchetti"))
        #expect(names.contains("Example Publishing SA"))
        #expect(row.string("titles") == "Quixotic Almanac")
        #expect(row.string("description") == "Crawled despite the reservation printed on every page of the site since March.")
    }

    @Test func indexPendingInBatchesOfThreeMovesAllSevenAndReturnsSeven() throws {
        let fixture = try FilingTestDesk()
        for index in 0..<7 { try fixture.file(FilingTestDesk.complaint(title: "Work number\(index)")) }
        #expect(try fixture.count("case_search_pending") == 7)

        #expect(try CaseSearch.indexPending(in: fixture.database, batch: 3) == 7)

        #expect(try fixture.count("case_search_pending") == 0)
        #expect(try fixture.count("case_search") == 7)
        let indexed = try fixture.database.read {
            try $0.query("SELECT rowid FROM case_search ORDER BY rowid").compactMap { $0.int64("rowid") }
        }
        let cases = try fixture.database.read {
            try $0.query("SELECT id FROM cases ORDER BY id").compactMap { $0.int64("id") }
        }
        #expect(indexed == cases)
    }

    @Test func indexPendingWithNothingPendingReturnsZeroAndChangesNothing() throws {
        let fixture = try FilingTestDesk()
        try fixture.file()
        #expect(try CaseSearch.indexPending(in: fixture.database) == 1)
        #expect(try CaseSearch.indexPending(in: fixture.database) == 0)
        #expect(try CaseSearch.indexPending(in: fixture.database, batch: 1) == 0)
        #expect(try fixture.count("case_search") == 1)
    }

    @Test func indexPendingOnAnEmptyDatabaseReturnsZero() throws {
        let fixture = try FilingTestDesk()
        #expect(try CaseSearch.indexPending(in: fixture.database) == 0)
        #expect(try fixture.count("case_search") == 0)
    }

    @Test func searchFindsACaseFiledJustBeforeWithoutExplicitIndexing() throws {
        let fixture = try FilingTestDesk()
        try fixture.file(FilingTestDesk.complaint(title: "Ordinary Chronicle"))
        let receipt = try fixture.file(FilingTestDesk.complaint(title: "Quixotic Almanac"))
        let id = try #require(try fixture.caseID(receipt.reference))

        #expect(try CaseSearch.caseIDs(matching: "quixotic", in: fixture.database) == [id])
        #expect(try CaseSearch.caseIDs(matching: receipt.reference, in: fixture.database) == [id])
        #expect(try fixture.count("case_search_pending") == 0)
    }

    @Test func searchFindsByReferenceACaseFiledAfterAnEarlierSearch() throws {
        let fixture = try FilingTestDesk()
        try fixture.file()
        #expect(try CaseSearch.caseIDs(matching: "Livre", in: fixture.database).count == 1)
        let receipt = try fixture.file(FilingTestDesk.complaint(title: "Quixotic Almanac"))
        let id = try #require(try fixture.caseID(receipt.reference))

        #expect(try CaseSearch.caseIDs(matching: receipt.reference, in: fixture.database) == [id])
        #expect(try CaseSearch.caseIDs(matching: "almanac", in: fixture.database) == [id])
    }

    @Test func casesFiledAcrossSeveralIndexingRunsAreEachFoundExactlyOnce() throws {
        let fixture = try FilingTestDesk()
        var ids: [Int64] = []
        for round in 0..<4 {
            for _ in 0..<(round + 2) {
                let receipt = try fixture.file(FilingTestDesk.complaint(title: "Shared Zephyr Title"))
                ids.append(try #require(try fixture.caseID(receipt.reference)))
            }
            #expect(try CaseSearch.indexPending(in: fixture.database, batch: 2) == round + 2)
        }
        // Some left pending for the search itself to index.
        for _ in 0..<3 {
            let receipt = try fixture.file(FilingTestDesk.complaint(title: "Shared Zephyr Title"))
            ids.append(try #require(try fixture.caseID(receipt.reference)))
        }

        let found = try CaseSearch.caseIDs(matching: "zephyr", in: fixture.database)
        #expect(found.count == ids.count)
        #expect(Set(found) == Set(ids))
        #expect(found.count == Set(found).count, "a case found more than once")
        #expect(try fixture.count("case_search") == ids.count)
        #expect(try fixture.count("case_search_pending") == 0)
    }
}
