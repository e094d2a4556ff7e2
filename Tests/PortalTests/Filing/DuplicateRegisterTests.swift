import Crypto
import Foundation
import SQLite
import Testing
@testable import Portal

extension FilingTestDesk {
    /// The reference a case was flagged as a possible duplicate of, or nil.
    func duplicateOf(_ reference: String) throws -> String? {
        try database.read {
            try $0.scalar("SELECT duplicate_of FROM cases WHERE reference = ?", [.text(reference)])?.stringValue
        }
    }
}

/// Duplicate detection without the `cases_type_fingerprint` index: `DuplicateRegister` keeps the
/// earliest case of each fingerprint in memory, catches up on cases filed by anyone else, and
/// checks its hits against the table.
@Suite struct DuplicateRegisterTests {
    struct RolledBack: Error {}

    /// Files through `desk` and returns the receipt.
    @discardableResult
    func file(_ desk: ComplaintDesk, title: String = "Le Livre") throws -> Receipt {
        let outcome = try desk.submit(FilingTestDesk.complaint(title: title), uploads: [], idempotencyKey: nil, now: FilingTestDesk.now)
        guard case .filed(let receipt, replayed: false) = outcome else {
            Issue.record("not filed: \(outcome)")
            throw FilingTestError.notFiled
        }
        return receipt
    }

    /// Inserts a bare case row with `fingerprint` (the id SQLite picks: one more than the largest).
    func insertCase(_ connection: Connection, sequence: Int, fingerprint: String?) throws -> (id: Int64, reference: String) {
        let reference = CaseReference.make(prefix: "CPL", year: 2026, sequence: sequence)
        try connection.run("""
            INSERT INTO cases (reference, type, year, sequence, status, received_at, respond_by, status_token_hash, submission, fingerprint)
            VALUES (?, 'complaint', 2026, ?, 'received', '2026-11-28T10:12:00Z', '2027-01-28T10:12:00Z', ?, '{}', ?)
            """, [.text(reference), .integer(Int64(sequence)), .text(SHA256.hexHash(SecureRandom.token())),
                  fingerprint.map { .text($0) } ?? .null])
        return (connection.lastInsertRowID, reference)
    }

    func fingerprintedCaseKeys(_ fixture: FilingTestDesk) throws -> Int {
        try fixture.database.read {
            try $0.scalar("SELECT count(*) FROM (SELECT DISTINCT type, fingerprint FROM cases WHERE fingerprint IS NOT NULL)")?.intValue
        } ?? -1
    }

    @Test func aThirdIdenticalComplaintIsFlaggedWithTheFirstReferenceNotTheSecond() throws {
        let fixture = try FilingTestDesk()
        let first = try fixture.file()
        let second = try fixture.file()
        try fixture.file(FilingTestDesk.complaint(title: "Something else"))
        let third = try fixture.file()
        #expect(try fixture.duplicateOf(first.reference) == nil)
        #expect(try fixture.duplicateOf(second.reference) == first.reference)
        #expect(try fixture.duplicateOf(third.reference) == first.reference)
        let thirdID = try #require(try fixture.caseID(third.reference))
        let payload = try fixture.database.read {
            try $0.scalar("SELECT payload FROM case_events WHERE case_id = ? AND type = 'submitted'",
                          [.integer(thirdID)])?.stringValue
        }
        #expect(payload?.contains(first.reference) == true)
    }

    @Test func aDifferentComplaintIsNotFlagged() throws {
        let fixture = try FilingTestDesk()
        try fixture.file(FilingTestDesk.complaint(title: "One"))
        let other = try fixture.file(FilingTestDesk.complaint(title: "Two"))
        #expect(try fixture.duplicateOf(other.reference) == nil)
    }

