#if canImport(Glibc)
import Glibc
#endif

/// One JSON object per request on stderr: method, route pattern, status, duration, bytes. Never
/// the path, query, headers or body, which may hold personal data or tokens. Lines are gathered
/// per event-loop turn and written with one write(2) each time they near PIPE_BUF, so lines from
/// different loops never interleave and logging costs no system call per request.
struct AccessLog {
    private let buffer = ByteBuffer(capacity: 4096)
    private static let flushThreshold = 3584
    private var cachedSecond = -1
    private var secondPrefix: [UInt8] = []

    mutating func record(method: String, route: String, status: Int, durationNanoseconds: UInt64, bytes: Int) {
        buffer.append("{\"ts\":\"")
        appendTimestamp()
        buffer.append("\",\"level\":\"info\",\"msg\":\"request\",\"method\":")
        appendString(method)
        buffer.append(",\"route\":")
        appendString(route)
        buffer.append(",\"status\":")
        buffer.append(decimal: status)
        buffer.append(",\"duration_ms\":")
        let micros = Int(durationNanoseconds / 1000)
        buffer.append(decimal: micros / 1000)
        buffer.append(byte: 0x2E)
        appendPadded(micros % 1000, width: 3)
        buffer.append(",\"bytes\":")
        buffer.append(decimal: bytes)
        buffer.append("}\n")
        if buffer.readableCount >= Self.flushThreshold { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        _ = try? FileDescriptor(rawValue: 2).write(UnsafeRawBufferPointer(buffer.readable))
        buffer.clear()
    }

    /// Method tokens and route patterns need no escaping unless they hold a quote or backslash.
    private func appendString(_ value: String) {
        if value.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
            buffer.append(JSONString.quote(value))
        } else {
            buffer.append(byte: 0x22)
            buffer.append(value)
            buffer.append(byte: 0x22)
        }
    }

    /// RFC 3339 UTC with milliseconds; the part up to the second is formatted once a second.
    private mutating func appendTimestamp() {
        let (seconds, milliseconds) = WallClock.now()
        if seconds != cachedSecond {
            cachedSecond = seconds
            secondPrefix = WallClock.secondPrefix(seconds)
        }
        buffer.append(secondPrefix)
        appendPadded(milliseconds, width: 3)
        buffer.append(byte: 0x5A)
    }

    private func appendPadded(_ value: Int, width: Int) {
        var digits = 1
        var v = value
        while v >= 10 { v /= 10; digits += 1 }
        for _ in digits..<max(digits, width) { buffer.append(byte: 0x30) }
        buffer.append(decimal: value)
    }
}
