/// The days that do not count as business days besides weekends: public holidays and the like,
/// configured by the operator (usually from an iCalendar file, see `parseICalendar(_:)`).
///
/// Only `business_days` deadlines look at it; calendar-day deadlines count holidays like any other day.
public struct HolidayCalendar: Sendable, Equatable {
    /// The dates, ascending, without duplicates.
    public let dates: [LocalDate]
    /// `dates` as days since 1970-01-01, ascending: what day counting walks through.
    let days: [Int]

    /// The given dates, in any order; duplicates are kept once.
    public init(dates: some Sequence<LocalDate>) {
        var days = dates.map(\.daysSinceEpoch)
        days.sort()
        var unique: [Int] = []
        unique.reserveCapacity(days.count)
        for day in days where unique.last != day { unique.append(day) }
        self.days = unique
        self.dates = unique.map(LocalDate.init(daysSinceEpoch:))
    }

    /// No holidays: business days are Monday to Friday.
    public static let none = HolidayCalendar(dates: [])

    /// Whether `date` is one of the holidays (whatever its weekday).
    public func contains(_ date: LocalDate) -> Bool {
        let day = date.daysSinceEpoch
        let index = firstIndex(notBefore: day)
        return index < days.count && days[index] == day
    }

    /// The holidays of both calendars, e.g. national holidays and the company's own closing days.
    public func merging(_ other: HolidayCalendar) -> HolidayCalendar {
        HolidayCalendar(dates: dates + other.dates)
    }

    /// The index of the first holiday on or after `day` (days since 1970-01-01), `days.count` if none.
    func firstIndex(notBefore day: Int) -> Int {
        var low = 0
        var high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle] < day { low = middle + 1 } else { high = middle }
        }
        return low
    }

    public static func == (lhs: HolidayCalendar, rhs: HolidayCalendar) -> Bool { lhs.days == rhs.days }
}
