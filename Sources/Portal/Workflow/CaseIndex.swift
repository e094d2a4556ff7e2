import JSON
import SQLite
import Synchronization

/// The queue's in-memory view of every case: its current state and its clock, built by replaying
/// the audit log once and then following it. Before each use it reads the events appended since
/// it last looked (`case_events.id > last`), whichever process wrote them, so it is never behind
/// the database it reads. Deadlines are not stored anywhere: each case's are computed from its
/// events, kept for the current local day, and recomputed when the case changes or the day does.
///
/// Each case has two parts: a `Row` of plain numbers (codes for its status, assignee, outcome and
/// category; its next deadline) that the queue and the reports scan 100,000 at a time without
/// touching a reference count, and an `Entry` with its texts and history, read only for the few
/// cases a page shows.
public final class CaseIndex: Sendable {
    /// What the queue and the reports scan: plain values only, so a scan copies no references.
    public struct Row: Sendable {
        public var id: Int64
        public var receivedAt: Int64
        /// The id of its `submitted` event: the case exists in the log from there on.
        public var submittedEventID: Int64
        public var lastEventID: Int64
        /// When it was closed; 0 while open.
        public var closedAt: Int64 = 0
        /// Its index in `CaseType.all`.
        public var type: Int
        /// Codes into the snapshot's name tables; -1 for none.
        public var status: Int32 = -1
        public var assignee: Int32 = -1
        public var outcome: Int32 = -1
        public var category: Int32 = -1
        public var isOpen = true
        /// Flagged as a possible duplicate when filed, or closed as a duplicate.
        public var duplicate = false
        /// The earliest deadline not met while the case is open (`nextDue` is `Int64.max` when none).
        public var nextDue = Int64.max
        public var nextKind: DeadlineKind?
        public var nextState: DeadlineState?
        public var nextPaused = false
        /// How its acknowledge and respond deadlines stand, for the reports.
        public var acknowledge = Standing.absent
        public var respond = Standing.absent
        fileprivate var cachedDay = Int.min
        fileprivate var cachedEvent: Int64 = -1
    }

    /// How a deadline stands for the reports: decided once met, or once passed while open.
    public enum Standing: Sendable {
        case absent, running, metOnTime, metLate, missed
    }

    /// A case's texts and history: what a page shows and what its deadlines are computed from.
    public struct Entry: Sendable {
        public let id: Int64
        public let reference: String
        public let type: CaseType
        public let receivedAt: Int64
        public let duplicateOf: String?
        /// The category of a complaint (empty for other types), for the reports.
        public let category: String
        /// Who the case is for (a complaint's rightsholder) and what it is about (its first work).
        public let party: String
        public let subject: String
        public internal(set) var history: CaseHistory

        public var status: String { history.status }
        public var assignee: String? { history.assignee }
    }

    /// Texts interned as small codes, so rows hold numbers.
    public struct Names: Sendable {
        public private(set) var names: [String] = []
        private var codes: [String: Int32] = [:]

        public func code(of name: String) -> Int32? { codes[name] }
        public func name(_ code: Int32) -> String? { code >= 0 && Int(code) < names.count ? names[Int(code)] : nil }

        mutating func intern(_ name: String?) -> Int32 {
            guard let name else { return -1 }
            if let code = codes[name] { return code }
            let code = Int32(names.count)
            names.append(name)
            codes[name] = code
            return code
        }
    }

    /// Every row at one moment, with the tables to read their codes. Arrays are shared, not copied.
    public struct Snapshot: Sendable {
        public let rows: [Row]
        public let positions: CasePositions
        public let statuses: Names
        public let assignees: Names
        public let outcomes: Names
        public let categories: Names
        /// The last event applied.
        public let lastEventID: Int64
    }

    private struct State {
        var rows: [Row] = []
        var entries: [Entry] = []
        var positions = CasePositions()
        var lastEventID: Int64 = 0
        var statuses = Names()
        var assignees = Names()
        var outcomes = Names()
        var categories = Names()
    }

    private let state = Mutex(State())
    let workflow: CaseWorkflow

    public init(workflow: CaseWorkflow) {
        self.workflow = workflow
    }

