#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Portal

/// Time zones read from the system's TZif files (Debian's tzdata), checked against known values
/// (from zdump and the IANA rules) rather than against glibc, whose TZ is process-global.
struct TimeZoneRulesTests {
    static func zone(_ identifier: String) throws -> TimeZoneRules {
        try TimeZoneRules(identifier: identifier)
    }

    static func instant(_ text: String) throws -> Int64 {
        try #require(UTCTimestamp.parse(text), "not a timestamp: \(text)")
    }

    static func date(_ text: String) throws -> LocalDate {
        try #require(LocalDate(iso8601: text))
    }

    static func wallClock(_ date: String, _ hour: Int, _ minute: Int, _ second: Int) throws -> LocalDateTime {
        try #require(LocalDateTime(date: Self.date(date), hour: hour, minute: minute, second: second))
    }

    // MARK: Europe/Brussels

    @Test(arguments: [
        ("2026-01-15T12:00:00Z", 3600, "CET"), ("2026-07-15T12:00:00Z", 7200, "CEST"),
        ("2026-11-28T10:12:00Z", 3600, "CET"), ("2026-12-02T22:59:59Z", 3600, "CET"),
        ("1990-01-15T12:00:00Z", 3600, "CET"), ("1990-07-15T12:00:00Z", 7200, "CEST"),
        ("2040-01-15T12:00:00Z", 3600, "CET"), ("2040-07-15T12:00:00Z", 7200, "CEST"),
        ("2999-07-15T12:00:00Z", 7200, "CEST"), ("2999-12-15T12:00:00Z", 3600, "CET"),
    ])
    func brusselsIsOnCETInWinterAndCESTInSummer(at text: String, offset: Int, abbreviation: String) throws {
        let brussels = try Self.zone("Europe/Brussels")
        let t = try Self.instant(text)
        #expect(brussels.identifier == "Europe/Brussels")
        #expect(brussels.offset(at: t) == offset)
        #expect(brussels.abbreviation(at: t) == abbreviation)
        #expect(brussels.isDaylightSavingTime(at: t) == (offset == 7200))
    }

    /// 2026 comes from the file's transitions (or its footer, in a slim file); 2040 from the footer rule
    /// "CET-1CEST,M3.5.0,M10.5.0/3"; 1990 from the transitions, when summer time still ended in September.
    @Test(arguments: [
        ("2026-03-29T01:00:00Z", "CET", "CEST"), ("2026-10-25T01:00:00Z", "CEST", "CET"),
        ("2040-03-25T01:00:00Z", "CET", "CEST"), ("2040-10-28T01:00:00Z", "CEST", "CET"),
        ("1990-03-25T01:00:00Z", "CET", "CEST"), ("1990-09-30T01:00:00Z", "CEST", "CET"),
    ])
    func brusselsChangesClocksAtOneUTC(at text: String, before: String, after: String) throws {
        let brussels = try Self.zone("Europe/Brussels")
        let t = try Self.instant(text)
        #expect(brussels.abbreviation(at: t - 1) == before)
        #expect(brussels.abbreviation(at: t) == after)
        #expect(brussels.offset(at: t - 1) == (before == "CET" ? 3600 : 7200))
        #expect(brussels.offset(at: t) == (after == "CET" ? 3600 : 7200))
        #expect(brussels.nextTransition(after: t - 3600 * 24 * 30) == t)
        #expect(brussels.nextTransition(after: t - 1) == t)
    }

    @Test func brusselsWallClockFollowsTheOffset() throws {
        let brussels = try Self.zone("Europe/Brussels")
        #expect(brussels.localDateTime(at: try Self.instant("2026-12-02T22:59:59Z")).description == "2026-12-02T23:59:59")
        #expect(brussels.localDateTime(at: try Self.instant("2026-12-02T23:00:00Z")).description == "2026-12-03T00:00:00")
        #expect(brussels.localDateTime(at: try Self.instant("2026-03-29T00:59:59Z")).description == "2026-03-29T01:59:59")
        #expect(brussels.localDateTime(at: try Self.instant("2026-03-29T01:00:00Z")).description == "2026-03-29T03:00:00")
        #expect(brussels.localDate(at: try Self.instant("2026-06-30T22:30:00Z")) == (try Self.date("2026-07-01")))
    }

