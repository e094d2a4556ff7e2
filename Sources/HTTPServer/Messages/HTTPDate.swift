#if canImport(Glibc)
import Glibc
#endif

/// IMF-fixdate (RFC 9110 §5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT", without Foundation.
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since the epoch.
    public static func format(_ seconds: Int) -> String {
        String(decoding: bytes(seconds), as: UTF8.self)
    }

    static func bytes(_ seconds: Int) -> [UInt8] {
        var t = time_t(seconds)
        var tm = Glibc.tm()
        gmtime_r(&t, &tm)
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out += days[Int(tm.tm_wday)].utf8
        out += ", ".utf8
        two(&out, Int(tm.tm_mday)); out.append(0x20)
        out += months[Int(tm.tm_mon)].utf8; out.append(0x20)
        let year = Int(tm.tm_year) + 1900
        two(&out, year / 100); two(&out, year % 100); out.append(0x20)
        two(&out, Int(tm.tm_hour)); out.append(0x3A)
        two(&out, Int(tm.tm_min)); out.append(0x3A)
        two(&out, Int(tm.tm_sec))
        out += " GMT".utf8
        return out
    }

    private static func two(_ out: inout [UInt8], _ n: Int) {
        out.append(UInt8(0x30 + n / 10))
        out.append(UInt8(0x30 + n % 10))
    }

    /// Parses an IMF-fixdate into seconds since the epoch; nil for anything else.
    public static func parse(_ text: String) -> Int? {
        let b = Array(text.utf8)
        guard b.count == 29, b[3] == 0x2C, b[4] == 0x20, b[7] == 0x20, b[11] == 0x20, b[16] == 0x20,
              b[19] == 0x3A, b[22] == 0x3A, b[25] == 0x20, Array(b[26...]) == Array("GMT".utf8) else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                guard ASCII.isDigit(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        let monthName = String(decoding: b[8..<11], as: UTF8.self)
        guard let day = number(5..<7), let month = months.firstIndex(of: monthName), let year = number(12..<16),
              let hour = number(17..<19), let minute = number(20..<22), let second = number(23..<25),
              day >= 1, day <= 31, hour < 24, minute < 60, second < 61 else { return nil }
        var tm = Glibc.tm()
        tm.tm_year = Int32(year - 1900)
        tm.tm_mon = Int32(month)
        tm.tm_mday = Int32(day)
        tm.tm_hour = Int32(hour)
        tm.tm_min = Int32(minute)
        tm.tm_sec = Int32(second)
        return Int(timegm(&tm))
    }
}

/// The Date header line, rebuilt at most once a second per event loop.
struct DateHeaderCache {
    private var second = -1
    private(set) var line: [UInt8] = []

    mutating func current() -> [UInt8] {
        let now = Int(time(nil))
        if now != second {
            second = now
            line = Array("Date: ".utf8) + HTTPDate.bytes(now) + [ASCII.cr, ASCII.lf]
        }
        return line
    }
}
