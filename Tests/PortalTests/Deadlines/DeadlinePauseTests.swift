import Testing
@testable import Portal

private typealias F = DeadlineFixtures

extension DeadlineTests {
    /// Pauses (awaiting the party, closed then reopened) and extensions.
    @Suite struct PausesAndExtensions {
        let zone: TimeZoneRules
        let received: Int64  // Sunday 29 November 2026, 10:15 CET; 30 calendar days end on Tuesday 29 December

        init() throws {
            zone = try F.brussels()
            received = try F.local("2026-11-29 10:15", in: zone)
        }

        func at(_ text: String) throws -> Int64 { try F.local(text, in: zone) }

        func pause(_ start: String, _ end: String?, _ reason: CaseClock.Pause.Reason = .awaitingParty) throws -> CaseClock.Pause {
            CaseClock.Pause(start: try at(start), end: try end.map(at), reason: reason)
        }

        func respond(_ clock: CaseClock, now: String, unit: DeadlineUnit = .calendarDays, days: Int = 30,
                     holidays: HolidayCalendar = .none) throws -> Deadline {
            try F.respond(F.calculator(respond: days, unit: unit, holidays: holidays, zone: zone)
                .deadlines(for: clock, now: try at(now)))
        }

        @Test func onePauseMovesTheDeadlineByTheDaysItLasted() throws {
            let clock = CaseClock(receivedAt: received, pauses: [try pause("2026-12-03 11:00", "2026-12-10 09:30")])
            let deadline = try respond(clock, now: "2026-12-11 12:00")
            #expect(deadline.dueDate == (try F.date("2027-01-05")))
            #expect(deadline.due == (try F.utc("2027-01-05T22:59:59Z")))
            #expect(deadline.explanation == [
                "received on Sunday 29 November 2026 at 10:15 CET",
                "plus 30 calendar days → Tuesday 29 December 2026",
                "paused from Thursday 3 December 2026 to Thursday 10 December 2026 awaiting the complainant → Tuesday 5 January 2027",
                "due at the end of Tuesday 5 January 2027 Europe/Brussels (2027-01-05T22:59:59Z)",
            ])
            #expect(!deadline.paused)
        }

        @Test func severalPausesAddUp() throws {
            let clock = CaseClock(receivedAt: received, pauses: [
                try pause("2026-12-03 11:00", "2026-12-10 09:30"),  // 7 days
                try pause("2026-12-15 08:00", "2026-12-17 18:00"),  // 2 days
            ])
            let deadline = try respond(clock, now: "2026-12-18 12:00")
            #expect(deadline.dueDate == (try F.date("2027-01-07")))
            #expect(deadline.explanation[3]
                    == "paused from Tuesday 15 December 2026 to Thursday 17 December 2026 awaiting the complainant → Thursday 7 January 2027")
        }

        @Test func pauseAndResumeOnTheSameDayMovesNothing() throws {
            let clock = CaseClock(receivedAt: received, pauses: [try pause("2026-12-03 00:05", "2026-12-03 23:55")])
            let deadline = try respond(clock, now: "2026-12-04 12:00")
            #expect(deadline.dueDate == (try F.date("2026-12-29")))
            #expect(deadline.explanation[2] == "paused and resumed on Thursday 3 December 2026 awaiting the complainant: "
                    + "the same day, moves nothing → Tuesday 29 December 2026")
        }

        @Test func thePauseDayDoesNotCountAndTheResumeDayDoes() throws {
            // Paused late on 3 December, resumed early on 4 December: one day (the 3rd) does not count.
            let clock = CaseClock(receivedAt: received, pauses: [try pause("2026-12-03 23:59", "2026-12-04 00:01")])
            #expect(try respond(clock, now: "2026-12-05 12:00").dueDate == F.date("2026-12-30"))
        }

        @Test func aPauseOverAWeekendMovesNothingInBusinessDaysButOneIncludingFridayMovesOneDay() throws {
            let monday = try at("2026-11-30 09:00")
            // 10 business days from Monday 30 November end on Monday 14 December.
            let weekend = CaseClock(receivedAt: monday, pauses: [try pause("2026-12-05 10:00", "2026-12-07 09:00")])
            let weekendDeadline = try respond(weekend, now: "2026-12-08 12:00", unit: .businessDays, days: 10)
            #expect(weekendDeadline.dueDate == (try F.date("2026-12-14")))
            #expect(weekendDeadline.explanation[2] == "paused from Saturday 5 December 2026 to Monday 7 December 2026 "
                    + "awaiting the complainant → Monday 14 December 2026")

            let fromFriday = CaseClock(receivedAt: monday, pauses: [try pause("2026-12-04 17:00", "2026-12-07 09:00")])
            #expect(try respond(fromFriday, now: "2026-12-08 12:00", unit: .businessDays, days: 10).dueDate == F.date("2026-12-15"))
        }

        @Test func anOpenPauseCountsAsIfResumedTodaySoTheDeadlineMovesEachDay() throws {
            let clock = CaseClock(receivedAt: received, pauses: [try pause("2026-12-03 11:00", nil)])
            let deadline = try respond(clock, now: "2026-12-08 12:00")
            #expect(deadline.paused)
            #expect(deadline.dueDate == (try F.date("2027-01-03")))  // 3…7 December paused: 5 days
            #expect(deadline.explanation[2] == "paused since Thursday 3 December 2026 awaiting the complainant, "
                    + "still paused: counted as if resumed today → Sunday 3 January 2027")
            #expect(try respond(clock, now: "2026-12-09 00:00").dueDate == F.date("2027-01-04"))
            #expect(try respond(clock, now: "2026-12-08 23:59:59").dueDate == F.date("2027-01-03"))
            // Both deadlines report the case as paused.
            #expect(F.calculator(zone: zone).deadlines(for: clock, now: try at("2026-12-08 12:00")).allSatisfy(\.paused))
        }

        @Test func aPauseThatBeginsAfterTheDueDateDoesNotMoveIt() throws {
            let clock = CaseClock(receivedAt: received, pauses: [try pause("2026-12-30 09:00", "2027-01-04 09:00")])
            let deadline = try respond(clock, now: "2027-01-05 12:00")
            #expect(deadline.dueDate == (try F.date("2026-12-29")))
            #expect(deadline.state == .overdue)
            #expect(deadline.explanation[2] == "paused from Wednesday 30 December 2026 to Monday 4 January 2027 "
                    + "awaiting the complainant, after the deadline; does not move it → Tuesday 29 December 2026")

            let stillPaused = CaseClock(receivedAt: received, pauses: [try pause("2026-12-30 09:00", nil)])
            let late = try respond(stillPaused, now: "2027-01-20 12:00")
            #expect(late.dueDate == (try F.date("2026-12-29")))
            #expect(late.state == .veryOverdue && late.paused)
            #expect(late.explanation[2] == "paused since Wednesday 30 December 2026 awaiting the complainant, "
                    + "after the deadline; does not move it → Tuesday 29 December 2026")
        }

        @Test func aPauseThatBeginsOnTheDueDateMovesIt() throws {
            // The due date itself no longer counts; the day the pause ends does.
            let clock = CaseClock(receivedAt: received, pauses: [try pause("2026-12-29 09:00", "2026-12-31 09:00")])
            #expect(try respond(clock, now: "2026-12-31 12:00").dueDate == F.date("2026-12-31"))
        }

        @Test func theDaysACaseWasClosedBeforeBeingReopenedDoNotCount() throws {
            let clock = CaseClock(receivedAt: received, pauses: [try pause("2026-12-10 16:00", "2026-12-14 10:00", .closed)])
            let deadline = try respond(clock, now: "2026-12-14 12:00")
            #expect(deadline.dueDate == (try F.date("2027-01-02")))
            #expect(deadline.explanation[2] == "closed from Thursday 10 December 2026 until reopened on Monday 14 December 2026"
                    + " → Saturday 2 January 2027")
        }

        @Test func anExtensionAddsCalendarDays() throws {
            let clock = CaseClock(receivedAt: received, extensions: [
                .init(grantedAt: try at("2026-12-20 14:00"), days: 7, justification: "The crawl logs are archived."),
            ])
            let deadlines = F.calculator(zone: zone).deadlines(for: clock, now: try at("2026-12-21 12:00"))
            let deadline = try F.respond(deadlines)
            #expect(deadline.dueDate == (try F.date("2027-01-05")))
            #expect(deadline.extendedByDays == 7)
            #expect(deadline.explanation[2]
                    == "extended by 7 days on Sunday 20 December 2026 because The crawl logs are archived. → Tuesday 5 January 2027")
            // Extensions are for answering: the acknowledge deadline does not move.
            let acknowledge = try F.acknowledge(deadlines)
            #expect(acknowledge.dueDate == (try F.date("2026-12-03")))
            #expect(acknowledge.extendedByDays == 0)
            #expect(acknowledge.explanation.count == 3)
        }

        @Test func anExtensionAddsBusinessDaysSkippingHolidays() throws {
            let holidays = try F.holidays("2026-12-25", "2027-01-01")
            let monday = try at("2026-12-21 09:00")
            let clock = CaseClock(receivedAt: monday, extensions: [
                .init(grantedAt: try at("2026-12-23 10:00"), days: 3, justification: "Awaiting the hosting provider."),
            ])
            let deadline = try respond(clock, now: "2026-12-23 12:00", unit: .businessDays, days: 5, holidays: holidays)
            #expect(deadline.dueDate == (try F.date("2027-01-04")))
            #expect(deadline.extendedByDays == 3)
            #expect(deadline.explanation[1]
                    == "plus 5 business days, skipping weekends and 1 holiday (25 December 2026) → Tuesday 29 December 2026")
            #expect(deadline.explanation[2] == "extended by 3 business days on Wednesday 23 December 2026 because "
                    + "Awaiting the hosting provider. → Monday 4 January 2027, skipping 1 more holiday (1 January 2027)")
        }

        @Test func extensionsAndPausesCombineInTimeOrder() throws {
            let clock = CaseClock(
                receivedAt: received,
                pauses: [try pause("2026-12-03 11:00", "2026-12-10 09:30")],
                extensions: [.init(grantedAt: try at("2026-12-20 14:00"), days: 7,
                                   justification: "The crawl logs for the period\nare archived off-site.  ")])
            let deadline = try respond(clock, now: "2026-12-21 12:00")
            #expect(deadline.dueDate == (try F.date("2027-01-12")))
            #expect(deadline.due == (try F.utc("2027-01-12T22:59:59Z")))
            #expect(deadline.extendedByDays == 7)
            #expect(deadline.explanation == [
                "received on Sunday 29 November 2026 at 10:15 CET",
                "plus 30 calendar days → Tuesday 29 December 2026",
                "paused from Thursday 3 December 2026 to Thursday 10 December 2026 awaiting the complainant → Tuesday 5 January 2027",
                "extended by 7 days on Sunday 20 December 2026 because The crawl logs for the period are archived off-site. "
                    + "→ Tuesday 12 January 2027",
                "due at the end of Tuesday 12 January 2027 Europe/Brussels (2027-01-12T22:59:59Z)",
            ])
        }

        @Test func aLaterPauseCountsAfterAnExtension() throws {
            let clock = CaseClock(
                receivedAt: received,
                pauses: [try pause("2027-01-02 10:00", "2027-01-04 10:00")],
                extensions: [.init(grantedAt: try at("2026-12-20 14:00"), days: 7, justification: "")])
            let deadline = try respond(clock, now: "2027-01-04 12:00")
            #expect(deadline.dueDate == (try F.date("2027-01-07")))
            #expect(deadline.explanation[2] == "extended by 7 days on Sunday 20 December 2026 (no justification recorded) → Tuesday 5 January 2027")
            #expect(deadline.explanation[3]
                    == "paused from Saturday 2 January 2027 to Monday 4 January 2027 awaiting the complainant → Thursday 7 January 2027")
        }

        @Test func severalExtensionsAddUp() throws {
            let clock = CaseClock(receivedAt: received, extensions: [
                .init(grantedAt: try at("2026-12-10 10:00"), days: 5, justification: "First."),
                .init(grantedAt: try at("2026-12-20 10:00"), days: 10, justification: "Second."),
            ])
            let deadline = try respond(clock, now: "2026-12-21 12:00")
            #expect(deadline.extendedByDays == 15)
            #expect(deadline.dueDate == (try F.date("2027-01-13")))
            #expect(deadline.explanation.count == 5)
        }
    }
}