    @Test func theDeadlineOfTheIssueEndsAtMidnightInBrussels() throws {
        let brussels = try Self.zone("Europe/Brussels")
        let received = try Self.instant("2026-11-28T10:12:00Z")
        let due = brussels.endOfDay(brussels.localDate(at: received).adding(days: 4))
        #expect(UTCTimestamp.format(due) == "2026-12-02T22:59:59Z")
        #expect(brussels.endOfDay(try Self.date("2026-12-02")) == UTCTimestamp.parse("2026-12-02T22:59:59Z"))
    }

    @Test(arguments: [
        // date, start (UTC), end (UTC), hours
        ("2026-03-28", "2026-03-27T23:00:00Z", "2026-03-28T22:59:59Z", 24),
        ("2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T21:59:59Z", 23),
        ("2026-03-30", "2026-03-29T22:00:00Z", "2026-03-30T21:59:59Z", 24),
        ("2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T22:59:59Z", 25),
        ("2026-10-26", "2026-10-25T23:00:00Z", "2026-10-26T22:59:59Z", 24),
        ("2040-03-25", "2040-03-24T23:00:00Z", "2040-03-25T21:59:59Z", 23),
        ("2040-10-28", "2040-10-27T22:00:00Z", "2040-10-28T22:59:59Z", 25),
    ])
    func brusselsDaysLastTwentyThreeOrTwentyFiveHoursWhenClocksChange(
        date: String, start: String, end: String, hours: Int
    ) throws {
        let brussels = try Self.zone("Europe/Brussels")
        let day = try Self.date(date)
        #expect(UTCTimestamp.format(brussels.startOfDay(day)) == start)
        #expect(UTCTimestamp.format(brussels.endOfDay(day)) == end)
        #expect(brussels.endOfDay(day) - brussels.startOfDay(day) + 1 == Int64(hours * 3600))
        #expect(brussels.localDateTime(at: brussels.endOfDay(day)).description == date + "T23:59:59")
        #expect(brussels.localDate(at: brussels.endOfDay(day) + 1) == day.adding(days: 1))
    }

    @Test(arguments: [
        // wall clock in Brussels, instant
        ("2026-12-02", 23, 59, 59, "2026-12-02T22:59:59Z"),
        ("2026-07-01", 12, 0, 0, "2026-07-01T10:00:00Z"),
        ("2026-03-29", 1, 59, 59, "2026-03-29T00:59:59Z"),
        ("2026-03-29", 2, 0, 0, "2026-03-29T01:00:00Z"),  // in the gap: the instant after it
        ("2026-03-29", 2, 30, 0, "2026-03-29T01:00:00Z"),  // in the gap
        ("2026-03-29", 2, 59, 59, "2026-03-29T01:00:00Z"), // in the gap
        ("2026-03-29", 3, 0, 0, "2026-03-29T01:00:00Z"),
        ("2026-03-29", 3, 0, 1, "2026-03-29T01:00:01Z"),
        ("2026-10-25", 1, 59, 59, "2026-10-24T23:59:59Z"),
        ("2026-10-25", 2, 0, 0, "2026-10-25T00:00:00Z"),   // ambiguous: the earlier (CEST)
        ("2026-10-25", 2, 30, 0, "2026-10-25T00:30:00Z"),  // ambiguous: the earlier (CEST)
        ("2026-10-25", 3, 0, 0, "2026-10-25T02:00:00Z"),
        ("1990-09-30", 2, 30, 0, "1990-09-30T00:30:00Z"),
        ("2040-03-25", 2, 30, 0, "2040-03-25T01:00:00Z"),
    ])
    func brusselsWallClockTimesMapToInstants(
        date: String, hour: Int, minute: Int, second: Int, expected: String
    ) throws {
        let brussels = try Self.zone("Europe/Brussels")
        #expect(UTCTimestamp.format(brussels.instant(of: try Self.wallClock(date, hour, minute, second))) == expected)
    }

    // MARK: Other zones

