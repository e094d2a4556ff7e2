import Testing
@testable import Portal

private typealias F = DeadlineFixtures

extension DeadlineTests {
    /// Counting days: calendar and business days, the day of receipt, time zones.
    @Suite struct Counting {
        @Test func calendarDaysCountFromTheDayAfterReceiptAndEndAtTheLastSecondOfTheDay() throws {
            let zone = try F.brussels()
            let calculator = F.calculator(acknowledge: 4, respond: 30, zone: zone)
            let received = try F.local("2026-11-29 10:15", in: zone)
            let deadlines = calculator.deadlines(for: CaseClock(receivedAt: received), now: received)

            #expect(deadlines.map(\.kind) == [.acknowledge, .respond])
            let acknowledge = try F.acknowledge(deadlines)
            #expect(acknowledge.dueDate == (try F.date("2026-12-03")))
            #expect(acknowledge.due == (try F.utc("2026-12-03T22:59:59Z")))
            let respond = try F.respond(deadlines)
            #expect(respond.dueDate == (try F.date("2026-12-29")))
            #expect(respond.due == (try F.utc("2026-12-29T22:59:59Z")))
            #expect(respond.explanation == [
                "received on Sunday 29 November 2026 at 10:15 CET",
                "plus 30 calendar days → Tuesday 29 December 2026",
                "due at the end of Tuesday 29 December 2026 Europe/Brussels (2026-12-29T22:59:59Z)",
            ])
            #expect(respond.state == .onTrack && !respond.paused && respond.extendedByDays == 0)
            #expect(respond.metAt == nil && respond.metOnTime == nil)
        }

        @Test(arguments: [
            ("2026-12-20 09:00", 14, "2027-01-03"),  // across the year end
            ("2026-01-25 09:00", 10, "2026-02-04"),  // across a month end
            ("2028-02-20 09:00", 10, "2028-03-01"),  // across 29 February of a leap year
            ("2027-02-20 09:00", 10, "2027-03-02"),  // no 29 February
            ("2026-12-31 23:59", 1, "2027-01-01"),
        ])
        func calendarDaysCrossMonthAndYearEnds(received: String, days: Int, due: String) throws {
            let zone = try F.brussels()
            let receivedAt = try F.local(received, in: zone)
            let respond = try F.respond(F.calculator(acknowledge: nil, respond: days, zone: zone)
                .deadlines(for: CaseClock(receivedAt: receivedAt), now: receivedAt))
            #expect(respond.dueDate == (try F.date(due)))
        }

        @Test func theDayOfReceiptIsTheLocalDateInTheZoneNotTheUTCDate() throws {
            let zone = try F.brussels()
            let calculator = F.calculator(acknowledge: nil, respond: 1, zone: zone)
            // 23:30 in Brussels on 29 November is 22:30Z the same day; 23:30Z is already 30 November in Brussels.
            let lateEvening = try F.local("2026-11-29 23:30", in: zone)
            let afterUTCMidnight = try F.utc("2026-11-29T23:30:00Z")
            #expect(try F.respond(calculator.deadlines(for: CaseClock(receivedAt: lateEvening), now: lateEvening)).dueDate
                    == F.date("2026-11-30"))
            let respond = try F.respond(calculator.deadlines(for: CaseClock(receivedAt: afterUTCMidnight), now: afterUTCMidnight))
            #expect(respond.dueDate == (try F.date("2026-12-01")))
            #expect(respond.explanation.first == "received on Monday 30 November 2026 at 00:30 CET")
        }

        @Test func acknowledgeWithinZeroIsDueAtTheEndOfTheDayOfReceiptAndNoPauseMovesIt() throws {
            let zone = try F.brussels()
            let received = try F.local("2026-11-29 10:15", in: zone)
            let clock = CaseClock(receivedAt: received,
                                  pauses: [.init(start: received + 60, end: nil, reason: .awaitingParty)])
            let acknowledge = try F.acknowledge(F.calculator(acknowledge: 0, zone: zone)
                .deadlines(for: clock, now: received + 3600))
            #expect(acknowledge.dueDate == (try F.date("2026-11-29")))
            #expect(acknowledge.due == (try F.utc("2026-11-29T22:59:59Z")))
            #expect(acknowledge.explanation[1] == "plus 0 calendar days → Sunday 29 November 2026")
            #expect(acknowledge.state == .dueSoon)
        }

        @Test func businessDaysSkipWeekends() throws {
            let zone = try F.brussels()
            let received = try F.local("2026-11-30 09:00", in: zone)  // a Monday
            let respond = try F.respond(F.calculator(acknowledge: nil, respond: 10, unit: .businessDays, zone: zone)
                .deadlines(for: CaseClock(receivedAt: received), now: received))
            #expect(respond.dueDate == (try F.date("2026-12-14")))  // two weeks later, a Monday
            #expect(respond.explanation[1] == "plus 10 business days, skipping weekends → Monday 14 December 2026")
        }

        @Test(arguments: [
            ("2026-12-04 16:00", 1, "2026-12-07"),  // received on a Friday: Monday is the first business day
            ("2026-12-04 16:00", 5, "2026-12-11"),
            ("2026-12-05 11:00", 1, "2026-12-07"),  // received on a Saturday
            ("2026-12-06 11:00", 1, "2026-12-07"),  // received on a Sunday
            ("2026-12-05 11:00", 5, "2026-12-11"),
        ])
        func businessDaysReceivedAtTheEndOfTheWeekStartOnMonday(received: String, days: Int, due: String) throws {
            let zone = try F.brussels()
            let receivedAt = try F.local(received, in: zone)
            let respond = try F.respond(F.calculator(acknowledge: nil, respond: days, unit: .businessDays, zone: zone)
                .deadlines(for: CaseClock(receivedAt: receivedAt), now: receivedAt))
            #expect(respond.dueDate == (try F.date(due)))
        }

        @Test func businessDaysSkipHolidaysAndNameThoseOnWeekdays() throws {
            let zone = try F.brussels()
            // 26 December 2026 is a Saturday: skipped as a weekend day, not listed as a holiday.
            let holidays = try F.holidays("2026-12-25", "2026-12-26", "2027-01-01")
            let received = try F.local("2026-12-21 09:00", in: zone)  // a Monday
            let deadlines = F.calculator(acknowledge: 5, respond: 10, unit: .businessDays, holidays: holidays, zone: zone)
                .deadlines(for: CaseClock(receivedAt: received), now: received)
            let acknowledge = try F.acknowledge(deadlines)
            #expect(acknowledge.dueDate == (try F.date("2026-12-29")))
            #expect(acknowledge.explanation[1]
                    == "plus 5 business days, skipping weekends and 1 holiday (25 December 2026) → Tuesday 29 December 2026")
            let respond = try F.respond(deadlines)
            #expect(respond.dueDate == (try F.date("2027-01-06")))
            #expect(respond.explanation[1] == "plus 10 business days, skipping weekends and 2 holidays "
                    + "(25 December 2026, 1 January 2027) → Wednesday 6 January 2027")
        }

        @Test func receiptOnAHolidayCountsFromTheNextBusinessDay() throws {
            let zone = try F.brussels()
            let received = try F.local("2026-12-25 12:00", in: zone)  // Christmas, a Friday
            let respond = try F.respond(F.calculator(acknowledge: nil, respond: 1, unit: .businessDays,
                                                     holidays: F.holidays("2026-12-25", "2026-12-28"), zone: zone)
                .deadlines(for: CaseClock(receivedAt: received), now: received))
            #expect(respond.dueDate == (try F.date("2026-12-29")))  // not the weekend, not Monday the 28th
        }

        @Test func holidaysDoNotMatterForCalendarDays() throws {
            let zone = try F.brussels()
            let received = try F.local("2026-12-21 09:00", in: zone)
            let respond = try F.respond(F.calculator(acknowledge: nil, respond: 5, holidays: F.holidays("2026-12-25"), zone: zone)
                .deadlines(for: CaseClock(receivedAt: received), now: received))
            #expect(respond.dueDate == (try F.date("2026-12-26")))
        }

        @Test func theCalendarKnowsBusinessDays() throws {
            let zone = try F.brussels()
            let calendar = DeadlineCalendar(zone: zone, holidays: try F.holidays("2026-12-25"))
            #expect(calendar.isBusinessDay(try F.date("2026-12-24")))
            #expect(!calendar.isBusinessDay(try F.date("2026-12-25")))
            #expect(!calendar.isBusinessDay(try F.date("2026-12-26")))
            #expect(!calendar.isBusinessDay(try F.date("2026-12-27")))
            #expect(calendar.isBusinessDay(try F.date("2026-12-28")))
            #expect(calendar.dueSoonDays == 3 && calendar.veryOverdueDays == 14 && calendar.holidays.dates.count == 1)
        }
    }
}
