import JSON

/// The summary report (`GET /api/v1/reports/summary`): what came in over a period and how it was
/// handled, for the provider to show it acts within a reasonable time. Cases count when their
/// receipt falls in the period (local dates in the operator's zone, both ends included).
///
/// - A deadline is *decided* once it was met, or passed while the case was still open; the share
///   on time is the decided deadlines met by their due time, over all decided ones (null when none).
/// - Days to answer run from receipt to the (last) closing of each closed case, in days with one
///   decimal; the median and the 90th percentile use the nearest-rank method.
/// - Overdue now counts the open cases, received in the period, whose next deadline has passed.
public struct CaseReport: Sendable {
    public let from: LocalDate?
    public let to: LocalDate?

    public init(from: LocalDate?, to: LocalDate?) {
        self.from = from
        self.to = to
    }

    private struct Tally {
        var decided = 0
        var onTime = 0
        mutating func count(_ deadline: Deadline?, now: Int64) {
            guard let deadline else { return }
            if let onTime = deadline.metOnTime {
                decided += 1
                if onTime { self.onTime += 1 }
            } else if now > deadline.due {
                decided += 1
            }
        }
        var json: JSONValue {
            .object(JSONObject([("decided", .number(decided)), ("on_time", .number(onTime)),
                                ("share", decided == 0 ? .null : .number(Double((onTime * 1000 + decided / 2) / decided) / 1000))]))
        }
    }

    private struct Group {
        var cases = 0
        var acknowledged = Tally()
        var answered = Tally()
        var daysToAnswer: [Int64] = []   // in seconds
        var overdueNow = 0
        var byStatus: [String: Int] = [:]
        var byCategory: [String: Int] = [:]
        var byOutcome: [String: Int] = [:]

        mutating func add(_ entry: borrowing CaseIndex.Entry, _ deadlines: [Deadline], now: Int64) {
            cases += 1
            byStatus[entry.status, default: 0] += 1
            if !entry.category.isEmpty { byCategory[entry.category, default: 0] += 1 }
            if let outcome = entry.history.outcome { byOutcome[outcome, default: 0] += 1 }
            acknowledged.count(deadlines.first { $0.kind == .acknowledge }, now: now)
            answered.count(deadlines.first { $0.kind == .respond }, now: now)
            if let closedAt = entry.history.clock.closedAt { daysToAnswer.append(closedAt - entry.receivedAt) }
            if entry.type.lifecycle.isOpen(entry.status), let next = deadlines.first(where: { $0.state != .met }),
               next.state == .overdue || next.state == .veryOverdue {
                overdueNow += 1
            }
        }

        func json(includeBreakdowns: Bool) -> JSONObject {
            func counts(_ map: [String: Int]) -> JSONValue {
                .object(JSONObject(map.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }))
            }
            var object = JSONObject([("cases", .number(cases))])
            if includeBreakdowns {
                object["by_status"] = counts(byStatus)
                object["by_category"] = counts(byCategory)
                object["by_outcome"] = counts(byOutcome)
            }
            object["acknowledged_on_time"] = acknowledged.json
            object["answered_on_time"] = answered.json
            let sorted = daysToAnswer.sorted()
            func percentile(_ p: Int) -> JSONValue {
                guard !sorted.isEmpty else { return .null }
                let rank = max(1, (p * sorted.count + 99) / 100)
                let seconds = sorted[rank - 1]
                return .number(Double((seconds * 10 + 43_200) / 86_400) / 10)
            }
            object["days_to_answer"] = .object(JSONObject([("answered", .number(sorted.count)), ("median", percentile(50)),
                                                           ("p90", percentile(90))]))
            object["overdue_now"] = .number(overdueNow)
            return object
        }
    }

    /// The report over `index` at `now`.
    public func json(index: CaseIndex, zone: TimeZoneRules, now: Int64) throws -> JSONValue {
        let start = from.map { zone.startOfDay($0) } ?? Int64.min
        let end = to.map { zone.endOfDay($0) } ?? Int64.max
        var all = Group()
        var byType: [String: Group] = [:]
        try index.visit(now: now) { _, entry, deadlines in
            guard entry.receivedAt >= start, entry.receivedAt <= end else { return }
            all.add(entry, deadlines, now: now)
            byType[entry.type.name, default: Group()].add(entry, deadlines, now: now)
        }
        var object = JSONObject([("from", from.map { .string($0.description) } ?? .null), ("to", to.map { .string($0.description) } ?? .null),
                                 ("generated_at", .string(UTCTimestamp.format(now)))])
        for (key, value) in all.json(includeBreakdowns: true) { object[key] = value }
        object["by_type"] = .object(JSONObject(CaseType.all.map { type in
            (type.name, .object((byType[type.name] ?? Group()).json(includeBreakdowns: false)))
        }))
        return .object(object)
    }
}