    /// Reads the events appended since the last call and applies them, in batches so that
    /// replaying a long log on start never holds much of it in memory at once.
    public func refresh() throws {
        while try refreshBatch(limit: 20_000) == 20_000 {}
    }

    private func refreshBatch(limit: Int) throws -> Int {
        let since = state.withLock { $0.lastEventID }
        var last = since
        var batch: [(Int64, Int64, String, Int64, String, Row?)] = []
        var submitted: [Int64: (reference: String, type: Int, duplicateOf: String?, category: String, party: String, subject: String)] = [:]
        try workflow.database.read { connection in
            let rows = try connection.query("""
                SELECT e.id, e.case_id, e.type, e.occurred_at, CASE WHEN e.type IN ('transitioned', 'assigned', 'extended') OR (e.type = 'submitted' AND e.payload LIKE '%"due_date"%') THEN e.payload END AS payload,
                       CASE WHEN e.type = 'submitted' THEN c.reference END AS reference, c.type AS case_type, c.received_at, c.duplicate_of,
                       \(Self.listingColumns)
                FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.id > ? ORDER BY e.id LIMIT ?
                """, [.integer(since), .integer(Int64(limit))])
            for row in rows {
                guard let id = row.int64(at: 0), let caseID = row.int64(at: 1), let type = row.string(at: 2),
                      let occurred = row.string(at: 3).flatMap(UTCTimestamp.parse) else { continue }
                last = id
                var fresh: Row?
                if type == CaseEventType.submitted, let reference = row.string("reference"),
                   let caseType = row.string("case_type").flatMap({ name in CaseType.all.firstIndex { $0.name == name } }),
                   let receivedAt = row.string("received_at").flatMap(UTCTimestamp.parse) {
                    fresh = Row(id: caseID, receivedAt: receivedAt, submittedEventID: id, lastEventID: id, type: caseType)
                    submitted[id] = (reference, caseType, row.string("duplicate_of"), row.string("category") ?? "",
                                     row.string("party") ?? "", row.string("subject") ?? "")
                }
                batch.append((id, caseID, type, occurred, row.string(at: 4) ?? "", fresh))
            }
        }
        let fetched = batch.count
        guard last > since else { return fetched }
        state.withLock { state in
            guard state.lastEventID == since else { return }  // another refresh applied them meanwhile
            for (id, caseID, type, occurred, payloadText, fresh) in batch {
                let position: Int
                if var row = fresh, let facts = submitted[id] {
                    guard state.positions[caseID] == nil else { continue }
                    let caseType = CaseType.all[facts.type]
                    var history = CaseHistory(receivedAt: row.receivedAt)
                    let payload = payloadText.isEmpty ? JSONValue.null : ((try? JSONParser.parse(payloadText)) ?? .null)
                    history.apply(eventID: id, type: type, occurredAt: occurred, payload: payload, lifecycle: caseType.lifecycle)
                    row.category = facts.category.isEmpty ? -1 : state.categories.intern(facts.category)
                    position = state.rows.count
                    state.positions[caseID] = position
                    state.rows.append(row)
                    state.entries.append(Entry(id: caseID, reference: facts.reference, type: caseType, receivedAt: row.receivedAt,
                                               duplicateOf: facts.duplicateOf, category: facts.category, party: facts.party,
                                               subject: facts.subject, history: history))
                } else if let existing = state.positions[caseID] {
                    position = existing
                    let payload = payloadText.isEmpty ? JSONValue.null : ((try? JSONParser.parse(payloadText)) ?? .null)
                    let lifecycle = state.entries[position].type.lifecycle
                    state.entries[position].history.apply(eventID: id, type: type, occurredAt: occurred, payload: payload, lifecycle: lifecycle)
                } else {
                    continue
                }
                // The row follows its entry's history.
                let entry = state.entries[position]
                state.rows[position].lastEventID = id
                state.rows[position].status = state.statuses.intern(entry.history.status)
                state.rows[position].isOpen = entry.type.lifecycle.isOpen(entry.history.status)
                state.rows[position].assignee = state.assignees.intern(entry.history.assignee)
                state.rows[position].outcome = state.outcomes.intern(entry.history.outcome)
                state.rows[position].closedAt = entry.history.clock.closedAt ?? 0
                state.rows[position].duplicate = (entry.history.decidedDuplicateOf ?? entry.duplicateOf) != nil
            }
            state.lastEventID = last
        }
        return fetched
    }

