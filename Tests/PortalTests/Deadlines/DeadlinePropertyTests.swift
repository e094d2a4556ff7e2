import Testing
@testable import Portal

extension DeadlineTests {
    /// Properties that hold for every case, checked over a few hundred random ones per seed. The generator is
    /// seeded, so the cases are the same on every run and a failure names the seed and case that reproduce it.
    @Suite struct Properties {
        static let zoneIdentifiers = ["Europe/Brussels", "America/New_York", "Australia/Lord_Howe", "UTC"]
        static let casesPerSeed = 300

        struct RandomCase: CustomStringConvertible {
            let calculator: DeadlineCalculator
            let clock: CaseClock
            let now: Int64

            var zone: TimeZoneRules { calculator.calendar.zone }

            var description: String {
                "zone \(zone.identifier), policy \(calculator.policy), holidays \(calculator.calendar.holidays.dates), "
                    + "clock \(clock), now \(UTCTimestamp.format(now))"
            }
        }

        let zones: [TimeZoneRules]

        init() throws {
            zones = try Self.zoneIdentifiers.map { try TimeZoneRules(identifier: $0) }
        }

        static func int(_ range: ClosedRange<Int>, _ rng: inout SplitMix64) -> Int { Int.random(in: range, using: &rng) }
        static func seconds(_ range: ClosedRange<Int64>, _ rng: inout SplitMix64) -> Int64 { Int64.random(in: range, using: &rng) }
        static func chance(_ percent: Int, _ rng: inout SplitMix64) -> Bool { int(1...100, &rng) <= percent }

        /// A random but plausible case: non-overlapping pauses in time order (some within one day, the last one
        /// sometimes still open), extensions, holidays near the receipt, either unit.
        func randomCase(_ rng: inout SplitMix64, openPauseFromReceipt: Bool = false) -> RandomCase {
            let zone = zones[Self.int(0...(zones.count - 1), &rng)]
            let day: Int64 = 86_400
            let receivedAt = 1_767_225_600 + Self.seconds(0...(3 * 365 * day), &rng)  // 2026…2028
            let receivedDate = zone.localDate(at: receivedAt)

            var holidayDates: [LocalDate] = []
            for _ in 0..<Self.int(0...25, &rng) { holidayDates.append(receivedDate.adding(days: Self.int(-10...150, &rng))) }
            let unit: DeadlineUnit = Self.chance(50, &rng) ? .businessDays : .calendarDays
            let policy = DeadlinePolicy(acknowledgeWithin: Self.chance(20, &rng) ? nil : Self.int(0...10, &rng),
                                        respondWithin: Self.int(1...45, &rng), unit: unit)
            let calendar = DeadlineCalendar(zone: zone, holidays: HolidayCalendar(dates: holidayDates),
                                            dueSoonDays: Self.int(0...5, &rng), veryOverdueDays: Self.int(1...20, &rng))

            var pauses: [CaseClock.Pause] = []
            var cursor = receivedAt
            if openPauseFromReceipt {
                let endOfReceiptDay = zone.endOfDay(receivedDate)
                pauses.append(.init(start: Self.seconds(receivedAt...endOfReceiptDay, &rng), end: nil, reason: .awaitingParty))
            } else {
                let count = Self.int(0...5, &rng)
                for index in 0..<count {
                    let start = cursor + Self.seconds(0...(6 * day), &rng)
                    let reason: CaseClock.Pause.Reason = Self.chance(30, &rng) ? .closed : .awaitingParty
                    if index == count - 1 && Self.chance(30, &rng) {
                        pauses.append(.init(start: start, end: nil, reason: reason))
                        cursor = start
                        break
                    }
                    let end: Int64
                    if Self.chance(25, &rng) {
                        end = Self.seconds(start...zone.endOfDay(zone.localDate(at: start)), &rng)  // resumed the same day
                    } else {
                        end = start + Self.seconds(3600...(12 * day), &rng)
                    }
                    pauses.append(.init(start: start, end: end, reason: reason))
                    cursor = end + Self.seconds(0...(2 * day), &rng)
                }
            }
            var extensions: [CaseClock.Extension] = []
            var granted = receivedAt
            for _ in 0..<Self.int(0...2, &rng) {
                granted += Self.seconds(0...(20 * day), &rng)
                extensions.append(.init(grantedAt: granted, days: Self.int(0...15, &rng), justification: "Needed."))
            }
            let now = max(cursor, granted) + Self.seconds(0...(60 * day), &rng)
            return RandomCase(calculator: DeadlineCalculator(policy: policy, calendar: calendar, waitingFor: "the requester"),
                              clock: CaseClock(receivedAt: receivedAt, pauses: pauses, extensions: extensions), now: now)
        }