    @Test func newYorkIsFiveHoursBehindInWinterAndFourInSummer() throws {
        let newYork = try Self.zone("America/New_York")
        #expect(newYork.offset(at: try Self.instant("2026-01-15T12:00:00Z")) == -18_000)
        #expect(newYork.abbreviation(at: try Self.instant("2026-01-15T12:00:00Z")) == "EST")
        #expect(newYork.offset(at: try Self.instant("2026-07-15T12:00:00Z")) == -14_400)
        #expect(newYork.abbreviation(at: try Self.instant("2026-07-15T12:00:00Z")) == "EDT")
        let spring = try Self.instant("2026-03-08T07:00:00Z")
        let autumn = try Self.instant("2026-11-01T06:00:00Z")
        #expect(newYork.offset(at: spring - 1) == -18_000 && newYork.offset(at: spring) == -14_400)
        #expect(newYork.offset(at: autumn - 1) == -14_400 && newYork.offset(at: autumn) == -18_000)
        #expect(UTCTimestamp.format(newYork.endOfDay(try Self.date("2026-12-02"))) == "2026-12-03T04:59:59Z")
        #expect(newYork.offset(at: try Self.instant("2040-07-04T12:00:00Z")) == -14_400)
    }

    @Test func sydneyHasSummerTimeInTheSouthernSummer() throws {
        let sydney = try Self.zone("Australia/Sydney")
        #expect(sydney.offset(at: try Self.instant("2026-01-15T00:00:00Z")) == 39_600)
        #expect(sydney.abbreviation(at: try Self.instant("2026-01-15T00:00:00Z")) == "AEDT")
        #expect(sydney.offset(at: try Self.instant("2026-07-15T00:00:00Z")) == 36_000)
        #expect(sydney.abbreviation(at: try Self.instant("2026-07-15T00:00:00Z")) == "AEST")
        let end = try Self.instant("2026-04-04T16:00:00Z")    // 03:00 AEDT becomes 02:00 AEST
        let start = try Self.instant("2026-10-03T16:00:00Z")  // 02:00 AEST becomes 03:00 AEDT
        #expect(sydney.offset(at: end - 1) == 39_600 && sydney.offset(at: end) == 36_000)
        #expect(sydney.offset(at: start - 1) == 36_000 && sydney.offset(at: start) == 39_600)
        let october4 = try Self.date("2026-10-04")
        #expect(UTCTimestamp.format(sydney.startOfDay(october4)) == "2026-10-03T14:00:00Z")
        #expect(UTCTimestamp.format(sydney.endOfDay(october4)) == "2026-10-04T12:59:59Z")
        #expect(sydney.offset(at: try Self.instant("2040-01-01T00:00:00Z")) == 39_600)
    }

    /// Nuuk's footer "<-02>2<-01>,M3.5.0/-1,M10.5.0/0" changes clocks at the end of Saturday: in spring
    /// Saturday loses its last hour; in autumn it repeats it, so its end is *not* the instant of 23:59:59
    /// (which is the earlier of two).
    @Test func nuukDaysEndAtTheirLastSecondWhenClocksChangeAtMidnight() throws {
        let nuuk = try Self.zone("America/Nuuk")
        let springSaturday = try Self.date("2050-03-26")
        #expect(UTCTimestamp.format(nuuk.endOfDay(springSaturday)) == "2050-03-27T00:59:59Z")
        #expect(UTCTimestamp.format(nuuk.startOfDay(springSaturday.adding(days: 1))) == "2050-03-27T01:00:00Z")
        let autumnSaturday = try Self.date("2050-10-29")
        #expect(UTCTimestamp.format(nuuk.endOfDay(autumnSaturday)) == "2050-10-30T01:59:59Z")
        #expect(UTCTimestamp.format(nuuk.instant(of: try Self.wallClock("2050-10-29", 23, 59, 59))) == "2050-10-30T00:59:59Z")
        #expect(nuuk.endOfDay(autumnSaturday) - nuuk.startOfDay(autumnSaturday) + 1 == 25 * 3600)
    }

