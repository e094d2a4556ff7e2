import JSON
import SQLite
import Synchronization

/// The queue's in-memory view of every case: its current state and its clock, built by replaying
/// the audit log once and then following it. Before each use it reads the events appended since
/// it last looked (`case_events.id > last`), whichever process wrote them, so it is never behind
/// the database it reads. Deadlines are not stored anywhere: each entry computes its own from its
/// events for the current local day, and recomputes when the case changes or the day does.
public final class CaseIndex: Sendable {
    /// One case, as the queue, the CSV export and the reports see it.
    public struct Entry: Sendable {
        public let id: Int64
        /// The id of its `submitted` event: the case exists in the log from there on.
        public let submittedEventID: Int64
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
        fileprivate var cachedDay: Int?
        fileprivate var cachedDeadlines: [Deadline] = []

        public var status: String { history.status }
        public var assignee: String? { history.assignee }
    }

    private struct State {
        var entries: [Entry] = []
        var positions: [Int64: Int] = [:]
        var lastEventID: Int64 = 0
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
        try workflow.database.read { connection in
            let rows = try connection.query("""
                SELECT e.id, e.case_id, e.type, e.occurred_at, CASE WHEN e.type IN ('transitioned', 'assigned', 'extended') THEN e.payload END AS payload,
                       CASE WHEN e.type = 'submitted' THEN c.reference END AS reference, c.type AS case_type, c.received_at, c.duplicate_of,
                       \(Self.listingColumns)
                FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.id > ? ORDER BY e.id LIMIT ?
                """, [.integer(since), .integer(Int64(limit))])
            for row in rows {
                guard let id = row.int64(at: 0), let caseID = row.int64(at: 1), let type = row.string(at: 2),
                      let occurred = row.string(at: 3).flatMap(UTCTimestamp.parse) else { continue }
                batch.append((id, caseID, type, occurred, row.string(at: 4) ?? "", type == CaseEventType.submitted ? row : nil))
                last = id
            }
        }
        let fetched = batch.count
        guard last > since else { return fetched }
        state.withLock { state in
            guard state.lastEventID == since else { return }  // another refresh applied them meanwhile
            for (id, caseID, type, occurred, payloadText, submittedRow) in batch {
                if let row = submittedRow {
                    guard state.positions[caseID] == nil, let reference = row.string("reference"),
                          let caseType = row.string("case_type").flatMap(CaseType.named),
                          let receivedAt = row.string("received_at").flatMap(UTCTimestamp.parse) else { continue }
                    var history = CaseHistory(receivedAt: receivedAt)
                    history.apply(eventID: id, type: type, occurredAt: occurred, payload: .null, lifecycle: caseType.lifecycle)
                    state.positions[caseID] = state.entries.count
                    state.entries.append(Entry(id: caseID, submittedEventID: id, reference: reference, type: caseType, receivedAt: receivedAt,
                                               duplicateOf: row.string("duplicate_of"), category: row.string("category") ?? "",
                                               party: row.string("party") ?? "", subject: row.string("subject") ?? "",
                                               history: history))
                } else if let position = state.positions[caseID] {
                    let payload = payloadText.isEmpty ? JSONValue.null : ((try? JSONParser.parse(payloadText)) ?? .null)
                    let lifecycle = state.entries[position].type.lifecycle
                    state.entries[position].history.apply(eventID: id, type: type, occurredAt: occurred, payload: payload, lifecycle: lifecycle)
                    state.entries[position].cachedDay = nil
                }
            }
            state.lastEventID = last
        }
        return fetched
    }

    /// Calls `body` with every case, its position in the index and its deadlines at `now`, after a
    /// refresh, in filing order. The index is locked meanwhile: keep `body` to filtering and
    /// noting positions, then fetch the few entries needed with `entries(at:)`.
    public func visit(now: Int64, _ body: (Int, borrowing Entry, [Deadline]) -> Void) throws {
        try refresh()
        let day = workflow.calendar.zone.localDate(at: now).daysSinceEpoch
        state.withLock { state in
            for position in state.entries.indices {
                if state.entries[position].cachedDay != day {
                    let clock = state.entries[position].history.clock
                    let calculator = workflow.calculator(for: state.entries[position].type)
                    state.entries[position].cachedDeadlines = calculator.deadlines(for: clock, now: now, explained: false)
                    state.entries[position].cachedDay = day
                }
                body(position, state.entries[position], state.entries[position].cachedDeadlines)
            }
        }
    }

    /// The id of the last event applied (after a refresh): a point in the log that a walk through
    /// the queue's pages can keep to.
    public func currentEventID() throws -> Int64 {
        try refresh()
        return state.withLock { $0.lastEventID }
    }

    /// A case's history as it stood after event `eventID`, replayed from the log.
    public func history(of entry: borrowing Entry, asOf eventID: Int64) throws -> CaseHistory {
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

    /// The entries at these positions (from `visit`), in the same order.
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
    public var count: Int { state.withLock { $0.entries.count } }
}
