import Testing
import Portal

/// Calendar dates and wall-clock times, without zones.
struct LocalDateTests {
    private static func date(_ text: String) throws -> LocalDate {
        try #require(LocalDate(iso8601: text))
    }

    // MARK: Validation

    @Test(arguments: [
        (2024, true), (2023, false), (2026, false), (2000, true), (1900, false), (2100, false),
        (2400, true), (1600, true), (0, true), (-4, true), (-100, false), (-400, true),
    ])
    func february29ExistsOnlyInLeapYears(year: Int, isLeap: Bool) {
        #expect((LocalDate(year: year, month: 2, day: 29) != nil) == isLeap)
        #expect(LocalDate(year: year, month: 2, day: 28) != nil)
        #expect(LocalDate(year: year, month: 2, day: 30) == nil)
        #expect(LocalDate.isLeapYear(year) == isLeap)
    }

    @Test(arguments: [
        (2026, 0, 1), (2026, 13, 1), (2026, -1, 1), (2026, 1, 0), (2026, 1, 32), (2026, 1, -5),
        (2026, 4, 31), (2026, 6, 31), (2026, 9, 31), (2026, 11, 31), (1_000_001, 1, 1), (-1_000_001, 12, 31),
    ])
    func impossibleDatesAreRejected(year: Int, month: Int, day: Int) {
        #expect(LocalDate(year: year, month: month, day: day) == nil)
    }

    @Test func everyMonthHasItsLength() {
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for (index, length) in lengths.enumerated() {
            #expect(LocalDate.numberOfDays(inMonth: index + 1, year: 2026) == length)
            #expect(LocalDate(year: 2026, month: index + 1, day: length) != nil)
            #expect(LocalDate(year: 2026, month: index + 1, day: length + 1) == nil)
        }
        #expect(LocalDate.numberOfDays(inMonth: 2, year: 2024) == 29)
    }

    @Test func theSupportedYearsEndAtPlusMinusOneMillion() throws {
        let first = try #require(LocalDate(year: -1_000_000, month: 1, day: 1))
        let last = try #require(LocalDate(year: 1_000_000, month: 12, day: 31))
        #expect(first.daysSinceEpoch == LocalDate.supportedDaysSinceEpoch.lowerBound)
        #expect(last.daysSinceEpoch == LocalDate.supportedDaysSinceEpoch.upperBound)
        #expect(LocalDate(daysSinceEpoch: LocalDate.supportedDaysSinceEpoch.upperBound) == last)
    }

    // MARK: ISO 8601

    @Test(arguments: ["2026-01-02", "2024-02-29", "0000-01-01", "9999-12-31", "1970-01-01"])
    func isoDatesRoundTrip(text: String) throws {
        let date = try Self.date(text)
        #expect(date.description == text)
    }

    @Test func isoParsingReadsTheFields() throws {
        let date = try Self.date("2026-12-02")
        #expect(date.year == 2026 && date.month == 12 && date.day == 2)
    }

    @Test(arguments: [
        "2026-1-02", "2026-01-2", "26-01-02", "2026-02-30", "2023-02-29", "2026-13-01", "2026-00-10",
        "2026-01-00", "2026/01/02", "2026-01-02 ", " 2026-01-02", "2026-01-02T00:00:00Z", "", "+2026-01-02",
        "-026-01-02", "2026-0a-02", "２０２６-01-02", "20260102",
    ])
    func isoParsingRejectsAnythingElse(text: String) {
        #expect(LocalDate(iso8601: text) == nil)
    }

    @Test func yearsOutsideFourDigitsAreWrittenAsExpandedYears() throws {
        #expect(try #require(LocalDate(year: -44, month: 3, day: 15)).description == "-0044-03-15")
        #expect(try #require(LocalDate(year: 10_000, month: 1, day: 1)).description == "+10000-01-01")
        #expect(try #require(LocalDate(year: 7, month: 7, day: 7)).description == "0007-07-07")
    }

    // MARK: Day counts

    @Test(arguments: [
        ("1970-01-01", 0), ("1970-01-02", 1), ("1969-12-31", -1), ("2000-03-01", 11_017),
        ("2024-02-29", 19_782), ("2026-12-02", 20_789), ("1900-01-01", -25_567), ("1600-02-29", -135_081),
        ("0001-01-01", -719_162), ("0000-03-01", -719_468), ("2038-01-19", 24_855), ("9999-12-31", 2_932_896),
    ])
    func daysSinceEpochOfKnownDates(text: String, days: Int) throws {
        let date = try Self.date(text)
        #expect(date.daysSinceEpoch == days)
        #expect(LocalDate(daysSinceEpoch: days) == date)
    }

