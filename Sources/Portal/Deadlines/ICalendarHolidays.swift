/// Why an iCalendar file of holidays was refused: the line and what is wrong there, e.g.
/// "line 12: unsupported RRULE part BYMONTH=12 (only FREQ=YEARLY with COUNT, UNTIL or INTERVAL)".
public struct ICalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the file where the offending (unfolded) line starts; 0 for the file as a whole
    /// (too large).
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

extension HolidayCalendar {
    /// The largest iCalendar text `parseICalendar` reads, in UTF-8 bytes (1 MiB).
    public static let maximumICalendarBytes = 1 << 20
    /// The most dates `parseICalendar` produces, counting every day of every occurrence of every event.
    public static let maximumICalendarDates = 20_000
    /// Yearly recurrences are expanded up to and including this year.
    public static let lastRecurrenceYear = 2100

    /// Parses an iCalendar (RFC 5545) file of holidays into the dates it covers.
    ///
    /// Every VEVENT directly inside a VCALENDAR gives its DTSTART's date (VALUE=DATE, or a date-time:
    /// the date as written — a TZID parameter or a trailing "Z" does not shift it) and, for a multi-day event,
    /// the days up to its DTEND, which is exclusive (a date-time DTEND includes its own date unless it is
    /// midnight) or its DURATION in whole days or weeks ("P2D", "P1W"); one day by default.
    /// `RRULE:FREQ=YEARLY` (optionally with COUNT=, UNTIL= or INTERVAL=) is expanded up to the year 2100;
    /// a 29 February recurs only in leap years. EXDATE and RDATE date lists are honoured, and events with
    /// STATUS:CANCELLED are left out. Lines are unfolded (a line break followed by a space or tab), line
    /// breaks may be CRLF or LF, property parameters (quoted or not) are read, names are case-insensitive,
    /// and other components (VTIMEZONE, VALARM…) and properties are ignored.
    ///
    /// Anything it cannot honour throws an `ICalendarError` with the line number: another RRULE FREQ, BYxxx
    /// parts, a malformed date, DURATION in hours, a VEVENT without DTSTART, unbalanced BEGIN/END.
    /// Limits: at most 1 MiB of text (`maximumICalendarBytes`) and 20,000 dates (`maximumICalendarDates`).
    public static func parseICalendar(_ text: String) throws(ICalendarError) -> HolidayCalendar {
        guard text.utf8.count <= maximumICalendarBytes else {
            throw ICalendarError(line: 0, message: "the holiday calendar is larger than 1 MiB (\(maximumICalendarBytes) bytes)")
        }
        var parser = ICalendarHolidayParser()
        try parser.parse(Array(text.utf8))
        return HolidayCalendar(dates: parser.dates)
    }
}

/// The reader behind `HolidayCalendar.parseICalendar`.
struct ICalendarHolidayParser {
    /// One unfolded content line: NAME;PARAM=VALUE:VALUE.
    struct ContentLine {
        let line: Int
        let name: String
        let parameters: [(name: String, value: String)]
        let value: String

        func parameter(_ name: String) -> String? {
            parameters.first { $0.name == name }?.value
        }
    }

    /// A date or date-time value; only its date matters, the time decides where a DTEND ends.
    struct DateValue {
        let date: LocalDate
        /// Seconds after midnight, nil for a DATE.
        let secondOfDay: Int?
    }

    /// The properties of the VEVENT being read.
    struct Event {
        let line: Int
        var start: DateValue?
        var end: DateValue?
        var durationDays: Int?
        var rule: ContentLine?
        var exceptions: [LocalDate] = []
        var additions: [LocalDate] = []
        var cancelled = false
    }

    private(set) var dates: [LocalDate] = []
    private var stack: [String] = []
    private var event: Event?
    private var sawCalendar = false

    // MARK: Lines

