/// A local wall-clock time on a date, without a zone: what a clock on the wall shows.
///
/// Seconds run 0–59 (no leap seconds: the system's time is POSIX time).
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let date: LocalDate
    public let hour: Int
    public let minute: Int
    public let second: Int

    /// The wall-clock time, or nil unless `hour` is 0–23, `minute` 0–59 and `second` 0–59.
    public init?(date: LocalDate, hour: Int, minute: Int = 0, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.init(uncheckedDate: date, hour: hour, minute: minute, second: second)
    }

    /// The first second of `date` (00:00:00).
    public init(startOf date: LocalDate) {
        self.init(uncheckedDate: date, hour: 0, minute: 0, second: 0)
    }

    init(uncheckedDate date: LocalDate, hour: Int, minute: Int, second: Int) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Seconds since 1970-01-01T00:00:00 on the same wall clock (the instant this would be in UTC).
    var secondsSinceLocalEpoch: Int {
        date.daysSinceEpoch * CivilCalendar.secondsPerDay + hour * 3600 + minute * 60 + second
    }

    /// The inverse of `secondsSinceLocalEpoch`.
    init(secondsSinceLocalEpoch seconds: Int) {
        let days = CivilCalendar.floorDiv(seconds, CivilCalendar.secondsPerDay)
        let secondOfDay = seconds - days * CivilCalendar.secondsPerDay
        self.init(uncheckedDate: LocalDate(daysSinceEpoch: days), hour: secondOfDay / 3600,
                  minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// "YYYY-MM-DDTHH:MM:SS" (ISO 8601, no zone).
    public var description: String {
        date.description + "T" + TimeText.clock(hour: hour, minute: minute, second: second)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.hour, lhs.minute, lhs.second) < (rhs.date, rhs.hour, rhs.minute, rhs.second)
    }
}
