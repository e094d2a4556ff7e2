import Testing
@testable import Portal

private typealias F = DeadlineFixtures

extension DeadlineTests {
    /// Daylight saving time in Europe/Brussels: a deadline ends at the last second of a local day, whose UTC
    /// instant depends on the offset then.
    @Suite struct DaylightSavingTime {
        @Test(arguments: [
            // Summer time starts on Sunday 28 March 2027 at 01:00Z: that day already ends in CEST.
            ("2027-03-17 10:00", 10, "2027-03-27", "2027-03-27T22:59:59Z"),
            ("2027-03-17 10:00", 11, "2027-03-28", "2027-03-28T21:59:59Z"),
            ("2027-03-17 10:00", 12, "2027-03-29", "2027-03-29T21:59:59Z"),
            // Summer time ends on Sunday 25 October 2026 at 01:00Z: that day already ends in CET.
            ("2026-10-14 10:00", 10, "2026-10-24", "2026-10-24T21:59:59Z"),
            ("2026-10-14 10:00", 11, "2026-10-25", "2026-10-25T22:59:59Z"),
            ("2026-10-14 10:00", 12, "2026-10-26", "2026-10-26T22:59:59Z"),
        ])
        func aDeadlineEndsAtTheLastSecondOfTheLocalDayWhateverTheOffset(
            received: String, days: Int, dueDate: String, due: String
        ) throws {
            let zone = try F.brussels()
            let receivedAt = try F.local(received, in: zone)
            let respond = try F.respond(F.calculator(acknowledge: nil, respond: days, zone: zone)
                .deadlines(for: CaseClock(receivedAt: receivedAt), now: receivedAt))
            #expect(respond.dueDate == (try F.date(dueDate)))
            #expect(respond.due == (try F.utc(due)))
            #expect(respond.explanation.last == "due at the end of \(DeadlineWordsForTests.long(try F.date(dueDate))) "
                    + "Europe/Brussels (\(due))")
        }