    @Test func aDaySkippedByTheZoneEndsWhenTheDayBeforeEnds() throws {
        let apia = try Self.zone("Pacific/Apia")  // jumped from UTC-10 to UTC+14 over 2011-12-30
        let before = try Self.date("2011-12-29")
        let skipped = try Self.date("2011-12-30")
        #expect(UTCTimestamp.format(apia.endOfDay(before)) == "2011-12-30T09:59:59Z")
        #expect(apia.endOfDay(skipped) == apia.endOfDay(before))
        #expect(UTCTimestamp.format(apia.startOfDay(skipped.adding(days: 1))) == "2011-12-30T10:00:00Z")
        #expect(apia.localDate(at: apia.endOfDay(before) + 1) == skipped.adding(days: 1))
    }

    @Test(arguments: ["UTC", "Etc/UTC"])
    func utcIsBuiltInAndNeverShifts(identifier: String) throws {
        let utc = try TimeZoneRules(identifier: identifier, directory: "/nonexistent")
        #expect(utc.identifier == identifier)
        for text in ["1900-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-07-01T12:00:00Z", "2040-03-25T01:00:00Z"] {
            let t = try Self.instant(text)
            #expect(utc.offset(at: t) == 0)
            #expect(utc.abbreviation(at: t) == "UTC")
            #expect(TimeZoneRules.utc.offset(at: t) == 0)
        }
        #expect(utc.nextTransition(after: 0) == nil)
        let day = try Self.date("2026-12-02")
        #expect(utc.endOfDay(day) == Int64(day.daysSinceEpoch) * 86_400 + 86_399)
        #expect(utc.startOfDay(day) == Int64(day.daysSinceEpoch) * 86_400)
        #expect(utc.instant(of: try Self.wallClock("2026-12-02", 22, 59, 59)) == (try Self.instant("2026-12-02T22:59:59Z")))
        #expect(TimeZoneRules.utc.identifier == "UTC")
    }

    @Test func localTimeRoundTripsThroughInstantsOverYears() throws {
        var failures: [String] = []
        for identifier in ["Europe/Brussels", "America/New_York", "Australia/Sydney", "Asia/Kolkata"] {
            let zone = try Self.zone(identifier)
            var t = try Self.instant("1985-01-01T00:00:00Z")
            let end = try Self.instant("2045-01-01T00:00:00Z")
            while t < end {
                // Every instant's wall-clock time maps back to it, or (fall-back) to its earlier twin.
                let local = zone.localDateTime(at: t)
                let back = zone.instant(of: local)
                if back != t && !(back == t - 3600 && zone.offset(at: back) == zone.offset(at: t) + 3600) {
                    failures.append("\(identifier) \(UTCTimestamp.format(t))")
                }
                t += 3 * 3600 + 17
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    // MARK: Refusals

    @Test func anUnknownZoneIsRefusedByName() {
        #expect(throws: TimeZoneError(identifier: "Europe/Brusels", reason: "unknown time zone \"Europe/Brusels\"")) {
            try TimeZoneRules(identifier: "Europe/Brusels")
        }
        let error = TimeZoneError(identifier: "Europe/Brusels", reason: "unknown time zone \"Europe/Brusels\"")
        #expect(error.description == "unknown time zone \"Europe/Brusels\"")
    }

    @Test(arguments: ["Europe", "Etc", "Europe/Brussels/Ixelles"])
    func aFolderOrAPathThroughAFileIsNotAZone(identifier: String) {
        #expect(throws: TimeZoneError.unknown(identifier)) { try TimeZoneRules(identifier: identifier) }
    }

    @Test(arguments: [
        "../etc/passwd", "/etc/localtime", "Europe/Brussels\0", "Europe/../../etc/passwd", "..", "", "/",
        "Europe//Brussels", "Europe/Brussels/", "Europe/Brussels ", "Europe\\Brussels", "Europe/Brüssel",
        "./Europe/Brussels", "Europe/Brussels\n", "zone.tab", "~/zone", String(repeating: "A", count: 256),
    ])
    func maliciousOrMalformedIdentifiersAreRefusedBeforeAnyFileIsOpened(identifier: String) throws {
        let error = try #require(throws: TimeZoneError.self) { try TimeZoneRules(identifier: identifier) }
        #expect(error.identifier == identifier)
        #expect(error.reason.hasPrefix("invalid time zone identifier \""))
        #expect(!error.reason.contains("\0") && !error.reason.contains("\n"))
    }

    @Test func aHostileIdentifierIsQuotedWithEscapes() throws {
        let error = try #require(throws: TimeZoneError.self) { try TimeZoneRules(identifier: "Europe/Brussels\0") }
        #expect(error.description == #"invalid time zone identifier "Europe/Brussels\0""#)
    }

    @Test func aMissingDatabaseIsReportedAsSuch() throws {
        let error = try #require(throws: TimeZoneError.self) {
            try TimeZoneRules(identifier: "Europe/Brussels", directory: "/nonexistent/zoneinfo")
        }
        #expect(error.reason.hasPrefix("unknown time zone \"Europe/Brussels\": no time zone database at /nonexistent/zoneinfo"))
    }

    @Test func aDamagedOrForeignFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let real = try ZoneInfoDirectory.contents(of: "Europe/Brussels", directory: TimeZoneRules.defaultDirectory)
        try directory.store("Truncated", Array(real.prefix(100)))
        try directory.store("Text", Array("Europe/Brussels\n".utf8))
        try directory.store("Empty", [])
        try directory.store("Copy", real)

        #expect(try TimeZoneRules(identifier: "Copy", directory: directory.path).offset(at: 0) == 3600)
        for (name, detail) in [("Truncated", "truncated data"), ("Text", "not a TZif file"), ("Empty", "truncated data")] {
            #expect(throws: TimeZoneError(identifier: name, reason: "invalid time zone file for \"\(name)\": \(detail)")) {
                try TimeZoneRules(identifier: name, directory: directory.path)
            }
        }
    }

    @Test func leapSecondZonesAreRefused() throws {
        let error = try #require(throws: TimeZoneError.self) { try TimeZoneRules(identifier: "right/Europe/Brussels") }
        #expect(error.reason.contains("leap-second"))
    }
}