    @Test func aComplaintFiledThroughOneStoreIsFlaggedWhenFiledAgainThroughAnUnusedSecondStore() throws {
        let fixture = try FilingTestDesk()
        let other = try FilingTestDesk.desk(over: fixture.database)
        let first = try fixture.file()
        let again = try file(other)
        #expect(try fixture.duplicateOf(again.reference) == first.reference)
    }

    @Test func aSecondStoreThatHadAlreadyFiledCatchesUpOnCasesFiledThroughTheFirst() throws {
        let fixture = try FilingTestDesk()
        let other = try FilingTestDesk.desk(over: fixture.database)
        let earlier = try file(other, title: "Filed first through the other store")
        let first = try fixture.file()
        let again = try file(other)
        #expect(try fixture.duplicateOf(earlier.reference) == nil)
        #expect(try fixture.duplicateOf(first.reference) == nil)
        #expect(try fixture.duplicateOf(again.reference) == first.reference)
        // And back the other way: the first store catches up on what the other filed.
        let fromOther = try file(other, title: "Second through the other store")
        let repeated = try fixture.file(FilingTestDesk.complaint(title: "Second through the other store"))
        #expect(try fixture.duplicateOf(repeated.reference) == fromOther.reference)
        let repeatedEarlier = try fixture.file(FilingTestDesk.complaint(title: "Filed first through the other store"))
        #expect(try fixture.duplicateOf(repeatedEarlier.reference) == earlier.reference)
    }

    @Test func storesOverTwoDatabaseHandlesOnTheSameFileSeeEachOthersCases() throws {
        let fixture = try FilingTestDesk()
        let otherDatabase = try Database(path: fixture.database.path, readers: 1)
        defer { otherDatabase.close() }
        let other = try FilingTestDesk.desk(over: otherDatabase)
        try file(other, title: "Warm-up")
        let first = try fixture.file()
        let again = try file(other)
        #expect(try fixture.duplicateOf(again.reference) == first.reference)
        let third = try fixture.file()
        #expect(try fixture.duplicateOf(third.reference) == first.reference)
    }

    @Test func aFilingRolledBackAfterTheRegisterSawItIsNotReportedAsEarlier() throws {
        let fixture = try FilingTestDesk()
        let register = DuplicateRegister()
        try fixture.file(FilingTestDesk.complaint(title: "Existing"))
        #expect(try fixture.database.write { try register.earliest(type: .complaint, fingerprint: "f00d", $0) } == nil)

        #expect(throws: RolledBack.self) {
            try fixture.database.write { connection in
                let inserted = try insertCase(connection, sequence: 2, fingerprint: "f00d")
                register.add(caseID: inserted.id, type: .complaint, fingerprint: "f00d")
                #expect(try register.earliest(type: .complaint, fingerprint: "f00d", connection) == inserted.reference)
                throw RolledBack()
            }
        }
        #expect(try fixture.count("cases") == 1)
        #expect(try fixture.database.write { try register.earliest(type: .complaint, fingerprint: "f00d", $0) } == nil)

