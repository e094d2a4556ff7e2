/// Where deadlines are computed: the time zone whose days they are counted in and end in, the holidays
/// that business days skip, and the thresholds that turn a due date into a state (`DeadlineState`).
public struct DeadlineCalendar: Sendable {
    /// The operator's zone: receipt, pauses and extensions fall on its local dates, and a deadline ends at
    /// the last second of a local day here.
    public let zone: TimeZoneRules
    /// Days other than Saturdays and Sundays that are not business days.
    public let holidays: HolidayCalendar
    /// A running deadline is `due_soon` when its due date is today or at most this many calendar days
    /// after today (0...dueSoonDays days ahead).
    public let dueSoonDays: Int
    /// An overdue deadline is `very_overdue` when today is at least this many calendar days after its due date.
    public let veryOverdueDays: Int

    public init(zone: TimeZoneRules, holidays: HolidayCalendar = .none, dueSoonDays: Int = 3, veryOverdueDays: Int = 14) {
        self.zone = zone
        self.holidays = holidays
        self.dueSoonDays = dueSoonDays
        self.veryOverdueDays = veryOverdueDays
    }

    /// Monday to Friday and not a holiday.
    public func isBusinessDay(_ date: LocalDate) -> Bool {
        !date.isWeekend && !holidays.contains(date)
    }
}
