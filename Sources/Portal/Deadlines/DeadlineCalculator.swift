/// Computes a case's deadlines from its policy, its calendar and the facts of its history, and explains
/// each one in plain words. Pure: no database, no clock of its own (`now` is given), no Foundation.
///
/// # The rule
///
/// Everything is counted in whole local days of `calendar.zone`; the time of day of an event only decides
/// which local day it falls on.
///
/// - Let *R* be the local date on which the case was received. Counting starts the day after *R*.
/// - A day *d* **counts** when *d* is after *R*, and the policy's unit is `calendar_days` or *d* is a business
///   day (not a Saturday, not a Sunday, not in `calendar.holidays`), and *d* is not paused.
/// - **Paused days**: for each pause, the days *P* ≤ *d* < *E*, where *P* is the local date on which the pause
///   began and *E* the local date on which it ended. A pause still open ends *today* (the local date of `now`):
///   it is counted as if the clock resumed today. So the day a pause begins does not count, the day it ends
///   does, and a pause and resume on the same day moves nothing. Both reasons pause the clock alike: waiting
///   for the party (`awaiting_party`), and the time a case was closed before being reopened (`closed`).
/// - **Acknowledge deadline** (when the policy has one): the day on which the `acknowledgeWithin`-th counting
///   day falls; with 0, the day of receipt *R* itself, which nothing can move.
/// - **Respond deadline**: the day on which the (`respondWithin` + all extension days)-th counting day falls.
///   Extension days are in the policy's unit; an extension of 0 or fewer days adds nothing.
/// - A deadline is **due** at the last second of that day in the zone (`TimeZoneRules.endOfDay`), which follows
///   daylight saving time: in Europe/Brussels 22:59:59Z in winter, 21:59:59Z in summer.
///
/// Consequences: a pause that begins after the due date does not move it (a late case stays late), while one
/// that begins on the due date does (that day no longer counts); adding a pause or an extension never moves a
/// deadline earlier; a case paused from its day of receipt until now is never overdue (unless its acknowledge
/// deadline is 0 days, i.e. the day of receipt); a due date (of 1 or more days) is always a counting day.
///
/// # Met deadlines
///
/// The acknowledge deadline is met at `acknowledgedAt`, the respond deadline at `closedAt`. A met deadline is
/// computed as it stood at that instant: only pauses that began and extensions granted strictly before it
/// count, and a pause still open then counts as resumed on that day. Its state is `.met`, with `metAt` and
/// `metOnTime` = `metAt <= due`. Facts after it was met do not change it.
///
/// # States of a running deadline
///
/// With *today* the local date of `now`: `overdue` when `now > due`, and `very_overdue` when moreover *today*
/// is at least `calendar.veryOverdueDays` calendar days after the due date; otherwise `due_soon` when the due
/// date is at most `calendar.dueSoonDays` calendar days after *today*; otherwise `on_track`.
///
/// # Explanation
///
/// Each deadline carries one line per step, in time order, each recomputing the due date from the facts up to
/// it and stating the date it leads to after "→": the receipt, the days allowed, then every pause and extension
/// (by the time it began or was granted; a pause first at the same instant), and last always the due instant:
///
///     received on Sunday 29 November 2026 at 10:15 CET
///     plus 30 calendar days → Tuesday 29 December 2026
///     paused from Thursday 3 December 2026 to Thursday 10 December 2026 awaiting the complainant → Tuesday 5 January 2027
///     extended by 7 days on Sunday 20 December 2026 because The crawl logs … → Tuesday 12 January 2027
///     due at the end of Tuesday 12 January 2027 Europe/Brussels (2027-01-12T22:59:59Z)
///
/// Other forms: "plus 20 business days, skipping weekends and 2 holidays (25 December 2026, 1 January 2027) → …";
/// "closed from … until reopened on … → …"; "paused and resumed on … awaiting …: the same day, moves nothing → …";
/// "paused since … awaiting …, still paused: counted as if resumed today → …"; "paused since … awaiting …, still
/// paused when the case was closed on …: counted as if resumed then → …"; "…, after the deadline; does not move
/// it → …"; "extended by 3 business days on … (no justification recorded) → …"; and for business days a line whose
/// date reaches over more holidays ends with ", skipping 1 more holiday (1 January 2027)". The RFC 3339 instant
/// in the last line is `UTCTimestamp.format(due)`. docs/deadlines.md has the full list.
///
/// Cost: a walk over the days up to the due date (a few dozen for a 30-day deadline) per step, with no
/// allocation per day; a few microseconds per case.
public struct DeadlineCalculator: Sendable {
    public let policy: DeadlinePolicy
    public let calendar: DeadlineCalendar
    /// Who a pause waits for, as written in explanations: "the complainant", "the requester".
    public let party: String
    private let counter: DayCounter

