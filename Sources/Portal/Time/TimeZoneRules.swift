/// The rules of one IANA time zone, read from a TZif file (RFC 8536, versions 1–4; the 64-bit data block of
/// v2+ and the footer POSIX TZ string — e.g. "CET-1CEST,M3.5.0,M10.5.0/3" — for instants after the last
/// transition).
///
/// Files are read from the system's zoneinfo directory with plain POSIX calls and parsed here, without
/// Foundation or ICU. A value is immutable and cheap to share; load a zone once (e.g. at start-up) and keep it.
///
/// Instants are Unix seconds (POSIX time, no leap seconds). Methods that produce local dates require the
/// instant to be within `supportedInstants` (about ±1,000,000 years), which any instant parsed by
/// `UTCTimestamp` is.
public struct TimeZoneRules: Sendable {
    /// The IANA identifier, as requested, e.g. "Europe/Brussels".
    public let identifier: String

    /// Transition instants, strictly ascending, each changing the local time type.
    private let transitionTimes: [Int64]
    /// The local time type from each transition on.
    private let transitionTypes: [LocalTimeType]
    /// The local time type before the first transition (the file's type 0).
    private let initialType: LocalTimeType
    /// The rule for instants after `footerStart`.
    private let footer: POSIXTimeZoneRule?
    /// The file's last transition, after which the footer applies; nil when the file has none, in which case
    /// the footer (if any) applies to all instants.
    private let footerStart: Int64?

    /// Where Debian's tzdata package installs the zones.
    public static let defaultDirectory = "/usr/share/zoneinfo"

    /// Coordinated Universal Time, built in (needs no file).
    public static let utc = TimeZoneRules(builtInUTC: "UTC")

    /// The instants whose local date, in any zone, is a supported `LocalDate`.
    public static let supportedInstants: ClosedRange<Int64> =
        Int64(LocalDate.supportedDaysSinceEpoch.lowerBound + 2) * 86_400
        ... Int64(LocalDate.supportedDaysSinceEpoch.upperBound - 1) * 86_400 - 1

    /// Loads the zone `identifier` (e.g. "Europe/Brussels") from the TZif file of that name in `directory`.
    ///
    /// "UTC" and "Etc/UTC" are built in and need no file. Identifiers come from configuration files, so
    /// anything but `[A-Za-z0-9/_+-]` in non-empty "/"-separated components — "..", a leading "/", NUL —
    /// is refused before any file is opened.
    /// - Throws: `TimeZoneError` for an invalid identifier, an unknown zone, an unreadable or malformed file.
    public init(identifier: String, directory: String = TimeZoneRules.defaultDirectory) throws(TimeZoneError) {
        if identifier == "UTC" || identifier == "Etc/UTC" {
            self.init(builtInUTC: identifier)
            return
        }
        try ZoneInfoDirectory.validate(identifier)
        let bytes = try ZoneInfoDirectory.contents(of: identifier, directory: directory)
        let file: TZifFile
        do throws(TZifFile.FormatError) {
            file = try TZifFile(parsing: bytes)
        } catch {
            throw ZoneInfoDirectory.invalid(identifier, error.detail)
        }
        self.init(identifier: identifier, file: file)
    }

    private init(builtInUTC identifier: String) {
        self.identifier = identifier
        transitionTimes = []
        transitionTypes = []
        initialType = .utc
        footer = nil
        footerStart = nil
    }

    init(identifier: String, file: TZifFile) {
        self.identifier = identifier
        initialType = file.types[0]
        // Keep only transitions that change something, so that every transition is a real one.
        var times: [Int64] = []
        var types: [LocalTimeType] = []
        var previous = initialType
        for (time, index) in zip(file.transitionTimes, file.transitionTypes) where file.types[index] != previous {
            previous = file.types[index]
            times.append(time)
            types.append(previous)
        }
        transitionTimes = times
        transitionTypes = types
        footer = file.footer
        footerStart = file.transitionTimes.last
    }

    // MARK: Instants to local time

    /// Seconds east of UTC in effect at the instant.
    public func offset(at unixSeconds: Int64) -> Int {
        localTimeType(at: unixSeconds).utcOffset
    }

    /// The abbreviation in effect at the instant, e.g. "CET" or "CEST".
    public func abbreviation(at unixSeconds: Int64) -> String {
        localTimeType(at: unixSeconds).abbreviation
    }

    /// Whether daylight saving time is in effect at the instant.
    public func isDaylightSavingTime(at unixSeconds: Int64) -> Bool {
        localTimeType(at: unixSeconds).isDaylightSavingTime
    }

    /// The wall-clock time in this zone at the instant.
    /// - Precondition: `unixSeconds` is in `supportedInstants`.
    public func localDateTime(at unixSeconds: Int64) -> LocalDateTime {
        precondition(Self.supportedInstants.contains(unixSeconds),
                     "TimeZoneRules: instant \(unixSeconds) is outside the supported years")
        return LocalDateTime(secondsSinceLocalEpoch: Int(unixSeconds) + offset(at: unixSeconds))
    }

