/// One kind of local time a zone observes, e.g. CET (UTC+1, standard) or CEST (UTC+2, daylight saving).
struct LocalTimeType: Sendable, Hashable {
    /// Seconds east of UTC.
    let utcOffset: Int
    let isDaylightSavingTime: Bool
    /// The designation shown to people, e.g. "CET", "+03".
    let abbreviation: String

    /// The offsets a TZif file may declare (RFC 8536 §3.2: −25 h < utoff < 26 h). The POSIX TZ strings
    /// of footers stay within them too, and `TimeZoneRules` relies on the bound.
    static let validOffsets: ClosedRange<Int> = -89_999...93_599

    static let utc = LocalTimeType(utcOffset: 0, isDaylightSavingTime: false, abbreviation: "UTC")
}