    public init(policy: DeadlinePolicy, calendar: DeadlineCalendar, waitingFor party: String) {
        self.policy = policy
        self.calendar = calendar
        self.party = party
        counter = DayCounter(businessDays: policy.unit == .businessDays, holidays: calendar.holidays)
    }

    /// The acknowledge deadline (if the policy has one), then the respond deadline, as of `now` (Unix seconds).
    /// With `explained` false the explanations are left empty: the same dates and states, for the
    /// queue and the reports, which compute them for thousands of cases and show none of the words.
    public func deadlines(for clock: CaseClock, now: Int64, explained: Bool = true) -> [Deadline] {
        let zone = calendar.zone
        var words = DeadlineWords()
        let received = zone.localDate(at: clock.receivedAt).daysSinceEpoch
        if explained {
            words.add("received on ")
            words.add(day: received)
            words.add(" at ")
            words.add(clockAt: clock.receivedAt, in: zone)
        }
        let common = Common(now: now, today: zone.localDate(at: now).daysSinceEpoch, received: received,
                            receipt: explained ? words.takeLine() : "", paused: clock.pauses.contains { $0.end == nil },
                            explained: explained)

        var result: [Deadline] = []
        result.reserveCapacity(2)
        if let days = policy.acknowledgeWithin {
            result.append(deadline(.acknowledge, days: days, clock: clock, metAt: clock.acknowledgedAt, common, &words))
        }
        if let fixed = clock.fixedDueDate {
            result.append(fixedDeadline(fixed, clock: clock, metAt: clock.closedAt, common, &words))
        } else {
            result.append(deadline(.respond, days: policy.respondWithin, clock: clock, metAt: clock.closedAt, common, &words))
        }
        return result
    }

    // MARK: A date set by the party

