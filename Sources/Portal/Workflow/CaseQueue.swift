import JSON
import SQLite

/// The staff queue (`GET /api/v1/cases`, `GET /api/v1/cases.csv`): filters, order and keyset
/// pagination over the case index. A walk through the pages keeps to the queue as it stood when
/// its first page was served: the cursor names the sort key and id of the last item seen, the
/// point of the audit log the walk started from and the time it started. Cases filed since are
/// left to a new walk, and a case changed since is placed, filtered and sorted by its state at
/// the start (replayed from the log), so each case of the queue appears exactly once, in order,
/// however cases change meanwhile; the items show each case as it is now.
public struct CaseQueue: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        /// By the next deadline, soonest first; cases with none (closed) last.
        case due
        /// By the time of receipt, oldest first.
        case received
    }

    public enum AssigneeFilter: Sendable, Equatable {
        case anyone
        case unassigned
        case named(String)
    }

    /// Which deadline states a `deadline` filter keeps: `overdue` includes `very_overdue`.
    public enum DeadlineFilter: String, Sendable, CaseIterable {
        case dueSoon = "due_soon", overdue, veryOverdue = "very_overdue"

        func accepts(_ state: DeadlineState) -> Bool {
            switch self {
            case .dueSoon: return state == .dueSoon
            case .overdue: return state == .overdue || state == .veryOverdue
            case .veryOverdue: return state == .veryOverdue
            }
        }
    }

    /// A query of the queue; build it with `parse`.
    public struct Query: Sendable {
        public var type: String?
        public var status: String?
        public var assignee: AssigneeFilter = .anyone
        public var deadline: DeadlineFilter?
        public var text: String?
        public var sort: Sort = .due
        public var limit = 50
        public var after: Cursor?

        public init() {}

        public static let maxLimit = 200

        /// Reads the query parameters; `me` is the caller's name. Every problem is a field error.
        public static func parse(_ items: [(name: String, value: String)], me: String, paginated: Bool = true) -> Result<Query, WorkflowError> {
            var query = Query()
            var reader = FieldReader()
            let known = ["type", "status", "assignee", "deadline", "q", "sort"] + (paginated ? ["limit", "cursor"] : [])
            var cursor: String?
            for (name, value) in items {
                switch name {
                case "type":
                    if CaseType.named(value) == nil {
                        reader.add("type", "Choose one of \(CaseType.all.map { "\"\($0.name)\"" }.joined(separator: ", ")).")
                    }
                    query.type = value
                case "status":
                    let statuses = Set(CaseType.all.flatMap(\.lifecycle.statuses))
                    if !statuses.contains(value) { reader.add("status", "Choose one of \(statuses.sorted().map { "\"\($0)\"" }.joined(separator: ", ")).") }
                    query.status = value
                case "assignee":
                    switch value {
                    case "": reader.add("assignee", "Give a staff name, \"me\" or \"none\".")
                    case "none": query.assignee = .unassigned
                    case "me": query.assignee = .named(me)
                    default: query.assignee = .named(value)
                    }
                case "deadline":
                    guard let filter = DeadlineFilter(rawValue: value) else {
                        reader.add("deadline", "Choose one of \"due_soon\", \"overdue\", \"very_overdue\".")
                        continue
                    }
                    query.deadline = filter
                case "q":
                    if value.count > 200 { reader.add("q", "Search for at most 200 characters.") }
                    else if CaseSearch.matchExpression(value) == nil { reader.add("q", "Search for at least one word or number.") }
                    else { query.text = value }
                case "sort":
                    guard let sort = Sort(rawValue: value) else { reader.add("sort", "Choose \"due\" or \"received\"."); continue }
                    query.sort = sort
                case "limit" where !paginated, "cursor" where !paginated:
                    reader.add(name, "Remove this parameter: the export lists every matching case.")
                case "limit":
                    guard let limit = Int(value), (1...maxLimit).contains(limit) else {
                        reader.add("limit", "Give a number from 1 to \(maxLimit).")
                        continue
                    }
                    query.limit = limit
                case "cursor":
                    cursor = value
                default:
                    if !known.contains(name) { reader.add(name, "Remove this parameter: the queue filters by \(known.joined(separator: ", ")).") }
                }
            }
            if let cursor {
                if let parsed = Cursor(cursor), parsed.sort == query.sort {
                    query.after = parsed
                } else {
                    reader.add("cursor", "This cursor does not belong to a query sorted by \(query.sort.rawValue); use next_cursor from the previous page of the same query.")
                }
            }
            return reader.errors.isEmpty ? .success(query) : .failure(.invalid(reader.errors))
        }
    }

    /// Where a walk through the pages stands: "<sort>.<key>.<id>.<event>.<time>".
    public struct Cursor: Sendable, Equatable {
        public let sort: Sort
        public let key: Int64
        public let id: Int64
        /// The last event of the log when the walk began.
        public let snapshot: Int64
        /// When the walk began.
        public let asOf: Int64

        init(sort: Sort, key: Int64, id: Int64, snapshot: Int64, asOf: Int64) {
            self.sort = sort
            self.key = key
            self.id = id
            self.snapshot = snapshot
            self.asOf = asOf
        }

        init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 5, let sort = Sort(rawValue: String(parts[0])), let key = Int64(parts[1]), let id = Int64(parts[2]),
                  let snapshot = Int64(parts[3]), let asOf = Int64(parts[4]), id > 0, snapshot > 0 else { return nil }
            self.init(sort: sort, key: key, id: id, snapshot: snapshot, asOf: asOf)
        }

        var text: String { "\(sort.rawValue).\(key).\(id).\(snapshot).\(asOf)" }
    }

    /// A case's earliest deadline not yet met.
    public struct NextDeadline: Sendable {
        public let kind: DeadlineKind
        public let due: Int64
        public let state: DeadlineState
        public let paused: Bool
    }

    /// One line of the queue.
    public struct Item: Sendable {
        public let entry: CaseIndex.Entry
        /// The earliest deadline not yet met; nil for a closed case.
        public let next: NextDeadline?
        let key: Int64

        public var json: JSONValue {
            var object = JSONObject([("reference", .string(entry.reference)), ("type", .string(entry.type.name)),
                                     ("status", .string(entry.status)), ("received_at", .string(UTCTimestamp.format(entry.receivedAt))),
                                     ("assignee", entry.assignee.map { .string($0) } ?? .null)])
            object["next_deadline"] = next.map { deadline in
                .object(JSONObject([("kind", .string(deadline.kind.rawValue)), ("due", .string(UTCTimestamp.format(deadline.due))),
                                    ("state", .string(deadline.state.rawValue)), ("paused", .bool(deadline.paused))]))
            } ?? .null
            let duplicateOf = entry.history.decidedDuplicateOf ?? entry.duplicateOf
            object["duplicate"] = .bool(duplicateOf != nil)
            object["duplicate_of"] = duplicateOf.map { .string($0) } ?? .null
            return .object(object)
        }
    }

    /// A page of the queue and the cursor of the next one (nil on the last page).
    public struct Page: Sendable {
        public let items: [Item]
        public let nextCursor: String?

        public var json: JSONValue {
            .object(JSONObject([("items", .array(items.map(\.json))), ("next_cursor", nextCursor.map { .string($0) } ?? .null)]))
        }
    }

    public let index: CaseIndex
    public let database: Database

    public init(index: CaseIndex, database: Database) {
        self.index = index
        self.database = database
    }

    /// The page of cases matching `query` at `now`; with `unlimited`, every matching case (the CSV export).
    public func page(_ query: Query, now: Int64, unlimited: Bool = false) throws -> Page {
        let matches = try query.text.map { try CaseSearch.caseIDs(matching: $0, in: database) }
        let asOf = query.after?.asOf ?? now
        let snapshot = try index.snapshot(now: asOf)
        let walkStart = query.after?.snapshot ?? snapshot.lastEventID
        // The filters as codes of the snapshot's tables; a name it has never seen matches nothing.
        let type = query.type.map { name in CaseType.all.firstIndex { $0.name == name } ?? -1 }
        let status = query.status.map { snapshot.statuses.code(of: $0) ?? -2 }
        var assignee: Int32?
        switch query.assignee {
        case .anyone: assignee = nil
        case .unassigned: assignee = -1
        case .named(let name): assignee = snapshot.assignees.code(of: name) ?? -2
        }
        typealias Found = (key: Int64, id: Int64, position: Int, next: NextDeadline?)
        let isBefore: (Found, Found) -> Bool = { ($0.key, $0.id) < ($1.key, $1.id) }
        // A page needs the smallest `limit` + 1 (the one more says whether there is a next page);
        // the CSV export needs them all.
        var all: [Found] = []
        var smallest = SmallestElements<Found>(capacity: unlimited ? 0 : query.limit + 1, by: isBefore)
        var changed: [Int] = []
        func consider(_ position: Int, _ row: CaseIndex.Row) {
            if let type, row.type != type { return }
            if let status, row.status != status { return }
            if let assignee, row.assignee != assignee { return }
            let next = row.isOpen ? row.nextKind.flatMap { kind in
                row.nextState.map { NextDeadline(kind: kind, due: row.nextDue, state: $0, paused: row.nextPaused) }
            } : nil
            if let filter = query.deadline, !(next.map { filter.accepts($0.state) } ?? false) { return }
            let key = query.sort == .due ? (next?.due ?? Int64.max) : row.receivedAt
            if let after = query.after, (key, row.id) <= (after.key, after.id) { return }
            if unlimited { all.append((key, row.id, position, next)) } else { smallest.offer((key, row.id, position, next)) }
        }
        func visit(_ position: Int) {
            let row = snapshot.rows[position]
            if row.submittedEventID > walkStart { return }  // filed after the walk began
            if row.lastEventID > walkStart { changed.append(position); return }
            consider(position, row)
        }
        if let matches {
            for id in matches { if let position = snapshot.positions[id] { visit(position) } }
        } else {
            for position in snapshot.rows.indices { visit(position) }
        }
        // A case changed during the walk is judged by its state when the walk began.
        for (position, entry) in zip(changed, index.entries(at: changed)) {
            let history = try index.history(of: entry, asOf: walkStart)
            let deadlines = index.workflow.calculator(for: entry.type).deadlines(for: history.clock, now: asOf, explained: false)
            let open = entry.type.lifecycle.isOpen(history.status)
            let next = open ? deadlines.first { $0.state != .met } : nil
            var row = snapshot.rows[position]
            row.status = snapshot.statuses.code(of: history.status) ?? -2
            row.assignee = history.assignee.map { snapshot.assignees.code(of: $0) ?? -2 } ?? -1
            row.isOpen = open
            row.nextDue = next?.due ?? Int64.max
            row.nextKind = next?.kind
            row.nextState = next?.state
            row.nextPaused = next?.paused ?? false
            consider(position, row)
        }
        let found = unlimited ? all.sorted(by: isBefore) : smallest.sorted()
        let hasMore = !unlimited && found.count > query.limit
        let selected = hasMore ? Array(found.prefix(query.limit)) : found
        let entries = index.entries(at: selected.map(\.position))
        let items = zip(selected, entries).map { Item(entry: $1, next: $0.next, key: $0.key) }
        guard hasMore, let last = items.last else { return Page(items: items, nextCursor: nil) }
        return Page(items: items, nextCursor: Cursor(sort: query.sort, key: last.key, id: last.entry.id, snapshot: walkStart, asOf: asOf).text)
    }
}
