/// Writes the English lines that explain a deadline: "Tuesday 29 December 2026", "10:15 CET",
/// "2027-01-12T22:59:59Z".
///
/// Portal has no month names (PortalWeb's `HumanDate` is in a module above this one), so they live here.
/// Explanations are computed for every case of a queue, and assembling them with `String` concatenation
/// cost more than the counting itself; so a line is written as UTF-8 into one buffer, reused for all the
/// lines of a computation, and becomes a `String` once.
struct DeadlineWords: ~Copyable {
    private static let months: [StaticString] = ["January", "February", "March", "April", "May", "June", "July",
                                                 "August", "September", "October", "November", "December"]
    /// Monday first, like ISO weekday numbers.
    private static let weekdays: [StaticString] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                   "Saturday", "Sunday"]

    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    init() {
        capacity = 256
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
    }

    /// The line written so far, and a fresh start for the next one.
    mutating func takeLine() -> String {
        defer { count = 0 }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: count), as: UTF8.self)
    }

    /// Room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBuffer.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = newBuffer
        capacity = newCapacity
    }

    private mutating func add(_ start: UnsafePointer<UInt8>, _ length: Int) {
        reserve(length)
        (buffer + count).update(from: start, count: length)
        count += length
    }

    @inline(__always)
    private mutating func add(byte: UInt8) {
        reserve(1)
        buffer[count] = byte
        count += 1
    }

    mutating func add(_ text: StaticString) {
        if text.hasPointerRepresentation {
            add(text.utf8Start, text.utf8CodeUnitCount)
        } else {
            text.withUTF8Buffer { add($0.baseAddress!, $0.count) }
        }
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            if let start = utf8.baseAddress { add(start, utf8.count) }
        }
    }

    /// A number in decimal, left-padded with zeros to `width` digits.
    mutating func add(number: Int, width: Int = 1) {
        guard number >= 0 else {
            add(String(number))
            return
        }
        var digits = 1
        var rest = number / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let length = max(digits, width)
        reserve(length)
        var value = number
        var index = count + length
        while index > count {
            index -= 1
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: 10)
            buffer[index] = UInt8(truncatingIfNeeded: 0x30 + remainder)
            value = quotient
        }
        count += length
    }

    /// "1 calendar day", "30 calendar days".
    mutating func add(count n: Int, _ singular: StaticString, _ plural: StaticString) {
        add(number: n)
        add(byte: 0x20)
        add(n == 1 ? singular : plural)
    }

    /// "29 December 2026".
    mutating func add(shortDate date: LocalDate) {
        add(number: date.day)
        add(byte: 0x20)
        add(Self.months[date.month - 1])
        add(byte: 0x20)
        add(number: date.year)
    }

    /// "Tuesday 29 December 2026".
    mutating func add(date: LocalDate) {
        add(day: date.daysSinceEpoch)
    }

    /// "Tuesday 29 December 2026", from days since 1970-01-01.
    mutating func add(day: Int) {
        let civil = CivilCalendar.civilFromDays(day)
        add(Self.weekdays[CivilCalendar.floorMod(day + 3, 7)])  // 1970-01-01 was a Thursday
        add(byte: 0x20)
        add(number: civil.day)
        add(byte: 0x20)
        add(Self.months[civil.month - 1])
        add(byte: 0x20)
        add(number: civil.year)
    }

    /// "25 December 2026, 1 January 2027".
    mutating func add(dates: [LocalDate]) {
        for (index, date) in dates.enumerated() {
            if index > 0 { add(", ") }
            add(shortDate: date)
        }
    }

    /// "10:15 CET": the wall-clock time and the zone's abbreviation at the instant.
    mutating func add(clockAt instant: Int64, in zone: TimeZoneRules) {
        let local = zone.localDateTime(at: instant)
        add(number: local.hour, width: 2)
        add(byte: 0x3A)
        add(number: local.minute, width: 2)
        add(byte: 0x20)
        add(zone.abbreviation(at: instant))
    }

    /// The instant as `UTCTimestamp.format` writes it, "2027-01-12T22:59:59Z".
    mutating func add(utc instant: Int64) {
        let days = CivilCalendar.floorDiv(Int(instant), 86_400)
        let second = Int(instant) - days * 86_400
        let civil = CivilCalendar.civilFromDays(days)
        guard (0...9999).contains(civil.year) else {
            add(UTCTimestamp.format(instant))
            return
        }
        add(number: civil.year, width: 4)
        add(byte: 0x2D)
        add(number: civil.month, width: 2)
        add(byte: 0x2D)
        add(number: civil.day, width: 2)
        add(byte: 0x54)
        add(number: second / 3600, width: 2)
        add(byte: 0x3A)
        add(number: second % 3600 / 60, width: 2)
        add(byte: 0x3A)
        add(number: second % 60, width: 2)
        add(byte: 0x5A)
    }

    /// `prefix` then free text (a justification) on one line: runs of whitespace, control and format
    /// characters (which could make a line read differently from what it says) become one space, none at
    /// the ends. Writes nothing and returns false when the text has nothing else.
    mutating func add(prefix: StaticString, oneLine text: String) -> Bool {
        let mark = count
        add(prefix)
        var written = false
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if Self.separates(scalar) {
                pendingSpace = written
                continue
            }
            if pendingSpace {
                add(byte: 0x20)
                pendingSpace = false
            }
            if scalar.isASCII {
                add(byte: UInt8(truncatingIfNeeded: scalar.value))
            } else {
                UTF8.encode(scalar) { add(byte: $0) }
            }
            written = true
        }
        if !written { count = mark }
        return written
    }

    /// Whitespace, a control character, or a format character other than the zero-width joiner (kept for emoji).
    private static func separates(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value <= 0x20 || scalar.value == 0x7F }
        let category = scalar.properties.generalCategory
        return category == .control || (category == .format && scalar.value != 0x200D) || scalar.properties.isWhitespace
    }
}
