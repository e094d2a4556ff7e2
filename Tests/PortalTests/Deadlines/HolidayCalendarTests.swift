import Testing
@testable import Portal

private typealias F = DeadlineFixtures

extension DeadlineTests {
    /// Holiday calendars and the iCalendar (RFC 5545) reader.
    @Suite struct Holidays {
        /// Lines joined with CRLF, as RFC 5545 writes them.
        static func ics(_ lines: [String]) -> String {
            lines.joined(separator: "\r\n") + "\r\n"
        }

        /// One VEVENT per element (its property lines) in a VCALENDAR.
        static func calendar(_ events: [[String]]) -> [String] {
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tests//EN"]
                + events.flatMap { ["BEGIN:VEVENT"] + $0 + ["END:VEVENT"] }
                + ["END:VCALENDAR"]
        }

        static func dates(_ lines: [String]) throws -> [String] {
            try HolidayCalendar.parseICalendar(ics(lines)).dates.map(\.description)
        }

        /// The error for `lines`, which must be refused.
        static func error(_ lines: [String]) throws -> ICalendarError {
            do {
                let calendar = try HolidayCalendar.parseICalendar(ics(lines))
                Issue.record("expected an error, got \(calendar.dates)")
                return ICalendarError(line: -1, message: "")
            } catch {
                return error
            }
        }

        @Test func aCalendarKeepsEachDateOnceInOrder() throws {
            let calendar = try F.holidays("2027-01-01", "2026-12-25", "2027-01-01")
            #expect(calendar.dates.map(\.description) == ["2026-12-25", "2027-01-01"])
            #expect(calendar.contains(try F.date("2026-12-25")))
            #expect(!calendar.contains(try F.date("2026-12-26")))
            let merged = calendar.merging(try F.holidays("2026-12-24", "2026-12-25"))
            #expect(merged.dates.map(\.description) == ["2026-12-24", "2026-12-25", "2027-01-01"])
            #expect(merged == (try F.holidays("2026-12-24", "2026-12-25", "2027-01-01")))
            let christmas = try F.date("2026-12-25")
            #expect(HolidayCalendar.none.dates.isEmpty && !HolidayCalendar.none.contains(christmas))
        }