        let real = try fixture.database.write { try insertCase($0, sequence: 2, fingerprint: "f00d") }
        #expect(try fixture.database.write { try register.earliest(type: .complaint, fingerprint: "f00d", $0) } == real.reference)
    }

    /// A miss cannot be checked against the table (there is no index to check it with), so a
    /// failed write must be followed by `forget()`, as `CaseStore` does for every failed filing.
    @Test func aRealCaseReusingTheIDOfARolledBackFilingIsFoundOnceTheFailedWriteIsForgotten() throws {
        let fixture = try FilingTestDesk()
        let register = DuplicateRegister()
        try fixture.file(FilingTestDesk.complaint(title: "Existing"))
        _ = try fixture.database.write { try register.earliest(type: .complaint, fingerprint: "f00d", $0) }
        #expect(throws: RolledBack.self) {
            try fixture.database.write { connection in
                let inserted = try insertCase(connection, sequence: 2, fingerprint: "f00d")
                #expect(inserted.id == 2)
                register.add(caseID: inserted.id, type: .complaint, fingerprint: "f00d")
                throw RolledBack()
            }
        }
        register.forget()

        // The next case gets the same id (one more than the largest), with another fingerprint.
        let real = try fixture.database.write { try insertCase($0, sequence: 2, fingerprint: "beef") }
        #expect(real.id == 2)
        #expect(try fixture.database.write { try register.earliest(type: .complaint, fingerprint: "beef", $0) } == real.reference,
                "a case whose id the register had seen in a rolled-back filing is read again once it forgot")
        #expect(try fixture.database.write { try register.earliest(type: .complaint, fingerprint: "f00d", $0) } == nil)
    }

    @Test func forgetEmptiesTheRegisterAndTheNextUseReloadsEveryFingerprintedCase() throws {
        let fixture = try FilingTestDesk()
        let first = try fixture.file(FilingTestDesk.complaint(title: "A"))
        try fixture.file(FilingTestDesk.complaint(title: "A"))
        try fixture.file(FilingTestDesk.complaint(title: "B"))
        try fixture.file(FilingTestDesk.complaint(title: "C"))
        _ = try fixture.database.write { try insertCase($0, sequence: 99, fingerprint: nil) }

        let register = DuplicateRegister()
        #expect(register.count == 0)
        register.add(caseID: 1000, type: .complaint, fingerprint: "not loaded")  // before the first load: nothing
        #expect(register.count == 0)

        let fingerprint = try #require(try fixture.database.read {
            try $0.scalar("SELECT fingerprint FROM cases WHERE reference = ?", [.text(first.reference)])?.stringValue
        })
        #expect(try fixture.database.write { try register.earliest(type: .complaint, fingerprint: fingerprint, $0) } == first.reference)
        #expect(try fingerprintedCaseKeys(fixture) == 3)
        #expect(register.count == 3)

        register.forget()
        #expect(register.count == 0)
        #expect(try fixture.database.write { try register.earliest(type: .complaint, fingerprint: "unknown", $0) } == nil)
        #expect(register.count == 3)
        #expect(try fixture.database.write { try register.earliest(type: .complaint, fingerprint: fingerprint, $0) } == first.reference)
    }

    @Test func theSameFingerprintUnderAnotherCaseTypeIsNotADuplicate() throws {
        let fixture = try FilingTestDesk()
        let register = DuplicateRegister()
        let first = try fixture.file()
        let fingerprint = try #require(try fixture.database.read {
            try $0.scalar("SELECT fingerprint FROM cases WHERE reference = ?", [.text(first.reference)])?.stringValue
        })
        let types = CaseType.all.filter { $0 != .complaint }
        for type in types {
            #expect(try fixture.database.write { try register.earliest(type: type, fingerprint: fingerprint, $0) } == nil)
        }
        #expect(try fixture.database.write { try register.earliest(type: .complaint, fingerprint: fingerprint, $0) } == first.reference)
    }

    @Test func loadingTheRegisterOfAStoreCountsTheDistinctFingerprintsAndFilingStillFlagsDuplicates() throws {
        let fixture = try FilingTestDesk()
        let first = try fixture.file(FilingTestDesk.complaint(title: "A"))
        try fixture.file(FilingTestDesk.complaint(title: "A"))
        try fixture.file(FilingTestDesk.complaint(title: "B"))
        let other = try FilingTestDesk.desk(over: fixture.database)
        #expect(try other.store.loadDuplicateRegister() == 2)
        #expect(try other.store.loadDuplicateRegister() == 2)
        try fixture.file(FilingTestDesk.complaint(title: "C"))  // through the first store, after the load
        #expect(try other.store.loadDuplicateRegister() == 3)
        let again = try file(other, title: "A")
        #expect(try fixture.duplicateOf(again.reference) == first.reference)
        #expect(try CaseStore(database: fixture.database).loadDuplicateRegister() == 3)
    }
}