        /// The paused local days of a clock, computed here from the rule's words, independently of the engine.
        static func pausedRanges(_ clock: CaseClock, zone: TimeZoneRules, now: Int64) -> [Range<LocalDate>] {
            clock.pauses.map { pause in
                let start = zone.localDate(at: pause.start)
                let end = zone.localDate(at: pause.end ?? now)
                return start..<max(start, end)
            }
        }

        /// The rule, written as plainly as possible: walk the days after receipt, count those that count.
        static func referenceDueDate(_ randomCase: RandomCase, count: Int) -> LocalDate {
            let zone = randomCase.zone
            let calendar = randomCase.calculator.calendar
            let paused = pausedRanges(randomCase.clock, zone: zone, now: randomCase.now)
            var date = zone.localDate(at: randomCase.clock.receivedAt)
            var counted = 0
            while counted < count {
                date = date.adding(days: 1)
                let isCounted = (randomCase.calculator.policy.unit == .calendarDays || calendar.isBusinessDay(date))
                    && !paused.contains { $0.contains(date) }
                if isCounted { counted += 1 }
            }
            return date
        }

        @Test(arguments: [1, 2, 3] as [UInt64])
        func theDueDateIsWhatTheRuleSaysAndIsACountingDay(seed: UInt64) throws {
            var rng = SplitMix64(seed: seed)
            for index in 0..<Self.casesPerSeed {
                let randomCase = randomCase(&rng)
                let policy = randomCase.calculator.policy
                let zone = randomCase.zone
                let received = zone.localDate(at: randomCase.clock.receivedAt)
                let paused = Self.pausedRanges(randomCase.clock, zone: zone, now: randomCase.now)
                for deadline in randomCase.calculator.deadlines(for: randomCase.clock, now: randomCase.now) {
                    let count = deadline.kind == .acknowledge
                        ? policy.acknowledgeWithin ?? 0
                        : policy.respondWithin + randomCase.clock.extensions.reduce(0) { $0 + $1.days }
                    let context = Comment(rawValue: "seed \(seed) case \(index) \(deadline.kind): \(randomCase)")
                    #expect(deadline.dueDate == Self.referenceDueDate(randomCase, count: count), context)
                    #expect(deadline.due == zone.endOfDay(deadline.dueDate), context)
                    guard count > 0 else {
                        #expect(deadline.dueDate == received, context)
                        continue
                    }
                    #expect(deadline.dueDate > received, context)
                    #expect(!paused.contains { $0.contains(deadline.dueDate) }, context)
                    if policy.unit == .businessDays {
                        #expect(randomCase.calculator.calendar.isBusinessDay(deadline.dueDate), context)
                    }
                }
            }
        }

        @Test(arguments: [11, 12, 13] as [UInt64])
        func addingAPauseNeverMovesADeadlineEarlier(seed: UInt64) throws {
            var rng = SplitMix64(seed: seed)
            var checked = 0
            for index in 0..<Self.casesPerSeed {
                let randomCase = randomCase(&rng)
                let with = randomCase.calculator.deadlines(for: randomCase.clock, now: randomCase.now)
                for removed in randomCase.clock.pauses.indices {
                    var fewer = randomCase.clock
                    fewer.pauses.remove(at: removed)
                    let without = randomCase.calculator.deadlines(for: fewer, now: randomCase.now)
                    for (withPause, withoutPause) in zip(with, without) {
                        #expect(withPause.dueDate >= withoutPause.dueDate,
                                "seed \(seed) case \(index), pause \(removed) moved \(withPause.kind) earlier: \(randomCase)")
                        checked += 1
                    }
                }
            }
            #expect(checked > Self.casesPerSeed)
        }