        @Test func aPauseAcrossTheOctoberChangeCountsLocalDays() throws {
            let zone = try F.brussels()
            let received = try F.local("2026-10-01 10:00", in: zone)  // CEST; 30 days end on Saturday 31 October
            // Paused at 23:30 CEST on 20 October (21:30Z), resumed at 00:30 CET on 27 October (23:30Z on the 26th):
            // 20…26 October are paused, 7 days, although in UTC the pause ends on the 26th.
            let clock = CaseClock(receivedAt: received, pauses: [
                .init(start: try F.local("2026-10-20 23:30", in: zone), end: try F.local("2026-10-27 00:30", in: zone),
                      reason: .awaitingParty),
            ])
            #expect(clock.pauses[0].end == (try F.utc("2026-10-26T23:30:00Z")))
            let respond = try F.respond(F.calculator(acknowledge: nil, respond: 30, zone: zone)
                .deadlines(for: clock, now: try F.local("2026-10-28 12:00", in: zone)))
            #expect(respond.dueDate == (try F.date("2026-11-07")))
            #expect(respond.due == (try F.utc("2026-11-07T22:59:59Z")))
            #expect(respond.explanation[0] == "received on Thursday 1 October 2026 at 10:00 CEST")
            #expect(respond.explanation[2] == "paused from Tuesday 20 October 2026 to Tuesday 27 October 2026 "
                    + "awaiting the complainant → Saturday 7 November 2026")
        }

        @Test func anotherZoneCountsItsOwnDays() throws {
            let zone = try TimeZoneRules(identifier: "America/New_York")
            // 03:00Z on 2 December is still 1 December in New York.
            let received = try F.utc("2026-12-02T03:00:00Z")
            let respond = try F.respond(F.calculator(acknowledge: nil, respond: 1, zone: zone)
                .deadlines(for: CaseClock(receivedAt: received), now: received))
            #expect(respond.dueDate == (try F.date("2026-12-02")))
            #expect(respond.due == (try F.utc("2026-12-03T04:59:59Z")))
            #expect(respond.explanation == [
                "received on Tuesday 1 December 2026 at 22:00 EST",
                "plus 1 calendar day → Wednesday 2 December 2026",
                "due at the end of Wednesday 2 December 2026 America/New_York (2026-12-03T04:59:59Z)",
            ])
        }
    }

    /// on_track, due_soon, overdue, very_overdue and met.
    @Suite struct States {
        let zone: TimeZoneRules
        let received: Int64  // Sunday 29 November 2026; the respond deadline ends on Tuesday 29 December
        let due: Int64

        init() throws {
            zone = try F.brussels()
            received = try F.local("2026-11-29 10:15", in: zone)
            due = try F.utc("2026-12-29T22:59:59Z")
        }

        func state(at now: Int64, _ clock: CaseClock? = nil) throws -> DeadlineState {
            try F.respond(F.calculator(zone: zone).deadlines(for: clock ?? CaseClock(receivedAt: received), now: now)).state
        }

        @Test func aDeadlineIsOnTrackUntilDueSoonDaysBeforeItsDate() throws {
            #expect(try state(at: received) == .onTrack)
            // Due soon from the start of 26 December (3 days before the 29th) in Brussels.
            let dueSoonFrom = zone.startOfDay(try F.date("2026-12-26"))
            #expect(try state(at: dueSoonFrom - 1) == .onTrack)
            #expect(try state(at: dueSoonFrom) == .dueSoon)
            #expect(try state(at: due) == .dueSoon)
        }

        @Test func aDeadlineIsOverdueOneSecondAfterItsLastSecond() throws {
            #expect(try state(at: due) == .dueSoon)
            #expect(try state(at: due + 1) == .overdue)
        }

        @Test func anOverdueDeadlineIsVeryOverdueFromVeryOverdueDaysAfterItsDate() throws {
            let veryOverdueFrom = zone.startOfDay(try F.date("2027-01-12"))  // 14 days after the 29th
            #expect(try state(at: veryOverdueFrom - 1) == .overdue)
            #expect(try state(at: veryOverdueFrom) == .veryOverdue)
            #expect(try state(at: veryOverdueFrom + 86_400 * 100) == .veryOverdue)
        }

        @Test func theThresholdsComeFromTheCalendar() throws {
            let calculator = F.calculator(dueSoonDays: 0, veryOverdueDays: 1, zone: zone)
            let clock = CaseClock(receivedAt: received)
            func state(_ local: String) throws -> DeadlineState {
                try F.respond(calculator.deadlines(for: clock, now: try F.local(local, in: zone))).state
            }
            #expect(try state("2026-12-28 23:59:59") == .onTrack)
            #expect(try state("2026-12-29 00:00") == .dueSoon)
            #expect(try state("2026-12-30 00:00") == .veryOverdue)
        }

        @Test func aDeadlineMetOnTimeIsMetOnTime() throws {
            let clock = CaseClock(receivedAt: received, acknowledgedAt: received + 3600, closedAt: due)
            let deadlines = F.calculator(zone: zone).deadlines(for: clock, now: due + 86_400 * 30)
            for deadline in deadlines {
                #expect(deadline.state == .met)
                #expect(deadline.metOnTime == true)
            }
            #expect(try F.acknowledge(deadlines).metAt == received + 3600)
            #expect(try F.respond(deadlines).metAt == due)
        }

        @Test func aDeadlineMetLateIsMetButNotOnTime() throws {
            let acknowledgeDue = try F.utc("2026-12-03T22:59:59Z")
            let clock = CaseClock(receivedAt: received, acknowledgedAt: acknowledgeDue + 1, closedAt: due + 1)
            let deadlines = F.calculator(zone: zone).deadlines(for: clock, now: due + 2)
            #expect(deadlines.map(\.state) == [.met, .met])
            #expect(deadlines.map(\.metOnTime) == [false, false])
            #expect(deadlines.map(\.due) == [acknowledgeDue, due])
        }

        @Test func aMetDeadlineCountsOnlyWhatHappenedBeforeItWasMet() throws {
            let closedAt = try F.local("2026-12-20 12:00", in: zone)
            let clock = CaseClock(
                receivedAt: received, acknowledgedAt: received + 60, closedAt: closedAt,
                pauses: [.init(start: try F.local("2026-12-03 10:00", in: zone), end: try F.local("2026-12-05 10:00", in: zone),
                               reason: .awaitingParty),
                         // Began when the case was closed: not before it, so it does not count.
                         .init(start: closedAt, end: nil, reason: .closed)],
                extensions: [.init(grantedAt: closedAt + 60, days: 10, justification: "Too late to matter.")])
            let respond = try F.respond(F.calculator(zone: zone).deadlines(for: clock, now: closedAt + 86_400 * 60))
            #expect(respond.state == .met && respond.metOnTime == true)
            #expect(respond.dueDate == (try F.date("2026-12-31")))  // moved by the first pause only
            #expect(respond.extendedByDays == 0)
            #expect(respond.explanation.count == 4)
            #expect(respond.paused)  // the case itself is paused (closed) now
        }

        @Test func aDeadlineMetWhilePausedCountsThePauseUntilTheDayItWasMet() throws {
            let closedAt = try F.local("2026-12-10 12:00", in: zone)
            let clock = CaseClock(receivedAt: received, closedAt: closedAt,
                                  pauses: [.init(start: try F.local("2026-12-05 10:00", in: zone), end: nil, reason: .awaitingParty)])
            // However long it stays closed, its deadline stays where it stood: 5…9 December paused.
            for daysLater in [0, 1, 30, 300] {
                let respond = try F.respond(F.calculator(zone: zone).deadlines(for: clock, now: closedAt + Int64(daysLater) * 86_400))
                #expect(respond.dueDate == (try F.date("2027-01-03")))
                #expect(respond.explanation[2] == "paused since Saturday 5 December 2026 awaiting the complainant, still paused "
                        + "when the case was closed on Thursday 10 December 2026: counted as if resumed then → Sunday 3 January 2027")
            }
        }

        @Test func aReopenedCaseRunsAgainWithoutTheClosedDays() throws {
            let clock = CaseClock(receivedAt: received, acknowledgedAt: received + 60,
                                  pauses: [.init(start: try F.local("2026-12-10 12:00", in: zone),
                                                 end: try F.local("2026-12-20 09:00", in: zone), reason: .closed)])
            let respond = try F.respond(F.calculator(zone: zone).deadlines(for: clock, now: try F.local("2027-01-06 12:00", in: zone)))
            #expect(respond.state == .dueSoon)
            #expect(respond.dueDate == (try F.date("2027-01-08")))
        }

        @Test func withoutAnAcknowledgeDeadlineOnlyTheRespondDeadlineIsComputed() throws {
            let deadlines = F.calculator(acknowledge: nil, zone: zone).deadlines(for: CaseClock(receivedAt: received), now: received)
            #expect(deadlines.map(\.kind) == [.respond])
        }
    }
}

/// The long date as the explanation writes it, built independently of the engine.
enum DeadlineWordsForTests {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    static func long(_ date: LocalDate) -> String {
        "\(date.weekday) \(date.day) \(months[date.month - 1]) \(date.year)"
    }
}