    /// Every row with its deadlines as of `now`, after a refresh. An open case's deadlines are
    /// computed once a local day (and again when it changes); a closed case's once per change.
    public func snapshot(now: Int64) throws -> Snapshot {
        try refresh()
        let day = workflow.calendar.zone.localDate(at: now).daysSinceEpoch
        let calculators = CaseType.all.map { workflow.calculator(for: $0) }
        return state.withLock { state in
            for position in state.rows.indices {
                let row = state.rows[position]
                guard row.cachedEvent != row.lastEventID || (row.isOpen && row.cachedDay != day) else { continue }
                let deadlines = calculators[row.type].deadlines(for: state.entries[position].history.clock, now: now, explained: false)
                let next = row.isOpen ? deadlines.first { $0.state != .met } : nil
                state.rows[position].nextDue = next?.due ?? Int64.max
                state.rows[position].nextKind = next?.kind
                state.rows[position].nextState = next?.state
                state.rows[position].nextPaused = next?.paused ?? false
                state.rows[position].acknowledge = Self.standing(deadlines.first { $0.kind == .acknowledge }, now: now)
                state.rows[position].respond = Self.standing(deadlines.first { $0.kind == .respond }, now: now)
                state.rows[position].cachedDay = day
                state.rows[position].cachedEvent = row.lastEventID
            }
            return Snapshot(rows: state.rows, positions: state.positions, statuses: state.statuses, assignees: state.assignees,
                            outcomes: state.outcomes, categories: state.categories, lastEventID: state.lastEventID)
        }
    }

    private static func standing(_ deadline: Deadline?, now: Int64) -> Standing {
        guard let deadline else { return .absent }
        if let onTime = deadline.metOnTime { return onTime ? .metOnTime : .metLate }
        return now > deadline.due ? .missed : .running
    }

    /// The id of the last event applied (after a refresh): a point in the log that a walk through
    /// the queue's pages can keep to.
    public func currentEventID() throws -> Int64 {
        try refresh()
        return state.withLock { $0.lastEventID }
    }

    /// A case's history as it stood after event `eventID`, replayed from the log.
    public func history(of entry: Entry, asOf eventID: Int64) throws -> CaseHistory {
        var history = CaseHistory(receivedAt: entry.receivedAt)
        let lifecycle = entry.type.lifecycle
        let rows = try workflow.database.read { connection in
            try connection.query("SELECT id, type, occurred_at, payload FROM case_events WHERE case_id = ? AND id <= ? ORDER BY id",
                                 [.integer(entry.id), .integer(eventID)])
        }
        for row in rows {
            guard let id = row.int64(at: 0), let type = row.string(at: 1),
                  let occurred = row.string(at: 2).flatMap(UTCTimestamp.parse) else { continue }
            let payload = (try? JSONParser.parse(row.string(at: 3) ?? "null")) ?? .null
            history.apply(eventID: id, type: type, occurredAt: occurred, payload: payload, lifecycle: lifecycle)
        }
        return history
    }

    /// The entries at these positions (from a snapshot), in the same order.
    public func entries(at positions: [Int]) -> [Entry] {
        state.withLock { state in positions.map { state.entries[$0] } }
    }

    /// The listing columns of every case type, read with its `submitted` event.
    private static let listingColumns: String = {
        func column(_ name: String, _ expression: (CaseType) -> String) -> String {
            "CASE WHEN e.type = 'submitted' THEN CASE c.type "
                + CaseType.all.map { "WHEN '\($0.name)' THEN \(expression($0))" }.joined(separator: " ") + " END END AS \(name)"
        }
        return [column("category", \.listing.category), column("party", \.listing.party), column("subject", \.listing.subject)]
            .joined(separator: ", ")
    }()

    /// How many cases the index holds.
    public var count: Int { state.withLock { $0.rows.count } }
}
