import SQLite
import Synchronization

/// The earliest case of each type and fingerprint, kept in memory for duplicate detection.
///
/// Consulted inside the filing's write transaction (and loaded ahead, at start). An index on `cases (type, fingerprint)` did
/// the same, but its keys are random: every filing wrote one more index page somewhere in a large
/// index (and the checkpoint copied it back), about a fifth of what a complaint cost to store.
///
/// What it holds is checked where it can be:
/// - before each use it reads the cases added since it last looked (`id >` the last it saw),
///   whichever process filed them, so it is never behind the database;
/// - a hit is checked against the case's row, and when the row does not match (a hash collision,
///   or a filing it saw that was then rolled back) the answer comes from the table itself.
/// A miss cannot be checked (that would need the index), so a write that fails must be followed
/// by `forget()` (`CaseStore` does it for every failed filing): the next use reads it all again.
///
/// A fingerprint is held as a 64-bit hash (about 30 bytes a case), not as its text.
final class DuplicateRegister: Sendable {
    private struct State {
        var earliest: [Int: Int64] = [:]
        /// The largest case id read; -1 before the first load.
        var lastCaseID: Int64 = -1
    }

    private let state = Mutex(State())

    /// The reference of the earliest case of `type` with this fingerprint, as `connection` (the
    /// writer, inside the filing's transaction) sees the table.
    func earliest(type: CaseType, fingerprint: String, _ connection: Connection) throws -> String? {
        try state.withLock { state in
            try Self.catchUp(&state, connection)
            guard let caseID = state.earliest[Self.key(type.name, fingerprint)] else { return nil }
            if let row = try connection.query("SELECT reference, type, fingerprint FROM cases WHERE id = ?", [.integer(caseID)]).first,
               row.string("type") == type.name, row.string("fingerprint") == fingerprint {
                return row.string("reference")
            }
            return try connection.scalar("SELECT reference FROM cases WHERE type = ? AND fingerprint = ? ORDER BY id LIMIT 1",
                                         [.text(type.name), .text(fingerprint)])?.stringValue
        }
    }

    /// Records a case the same transaction has just filed, once everything else of its filing is
    /// written (so a filing that fails half-way leaves nothing here).
    func add(caseID: Int64, type: CaseType, fingerprint: String) {
        state.withLock { state in
            guard state.lastCaseID >= 0 else { return }  // not loaded: the next load reads it
            Self.note(&state, caseID: caseID, key: Self.key(type.name, fingerprint))
        }
    }

    /// Reads the cases filed since it last looked (all of them the first time), through any
    /// connection: done once at start, so that the first filing does not wait for it.
    func catchUp(_ connection: Connection) throws {
        try state.withLock { try Self.catchUp(&$0, connection) }
    }

    /// Forgets everything, after a write that may have been rolled back.
    func forget() {
        state.withLock { $0 = State() }
    }

    /// How many fingerprints it holds (for tests).
    var count: Int { state.withLock { $0.earliest.count } }

    private static func catchUp(_ state: inout State, _ connection: Connection) throws {
        let sql = "SELECT id, type, fingerprint FROM cases WHERE id > ? ORDER BY id"
        guard state.lastCaseID >= 0 else {
            // The first load reads every case: stepped, so no array of them all is ever built.
            state.lastCaseID = 0
            let statement = try connection.prepare(sql)
            try statement.bind([.integer(0)])
            while try statement.step() {
                note(&state, id: statement.value(at: 0).int64Value, type: statement.value(at: 1).stringValue,
                     fingerprint: statement.value(at: 2).stringValue)
            }
            return
        }
        // Afterwards, the few filed since (a cached statement; usually no row at all).
        for row in try connection.query(sql, [.integer(state.lastCaseID)]) {
            note(&state, id: row.int64(at: 0), type: row.string(at: 1), fingerprint: row.string(at: 2))
        }
    }

    private static func note(_ state: inout State, id: Int64?, type: String?, fingerprint: String?) {
        guard let id else { return }
        if let type, let fingerprint {
            note(&state, caseID: id, key: key(type, fingerprint))
        } else {
            state.lastCaseID = max(state.lastCaseID, id)
        }
    }

    private static func note(_ state: inout State, caseID: Int64, key: Int) {
        if state.earliest[key] == nil { state.earliest[key] = caseID }
        state.lastCaseID = max(state.lastCaseID, caseID)
    }

    /// A 64-bit hash of type and fingerprint, seeded per process (it is never stored).
    private static func key(_ type: String, _ fingerprint: String) -> Int {
        var hasher = Hasher()
        hasher.combine(type)
        hasher.combine(fingerprint)
        return hasher.finalize()
    }
}
