import JSON
import Portal
import SQLite
import Testing

/// `AuditChain.verify` walks `case_events` and names the first event that breaks the chain.
@Suite struct AuditChainTests {
    typealias Mismatch = AuditVerification.Mismatch

    @Test func anUntouchedChainIsIntactWithItsCountAndHead() throws {
        let (log, _) = try AuditTestLog.sample()
        let result = try AuditChain.verify(log.database)
        #expect(result == AuditVerification(count: 7, headHash: log.hashes[6], firstMismatch: nil))
        #expect(result.isIntact)
        let head = try AuditChain.head(log.database)
        #expect(head.count == 7 && head.hash == log.hashes[6])
    }

    @Test func anEmptyLogIsIntactAtTheGenesisHash() throws {
        let log = try AuditTestLog()
        #expect(try AuditChain.verify(log.database) == AuditVerification(count: 0, headHash: EventLog.genesis, firstMismatch: nil))
        let head = try AuditChain.head(log.database)
        #expect(head.count == 0 && head.hash == EventLog.genesis)
    }

    @Test func aChangedPayloadIsReportedAtThatEventWithItsCaseReference() throws {
        let (log, cases) = try AuditTestLog.sample()
        let ids = try log.eventIDs()
        try log.tamper(#"UPDATE case_events SET payload = '{"from":"received","to":"rejected"}' WHERE id = ?"#,
                       [.integer(ids[3])])
        let result = try AuditChain.verify(log.database)
        #expect(result.firstMismatch == Mismatch(eventID: ids[3], reference: cases[1].reference, type: "transitioned",
                                                 reason: Mismatch.contentReason))
        #expect(result.count == 3 && result.headHash == log.hashes[2])
        #expect(!result.isIntact)
    }

    @Test func aPayloadRewrittenToEqualButNonCanonicalTextIsReported() throws {
        let (log, cases) = try AuditTestLog.sample()
        let ids = try log.eventIDs()
        try log.tamper(#"UPDATE case_events SET payload = '{ "channel": "api" }' WHERE id = ?"#, [.integer(ids[0])])
        let result = try AuditChain.verify(log.database)
        #expect(result.firstMismatch == Mismatch(eventID: ids[0], reference: cases[0].reference, type: "submitted",
                                                 reason: Mismatch.contentReason))
        #expect(result.count == 0 && result.headHash == EventLog.genesis)
    }

    @Test func aDeletedMiddleEventIsReportedAtTheEventAfterIt() throws {
        let (log, cases) = try AuditTestLog.sample()
        let ids = try log.eventIDs()
        try log.tamper("DELETE FROM case_events WHERE id = ?", [.integer(ids[3])])
        let result = try AuditChain.verify(log.database)
        #expect(result.firstMismatch == Mismatch(eventID: ids[4], reference: cases[0].reference, type: "note_added",
                                                 reason: Mismatch.previousHashReason))
        #expect(result.count == 3 && result.headHash == log.hashes[2])
    }

    @Test func aChangedHashColumnIsReportedAtThatEvent() throws {
        let (log, cases) = try AuditTestLog.sample()
        let ids = try log.eventIDs()
        try log.tamper("UPDATE case_events SET hash = ? WHERE id = ?", [.text(String(repeating: "f", count: 64)), .integer(ids[5])])
        let result = try AuditChain.verify(log.database)
        #expect(result.firstMismatch == Mismatch(eventID: ids[5], reference: cases[2].reference, type: "submitted",
                                                 reason: Mismatch.contentReason))
        #expect(result.count == 5 && result.headHash == log.hashes[4])
    }

    @Test func aChangedCaselessEventIsReportedWithoutAReference() throws {
        let (log, _) = try AuditTestLog.sample()
        let ids = try log.eventIDs()
        try log.tamper("UPDATE case_events SET actor = 'admin:mallory' WHERE id = ?", [.integer(ids[2])])
        let result = try AuditChain.verify(log.database)
        #expect(result.firstMismatch == Mismatch(eventID: ids[2], reference: nil, type: "token_created",
                                                 reason: Mismatch.contentReason))
        #expect(result.count == 2)
    }

    @Test func aChangedCaseReferenceBreaksTheFirstEventOfThatCase() throws {
        let (log, cases) = try AuditTestLog.sample()
        let ids = try log.eventIDs()
        try log.tamper("UPDATE cases SET reference = 'CPL-2026-999999' WHERE id = ?", [.integer(cases[1].id)])
        let result = try AuditChain.verify(log.database)
        #expect(result.firstMismatch == Mismatch(eventID: ids[1], reference: "CPL-2026-999999", type: "submitted",
                                                 reason: Mismatch.contentReason))
    }

    @Test func swappedEventsAreReportedAtTheFirstOfThem() throws {
        let (log, cases) = try AuditTestLog.sample()
        let ids = try log.eventIDs()
        // Swap the ids of events 6 and 7 (through a free id), so they are walked in the other order.
        try log.tamper("UPDATE case_events SET id = 1000 WHERE id = ?", [.integer(ids[5])])
        try log.tamper("UPDATE case_events SET id = ? WHERE id = ?", [.integer(ids[5]), .integer(ids[6])])
        try log.tamper("UPDATE case_events SET id = ? WHERE id = 1000", [.integer(ids[6])])
        let result = try AuditChain.verify(log.database)
        #expect(result.firstMismatch == Mismatch(eventID: ids[5], reference: cases[2].reference, type: "transitioned",
                                                 reason: Mismatch.previousHashReason))
        #expect(result.count == 5)
    }

    @Test func eventsAppendedAfterAVerificationExtendTheChain() throws {
        let (log, cases) = try AuditTestLog.sample()
        let first = try AuditChain.verify(log.database)
        try log.append(case: cases[0], type: "transitioned", payload: ["from": "received", "to": "closed"])
        let second = try AuditChain.verify(log.database)
        #expect(second.count == first.count + 1 && second.isIntact && second.headHash == log.hashes.last)
    }

    @Test func theJSONFormIsIntactEventsAndHeadHash() throws {
        let (log, _) = try AuditTestLog.sample()
        let json = try AuditChain.verify(log.database).json
        #expect(json.serialized() == #"{"intact":true,"events":7,"head_hash":"\#(log.hashes[6])"}"#)
    }

    @Test func theJSONFormOfABrokenChainNamesTheFirstMismatch() throws {
        let (log, _) = try AuditTestLog.sample()
        let ids = try log.eventIDs()
        try log.tamper("UPDATE case_events SET type = 'token_revoked' WHERE id = ?", [.integer(ids[2])])
        let json = try AuditChain.verify(log.database).json
        #expect(json["intact"] == false)
        #expect(json["events"] == 2)
        #expect(json["head_hash"] == .string(log.hashes[1]))
        #expect(json["first_mismatch"] == [
            "event_id": .number(String(ids[2])), "case": .null, "type": "token_revoked",
            "reason": "its content does not match its hash",
        ])
    }

    @Test func aDatabaseWithoutCaseEventsIsRefused() throws {
        let log = try AuditTestLog()
        let other = try Database(path: log.folder + "/other.sqlite", readers: 1)
        defer { other.close() }
        try other.write { try $0.execute("CREATE TABLE unrelated (id INTEGER PRIMARY KEY)") }
        #expect(throws: AuditChainError.noEventLog(path: other.path)) { try AuditChain.verify(other) }
        #expect(throws: AuditChainError.noEventLog(path: other.path)) { try AuditChain.head(other) }
    }
}