        @Test func aRealLookingCalendarGivesItsHolidays() throws {
            let text = Self.ics([
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Example AI Provider SA//Holidays//EN",
                "X-WR-CALNAME:Belgian public holidays",
                // A time zone definition has DTSTART and BYxxx rules of its own, which are not holidays.
                "BEGIN:VTIMEZONE",
                "TZID:Europe/Brussels",
                "BEGIN:DAYLIGHT",
                "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0200",
                "DTSTART:19810329T020000",
                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                "TZNAME:CEST",
                "END:DAYLIGHT",
                "BEGIN:STANDARD",
                "TZOFFSETFROM:+0200",
                "TZOFFSETTO:+0100",
                "DTSTART:19961027T030000",
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                "TZNAME:CET",
                "END:STANDARD",
                "END:VTIMEZONE",
                "BEGIN:VEVENT",
                "UID:christmas-2026@provider.example",
                "DTSTAMP:20261101T120000Z",
                "SUMMARY:Christmas and the day after (office",
                "  closed)",  // folded
                "DTSTART;VALUE=DATE:20261225",
                "DTEND;VALUE=DATE:20261227",  // exclusive: 25 and 26 December
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "TRIGGER:-P1D",
                "DESCRIPTION:Reminder",
                "END:VALARM",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:new-year@provider.example",
                "DTSTART;VALUE=DATE:20270101",
                "RRULE:FREQ=YEARLY;COUNT=3",
                "SUMMARY:New Year's Day",
                "END:VEVENT",
                "begin:vevent",  // names are case-insensitive
                "UID:easter-monday-2027@provider.example",
                "dtstart;TZID=\"Europe/Brussels\":20270329T000000",  // a date-time in a zone: its date
                "DTEND;TZID=Europe/Brussels:20270330T000000",  // ends at midnight: not the 30th
                "SUMMARY:Easter Monday",
                "end:vevent",
                "BEGIN:VEVENT",
                "UID:labour-day@provider.example",
                "DTSTART;VALUE=DA",
                "\tTE:20270501",  // folded with a tab, inside the parameter
                "SUMMARY:Labour Day",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:cancelled@provider.example",
                "DTSTART;VALUE=DATE:20270502",
                "STATUS:CANCELLED",
                "END:VEVENT",
                "END:VCALENDAR",
            ])
            let calendar = try HolidayCalendar.parseICalendar(text)
            #expect(calendar.dates.map(\.description) == [
                "2026-12-25", "2026-12-26", "2027-01-01", "2027-03-29", "2027-05-01", "2028-01-01", "2029-01-01",
            ])
        }

        @Test func linesMayEndWithLineFeedsAlone() throws {
            let text = Self.calendar([["DTSTART;VALUE=DATE:20270721"]]).joined(separator: "\n")
            #expect(try HolidayCalendar.parseICalendar(text).dates.map(\.description) == ["2027-07-21"])
        }

        @Test func yearlyRulesExpandUpTo2100() throws {
            let forever = try Self.dates(Self.calendar([["DTSTART;VALUE=DATE:20260721", "RRULE:FREQ=YEARLY"]]))
            #expect(forever.count == 75)
            #expect(forever.first == "2026-07-21" && forever.last == "2100-07-21")
            #expect(try Self.dates(Self.calendar([["DTSTART;VALUE=DATE:20260721", "RRULE:FREQ=YEARLY;UNTIL=20281231"]]))
                    == ["2026-07-21", "2027-07-21", "2028-07-21"])
            #expect(try Self.dates(Self.calendar([["DTSTART:20260721T000000Z", "RRULE:FREQ=YEARLY;UNTIL=20270721T000000Z"]]))
                    == ["2026-07-21", "2027-07-21"])
            #expect(try Self.dates(Self.calendar([["DTSTART;VALUE=DATE:20260721", "RRULE:FREQ=YEARLY;INTERVAL=2;COUNT=3"]]))
                    == ["2026-07-21", "2028-07-21", "2030-07-21"])
            // 29 February recurs in leap years only.
            #expect(try Self.dates(Self.calendar([["DTSTART;VALUE=DATE:20280229", "RRULE:FREQ=YEARLY;COUNT=2"]]))
                    == ["2028-02-29", "2032-02-29"])
            // A two-day event recurs as two days; an excluded occurrence is left out.
            #expect(try Self.dates(Self.calendar([["DTSTART;VALUE=DATE:20261225", "DURATION:P2D", "RRULE:FREQ=YEARLY;COUNT=3",
                                                   "EXDATE;VALUE=DATE:20271225"]]))
                    == ["2026-12-25", "2026-12-26", "2028-12-25", "2028-12-26"])
            #expect(try Self.dates(Self.calendar([["DTSTART;VALUE=DATE:20261225", "RDATE;VALUE=DATE:20270102,20270103"]]))
                    == ["2026-12-25", "2027-01-02", "2027-01-03"])
        }

        @Test func anUnsupportedRecurrenceIsRefusedWithItsLineNumber() throws {
            let monthly = Self.calendar([["DTSTART;VALUE=DATE:20270101", "RRULE:FREQ=MONTHLY;COUNT=12"]])
            #expect(monthly[5] == "RRULE:FREQ=MONTHLY;COUNT=12")
            #expect(try Self.error(monthly) == ICalendarError(
                line: 6, message: "unsupported RRULE FREQ=MONTHLY (only FREQ=YEARLY with COUNT, UNTIL or INTERVAL)"))

            let byMonth = Self.calendar([["SUMMARY:Christmas", "DTSTART;VALUE=DATE:20261225"],
                                         ["DTSTART;VALUE=DATE:20261225", "RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"]])
            let error = try Self.error(byMonth)
            #expect(error.line == 10)
            #expect(error.message == "unsupported RRULE part BYMONTH=12 (only FREQ=YEARLY with COUNT, UNTIL or INTERVAL)")
            #expect(error.description == "line 10: " + error.message)

            #expect(try Self.error(Self.calendar([["DTSTART;VALUE=DATE:20270101", "RRULE:FREQ=YEARLY;COUNT=2;UNTIL=20300101"]]))
                    == ICalendarError(line: 6, message: "RRULE cannot have both COUNT and UNTIL"))
            #expect(try Self.error(Self.calendar([["DTSTART;VALUE=DATE:20270101", "EXRULE:FREQ=YEARLY"]])).line == 6)
            #expect(try Self.error(Self.calendar([["DTSTART;VALUE=DATE:20270101", "DURATION:PT8H"]])).line == 6)
        }

        @Test func aMalformedDateIsRefusedWithItsLineNumber() throws {
            #expect(try Self.error(Self.calendar([["DTSTART;VALUE=DATE:20270230"]]))
                    == ICalendarError(line: 5, message: "malformed date \"20270230\" in DTSTART"))
            #expect(try Self.error(Self.calendar([["DTSTART;VALUE=DATE:2027-01-01"]])).line == 5)
            #expect(try Self.error(Self.calendar([["DTSTART;VALUE=DATE:20270101T100000"]])).line == 5)
            #expect(try Self.error(Self.calendar([["DTSTART:20270101T250000"]])).line == 5)
            #expect(try Self.error(Self.calendar([["DTSTART;VALUE=DATE:20270101", "DTEND;VALUE=DATE:2027011"]])).line == 6)
            // A folded line is reported at the line where it starts.
            #expect(try Self.error(Self.calendar([["SUMMARY:x", "DTSTART;VALUE=DATE:", " 20271301"]]))
                    == ICalendarError(line: 6, message: "malformed date \"20271301\" in DTSTART"))
        }

        @Test func aBrokenStructureIsRefusedWithItsLineNumber() throws {
            #expect(try Self.error(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270101", "END:VCALENDAR"])
                    == ICalendarError(line: 4, message: "END:VCALENDAR where END:VEVENT was expected"))
            #expect(try Self.error(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270101"]).line == 3)
            #expect(try Self.error(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:no date", "END:VEVENT", "END:VCALENDAR"])
                    == ICalendarError(line: 2, message: "VEVENT without DTSTART"))
            #expect(try Self.error(["SUMMARY:not a calendar"]).line == 1)
            #expect(try Self.error([""]) == ICalendarError(line: 1, message: "not an iCalendar file: it does not begin with BEGIN:VCALENDAR"))
            #expect(try Self.error(["BEGIN:VCALENDAR", "this line has no colon", "END:VCALENDAR"]).line == 2)
            #expect(try Self.error(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270102",
                                    "DTEND;VALUE=DATE:20270101", "END:VEVENT", "END:VCALENDAR"]).line == 2)
        }

        @Test func aCalendarOfMoreThanOneMebibyteIsRefused() throws {
            let head = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nEND:VEVENT\r\n"
            let tail = "END:VCALENDAR\r\n"
            let padding = String(repeating: "X", count: HolidayCalendar.maximumICalendarBytes - head.utf8.count - tail.utf8.count
                                 - "X-PADDING:\r\n".utf8.count)
            let exactlyOneMebibyte = head + "X-PADDING:" + padding + "\r\n" + tail
            #expect(exactlyOneMebibyte.utf8.count == 1_048_576)
            #expect(try HolidayCalendar.parseICalendar(exactlyOneMebibyte).dates.map(\.description) == ["2027-01-01"])

            let oneByteMore = head + "X-PADDING:X" + padding + "\r\n" + tail
            #expect(throws: ICalendarError(line: 0, message: "the holiday calendar is larger than 1 MiB (1048576 bytes)")) {
                try HolidayCalendar.parseICalendar(oneByteMore)
            }
        }

        @Test func aCalendarOfMoreThan20000DatesIsRefused() throws {
            let long = try Self.error(Self.calendar([["DTSTART;VALUE=DATE:19000101", "DTEND;VALUE=DATE:20000101"]]))
            #expect(long == ICalendarError(line: 4, message: "the event lasts 36524 days, more than 20000"))
            // 300 yearly holidays from 2026 to 2100: 22,500 dates.
            let many = Self.calendar((0..<300).map { index in
                ["DTSTART;VALUE=DATE:" + LocalDate(daysSinceEpoch: 20_454 + index).description.filter { $0 != "-" },
                 "RRULE:FREQ=YEARLY"]
            })
            let error = try Self.error(many)
            #expect(error.message == "more than 20000 holiday dates in the calendar")
            #expect(error.line > 4)
        }
    }
}