// MARK: - TZif files

extension TimeZoneRulesTests {
    /// Hand-built TZif files, to cover what the installed files do not: version 1, footers without
    /// transitions, malformed headers.
    @Suite struct TZifParsing {
        /// A TZif file with the given transitions and types; version 0 writes only a 32-bit block.
        static func tzif(version: UInt8, times: [Int64] = [], indices: [UInt8] = [],
                         types: [(offset: Int32, dst: UInt8, designation: UInt8)], designations: String,
                         footer: String = "") -> [UInt8] {
            func header(_ v: UInt8) -> [UInt8] {
                var bytes = Array("TZif".utf8) + [v] + [UInt8](repeating: 0, count: 15)
                for count in [0, 0, 0, times.count, types.count, designations.utf8.count + 1] {
                    bytes += be(UInt32(count))
                }
                return bytes
            }
            func be(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
            func block(wide: Bool) -> [UInt8] {
                var bytes: [UInt8] = []
                for time in times {
                    bytes += wide ? be(UInt32(truncatingIfNeeded: time >> 32)) + be(UInt32(truncatingIfNeeded: time))
                                  : be(UInt32(bitPattern: Int32(time)))
                }
                bytes += indices
                for type in types { bytes += be(UInt32(bitPattern: type.offset)) + [type.dst, type.designation] }
                return bytes + Array(designations.utf8) + [0]
            }
            if version == 0 { return header(0) + block(wide: false) }
            return header(version) + block(wide: false) + header(version) + block(wide: true)
                + Array("\n\(footer)\n".utf8)
        }

        @Test func versionOneFilesUseTheirThirtyTwoBitBlock() throws {
            let bytes = Self.tzif(version: 0, times: [0, 1_000_000], indices: [1, 0],
                                  types: [(3600, 0, 0), (7200, 1, 4)], designations: "AAA\0BBB")
            let rules = TimeZoneRules(identifier: "Test", file: try TZifFile(parsing: bytes))
            #expect(rules.offset(at: -1) == 3600 && rules.abbreviation(at: -1) == "AAA")
            #expect(rules.offset(at: 0) == 7200 && rules.abbreviation(at: 0) == "BBB")
            #expect(rules.offset(at: 999_999) == 7200)
            #expect(rules.offset(at: 1_000_000) == 3600)
            #expect(rules.offset(at: 4_000_000_000) == 3600)
            #expect(rules.nextTransition(after: 1_000_000) == nil)
        }

        @Test(arguments: [UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "4")])
        func aFooterAloneGovernsAllInstants(version: UInt8) throws {
            let bytes = Self.tzif(version: version, types: [(3600, 0, 0)], designations: "CET",
                                  footer: "CET-1CEST,M3.5.0,M10.5.0/3")
            let rules = TimeZoneRules(identifier: "Test", file: try TZifFile(parsing: bytes))
            let spring = try TimeZoneRulesTests.instant("2026-03-29T01:00:00Z")
            #expect(rules.offset(at: spring - 1) == 3600 && rules.offset(at: spring) == 7200)
            #expect(rules.abbreviation(at: spring) == "CEST")
            #expect(rules.nextTransition(after: spring - 100) == spring)
            #expect(rules.offset(at: try TimeZoneRulesTests.instant("1900-07-01T00:00:00Z")) == 7200)
        }