    mutating func parse(_ bytes: [UInt8]) throws(ICalendarError) {
        var pending: [UInt8] = []
        var pendingLine = 0
        var lineNumber = 0
        var index = 0
        while index < bytes.count {
            lineNumber += 1
            var end = index
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > index, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let physical = bytes[index..<lineEnd]
            index = end + 1

            if let first = physical.first, first == 0x20 || first == 0x09 {
                // A folded continuation of the line before.
                guard pendingLine > 0 else {
                    throw ICalendarError(line: lineNumber, message: "a continuation line (starting with a space) with no line to continue")
                }
                pending += physical.dropFirst()
                continue
            }
            if pendingLine > 0 { try handle(try Self.contentLine(pending, line: pendingLine)) }
            pending.removeAll(keepingCapacity: true)
            pendingLine = 0
            if !physical.isEmpty {
                pending += physical
                pendingLine = lineNumber
            }
        }
        if pendingLine > 0 { try handle(try Self.contentLine(pending, line: pendingLine)) }
        guard sawCalendar else {
            throw ICalendarError(line: 1, message: "not an iCalendar file: it does not begin with BEGIN:VCALENDAR")
        }
        if let open = stack.last {
            throw ICalendarError(line: max(lineNumber, 1), message: "missing END:\(open) at the end of the file")
        }
    }

    /// Splits NAME *(;PARAM=VALUE[,VALUE]) : VALUE.
    static func contentLine(_ bytes: [UInt8], line: Int) throws(ICalendarError) -> ContentLine {
        func malformed(_ detail: String) -> ICalendarError {
            ICalendarError(line: line, message: "malformed line: \(detail)")
        }
        func isNameByte(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D
        }
        var i = 0
        while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
        guard i > 0 else { throw malformed("expected a property name") }
        let name = String(decoding: bytes[0..<i], as: UTF8.self).uppercased()
        var parameters: [(name: String, value: String)] = []
        while i < bytes.count, bytes[i] == 0x3B {  // ;
            i += 1
            let nameStart = i
            while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
            guard i > nameStart, i < bytes.count, bytes[i] == 0x3D else { throw malformed("expected PARAMETER=VALUE after \";\"") }
            let parameterName = String(decoding: bytes[nameStart..<i], as: UTF8.self).uppercased()
            i += 1
            var values: [String] = []
            repeat {
                if i < bytes.count, bytes[i] == 0x2C { i += 1 }  // ,
                if i < bytes.count, bytes[i] == 0x22 {  // "
                    let valueStart = i + 1
                    i = valueStart
                    while i < bytes.count, bytes[i] != 0x22 { i += 1 }
                    guard i < bytes.count else { throw malformed("unterminated quoted parameter value") }
                    values.append(String(decoding: bytes[valueStart..<i], as: UTF8.self))
                    i += 1
                } else {
                    let valueStart = i
                    while i < bytes.count, bytes[i] != 0x3B, bytes[i] != 0x3A, bytes[i] != 0x2C { i += 1 }
                    values.append(String(decoding: bytes[valueStart..<i], as: UTF8.self))
                }
            } while i < bytes.count && bytes[i] == 0x2C
            parameters.append((parameterName, values.joined(separator: ",")))
        }
        guard i < bytes.count, bytes[i] == 0x3A else { throw malformed("expected \":\" after \(name)") }
        return ContentLine(line: line, name: name, parameters: parameters,
                           value: String(decoding: bytes[(i + 1)...], as: UTF8.self))
    }

    // MARK: Components

    private mutating func handle(_ content: ContentLine) throws(ICalendarError) {
        switch content.name {
        case "BEGIN":
            let component = content.value.uppercased()
            if stack.isEmpty {
                guard component == "VCALENDAR" else {
                    throw ICalendarError(line: content.line, message: "expected BEGIN:VCALENDAR, found BEGIN:\(content.value)")
                }
                sawCalendar = true
            } else if component == "VEVENT", stack == ["VCALENDAR"] {
                event = Event(line: content.line)
            }
            stack.append(component)
        case "END":
            let component = content.value.uppercased()
            guard let open = stack.last else {
                throw ICalendarError(line: content.line, message: "END:\(content.value) without BEGIN")
            }
            guard open == component else {
                throw ICalendarError(line: content.line, message: "END:\(content.value) where END:\(open) was expected")
            }
            stack.removeLast()
            if component == "VEVENT", stack == ["VCALENDAR"], let finished = event {
                event = nil
                try add(finished)
            }
        default:
            guard !stack.isEmpty else {
                throw ICalendarError(line: content.line, message: "expected BEGIN:VCALENDAR, found \(content.name)")
            }
            // Only the event's own properties: not those of a VALARM inside it, nor of VTIMEZONE rules.
            if event != nil, stack == ["VCALENDAR", "VEVENT"] {
                try eventProperty(content)
            }
        }
    }