        @Test(arguments: [21, 22, 23] as [UInt64])
        func aCasePausedSinceItsDayOfReceiptIsNeverOverdue(seed: UInt64) throws {
            var rng = SplitMix64(seed: seed)
            for index in 0..<Self.casesPerSeed {
                let randomCase = randomCase(&rng, openPauseFromReceipt: true)
                for _ in 0..<12 {
                    let now = randomCase.clock.pauses[0].start + Self.seconds(0...(366 * 86_400), &rng)
                    for deadline in randomCase.calculator.deadlines(for: randomCase.clock, now: now) {
                        // A 0-day acknowledge deadline is the day of receipt itself, which no pause can move.
                        if deadline.kind == .acknowledge && randomCase.calculator.policy.acknowledgeWithin == 0 { continue }
                        #expect(deadline.state != .overdue && deadline.state != .veryOverdue,
                                "seed \(seed) case \(index) \(deadline.kind) at \(UTCTimestamp.format(now)): \(randomCase)")
                        #expect(deadline.paused && now <= deadline.due)
                    }
                }
            }
        }

        @Test(arguments: [41, 42, 43] as [UInt64])
        func withoutExplanationsTheDatesAndStatesAreTheSame(seed: UInt64) {
            var rng = SplitMix64(seed: seed)
            for index in 0..<Self.casesPerSeed {
                let randomCase = randomCase(&rng)
                let explained = randomCase.calculator.deadlines(for: randomCase.clock, now: randomCase.now)
                let bare = randomCase.calculator.deadlines(for: randomCase.clock, now: randomCase.now, explained: false)
                let context = Comment(rawValue: "seed \(seed) case \(index): \(randomCase)")
                #expect(bare.allSatisfy { $0.explanation.isEmpty }, context)
                #expect(bare.map { [$0.due, $0.metAt ?? -1, Int64($0.extendedByDays)] } == explained.map { [$0.due, $0.metAt ?? -1, Int64($0.extendedByDays)] }, context)
                #expect(bare.map(\.state) == explained.map(\.state), context)
                #expect(bare.map(\.metOnTime) == explained.map(\.metOnTime), context)
            }
        }

        @Test(arguments: [31, 32, 33] as [UInt64])
        func theLastLineOfEveryExplanationStatesTheDueInstant(seed: UInt64) throws {
            var rng = SplitMix64(seed: seed)
            for index in 0..<Self.casesPerSeed {
                let randomCase = randomCase(&rng)
                for deadline in randomCase.calculator.deadlines(for: randomCase.clock, now: randomCase.now) {
                    let context = Comment(rawValue: "seed \(seed) case \(index) \(deadline.kind): \(deadline.explanation)")
                    let last = try #require(deadline.explanation.last)
                    let open = try #require(last.lastIndex(of: "("), context)
                    #expect(last.hasSuffix(")"), context)
                    #expect(last[last.index(after: open)..<last.index(before: last.endIndex)] == UTCTimestamp.format(deadline.due), context)
                    #expect(last == "due at the end of \(DeadlineWordsForTests.long(deadline.dueDate)) \(randomCase.zone.identifier) "
                            + "(\(UTCTimestamp.format(deadline.due)))", context)
                    // One line for the receipt, one for the days allowed, one per pause or extension counted, one for the end.
                    let facts = randomCase.clock.pauses.count + (deadline.kind == .respond ? randomCase.clock.extensions.count : 0)
                    #expect(deadline.explanation.count == 3 + facts, context)
                    // Every step states the date it leads to, and the last step leads to the due date.
                    let steps = deadline.explanation.dropFirst().dropLast()
                    #expect(steps.allSatisfy { $0.contains(" → ") }, context)
                    let lastStep = try #require(steps.last)
                    let afterLastArrow = try #require(lastStep.split(separator: "→", omittingEmptySubsequences: false).last)
                    #expect(afterLastArrow.hasPrefix(" " + DeadlineWordsForTests.long(deadline.dueDate)), context)
                    #expect(deadline.explanation.allSatisfy { !$0.contains("\n") }, context)
                }
            }
        }
    }
}