        @Test func theFooterTakesOverAfterTheLastTransition() throws {
            // Fixed UTC+3 ("+03") until 2000-01-01, then the footer's UTC+4.
            let bytes = Self.tzif(version: UInt8(ascii: "2"), times: [946_684_800], indices: [1],
                                  types: [(10_800, 0, 0), (14_400, 0, 4)], designations: "+03\0+04", footer: "<+04>-4")
            let rules = TimeZoneRules(identifier: "Test", file: try TZifFile(parsing: bytes))
            #expect(rules.offset(at: 946_684_799) == 10_800)
            #expect(rules.offset(at: 946_684_800) == 14_400 && rules.abbreviation(at: 946_684_800) == "+04")
            #expect(rules.offset(at: 4_000_000_000) == 14_400)
            #expect(rules.nextTransition(after: 0) == 946_684_800)
            #expect(rules.nextTransition(after: 946_684_800) == nil)
        }

        @Test func malformedFilesAreRefusedWithAReason() {
            func detail(_ bytes: [UInt8]) -> String? {
                do throws(TZifFile.FormatError) { _ = try TZifFile(parsing: bytes); return nil } catch { return error.detail }
            }
            let good = Self.tzif(version: UInt8(ascii: "2"), types: [(3600, 0, 0)], designations: "CET", footer: "CET-1")
            #expect(detail(good) == nil)
            #expect(detail(Array(good.dropLast())) == "unterminated footer")
            #expect(detail(Self.tzif(version: UInt8(ascii: "2"), types: [(3600, 0, 0)], designations: "CET",
                                     footer: "nonsense")) == "unsupported footer TZ string \"nonsense\"")
            #expect(detail(Self.tzif(version: UInt8(ascii: "1"), types: [(3600, 0, 0)], designations: "CET"))
                    == "unsupported TZif version 49")
            #expect(detail(Self.tzif(version: 0, times: [5, 5], indices: [0, 0], types: [(3600, 0, 0)], designations: "CET"))
                    == "transition times out of order")
            #expect(detail(Self.tzif(version: 0, times: [5], indices: [1], types: [(3600, 0, 0)], designations: "CET"))
                    == "transition to an undefined time type")
            #expect(detail(Self.tzif(version: 0, types: [(100_000, 0, 0)], designations: "CET"))
                    == "UTC offset 100000 out of range")
            #expect(detail(Self.tzif(version: 0, types: [(3600, 0, 9)], designations: "CET")) == "invalid time type")
        }
    }
}

// MARK: - Footer TZ strings

extension TimeZoneRulesTests {
    @Suite struct POSIXRuleStrings {
        static func rule(_ text: String) throws -> POSIXTimeZoneRule {
            try #require(POSIXTimeZoneRule(parsing: text), "not parsed: \(text)")
        }