    private mutating func eventProperty(_ content: ContentLine) throws(ICalendarError) {
        func once<T>(_ existing: T?) throws(ICalendarError) {
            if existing != nil {
                throw ICalendarError(line: content.line, message: "more than one \(content.name) in an event")
            }
        }
        switch content.name {
        case "DTSTART":
            try once(event?.start)
            event?.start = try Self.dateValue(content)
        case "DTEND":
            try once(event?.end)
            if event?.durationDays != nil {
                throw ICalendarError(line: content.line, message: "an event cannot have both DTEND and DURATION")
            }
            event?.end = try Self.dateValue(content)
        case "DURATION":
            try once(event?.durationDays)
            if event?.end != nil {
                throw ICalendarError(line: content.line, message: "an event cannot have both DTEND and DURATION")
            }
            event?.durationDays = try Self.durationDays(content)
        case "RRULE":
            try once(event?.rule)
            event?.rule = content
        case "EXDATE":
            event?.exceptions += try Self.dateList(content)
        case "RDATE":
            event?.additions += try Self.dateList(content)
        case "EXRULE":
            throw ICalendarError(line: content.line, message: "unsupported property EXRULE")
        case "STATUS":
            if content.value.uppercased() == "CANCELLED" { event?.cancelled = true }
        default:
            break
        }
    }

    // MARK: Dates

    /// The dates an event covers, added to `dates`.
    private mutating func add(_ event: Event) throws(ICalendarError) {
        guard let start = event.start else {
            throw ICalendarError(line: event.line, message: "VEVENT without DTSTART")
        }
        var span = 1
        if let end = event.end {
            guard end.date >= start.date else {
                throw ICalendarError(line: event.line, message: "the event's DTEND \(end.date) is before its DTSTART \(start.date)")
            }
            // DTEND is exclusive: a DATE is the day after the last one, a date-time at midnight ends the day before.
            var last = end.date
            if end.secondOfDay == nil || (end.secondOfDay == 0 && end.date > start.date) {
                last = end.date.adding(days: -1)
            }
            span = max(1, start.date.days(until: last) + 1)
        } else if let days = event.durationDays {
            span = max(1, days)
        }
        guard span <= HolidayCalendar.maximumICalendarDates else {
            throw ICalendarError(line: event.line, message: "the event lasts \(span) days, more than \(HolidayCalendar.maximumICalendarDates)")
        }

        var starts: [LocalDate] = []
        if let rule = event.rule {
            starts = try Self.yearlyOccurrences(of: start.date, rule: rule)
        } else {
            starts = [start.date]
        }
        starts += event.additions
        if !event.exceptions.isEmpty {
            starts.removeAll { event.exceptions.contains($0) }
        }
        guard !event.cancelled else { return }
        for first in starts {
            guard dates.count + span <= HolidayCalendar.maximumICalendarDates else {
                throw ICalendarError(line: event.line,
                                     message: "more than \(HolidayCalendar.maximumICalendarDates) holiday dates in the calendar")
            }
            for offset in 0..<span { dates.append(first.adding(days: offset)) }
        }
    }

    /// The start dates of `RRULE:FREQ=YEARLY[;COUNT=n|;UNTIL=date][;INTERVAL=n]` up to the year 2100.
    static func yearlyOccurrences(of start: LocalDate, rule: ContentLine) throws(ICalendarError) -> [LocalDate] {
        func unsupported(_ detail: String) -> ICalendarError {
            ICalendarError(line: rule.line, message: "unsupported RRULE \(detail) (only FREQ=YEARLY with COUNT, UNTIL or INTERVAL)")
        }
        var frequency: String?
        var count: Int?
        var until: LocalDate?
        var interval = 1
        for part in rule.value.split(separator: ";", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else {
                throw ICalendarError(line: rule.line, message: "malformed RRULE part \"\(part)\"")
            }
            let key = pieces[0].uppercased()
            let value = String(pieces[1])
            switch key {
            case "FREQ":
                frequency = value.uppercased()
            case "COUNT":
                guard let n = Int(value), n >= 1 else {
                    throw ICalendarError(line: rule.line, message: "malformed RRULE COUNT \"\(value)\"")
                }
                count = n
            case "UNTIL":
                guard let date = dateValue(value)?.date else {
                    throw ICalendarError(line: rule.line, message: "malformed date \"\(value)\" in RRULE UNTIL")
                }
                until = date
            case "INTERVAL":
                guard let n = Int(value), n >= 1 else {
                    throw ICalendarError(line: rule.line, message: "malformed RRULE INTERVAL \"\(value)\"")
                }
                interval = n
            case "WKST":
                break  // the week start matters only with BYWEEKNO and BYDAY
            default:
                throw unsupported("part \(key)=\(value)")
            }
        }
        guard let frequency else {
            throw ICalendarError(line: rule.line, message: "RRULE without FREQ")
        }
        guard frequency == "YEARLY" else { throw unsupported("FREQ=\(frequency)") }
        if count != nil, until != nil {
            throw ICalendarError(line: rule.line, message: "RRULE cannot have both COUNT and UNTIL")
        }

        var result: [LocalDate] = []
        var year = start.year
        while year <= max(start.year, HolidayCalendar.lastRecurrenceYear) {
            // 29 February recurs only in leap years (RFC 5545 §3.3.10: invalid dates are ignored).
            if let date = LocalDate(year: year, month: start.month, day: start.day) {
                if let until, date > until { break }
                result.append(date)
                if let count, result.count >= count { break }
                guard result.count <= HolidayCalendar.maximumICalendarDates else {
                    throw ICalendarError(line: rule.line,
                                         message: "more than \(HolidayCalendar.maximumICalendarDates) holiday dates in the calendar")
                }
            }
            year += interval
        }
        return result
    }

