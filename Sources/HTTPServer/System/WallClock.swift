#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock timestamps for logs, in RFC 3339 UTC with milliseconds, without Foundation.
public enum WallClock {
    /// Now, e.g. "2026-11-28T23:02:08.123Z".
    public static func rfc3339() -> String {
        let (seconds, milliseconds) = now()
        var bytes = secondPrefix(seconds)
        bytes.append(UInt8(0x30 + milliseconds / 100))
        bytes.append(UInt8(0x30 + milliseconds / 10 % 10))
        bytes.append(UInt8(0x30 + milliseconds % 10))
        bytes.append(0x5A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Seconds since the epoch and the milliseconds within the second.
    static func now() -> (seconds: Int, milliseconds: Int) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int(ts.tv_sec), Int(ts.tv_nsec / 1_000_000))
    }

    /// "YYYY-MM-DDTHH:MM:SS." for a second since the epoch.
    static func secondPrefix(_ seconds: Int) -> [UInt8] {
        var t = time_t(seconds)
        var tm = Glibc.tm()
        gmtime_r(&t, &tm)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(0x30 + (value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(tm.tm_year + 1900, 4); out.append(0x2D)
        digits(tm.tm_mon + 1, 2); out.append(0x2D)
        digits(tm.tm_mday, 2); out.append(0x54)
        digits(tm.tm_hour, 2); out.append(0x3A)
        digits(tm.tm_min, 2); out.append(0x3A)
        digits(tm.tm_sec, 2); out.append(0x2E)
        return out
    }
}
