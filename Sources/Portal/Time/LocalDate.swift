/// A calendar date without time or zone (proleptic Gregorian).
///
/// Years are limited to `LocalDate.supportedYears` (±1,000,000), so that every day count and every
/// instant derived from a date fits comfortably in 64 bits. A `LocalDate` is always valid: the
/// failable initializers reject dates such as 2026-02-30, and arithmetic that would leave the
/// supported years traps, like integer overflow.
///
/// `LocalDate` is `Strideable` by days, so `start..<end` is a sequence of dates.
public struct LocalDate: Sendable, Hashable, Comparable, Strideable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The years a `LocalDate` can have.
    public static let supportedYears: ClosedRange<Int> = -1_000_000...1_000_000

    /// The `daysSinceEpoch` values of the first and last supported dates.
    public static let supportedDaysSinceEpoch: ClosedRange<Int> =
        CivilCalendar.daysFromCivil(year: supportedYears.lowerBound, month: 1, day: 1)
        ... CivilCalendar.daysFromCivil(year: supportedYears.upperBound, month: 12, day: 31)

    /// The date, or nil if it does not exist (month outside 1–12, day outside the month — 29 February
    /// exists only in leap years) or the year is outside `supportedYears`.
    public init?(year: Int, month: Int, day: Int) {
        guard LocalDate.supportedYears.contains(year), (1...12).contains(month),
              day >= 1, day <= CivilCalendar.daysInMonth(month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly "YYYY-MM-DD" (four-digit year, two-digit month and day); nil for anything else
    /// ("2026-1-02", " 2026-01-02") and for dates that do not exist ("2026-02-30").
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = TimeText.number(bytes, 0..<4), let month = TimeText.number(bytes, 5..<7),
              let day = TimeText.number(bytes, 8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `daysSinceEpoch` days after 1970-01-01 (before it when negative).
    /// - Precondition: `daysSinceEpoch` is in `supportedDaysSinceEpoch`.
    public init(daysSinceEpoch: Int) {
        precondition(LocalDate.supportedDaysSinceEpoch.contains(daysSinceEpoch),
                     "LocalDate: day \(daysSinceEpoch) since 1970-01-01 is outside the supported years")
        let civil = CivilCalendar.civilFromDays(daysSinceEpoch)
        self.year = civil.year
        self.month = civil.month
        self.day = civil.day
    }

    /// "YYYY-MM-DD"; years outside 0–9999 are written as ISO 8601 expanded years ("-0044-03-15", "+10000-01-01").
    public var description: String {
        let yearText: String
        switch year {
        case 0...9999: yearText = TimeText.padded(year, width: 4)
        case ..<0: yearText = "-" + TimeText.padded(-year, width: 4)
        default: yearText = "+" + String(year)
        }
        return yearText + "-" + TimeText.padded(month, width: 2) + "-" + TimeText.padded(day, width: 2)
    }

    /// Days since 1970-01-01, which is day 0.
    public var daysSinceEpoch: Int {
        CivilCalendar.daysFromCivil(year: year, month: month, day: day)
    }

    /// The date `days` calendar days later (earlier when negative).
    /// - Precondition: the result is within `supportedYears`.
    public func adding(days: Int) -> LocalDate {
        let (result, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        precondition(!overflow, "LocalDate: adding \(days) days overflows")
        return LocalDate(daysSinceEpoch: result)
    }

    /// The number of days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: LocalDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    /// The ISO day of the week.
    public var weekday: Weekday {
        // Weekday's raw values are ISO numbers: Monday = 1 … Sunday = 7.
        Weekday(rawValue: CivilCalendar.floorMod(daysSinceEpoch + 3, 7) + 1)!
    }

    /// Saturday or Sunday.
    public var isWeekend: Bool { weekday.isWeekend }

    /// Whether this date's year is a leap year.
    public var isInLeapYear: Bool { CivilCalendar.isLeapYear(year) }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool { CivilCalendar.isLeapYear(year) }

    /// The number of days of `month` (1–12) in `year`.
    public static func numberOfDays(inMonth month: Int, year: Int) -> Int {
        precondition((1...12).contains(month), "LocalDate: month \(month) is not 1–12")
        return CivilCalendar.daysInMonth(month, year: year)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: Strideable, by days

    public func distance(to other: LocalDate) -> Int { days(until: other) }
    public func advanced(by n: Int) -> LocalDate { adding(days: n) }
}
