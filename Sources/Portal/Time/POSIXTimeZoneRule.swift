/// A POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3": the rule a TZif file's footer gives for the
/// instants after its last transition (RFC 8536 §3.3, with its extensions: transition times from −167 to
/// 167 hours, and daylight saving time all year round).
///
/// Grammar: `std offset [dst [offset] [,start[/time],end[/time]]]`, where a name is three or more letters
/// or `<…>` of letters, digits, `+` and `-`; an offset is `[+|-]hh[:mm[:ss]]` *west* of UTC; a date is
/// `Jn` (1–365, never counting 29 February), `n` (0–365, counting it) or `Mm.w.d` (weekday `d`, 0 = Sunday,
/// of week `w`, 5 = last, of month `m`); a time is local, 02:00:00 unless given. The daylight offset
/// defaults to one hour ahead of standard time, and missing dates to the US rule ",M3.2.0,M11.1.0"
/// (as glibc and tzcode do).
struct POSIXTimeZoneRule: Sendable, Hashable {
    let standard: LocalTimeType
    let daylight: Daylight?

    /// Daylight saving time and when it starts and ends each year.
    struct Daylight: Sendable, Hashable {
        let type: LocalTimeType
        /// The start, in standard local time.
        let start: Transition
        /// The end, in daylight local time.
        let end: Transition
    }

    /// A yearly moment: a day of the year and a local time of day (which may reach into other days).
    struct Transition: Sendable, Hashable {
        let date: DateRule
        /// Seconds after local midnight of the date, −167 h … 167 h.
        let time: Int

        /// Seconds since 1970-01-01T00:00 on the wall clock, in `year`.
        func localSeconds(in year: Int) -> Int {
            date.daysSinceEpoch(in: year) * CivilCalendar.secondsPerDay + time
        }
    }

    enum DateRule: Sendable, Hashable {
        /// `Jn`: day n (1–365) of the year, 29 February not counted, so J60 is always 1 March.
        case julianIgnoringLeapDay(Int)
        /// `n`: day n (0–365) of the year counting from 0, 29 February counted.
        case zeroBasedDayOfYear(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1–5, 5 = the last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)

        func daysSinceEpoch(in year: Int) -> Int {
            let january1 = CivilCalendar.daysFromCivil(year: year, month: 1, day: 1)
            switch self {
            case .julianIgnoringLeapDay(let n):
                return january1 + n - 1 + (CivilCalendar.isLeapYear(year) && n >= 60 ? 1 : 0)
            case .zeroBasedDayOfYear(let n):
                return january1 + n
            case .monthWeekDay(let month, let week, let weekday):
                let first = CivilCalendar.daysFromCivil(year: year, month: month, day: 1)
                var offset = CivilCalendar.floorMod(weekday - CivilCalendar.sundayBasedWeekday(daysSinceEpoch: first), 7)
                    + 7 * (week - 1)
                let length = CivilCalendar.daysInMonth(month, year: year)
                while offset >= length { offset -= 7 }
                return first + offset
            }
        }
    }

    // MARK: Evaluation

    /// Instants further than this from the epoch (about ±31 million years) are evaluated as if at this bound,
    /// which keeps all arithmetic far from overflow; the rule repeats yearly anyway.
    private static let evaluationLimit: Int64 = 1_000_000_000_000_000

    /// The local time type in effect at the instant.
    func localTimeType(at unixSeconds: Int64) -> LocalTimeType {
        guard let daylight else { return standard }
        return isDaylightSavingTime(at: Self.clamped(unixSeconds), daylight) ? daylight.type : standard
    }

    /// The first instant after `unixSeconds` at which the local time type changes; nil if it never does.
    func nextTransition(after unixSeconds: Int64) -> Int64? {
        guard let daylight, unixSeconds < Self.evaluationLimit else { return nil }
        let t = Int(Self.clamped(unixSeconds))
        let (events, horizon) = yearlyEvents(around: t, daylight)
        var stateAtT = false  // the events start two years before `t`, so the first ones are at or before it
        var index = 0
        while index < events.count, events[index].at < horizon {
            let at = events[index].at
            var state = false
            while index < events.count, events[index].at == at {
                state = events[index].startsDaylight
                index += 1
            }
            if at <= t {
                stateAtT = state
            } else if state != stateAtT {
                return Int64(at)
            }
        }
        return nil
    }

    private func isDaylightSavingTime(at unixSeconds: Int64, _ daylight: Daylight) -> Bool {
        let t = Int(unixSeconds)
        // The state after the last event at or before `t`; the events start two years earlier, so one exists.
        var state = false
        for event in yearlyEvents(around: t, daylight).events {
            guard event.at <= t else { break }
            state = event.startsDaylight
        }
        return state
    }

    /// The starts and ends of daylight saving time of the years from two before `t`'s year to three after,
    /// sorted by instant; at equal instants an end sorts before a start, so "daylight saving time all year"
    /// (an end that meets the next start, e.g. ",0/0,J365/25") never flips to standard time.
    ///
    /// `horizon` is the first event of the last year: the state after any earlier instant is exactly as the
    /// complete, endless list would give (later years' events come later still), and the next change after
    /// `t`, if any, comes before it (the rule repeats every year).
    private func yearlyEvents(around t: Int, _ daylight: Daylight) -> (events: [(at: Int, startsDaylight: Bool)], horizon: Int) {
        let days = CivilCalendar.floorDiv(t + standard.utcOffset, CivilCalendar.secondsPerDay)
        let year = CivilCalendar.civilFromDays(days).year
        var events: [(at: Int, startsDaylight: Bool)] = []
        events.reserveCapacity(12)
        for y in (year - 2)...(year + 3) {
            events.append((daylight.start.localSeconds(in: y) - standard.utcOffset, true))
            events.append((daylight.end.localSeconds(in: y) - daylight.type.utcOffset, false))
        }
        let horizon = min(events[events.count - 2].at, events[events.count - 1].at)
        events.sort { $0.at != $1.at ? $0.at < $1.at : (!$0.startsDaylight && $1.startsDaylight) }
        return (events, horizon)
    }

