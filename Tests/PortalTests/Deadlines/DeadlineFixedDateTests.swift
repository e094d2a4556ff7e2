import Testing
@testable import Portal

private typealias F = DeadlineFixtures

extension DeadlineTests {
    /// A date the party set (an authority's deadline, `CaseClock.fixedDueDate`): due at the end of that
    /// date; pauses move nothing; extensions add calendar days, whatever the policy's unit.
    @Suite struct FixedDate {
        static func calculator(unit: DeadlineUnit = .calendarDays, zone: TimeZoneRules) -> DeadlineCalculator {
            DeadlineCalculator(policy: DeadlinePolicy(acknowledgeWithin: nil, respondWithin: 30, unit: unit),
                               calendar: DeadlineCalendar(zone: zone, holidays: .none, dueSoonDays: 3, veryOverdueDays: 14),
                               waitingFor: "the authority")
        }

        @Test func theAuthoritysDateIsDueAtItsEndAndAPauseDoesNotMoveIt() throws {
            let zone = try F.brussels()
            let received = try F.local("2026-11-29 10:15", in: zone)
            var clock = CaseClock(receivedAt: received, fixedDueDate: try F.date("2026-12-18"))
            clock.pauses = [CaseClock.Pause(start: try F.local("2026-12-01 09:00", in: zone), end: try F.local("2026-12-05 09:00", in: zone),
                                            reason: .awaitingParty)]
            let now = try F.local("2026-12-06 09:00", in: zone)
            let deadlines = Self.calculator(zone: zone).deadlines(for: clock, now: now)
            #expect(deadlines.map(\.kind) == [.respond])
            let respond = try F.respond(deadlines)
            #expect(respond.due == (try F.utc("2026-12-18T22:59:59Z")))
            #expect(respond.explanation == [
                "received on Sunday 29 November 2026 at 10:15 CET",
                "set by the authority → Friday 18 December 2026",
                "paused from Tuesday 1 December 2026 to Saturday 5 December 2026 awaiting the authority: the date set by the authority does not move → Friday 18 December 2026",
                "due at the end of Friday 18 December 2026 Europe/Brussels (2026-12-18T22:59:59Z)",
            ])
            let quiet = try F.respond(Self.calculator(zone: zone).deadlines(for: clock, now: now, explained: false))
            #expect(quiet.due == respond.due && quiet.state == respond.state && quiet.explanation.isEmpty)
        }

        @Test func anExtensionAddsCalendarDaysAndOneGrantedAfterClosingDoesNot() throws {
            let zone = try F.brussels()
            let received = try F.local("2026-11-29 10:15", in: zone)
            var clock = CaseClock(receivedAt: received, fixedDueDate: try F.date("2026-12-18"))
            clock.extensions = [CaseClock.Extension(grantedAt: try F.local("2026-12-10 12:00", in: zone), days: 7,
                                                    justification: "The AI Office agreed to a later date.")]
            let calculator = Self.calculator(unit: .businessDays, zone: zone)
            let respond = try F.respond(calculator.deadlines(for: clock, now: try F.local("2026-12-11 09:00", in: zone)))
            #expect(respond.dueDate == (try F.date("2026-12-25")))
            #expect(respond.extendedByDays == 7)
            #expect(respond.explanation[2] == "extended by 7 days on Thursday 10 December 2026 because The AI Office agreed to a later date. → Friday 25 December 2026")

            clock.closedAt = try F.local("2026-12-09 16:00", in: zone)
            let met = try F.respond(calculator.deadlines(for: clock, now: try F.local("2026-12-11 09:00", in: zone)))
            #expect(met.dueDate == (try F.date("2026-12-18")) && met.state == .met && met.metOnTime == true)

            clock.closedAt = nil
            let late = try F.respond(calculator.deadlines(for: CaseClock(receivedAt: received, fixedDueDate: try F.date("2026-12-18")),
                                                          now: try F.local("2026-12-19 00:30", in: zone)))
            #expect(late.state == .overdue)
        }
    }
}