        @Test(arguments: [
            // rule, instant, offset, abbreviation
            ("CET-1CEST,M3.5.0,M10.5.0/3", "2040-03-25T00:59:59Z", 3600, "CET"),
            ("CET-1CEST,M3.5.0,M10.5.0/3", "2040-03-25T01:00:00Z", 7200, "CEST"),
            ("CET-1CEST,M3.5.0,M10.5.0/3", "2040-10-28T00:59:59Z", 7200, "CEST"),
            ("CET-1CEST,M3.5.0,M10.5.0/3", "2040-10-28T01:00:00Z", 3600, "CET"),
            ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2040-01-01T00:00:00Z", 39_600, "AEDT"),
            ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2040-07-01T00:00:00Z", 36_000, "AEST"),
            // Negative transition times (Nuuk): DST starts at 01:00 UTC on Sunday, i.e. Saturday 23:00 local.
            ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2050-03-27T00:59:59Z", -7200, "-02"),
            ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2050-03-27T01:00:00Z", -3600, "-01"),
            ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2050-10-30T00:59:59Z", -3600, "-01"),
            ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2050-10-30T01:00:00Z", -7200, "-02"),
            // "Negative DST" (Dublin): the standard time is summer's IST, winter's GMT is the "DST".
            ("IST-1GMT0,M10.5.0,M3.5.0/1", "2050-07-01T00:00:00Z", 3600, "IST"),
            ("IST-1GMT0,M10.5.0,M3.5.0/1", "2050-01-01T00:00:00Z", 0, "GMT"),
            ("IST-1GMT0,M10.5.0,M3.5.0/1", "2050-03-27T01:00:00Z", 3600, "IST"),
            // Daylight saving time all year round.
            ("EST5EDT,0/0,J365/25", "2050-01-01T04:30:00Z", -14_400, "EDT"),
            ("EST5EDT,0/0,J365/25", "2050-07-01T00:00:00Z", -14_400, "EDT"),
            ("EST5EDT,0/0,J365/25", "2050-12-31T23:59:59Z", -14_400, "EDT"),
            // No dates: the US rule.
            ("EST5EDT", "2026-07-01T00:00:00Z", -14_400, "EDT"),
            ("EST5EDT", "2026-03-08T06:59:59Z", -18_000, "EST"),
            ("EST5EDT", "2026-03-08T07:00:00Z", -14_400, "EDT"),
            // Fixed offsets, with minutes.
            ("<+0545>-5:45", "2050-07-01T00:00:00Z", 20_700, "+0545"),
            ("<-0930>9:30", "2050-07-01T00:00:00Z", -34_200, "-0930"),
            ("UTC0", "2050-07-01T00:00:00Z", 0, "UTC"),
        ])
        func footerRulesGiveTheLocalTimeType(text: String, at instant: String, offset: Int, abbreviation: String) throws {
            let type = try Self.rule(text).localTimeType(at: try TimeZoneRulesTests.instant(instant))
            #expect(type.utcOffset == offset)
            #expect(type.abbreviation == abbreviation)
        }

        @Test func yearRoundDaylightSavingTimeNeverTransitions() throws {
            let rule = try Self.rule("EST5EDT,0/0,J365/25")
            #expect(rule.nextTransition(after: try TimeZoneRulesTests.instant("2050-06-01T00:00:00Z")) == nil)
            #expect(try Self.rule("<+04>-4").nextTransition(after: 0) == nil)
        }

        @Test(arguments: [
            // date rule, year, expected date
            (POSIXTimeZoneRule.DateRule.julianIgnoringLeapDay(59), 2024, "2024-02-28"),
            (.julianIgnoringLeapDay(60), 2024, "2024-03-01"),
            (.julianIgnoringLeapDay(60), 2026, "2026-03-01"),
            (.julianIgnoringLeapDay(365), 2024, "2024-12-31"),
            (.zeroBasedDayOfYear(59), 2024, "2024-02-29"),
            (.zeroBasedDayOfYear(59), 2026, "2026-03-01"),
            (.zeroBasedDayOfYear(0), 2026, "2026-01-01"),
            (.monthWeekDay(month: 3, week: 5, weekday: 0), 2026, "2026-03-29"),
            (.monthWeekDay(month: 10, week: 5, weekday: 0), 2026, "2026-10-25"),
            (.monthWeekDay(month: 3, week: 2, weekday: 0), 2026, "2026-03-08"),
            (.monthWeekDay(month: 11, week: 1, weekday: 0), 2026, "2026-11-01"),
            (.monthWeekDay(month: 2, week: 5, weekday: 4), 2024, "2024-02-29"),
            (.monthWeekDay(month: 2, week: 5, weekday: 4), 2026, "2026-02-26"),
            (.monthWeekDay(month: 2, week: 4, weekday: 6), 2026, "2026-02-28"),
        ])
        func dateRulesPickTheirDay(rule: POSIXTimeZoneRule.DateRule, year: Int, expected: String) throws {
            #expect(LocalDate(daysSinceEpoch: rule.daysSinceEpoch(in: year)).description == expected)
        }