    /// The respond deadline of a case whose party set the date (`CaseClock.fixedDueDate`): due at the
    /// end of that date; pauses are listed but move nothing; each extension granted before the
    /// deadline was met adds its days as calendar days.
    ///
    ///     received on Sunday 29 November 2026 at 10:12 CET
    ///     set by the authority → Friday 18 December 2026
    ///     paused from … to … awaiting the authority: the date set by the authority does not move → Friday 18 December 2026
    ///     extended by 7 days on … because … → Friday 25 December 2026
    ///     due at the end of Friday 25 December 2026 Europe/Brussels (2026-12-25T22:59:59Z)
    private func fixedDeadline(_ fixed: LocalDate, clock: CaseClock, metAt: Int64?, _ common: Common,
                               _ words: inout DeadlineWords) -> Deadline {
        let zone = calendar.zone
        let extensions = clock.extensions.filter { granted in metAt.map { granted.grantedAt < $0 } ?? true }
            .sorted { $0.grantedAt < $1.grantedAt }
        let extendedBy = min(extensions.reduce(0) { $0 + min(max(0, $1.days), DayCounter.maximumCount) }, DayCounter.maximumCount)
        let base = fixed.daysSinceEpoch
        guard common.explained else {
            return finish(.respond, dueDay: base + extendedBy, metAt: metAt, extendedBy: extendedBy, explanation: [], common)
        }
        var explanation = [common.receipt]
        var dueDay = base
        words.add("set by ")
        words.add(party)
        words.add(" → ")
        words.add(day: dueDay)
        explanation.append(words.takeLine())
        let pauses = clock.pauses.filter { pause in pause.reason == .awaitingParty && (metAt.map { pause.start < $0 } ?? true) }
        var pauseIndex = 0
        var extensionIndex = 0
        var added = 0
        while pauseIndex < pauses.count || extensionIndex < extensions.count {
            let takePause = extensionIndex == extensions.count
                || (pauseIndex < pauses.count && pauses[pauseIndex].start <= extensions[extensionIndex].grantedAt)
            if takePause {
                let pause = pauses[pauseIndex]
                pauseIndex += 1
                words.add("paused from ")
                words.add(date: zone.localDate(at: pause.start))
                if let end = pause.end, metAt.map({ end <= $0 }) ?? true {
                    words.add(" to ")
                    words.add(date: zone.localDate(at: end))
                } else {
                    words.add(", still paused,")
                }
                words.add(" awaiting ")
                words.add(party)
                words.add(": the date set by ")
                words.add(party)
                words.add(" does not move")
            } else {
                let granted = extensions[extensionIndex]
                extensionIndex += 1
                let days = min(max(0, granted.days), DayCounter.maximumCount)
                added = min(added + days, DayCounter.maximumCount)
                dueDay = base + added
                extensionWords(granted, days: days, inBusinessDays: false, into: &words)
            }
            words.add(" → ")
            words.add(day: dueDay)
            explanation.append(words.takeLine())
        }
        explanation.append(dueLine(dueDay, into: &words))
        return finish(.respond, dueDay: dueDay, metAt: metAt, extendedBy: extendedBy, explanation: explanation, common)
    }

    // MARK: One deadline

    /// A pause as counted: its facts and its days.
    private struct CountedPause {
        let pause: CaseClock.Pause
        /// The day it resumed, or nil when it is counted as resumed on the day of evaluation.
        let resumed: LocalDate?
        let days: PausedDays
    }

    /// What both deadlines of a case share.
    private struct Common {
        let now: Int64
        /// Days since 1970-01-01 of `now` and of the receipt, in the zone.
        let today: Int
        let received: Int
        /// The first line of both explanations.
        let receipt: String
        let paused: Bool
        let explained: Bool
    }

