/// Fixed-width decimal fields of the ISO 8601 / RFC 3339 texts that the time types read and write.
enum TimeText {
    /// The value of the ASCII digits `bytes[range]`, or nil if any byte there is not a digit.
    static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count, !range.isEmpty else { return nil }
        var value = 0
        for index in range {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `value` (non-negative) in decimal, left-padded with zeros to `width` digits.
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// "HH:MM:SS".
    static func clock(hour: Int, minute: Int, second: Int) -> String {
        padded(hour, width: 2) + ":" + padded(minute, width: 2) + ":" + padded(second, width: 2)
    }
}