        @Test(arguments: [
            "", "CET", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
            "CET-1CEST,M3.5.7,M10.5.0", "CET-25", "C-1", "CET-1CEST,J0,J365", "CET-1CEST,0,366", "<+03-3",
            "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1:60", "CET-1CEST,M3.5.0,M10.5.0,", "CET-1 ", "C3T-1",
        ])
        func malformedRulesAreRefused(text: String) {
            #expect(POSIXTimeZoneRule(parsing: text) == nil)
        }
    }
}

// MARK: - UTC timestamps

extension TimeZoneRulesTests {
    @Suite struct UTCTimestamps {
        @Test(arguments: [
            ("1970-01-01T00:00:00Z", Int64(0)), ("2026-12-02T22:59:59Z", 1_796_252_399),
            ("1969-12-31T23:59:59Z", -1), ("2038-01-19T03:14:08Z", 2_147_483_648),
            ("1900-01-01T00:00:00Z", -2_208_988_800), ("9999-12-31T23:59:59Z", 253_402_300_799),
            ("2024-02-29T12:00:00Z", 1_709_208_000),
        ])
        func timestampsFormatAndParse(text: String, seconds: Int64) {
            #expect(UTCTimestamp.format(seconds) == text)
            #expect(UTCTimestamp.parse(text) == seconds)
        }

        @Test func formattingRoundTripsOverCenturies() {
            var failures: [Int64] = []
            var t: Int64 = -6_000_000_000
            while t < 20_000_000_000 {
                if UTCTimestamp.parse(UTCTimestamp.format(t)) != t { failures.append(t) }
                t += 7_777_777
            }
            #expect(failures.isEmpty, "\(failures.prefix(5))")
        }

        @Test(arguments: [
            "2026-12-02T23:59:59+01:00", "2026-12-02T22:59:59Z", "2026-12-02T22:59:59z", "2026-12-02t22:59:59Z",
            "2026-12-02T22:59:59.999Z", "2026-12-02T22:59:59.5+00:00", "2026-12-02T22:59:59-00:00",
            "2026-12-02T17:59:59-05:00", "2026-12-03T04:29:59+05:30", "2026-12-02T23:59:59.000000001+01:00",
        ])
        func offsetsAndFractionsGiveTheSameInstant(text: String) {
            #expect(UTCTimestamp.parse(text) == 1_796_252_399)
        }

        @Test(arguments: [
            "", "2026-12-02", "2026-12-02T22:59:59", "2026-12-02 22:59:59Z", "2026-12-02T22:59Z",
            "2026-12-02T24:00:00Z", "2026-12-02T22:60:00Z", "2026-12-31T23:59:60Z", "2026-02-30T00:00:00Z",
            "2026-12-02T22:59:59.Z", "2026-12-02T22:59:59+0100", "2026-12-02T22:59:59+01", "2026-12-02T22:59:59+24:00",
            "2026-12-02T22:59:59+01:60", "2026-12-02T22:59:59ZZ", "2026-12-02T22:59:59Z ", " 2026-12-02T22:59:59Z",
            "26-12-02T22:59:59Z", "2026-12-2T22:59:59Z", "2026-12-02T22:59:59GMT",
        ])
        func malformedTimestampsAreRefused(text: String) {
            #expect(UTCTimestamp.parse(text) == nil)
        }

        @Test func nowIsARecentInstant() throws {
            #expect(UTCTimestamp.now() > (try TimeZoneRulesTests.instant("2025-01-01T00:00:00Z")))
        }
    }
}

// MARK: - Support

/// A directory under /tmp for one test, removed with its files.
private struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/portal-timezone-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let result = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: result)
        }
        path = try #require(created)
    }

    func store(_ name: String, _ bytes: [UInt8]) throws {
        let fd = open(path + "/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
    }

    func remove() {
        for name in ["Truncated", "Text", "Empty", "Copy"] { unlink(path + "/" + name) }
        rmdir(path)
    }
}
