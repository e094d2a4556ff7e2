import Testing
@testable import Portal

/// The deadline engine (Sources/Portal/Deadlines). The suites are nested in this one, so that
/// `swift test --filter DeadlineTests` runs them all.
@Suite struct DeadlineTests {}

/// Shared fixtures: the Brussels zone, instants written as Brussels wall-clock times, and a calculator.
enum DeadlineFixtures {
    static func brussels() throws -> TimeZoneRules {
        try TimeZoneRules(identifier: "Europe/Brussels")
    }

    static func date(_ text: String) throws -> LocalDate {
        try #require(LocalDate(iso8601: text), "not a date: \(text)")
    }

    /// The instant at which Brussels clocks show `text` ("2026-11-29 10:15" or "2026-11-29 10:15:30").
    static func local(_ text: String, in zone: TimeZoneRules) throws -> Int64 {
        let parts = text.split(separator: " ")
        try #require(parts.count == 2, "expected \"YYYY-MM-DD HH:MM[:SS]\": \(text)")
        let clock = parts[1].split(separator: ":").map { Int($0) }
        try #require(clock.count >= 2 && clock.allSatisfy { $0 != nil })
        let time = try #require(LocalDateTime(date: date(String(parts[0])), hour: clock[0]!, minute: clock[1]!,
                                              second: clock.count > 2 ? clock[2]! : 0))
        return zone.instant(of: time)
    }

    static func utc(_ text: String) throws -> Int64 {
        try #require(UTCTimestamp.parse(text), "not a timestamp: \(text)")
    }

    static func holidays(_ texts: String...) throws -> HolidayCalendar {
        HolidayCalendar(dates: try texts.map(date))
    }

    static func calculator(acknowledge: Int? = 4, respond: Int = 30, unit: DeadlineUnit = .calendarDays,
                           holidays: HolidayCalendar = .none, dueSoonDays: Int = 3, veryOverdueDays: Int = 14,
                           zone: TimeZoneRules) -> DeadlineCalculator {
        DeadlineCalculator(policy: DeadlinePolicy(acknowledgeWithin: acknowledge, respondWithin: respond, unit: unit),
                           calendar: DeadlineCalendar(zone: zone, holidays: holidays, dueSoonDays: dueSoonDays,
                                                      veryOverdueDays: veryOverdueDays),
                           waitingFor: "the complainant")
    }

    static func respond(_ deadlines: [Deadline]) throws -> Deadline {
        try #require(deadlines.last.map { $0.kind == .respond ? $0 : nil } ?? nil, "no respond deadline")
    }

    static func acknowledge(_ deadlines: [Deadline]) throws -> Deadline {
        try #require(deadlines.first.map { $0.kind == .acknowledge ? $0 : nil } ?? nil, "no acknowledge deadline")
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator, so that every run of the
/// property tests checks the same cases and a failure names a seed that reproduces it.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
