import Foundation
import JSON
import SQLite
import Synchronization
import Testing
@testable import Portal

/// Outcomes delivered on other threads, and a wait for them.
final class AsyncOutcomes<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }

    var all: [Value] { values.withLock { $0 } }

    /// Waits until `count` values arrived (or `timeout` passed) and returns them.
    func wait(for count: Int, timeout: Duration = .seconds(30)) -> [Value] {
        let deadline = ContinuousClock.now + timeout
        while values.withLock({ $0.count }) < count && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.002)
        }
        return all
    }
}

/// `ComplaintDesk.submit(...completion:)`: the same validation and the same filing as the waiting
/// variant, answered once the complaint is durable.
@Suite struct AsyncFilingTests {
    /// One sequence number of a reference: CPL-2026-000042 → 42.
    func sequence(_ reference: String) -> Int? {
        reference.split(separator: "-").last.flatMap { Int($0) }
    }

    func submitAsync(_ fixture: FilingTestDesk, _ submission: JSONValue = FilingTestDesk.complaint(),
                     key: IdempotencyKey? = nil) -> Result<DeskOutcome, any Error>? {
        let outcomes = AsyncOutcomes<Result<DeskOutcome, any Error>>()
        fixture.desk.submit(submission, uploads: [], idempotencyKey: key, now: FilingTestDesk.now) { outcomes.append($0) }
        return outcomes.wait(for: 1).first
    }

    @Test func asyncFilingIsSequentialWithWaitingFilingsAndTheRowExistsWhenTheCompletionRuns() throws {
        let fixture = try FilingTestDesk()
        let path = fixture.database.path
        let first = try fixture.file(FilingTestDesk.complaint(title: "First"))

        struct Seen: Sendable { let outcome: Result<DeskOutcome, any Error>; let rowsAtCompletion: [String] }
        let seen = AsyncOutcomes<Seen>()
        fixture.desk.submit(FilingTestDesk.complaint(title: "Second"), uploads: [], idempotencyKey: nil,
                            now: FilingTestDesk.now) { outcome in
            // A connection of its own: the case must be committed, not merely in the writer's transaction.
            var references: [String] = []
            if case .success(.filed(let receipt, _)) = outcome, let connection = try? Connection(path: path, readOnly: true) {
                references = ((try? connection.query("SELECT reference FROM cases WHERE reference = ?", [.text(receipt.reference)])) ?? [])
                    .compactMap { $0.string("reference") }
                try? connection.close()
            }
            seen.append(Seen(outcome: outcome, rowsAtCompletion: references))
        }
        let delivered = try #require(seen.wait(for: 1).first)
        let third = try fixture.file(FilingTestDesk.complaint(title: "Third"))

        guard case .success(.filed(let second, let replayed)) = delivered.outcome else {
            Issue.record("the async filing gave \(delivered.outcome)")
            return
        }
        #expect(replayed == false)
        #expect(second.status == "received")
        #expect(second.receivedAt == FilingTestDesk.now)
        #expect(!second.statusToken.isEmpty)
        #expect(delivered.rowsAtCompletion == [second.reference], "the case was not readable when the completion ran")
        #expect([first, second, third].compactMap { sequence($0.reference) } == [1, 2, 3])
        #expect(second.reference == "CPL-2026-000002")
        #expect(try fixture.count("cases") == 3)
        #expect(try fixture.count("complaints") == 3)
        #expect(try fixture.count("case_search_pending") == 3)
        // The status token of the async receipt opens its case.
        #expect(try fixture.store.status(token: second.statusToken)?.reference == second.reference)
    }

    @Test func asyncAndWaitingFilingsGiveTheSameReceiptDeadlines() throws {
        let fixture = try FilingTestDesk()
        let waiting = try fixture.file()
        let outcome = try #require(submitAsync(fixture))
        guard case .success(.filed(let async, false)) = outcome else {
            Issue.record("the async filing gave \(outcome)")
            return
        }
        #expect(async.acknowledgeBy == waiting.acknowledgeBy)
        #expect(async.respondBy == waiting.respondBy)
        #expect(async.receivedAt == waiting.receivedAt)
        #expect(async.statusToken != waiting.statusToken)
    }

    @Test func invalidSubmissionCompletesAtOnceWithTheSameFieldErrorsAsTheWaitingVariant() throws {
        let fixture = try FilingTestDesk()
        guard case .object(var object) = FilingTestDesk.complaint() else { Issue.record("not an object"); return }
        object["category"] = "not_a_category"
        object["model"] = nil
        object["description"] = ""
        let invalid = JSONValue.object(object)
        let uploads = [ComplaintDesk.Upload(filename: "run.bin", bytes: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0])]