    private func deadline(_ kind: DeadlineKind, days: Int, clock: CaseClock, metAt: Int64?, _ common: Common,
                          _ words: inout DeadlineWords) -> Deadline {
        let zone = calendar.zone
        let received = common.received
        // A met deadline is evaluated as it stood when it was met.
        let evaluationDay = metAt.map { zone.localDate(at: $0).daysSinceEpoch } ?? common.today

        var pauses: [CountedPause] = []
        pauses.reserveCapacity(clock.pauses.count)
        for pause in clock.pauses where metAt.map({ pause.start < $0 }) ?? true {
            let start = zone.localDate(at: pause.start).daysSinceEpoch
            // A pause that ended after the deadline was met was still open then.
            var resumed: LocalDate?
            if let end = pause.end, metAt.map({ end <= $0 }) ?? true {
                resumed = zone.localDate(at: end)
            }
            let end = resumed?.daysSinceEpoch ?? evaluationDay
            pauses.append(CountedPause(pause: pause, resumed: resumed, days: PausedDays(start: start, end: max(start, end))))
        }
        if !pauses.isSorted(by: { $0.pause.start <= $1.pause.start }) {
            pauses.sort { $0.pause.start < $1.pause.start }
        }
        let pausedDays = pauses.map(\.days)

        var extensions: [CaseClock.Extension] = []
        if kind == .respond {
            extensions = clock.extensions.filter { granted in metAt.map { granted.grantedAt < $0 } ?? true }
            if !extensions.isSorted(by: { $0.grantedAt <= $1.grantedAt }) {
                extensions.sort { $0.grantedAt < $1.grantedAt }
            }
        }

        // The receipt and the days allowed.
        let base = min(max(0, days), DayCounter.maximumCount)
        var count = base
        var dueDay = counter.day(after: received, counting: count, paused: pausedDays[0..<0])
        var explanation: [String] = []
        guard common.explained else {
            let extendedBy = min(extensions.reduce(0) { $0 + min(max(0, $1.days), DayCounter.maximumCount) }, DayCounter.maximumCount)
            dueDay = counter.day(after: received, counting: min(base + extendedBy, DayCounter.maximumCount), paused: pausedDays[...])
            return finish(kind, dueDay: dueDay, metAt: metAt, extendedBy: extendedBy, explanation: [], common)
        }
        explanation.reserveCapacity(3 + pauses.count + extensions.count)
        explanation.append(common.receipt)
        allowanceWords(base, received: received, dueDay: dueDay, into: &words)
        explanation.append(words.takeLine())

        // Then every pause and extension in time order, each recomputing the due date.
        var pauseIndex = 0
        var extensionIndex = 0
        var extendedBy = 0
        while pauseIndex < pauses.count || extensionIndex < extensions.count {
            let takePause = extensionIndex == extensions.count
                || (pauseIndex < pauses.count && pauses[pauseIndex].pause.start <= extensions[extensionIndex].grantedAt)
            let previousDue = dueDay
            if takePause {
                let counted = pauses[pauseIndex]
                pauseIndex += 1
                dueDay = counter.day(after: received, counting: count, paused: pausedDays[0..<pauseIndex])
                pauseWords(counted, after: previousDue, kind: kind, metAt: metAt, into: &words)
            } else {
                let granted = extensions[extensionIndex]
                extensionIndex += 1
                let added = min(max(0, granted.days), DayCounter.maximumCount)
                extendedBy = min(extendedBy + added, DayCounter.maximumCount)
                count = min(base + extendedBy, DayCounter.maximumCount)
                dueDay = counter.day(after: received, counting: count, paused: pausedDays[0..<pauseIndex])
                extensionWords(granted, days: added, into: &words)
            }
            words.add(" → ")
            words.add(day: dueDay)
            // Holidays that the later date now reaches over (business days).
            let newlySkipped = counter.skippedHolidays(after: previousDue, through: dueDay, paused: pausedDays[0..<pauseIndex])
            if !newlySkipped.isEmpty {
                words.add(", skipping ")
                words.add(count: newlySkipped.count, "more holiday", "more holidays")
                words.add(" (")
                words.add(dates: newlySkipped)
                words.add(")")
            }
            explanation.append(words.takeLine())
        }

        explanation.append(dueLine(dueDay, into: &words))
        return finish(kind, dueDay: dueDay, metAt: metAt, extendedBy: extendedBy, explanation: explanation, common)
    }

    /// The last line of every explanation: "due at the end of <day> <zone> (<RFC 3339 instant>)".
    private func dueLine(_ dueDay: Int, into words: inout DeadlineWords) -> String {
        words.add("due at the end of ")
        words.add(day: dueDay)
        words.add(" ")
        words.add(calendar.zone.identifier)
        words.add(" (")
        words.add(utc: calendar.zone.endOfDay(LocalDate(daysSinceEpoch: dueDay)))
        words.add(")")
        return words.takeLine()
    }

    /// The deadline due at the end of `dueDay`, with its state at `common.now`.
    private func finish(_ kind: DeadlineKind, dueDay: Int, metAt: Int64?, extendedBy: Int, explanation: [String],
                        _ common: Common) -> Deadline {
        let dueDate = LocalDate(daysSinceEpoch: dueDay)
        let due = calendar.zone.endOfDay(dueDate)
        let state: DeadlineState
        if metAt != nil {
            state = .met
        } else if common.now > due {
            state = common.today - dueDay >= calendar.veryOverdueDays ? .veryOverdue : .overdue
        } else {
            state = dueDay - common.today <= calendar.dueSoonDays ? .dueSoon : .onTrack
        }
        return Deadline(kind: kind, due: due, dueDate: dueDate, state: state, metAt: metAt,
                        metOnTime: metAt.map { $0 <= due }, paused: common.paused,
                        extendedByDays: kind == .respond ? extendedBy : 0, explanation: explanation)
    }

