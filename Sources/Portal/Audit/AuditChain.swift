import SQLite

/// Checks the hash chain of the audit log, `case_events`, and reads its head.
///
/// `verify` proves that no event was changed, removed or reordered *before* the head it reports.
/// Removing events from the end leaves a shorter chain that is still intact: only a head hash
/// recorded elsewhere earlier (`head`, sent to a timestamping service or kept by an auditor) shows that.
public enum AuditChain {
    /// How many events `verify` checks between two calls of its `progress` closure.
    public static let progressInterval = 100_000

    /// Walks every event in id order with one streaming statement, recomputing each hash from the
    /// running previous hash and the event's stored content, and stops at the first event that
    /// breaks the chain. Runs in one read transaction, so concurrent appends are not seen.
    ///
    /// - Parameter progress: called with the number of events checked so far, every
    ///   `progressInterval` events, on the calling thread.
    /// - Throws: `AuditChainError.noEventLog` when the database has no `case_events` table,
    ///   or the database's error.
    public static func verify(_ database: Database, progress: ((Int) -> Void)? = nil) throws -> AuditVerification {
        try database.read { connection in try verify(connection, progress: progress) }
    }

    /// `verify` on a connection the caller holds (inside its own transaction, if it wants a snapshot).
    public static func verify(_ connection: Connection, progress: ((Int) -> Void)? = nil) throws -> AuditVerification {
        try requireEventLog(connection)
        let statement = try connection.prepare("""
            SELECT e.id, e.case_id, c.reference, e.type, e.actor, e.occurred_at, e.payload, e.previous_hash, e.hash
            FROM case_events e LEFT JOIN cases c ON c.id = e.case_id ORDER BY e.id
            """)
        var running = EventLog.genesis
        var count = 0
        while try statement.step() {
            let reference = statement.value(at: 2).stringValue
            let type = statement.value(at: 3).stringValue
            let stored = statement.value(at: 8).stringValue
            let reason: String?
            if statement.value(at: 7).stringValue != running {
                reason = AuditVerification.Mismatch.previousHashReason
            } else if let type, let stored,
                      let actor = statement.value(at: 4).stringValue,
                      let occurredAt = statement.value(at: 5).stringValue,
                      let payloadText = statement.value(at: 6).stringValue,
                      stored == EventLog.chainHash(previous: running, reference: reference, type: type, actor: actor,
                                                   occurredAt: occurredAt, payloadText: payloadText) {
                reason = nil
            } else {
                // Includes a NULL or non-text column, which `EventLog.append` never writes.
                reason = AuditVerification.Mismatch.contentReason
            }
            if let reason {
                let mismatch = AuditVerification.Mismatch(eventID: statement.value(at: 0).int64Value ?? 0,
                                                          reference: reference, type: type ?? "", reason: reason)
                return AuditVerification(count: count, headHash: running, firstMismatch: mismatch)
            }
            running = stored ?? running
            count += 1
            if let progress, count % progressInterval == 0 { progress(count) }
        }
        return AuditVerification(count: count, headHash: running, firstMismatch: nil)
    }

    /// The number of events and the stored hash of the last one (`EventLog.genesis` when there
    /// is none), without checking the chain: one count over an index and one row by primary key.
    /// - Throws: `AuditChainError.noEventLog` when the database has no `case_events` table.
    public static func head(_ database: Database) throws -> (count: Int, hash: String) {
        try database.read { connection in try head(connection) }
    }

    /// `head` on a connection the caller holds.
    public static func head(_ connection: Connection) throws -> (count: Int, hash: String) {
        try requireEventLog(connection)
        let count = try connection.scalar("SELECT count(*) FROM case_events")?.intValue ?? 0
        let hash = try connection.scalar("SELECT hash FROM case_events ORDER BY id DESC LIMIT 1")?.stringValue
        return (count, hash ?? EventLog.genesis)
    }

    private static func requireEventLog(_ connection: Connection) throws {
        let found = try connection.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'case_events'")?.intValue ?? 0
        guard found > 0 else { throw AuditChainError.noEventLog(path: connection.path) }
    }
}

/// Why the audit log could not be read at all (as opposed to being read and found broken).
public enum AuditChainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database has no `case_events` table: not a portal database, or never migrated.
    case noEventLog(path: String)

    public var description: String {
        switch self {
        case .noEventLog(let path):
            "\(path) has no audit log (no case_events table): not a portal database, or its migrations were never applied"
        }
    }
}