    /// The date in this zone at the instant.
    /// - Precondition: `unixSeconds` is in `supportedInstants`.
    public func localDate(at unixSeconds: Int64) -> LocalDate {
        localDateTime(at: unixSeconds).date
    }

    /// The first instant after `unixSeconds` at which the offset, abbreviation or daylight-saving flag changes;
    /// nil if it never changes again.
    public func nextTransition(after unixSeconds: Int64) -> Int64? {
        guard let footerStart else {
            return footer?.nextTransition(after: unixSeconds)
        }
        let index = Self.firstIndex(in: transitionTimes, after: unixSeconds)
        if index < transitionTimes.count { return transitionTimes[index] }
        guard let footer, footerStart < Int64.max else { return nil }
        if unixSeconds <= footerStart {
            // The footer takes over right after the last transition; a well-formed file agrees with it there.
            let takeover = footerStart + 1
            if footer.localTimeType(at: takeover) != localTimeType(at: footerStart) { return takeover }
            return footer.nextTransition(after: takeover)
        }
        return footer.nextTransition(after: unixSeconds)
    }

    // MARK: Local time to instants

    /// The UTC instant of the last second (23:59:59) of `date` in this zone — the end of a day that a deadline
    /// falls on.
    ///
    /// Exactly: the last instant whose local date is `date` or earlier, so days of 23 or 25 hours (and zones
    /// whose clocks change at midnight, or even move back across it) end at their real last second. For a
    /// date that a zone skipped entirely (Pacific/Apia, 2011-12-30) that is the end of the day before.
    public func endOfDay(_ date: LocalDate) -> Int64 {
        let end = Int64(date.daysSinceEpoch + 1) * 86_400  // local midnight after `date`, in local seconds
        var result: Int64?
        for segment in segments(around: end).reversed() {
            // In this segment, local time < `end` exactly when t < end - offset.
            let last = min(segment.end, end - Int64(segment.offset)) - 1
            if last >= segment.start {
                result = last
                break
            }
        }
        return result ?? end - Int64(offset(at: end)) - 1  // unreachable: offsets are below 26 hours
    }

    /// The first instant whose local date is `date` or later: the start of the day (00:00:00, or the end of
    /// the gap when the clocks jump forward at midnight).
    public func startOfDay(_ date: LocalDate) -> Int64 {
        let start = Int64(date.daysSinceEpoch) * 86_400
        for segment in segments(around: start) {
            let first = max(segment.start, start - Int64(segment.offset))
            if first < segment.end { return first }
        }
        return start - Int64(offset(at: start))  // unreachable: offsets are below 26 hours
    }

    /// The UTC instant of a local wall-clock time.
    ///
    /// A time that does not exist (in a spring-forward gap, e.g. 02:30 on 2026-03-29 in Brussels) gives the
    /// instant after the gap — the transition itself (01:00:00Z, when the clocks show 03:00:00), the first
    /// instant whose wall-clock time is later. An ambiguous time (fall-back, e.g. 02:30 on 2026-10-25) gives
    /// the earlier of its two instants. So later wall-clock times never give earlier instants.
    public func instant(of local: LocalDateTime) -> Int64 {
        let wall = Int64(local.secondsSinceLocalEpoch)
        let segments = segments(around: wall)
        for segment in segments {
            let t = wall - Int64(segment.offset)
            if segment.start <= t, t < segment.end { return t }
        }
        for (before, after) in zip(segments, segments.dropFirst())
        where after.start + Int64(before.offset) <= wall && wall < after.start + Int64(after.offset) {
            return after.start
        }
        return wall - Int64(offset(at: wall))  // unreachable: offsets are below 26 hours
    }

    // MARK: Internals

    /// A stretch of time with one offset: [start, end).
    private struct Segment {
        let start: Int64
        let end: Int64
        let offset: Int
    }

    /// The stretches of constant offset covering two days either side of `instant`. Offsets are below
    /// 26 hours, so every instant whose wall-clock time is near `instant`'s number lies inside.
    private func segments(around instant: Int64) -> [Segment] {
        let low = instant - 2 * 86_400
        let high = instant + 2 * 86_400
        var result: [Segment] = []
        var start = low
        var offset = offset(at: low)
        while let next = nextTransition(after: start), next <= high {
            result.append(Segment(start: start, end: next, offset: offset))
            start = next
            offset = self.offset(at: next)
        }
        result.append(Segment(start: start, end: high + 1, offset: offset))
        return result
    }

    func localTimeType(at unixSeconds: Int64) -> LocalTimeType {
        if let footer, footerStart.map({ unixSeconds > $0 }) ?? true {
            return footer.localTimeType(at: unixSeconds)
        }
        let index = Self.firstIndex(in: transitionTimes, after: unixSeconds)
        return index == 0 ? initialType : transitionTypes[index - 1]
    }

    /// The index of the first element of ascending `times` greater than `t` (`times.count` if none).
    private static func firstIndex(in times: [Int64], after t: Int64) -> Int {
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= t { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