    /// DTSTART / DTEND: one DATE or DATE-TIME.
    static func dateValue(_ content: ContentLine) throws(ICalendarError) -> DateValue {
        let type = content.parameter("VALUE")?.uppercased()
        guard type == nil || type == "DATE" || type == "DATE-TIME" else {
            throw ICalendarError(line: content.line, message: "unsupported \(content.name) value type \(type ?? "")")
        }
        guard let value = dateValue(content.value), (type == "DATE") == (value.secondOfDay == nil) || type == nil else {
            throw ICalendarError(line: content.line, message: "malformed date \"\(content.value)\" in \(content.name)")
        }
        return value
    }

    /// EXDATE / RDATE: comma-separated DATEs or DATE-TIMEs.
    static func dateList(_ content: ContentLine) throws(ICalendarError) -> [LocalDate] {
        let type = content.parameter("VALUE")?.uppercased()
        guard type == nil || type == "DATE" || type == "DATE-TIME" else {
            throw ICalendarError(line: content.line, message: "unsupported \(content.name) value type \(type ?? "")")
        }
        var result: [LocalDate] = []
        for item in content.value.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = dateValue(String(item)) else {
                throw ICalendarError(line: content.line, message: "malformed date \"\(item)\" in \(content.name)")
            }
            result.append(value.date)
        }
        return result
    }

    /// "YYYYMMDD" or "YYYYMMDDTHHMMSS" with an optional "Z"; nil for anything else or a date that does not exist.
    static func dateValue(_ text: String) -> DateValue? {
        let b = Array(text.utf8)
        guard b.count == 8 || b.count == 15 || (b.count == 16 && (b[15] == UInt8(ascii: "Z") || b[15] == UInt8(ascii: "z"))),
              let year = TimeText.number(b, 0..<4), let month = TimeText.number(b, 4..<6),
              let day = TimeText.number(b, 6..<8), let date = LocalDate(year: year, month: month, day: day) else { return nil }
        guard b.count > 8 else { return DateValue(date: date, secondOfDay: nil) }
        guard b[8] == UInt8(ascii: "T") || b[8] == UInt8(ascii: "t"),
              let hour = TimeText.number(b, 9..<11), hour <= 23,
              let minute = TimeText.number(b, 11..<13), minute <= 59,
              let second = TimeText.number(b, 13..<15), second <= 60 else { return nil }
        return DateValue(date: date, secondOfDay: hour * 3600 + minute * 60 + second)
    }

    /// DURATION in whole days or weeks: "P2D", "+P1W"; nil-free: anything else throws.
    static func durationDays(_ content: ContentLine) throws(ICalendarError) -> Int {
        var text = Substring(content.value)
        if text.hasPrefix("+") { text = text.dropFirst() }
        guard text.count >= 3, text.first == "P" || text.first == "p",
              let n = Int(text.dropFirst().dropLast()), n >= 0, n <= HolidayCalendar.maximumICalendarDates else {
            throw ICalendarError(line: content.line, message: "unsupported DURATION \"\(content.value)\" (only whole days or weeks, e.g. P1D)")
        }
        switch text.last {
        case "D", "d": return n
        case "W", "w": return n * 7
        default:
            throw ICalendarError(line: content.line, message: "unsupported DURATION \"\(content.value)\" (only whole days or weeks, e.g. P1D)")
        }
    }
}
