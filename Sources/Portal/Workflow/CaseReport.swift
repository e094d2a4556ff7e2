import JSON

/// The summary report (`GET /api/v1/reports/summary`): what came in over a period and how it was
/// handled, for the provider to show it acts within a reasonable time. Cases count when their
/// receipt falls in the period (local dates in the operator's zone, both ends included).
///
/// - A deadline is *decided* once it was met, or passed while the case was still open; the share
///   on time is the decided deadlines met by their due time, over all decided ones (null when none).
/// - Days to answer run from receipt to the (last) closing of each closed case, in days with one
///   decimal; the median and the 90th percentile use the nearest-rank method.
/// - Withdrawn cases count in the totals but not in the on-time shares or the days to answer:
///   nobody answered them.
/// - Documentation requests answered within 14 days (Transparency Measure 1.2): of those closed
///   (withdrawals aside) or still open 14 calendar days after the day of receipt, the share closed
///   by the end of that 14th day — whatever extension was granted.
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
        mutating func count(_ standing: CaseIndex.Standing) {
            switch standing {
            case .metOnTime: decided += 1; onTime += 1
            case .metLate, .missed: decided += 1
            case .absent, .running: break
            }
        }
        var json: JSONValue {
            .object(JSONObject([("decided", .number(decided)), ("on_time", .number(onTime)),
                                ("share", decided == 0 ? .null : .number(Double((onTime * 1000 + decided / 2) / decided) / 1000))]))
        }
    }

    /// The figures of one group of cases; counts are kept by code and named at the end.
    private struct Group {
        var cases = 0
        var acknowledged = Tally()
        var answered = Tally()
        var daysToAnswer: [Int64] = []   // in seconds
        var overdueNow = 0
        var byStatus: [Int32: Int] = [:]
        var byCategory: [Int32: Int] = [:]
        var byOutcome: [Int32: Int] = [:]

        mutating func add(_ row: CaseIndex.Row, withdrawn: Int32?) {
            cases += 1
            byStatus[row.status, default: 0] += 1
            if row.category >= 0 { byCategory[row.category, default: 0] += 1 }
            if row.outcome >= 0 { byOutcome[row.outcome, default: 0] += 1 }
            if row.isOpen, row.nextState == .overdue || row.nextState == .veryOverdue { overdueNow += 1 }
            guard row.outcome != withdrawn else { return }
            acknowledged.count(row.acknowledge)
            answered.count(row.respond)
            if row.closedAt != 0 { daysToAnswer.append(row.closedAt - row.receivedAt) }
        }

        func json(_ snapshot: CaseIndex.Snapshot, includeBreakdowns: Bool) -> JSONObject {
            func counts(_ map: [Int32: Int], _ names: CaseIndex.Names) -> JSONValue {
                .object(JSONObject(map.compactMap { code, count in names.name(code).map { ($0, JSONValue.number(count)) } }
                    .sorted { $0.0 < $1.0 }))
            }
            var object = JSONObject([("cases", .number(cases))])
            if includeBreakdowns {
                object["by_status"] = counts(byStatus, snapshot.statuses)
                object["by_category"] = counts(byCategory, snapshot.categories)
                object["by_outcome"] = counts(byOutcome, snapshot.outcomes)
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
        let snapshot = try index.snapshot(now: now)
        let withdrawn = snapshot.outcomes.code(of: "withdrawn")
        var all = Group()
        var byType = Array(repeating: Group(), count: CaseType.all.count)
        // Transparency Measure 1.2: downstream providers are answered no later than 14 days after
        // their request, whatever the policy or an extension says.
        let documentationRequest = CaseType.all.firstIndex(of: .documentationRequest)
        var withinFourteenDays = Tally()
        for row in snapshot.rows where row.receivedAt >= start && row.receivedAt <= end {
            all.add(row, withdrawn: withdrawn)
            byType[row.type].add(row, withdrawn: withdrawn)
            if row.type == documentationRequest, row.outcome != withdrawn {
                let limit = zone.endOfDay(zone.localDate(at: row.receivedAt).adding(days: 14))
                if row.closedAt != 0 {
                    withinFourteenDays.count(row.closedAt <= limit ? .metOnTime : .metLate)
                } else if now > limit {
                    withinFourteenDays.count(.missed)
                }
            }
        }
        var object = JSONObject([("from", from.map { .string($0.description) } ?? .null), ("to", to.map { .string($0.description) } ?? .null),
                                 ("generated_at", .string(UTCTimestamp.format(now)))])
        for (key, value) in all.json(snapshot, includeBreakdowns: true) { object[key] = value }
        object["documentation_requests_answered_within_14_days"] = withinFourteenDays.json
        object["by_type"] = .object(JSONObject(CaseType.all.enumerated().map { index, type in
            (type.name, .object(byType[index].json(snapshot, includeBreakdowns: false)))
        }))
        return .object(object)
    }
}