    /// Walks day by day through 4,000 years (ten 400-year cycles, either side of year 0) and checks each
    /// date against its predecessor by the calendar's own rules, and the day count round trip.
    @Test func daysSinceEpochRoundTripsDayByDayAcrossTenCycles() {
        let start = LocalDate(year: -2000, month: 1, day: 1)!.daysSinceEpoch
        let end = LocalDate(year: 2000, month: 1, day: 1)!.daysSinceEpoch
        var previous = LocalDate(daysSinceEpoch: start - 1)
        var failures: [String] = []
        for days in start...end {
            let date = LocalDate(daysSinceEpoch: days)
            let expected: (Int, Int, Int)
            if previous.day < LocalDate.numberOfDays(inMonth: previous.month, year: previous.year) {
                expected = (previous.year, previous.month, previous.day + 1)
            } else if previous.month < 12 {
                expected = (previous.year, previous.month + 1, 1)
            } else {
                expected = (previous.year + 1, 1, 1)
            }
            if (date.year, date.month, date.day) != expected || date.daysSinceEpoch != days || !(previous < date) {
                failures.append("\(days): \(date) after \(previous)")
                if failures.count > 10 { break }
            }
            previous = date
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(end - start == 4000 * 365 + 970)  // 400-year cycles of 146,097 days
    }

    @Test func daysSinceEpochRoundTripsAcrossTheSupportedRange() {
        var failures: [Int] = []
        for days in stride(from: LocalDate.supportedDaysSinceEpoch.lowerBound,
                           through: LocalDate.supportedDaysSinceEpoch.upperBound, by: 9_973) {
            let date = LocalDate(daysSinceEpoch: days)
            if date.daysSinceEpoch != days || LocalDate(year: date.year, month: date.month, day: date.day) != date {
                failures.append(days)
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    // MARK: Weekdays

    @Test(arguments: [
        ("1970-01-01", Weekday.thursday), ("2000-01-01", .saturday), ("1900-01-01", .monday),
        ("2024-02-29", .thursday), ("2026-12-02", .wednesday), ("2026-11-28", .saturday), ("2026-11-29", .sunday),
        ("2026-11-30", .monday), ("0001-01-01", .monday), ("1969-12-31", .wednesday), ("9999-12-31", .friday),
    ])
    func weekdayOfKnownDates(text: String, weekday: Weekday) throws {
        let date = try Self.date(text)
        #expect(date.weekday == weekday)
        #expect(date.isWeekend == (weekday == .saturday || weekday == .sunday))
    }

    @Test func weekdaysFollowEachOtherAndUseISONumbers() throws {
        var date = try Self.date("2026-11-30")  // a Monday
        for number in 1...14 {
            #expect(date.weekday.rawValue == (number - 1) % 7 + 1)
            date = date.adding(days: 1)
        }
        #expect(Weekday.allCases.filter(\.isWeekend) == [.saturday, .sunday])
        #expect(Weekday.monday < .sunday)
    }

    // MARK: Arithmetic

    @Test(arguments: [
        ("2026-11-28", 4, "2026-12-02"), ("2026-12-30", 3, "2027-01-02"), ("2024-02-28", 1, "2024-02-29"),
        ("2023-02-28", 1, "2023-03-01"), ("2026-01-31", 30, "2026-03-02"), ("2026-03-01", -1, "2026-02-28"),
        ("2024-03-01", -1, "2024-02-29"), ("2000-01-01", 366, "2001-01-01"), ("2026-01-01", -365, "2025-01-01"),
        ("1970-01-01", 20_789, "2026-12-02"), ("2026-12-02", 0, "2026-12-02"), ("1899-12-31", 1, "1900-01-01"),
        ("2026-12-02", -20_789, "1970-01-01"), ("2026-06-15", 36_524, "2126-06-15"),
    ])
    func addingDaysCrossesMonthsAndYears(start: String, days: Int, expected: String) throws {
        let from = try Self.date(start)
        let to = try Self.date(expected)
        #expect(from.adding(days: days) == to)
        #expect(to.adding(days: -days) == from)
        #expect(from.days(until: to) == days)
    }

    @Test func datesOrderChronologicallyAndStrideByDays() throws {
        let first = try Self.date("2026-12-30")
        let last = try Self.date("2027-01-02")
        #expect(first < last)
        #expect(try Self.date("2026-02-01") > Self.date("2026-01-31"))
        #expect(try Self.date("1999-12-31") < Self.date("2000-01-01"))
        #expect((first...last).map(\.description) == ["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"])
        #expect((first..<last).count == 3)
    }

    // MARK: Wall-clock times

    @Test func wallClockTimesAreValidated() throws {
        let date = try Self.date("2026-12-02")
        #expect(LocalDateTime(date: date, hour: 23, minute: 59, second: 59)?.description == "2026-12-02T23:59:59")
        #expect(LocalDateTime(date: date, hour: 0)?.description == "2026-12-02T00:00:00")
        #expect(LocalDateTime(date: date, hour: 24) == nil)
        #expect(LocalDateTime(date: date, hour: 12, minute: 60) == nil)
        #expect(LocalDateTime(date: date, hour: 12, minute: 0, second: 60) == nil)
        #expect(LocalDateTime(date: date, hour: -1) == nil)
        #expect(LocalDateTime(startOf: date) < LocalDateTime(date: date, hour: 0, minute: 0, second: 1)!)
    }
}
