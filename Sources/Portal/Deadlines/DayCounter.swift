/// Days during which a case's clock stood still, as days since 1970-01-01: `start ..< end`
/// (the day a pause began up to, not including, the day it ended). Empty when `end <= start`.
struct PausedDays: Sendable, Equatable {
    var start: Int
    var end: Int

    func contains(_ day: Int) -> Bool { start <= day && day < end }
}

/// The day-counting core of `DeadlineCalculator`, on plain day numbers (days since 1970-01-01) so that
/// walking through a month of days costs a few nanoseconds a day and allocates nothing.
struct DayCounter: Sendable {
    let businessDays: Bool
    let holidays: HolidayCalendar

    /// No deadline counts more days than this, whatever the extensions: it keeps a corrupt extension from
    /// walking for ever. A valid policy (`DeadlinePolicy.maximumDays`) stays far below.
    static let maximumCount = 100_000

    /// Whether `day` is Saturday or Sunday.
    @inline(__always)
    static func isWeekend(_ day: Int) -> Bool {
        let weekday = (day + 3) % 7  // 0 = Monday … 5 = Saturday, 6 = Sunday (1970-01-01 was a Thursday)
        return weekday >= 5 || (weekday < 0 && weekday >= -2)
    }

    /// The day on which the `count`-th counting day after `received` falls; `received` itself when `count` is 0.
    ///
    /// A day counts when it is after `received`, is a business day (if counting business days) and lies in
    /// none of `paused`, which must be sorted by `start` (they may be empty; overlaps are tolerated).
    func day(after received: Int, counting count: Int, paused: ArraySlice<PausedDays>) -> Int {
        var remaining = min(count, Self.maximumCount)
        guard remaining > 0 else { return received }
        var day = received
        var pause = paused.startIndex
        var holiday = businessDays ? holidays.firstIndex(notBefore: received + 1) : holidays.days.endIndex
        let holidayDays = holidays.days
        while true {
            day += 1
            // Pauses are sorted by start: skip those that ended by `day`; if the next one has begun, jump to its end.
            while pause < paused.endIndex, paused[pause].end <= day { pause += 1 }
            if pause < paused.endIndex, paused[pause].start <= day {
                day = paused[pause].end - 1
                continue
            }
            if businessDays {
                if Self.isWeekend(day) { continue }
                while holiday < holidayDays.endIndex, holidayDays[holiday] < day { holiday += 1 }
                if holiday < holidayDays.endIndex, holidayDays[holiday] == day { continue }
            }
            remaining -= 1
            if remaining == 0 { return day }
        }
    }

    /// The holidays on weekdays in `after < day <= through` that are not paused: those that counting
    /// business days skipped there (empty when counting calendar days).
    func skippedHolidays(after: Int, through: Int, paused: ArraySlice<PausedDays>) -> [LocalDate] {
        guard businessDays, through > after else { return [] }
        var result: [LocalDate] = []
        var index = holidays.firstIndex(notBefore: after + 1)
        while index < holidays.days.endIndex, holidays.days[index] <= through {
            let day = holidays.days[index]
            if !Self.isWeekend(day), !paused.contains(where: { $0.contains(day) }) {
                result.append(LocalDate(daysSinceEpoch: day))
            }
            index += 1
        }
        return result
    }
}