        let waiting = try fixture.desk.submit(invalid, uploads: uploads, idempotencyKey: nil, now: FilingTestDesk.now)
        guard case .invalid(let waitingErrors) = waiting else {
            Issue.record("the waiting variant gave \(waiting)")
            return
        }
        #expect(!waitingErrors.isEmpty)
        #expect(waitingErrors.contains { $0.field == "files[0]" })

        // Invalid: the completion runs before submit returns (no write is queued).
        let outcomes = AsyncOutcomes<Result<DeskOutcome, any Error>>()
        fixture.desk.submit(invalid, uploads: uploads, idempotencyKey: nil, now: FilingTestDesk.now) { outcomes.append($0) }
        let immediate = outcomes.all
        #expect(immediate.count == 1, "the completion of an invalid submission did not run at once")
        guard case .success(.invalid(let asyncErrors))? = immediate.first else {
            Issue.record("the async variant gave \(String(describing: immediate.first))")
            return
        }
        #expect(asyncErrors == waitingErrors)
        #expect(try fixture.count("cases") == 0)
        #expect(try fixture.count("case_search_pending") == 0)
    }

    @Test func idempotencyKeyReplayThroughTheAsyncPathReturnsTheFirstReceipt() throws {
        let fixture = try FilingTestDesk()
        let key = try #require(IdempotencyKey(scope: "api", value: "async-replay-0001"))

        let first = try #require(submitAsync(fixture, key: key))
        guard case .success(.filed(let receipt, false)) = first else {
            Issue.record("the first async filing gave \(first)")
            return
        }
        let again = try #require(submitAsync(fixture, key: key))
        guard case .success(.filed(let replay, true)) = again else {
            Issue.record("the async replay gave \(again)")
            return
        }
        #expect(replay == receipt)
        // And the waiting variant replays the same receipt.
        let waiting = try fixture.desk.submit(FilingTestDesk.complaint(), uploads: [], idempotencyKey: key, now: FilingTestDesk.now)
        #expect(waiting == .filed(receipt, replayed: true))
        #expect(try fixture.count("cases") == 1)

        // The same key with a different submission: keyReused, nothing filed.
        let reused = try #require(submitAsync(fixture, FilingTestDesk.complaint(title: "Another"), key: key))
        guard case .success(.keyReused) = reused else {
            Issue.record("a reused key gave \(reused)")
            return
        }
        #expect(try fixture.count("cases") == 1)
    }

    @Test func anAsyncFilingReplaysAKeyFirstUsedByAWaitingFiling() throws {
        let fixture = try FilingTestDesk()
        let key = try #require(IdempotencyKey(scope: "api", value: "async-after-waiting"))
        let waitingFirst = try fixture.desk.submit(FilingTestDesk.complaint(), uploads: [], idempotencyKey: key, now: FilingTestDesk.now)
        guard case .filed(let receipt, false) = waitingFirst else {
            Issue.record("the waiting filing gave \(waitingFirst)")
            return
        }
        let replay = try #require(submitAsync(fixture, key: key))
        guard case .success(.filed(let replayed, true)) = replay else {
            Issue.record("the async replay gave \(replay)")
            return
        }
        #expect(replayed == receipt)
        #expect(try fixture.count("cases") == 1)
    }

    @Test func hundredAsyncFilingsFromSeveralThreadsAllCompleteWithDistinctReferences() throws {
        let fixture = try FilingTestDesk()
        let desk = fixture.desk
        let outcomes = AsyncOutcomes<Result<DeskOutcome, any Error>>()
        let threads = 5, perThread = 20
        let started = AsyncOutcomes<Int>()
        for thread in 0..<threads {
            Thread.detachNewThread {
                for index in 0..<perThread {
                    desk.submit(FilingTestDesk.complaint(title: "Work \(thread)-\(index)"), uploads: [], idempotencyKey: nil,
                                now: FilingTestDesk.now) { outcomes.append($0) }
                }
                started.append(thread)
            }
        }
        #expect(started.wait(for: threads).count == threads)
        let results = outcomes.wait(for: threads * perThread, timeout: .seconds(60))
        #expect(results.count == threads * perThread)

        var references: [String] = []
        for result in results {
            guard case .success(.filed(let receipt, false)) = result else {
                Issue.record("an async filing gave \(result)")
                continue
            }
            references.append(receipt.reference)
        }
        #expect(references.count == 100)
        #expect(Set(references).count == 100, "duplicate references")
        #expect(Set(references.compactMap(sequence)) == Set(1...100))
        #expect(try fixture.count("cases") == 100)
        #expect(try fixture.count("complaints") == 100)
        let stored = try fixture.database.read {
            try $0.query("SELECT reference FROM cases").compactMap { $0.string("reference") }
        }
        #expect(Set(stored) == Set(references))
        // Every one of them is found by search, once.
        #expect(try CaseSearch.indexPending(in: fixture.database, batch: 7) == 100)
        #expect(try CaseSearch.caseIDs(matching: "Work", in: fixture.database).count == 100)
    }
}