    private static func clamped(_ t: Int64) -> Int64 {
        min(max(t, -evaluationLimit), evaluationLimit)
    }

    // MARK: Parsing

    /// Parses a TZ string; nil if it is not one (or one this reader cannot evaluate).
    init?(parsing text: String) {
        var parser = Parser(bytes: Array(text.utf8))
        guard let rule = parser.parseRule(), parser.atEnd else { return nil }
        self = rule
    }

    init(standard: LocalTimeType, daylight: Daylight?) {
        self.standard = standard
        self.daylight = daylight
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }
        private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        private mutating func consume(_ ascii: Unicode.Scalar) -> Bool {
            guard current == UInt8(ascii: ascii) else { return false }
            position += 1
            return true
        }

        mutating func parseRule() -> POSIXTimeZoneRule? {
            guard let standardName = parseName(), let standardWest = parseOffset(maximumHours: 24) else { return nil }
            let standard = LocalTimeType(utcOffset: -standardWest, isDaylightSavingTime: false, abbreviation: standardName)
            guard LocalTimeType.validOffsets.contains(standard.utcOffset) else { return nil }
            if atEnd { return POSIXTimeZoneRule(standard: standard, daylight: nil) }

            guard let daylightName = parseName() else { return nil }
            var daylightOffset = standard.utcOffset + 3600
            if !atEnd, current != UInt8(ascii: ",") {
                guard let west = parseOffset(maximumHours: 24) else { return nil }
                daylightOffset = -west
            }
            guard LocalTimeType.validOffsets.contains(daylightOffset) else { return nil }
            let type = LocalTimeType(utcOffset: daylightOffset, isDaylightSavingTime: true, abbreviation: daylightName)

            let start: Transition
            let end: Transition
            if atEnd {
                start = Transition(date: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
                end = Transition(date: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
            } else {
                guard consume(","), let s = parseTransition(), consume(","), let e = parseTransition() else { return nil }
                start = s
                end = e
            }
            return POSIXTimeZoneRule(standard: standard, daylight: Daylight(type: type, start: start, end: end))
        }

        /// `abc` (letters) or `<…>` (letters, digits, '+', '-'), at least three characters (POSIX).
        private mutating func parseName() -> String? {
            let begin: Int
            let end: Int
            if consume("<") {
                begin = position
                while let c = current, isAlphanumeric(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                    position += 1
                }
                end = position
                guard consume(">") else { return nil }
            } else {
                begin = position
                while let c = current, isLetter(c) { position += 1 }
                end = position
            }
            guard end - begin >= 3 else { return nil }
            return String(decoding: bytes[begin..<end], as: UTF8.self)
        }

        /// `[+|-]hh[:mm[:ss]]` in seconds, hours at most `maximumHours`.
        private mutating func parseOffset(maximumHours: Int) -> Int? {
            var sign = 1
            if consume("-") { sign = -1 } else { _ = consume("+") }
            guard let hours = parseNumber(maxDigits: 3), hours <= maximumHours else { return nil }
            var seconds = hours * 3600
            if consume(":") {
                guard let minutes = parseNumber(maxDigits: 2), minutes <= 59 else { return nil }
                seconds += minutes * 60
                if consume(":") {
                    guard let secs = parseNumber(maxDigits: 2), secs <= 59 else { return nil }
                    seconds += secs
                }
            }
            return sign * seconds
        }

        /// `date[/time]`.
        private mutating func parseTransition() -> Transition? {
            let date: DateRule
            if consume("J") {
                guard let n = parseNumber(maxDigits: 3), (1...365).contains(n) else { return nil }
                date = .julianIgnoringLeapDay(n)
            } else if consume("M") {
                guard let month = parseNumber(maxDigits: 2), (1...12).contains(month), consume("."),
                      let week = parseNumber(maxDigits: 1), (1...5).contains(week), consume("."),
                      let weekday = parseNumber(maxDigits: 1), (0...6).contains(weekday) else { return nil }
                date = .monthWeekDay(month: month, week: week, weekday: weekday)
            } else {
                guard let n = parseNumber(maxDigits: 3), (0...365).contains(n) else { return nil }
                date = .zeroBasedDayOfYear(n)
            }
            var time = 7200
            if consume("/") {
                guard let t = parseOffset(maximumHours: 167) else { return nil }
                time = t
            }
            return Transition(date: date, time: time)
        }

        private mutating func parseNumber(maxDigits: Int) -> Int? {
            var value = 0
            var count = 0
            while let c = current, c >= 0x30, c <= 0x39 {
                guard count < maxDigits else { return nil }
                value = value * 10 + Int(c - 0x30)
                count += 1
                position += 1
            }
            return count > 0 ? value : nil
        }

        private func isLetter(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        }

        private func isAlphanumeric(_ c: UInt8) -> Bool {
            isLetter(c) || (c >= 0x30 && c <= 0x39)
        }
    }
}
