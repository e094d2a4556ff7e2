#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// RFC 3339 UTC formatting/parsing of instants (Unix seconds): "2026-12-02T22:59:59Z".
public enum UTCTimestamp {
    /// The current instant from the system's real-time clock, in whole seconds.
    public static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }

    /// "YYYY-MM-DDTHH:MM:SSZ".
    /// - Precondition: `unixSeconds` is in `TimeZoneRules.supportedInstants` (years outside 0–9999 are
    ///   written as ISO 8601 expanded years, which RFC 3339 does not allow).
    public static func format(_ unixSeconds: Int64) -> String {
        TimeZoneRules.utc.localDateTime(at: unixSeconds).description + "Z"
    }

    /// Parses an RFC 3339 date-time, "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm)", e.g. "2026-12-02T22:59:59Z"
    /// or "2026-12-02T23:59:59+01:00" (the same instant). A fraction of a second is truncated; "T" and "Z"
    /// may be lower case. nil for anything else, including leap seconds (":60") and dates that do not exist.
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = TimeText.number(b, 0..<4), let month = TimeText.number(b, 5..<7),
              let day = TimeText.number(b, 8..<10), let date = LocalDate(year: year, month: month, day: day),
              let hour = TimeText.number(b, 11..<13), let minute = TimeText.number(b, 14..<16),
              let second = TimeText.number(b, 17..<19),
              let time = LocalDateTime(date: date, hour: hour, minute: minute, second: second) else { return nil }

        var index = 19
        if b[index] == UInt8(ascii: ".") {
            index += 1
            let digitsStart = index
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 { index += 1 }
            guard index > digitsStart else { return nil }
        }
        guard index < b.count else { return nil }

        let offset: Int
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == b.count else { return nil }
            offset = 0
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.count == index + 6, b[index + 3] == UInt8(ascii: ":"),
                  let hours = TimeText.number(b, (index + 1)..<(index + 3)), hours <= 23,
                  let minutes = TimeText.number(b, (index + 4)..<(index + 6)), minutes <= 59 else { return nil }
            offset = (b[index] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        default:
            return nil
        }
        return Int64(time.secondsSinceLocalEpoch - offset)
    }
}