    // MARK: Words

    /// "plus 30 calendar days → …" or "plus 20 business days, skipping weekends and 2 holidays (…) → …".
    private func allowanceWords(_ days: Int, received: Int, dueDay: Int, into words: inout DeadlineWords) {
        words.add("plus ")
        switch policy.unit {
        case .calendarDays:
            words.add(count: days, "calendar day", "calendar days")
        case .businessDays:
            words.add(count: days, "business day", "business days")
            words.add(", skipping weekends")
            let skipped = counter.skippedHolidays(after: received, through: dueDay, paused: [])
            if !skipped.isEmpty {
                words.add(" and ")
                words.add(count: skipped.count, "holiday", "holidays")
                words.add(" (")
                words.add(dates: skipped)
                words.add(")")
            }
        }
        words.add(" → ")
        words.add(day: dueDay)
    }

    /// The words for a pause, without the date it leads to.
    private func pauseWords(_ counted: CountedPause, after previousDue: Int, kind: DeadlineKind, metAt: Int64?,
                            into words: inout DeadlineWords) {
        let closed = counted.pause.reason == .closed
        let start = LocalDate(daysSinceEpoch: counted.days.start)
        func waiting() {
            if !closed {
                words.add(" awaiting ")
                words.add(party)
            }
        }
        func fromTo(_ resumed: LocalDate) {
            words.add(closed ? "closed from " : "paused from ")
            words.add(date: start)
            if closed {
                words.add(" until reopened on ")
                words.add(date: resumed)
            } else {
                words.add(" to ")
                words.add(date: resumed)
                waiting()
            }
        }
        func since() {
            words.add(closed ? "closed since " : "paused since ")
            words.add(date: start)
            waiting()
        }

        if let resumed = counted.resumed, resumed.daysSinceEpoch <= counted.days.start {
            words.add(closed ? "closed and reopened on " : "paused and resumed on ")
            words.add(date: start)
            waiting()
            words.add(": the same day, moves nothing")
        } else if counted.days.start > previousDue {
            if let resumed = counted.resumed { fromTo(resumed) } else { since() }
            words.add(", after the deadline; does not move it")
        } else if let resumed = counted.resumed {
            fromTo(resumed)
        } else if let metAt {
            since()
            words.add(closed ? ", still closed when " : ", still paused when ")
            words.add(kind == .acknowledge ? "the case was acknowledged on " : "the case was closed on ")
            words.add(date: calendar.zone.localDate(at: metAt))
            words.add(closed ? ": counted as if reopened then" : ": counted as if resumed then")
        } else {
            since()
            words.add(closed ? ", still closed: counted as if reopened today" : ", still paused: counted as if resumed today")
        }
    }

    /// "extended by 7 days on Sunday 20 December 2026 because …", without the date it leads to.
    private func extensionWords(_ granted: CaseClock.Extension, days: Int, inBusinessDays: Bool? = nil,
                                into words: inout DeadlineWords) {
        words.add("extended by ")
        if inBusinessDays ?? (policy.unit == .businessDays) {
            words.add(count: days, "business day", "business days")
        } else {
            words.add(count: days, "day", "days")
        }
        words.add(" on ")
        words.add(date: calendar.zone.localDate(at: granted.grantedAt))
        if !words.add(prefix: " because ", oneLine: granted.justification) {
            words.add(" (no justification recorded)")
        }
    }
}

extension Sequence {
    /// Whether each element is in order with the next one.
    fileprivate func isSorted(by inOrder: (Element, Element) -> Bool) -> Bool {
        var iterator = makeIterator()
        guard var previous = iterator.next() else { return true }
        while let next = iterator.next() {
            if !inOrder(previous, next) { return false }
            previous = next
        }
        return true
    }
}
