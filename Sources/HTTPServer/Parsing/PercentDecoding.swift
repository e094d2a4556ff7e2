/// Percent-decoding of URI components (RFC 3986 §2.1).
public enum PercentDecoding {
    /// Decodes `%XX` escapes; nil when an escape is malformed or the result is not UTF-8.
    public static func decode(_ bytes: [UInt8], plusAsSpace: Bool = false) -> String? {
        guard let raw = decodeBytes(bytes, plusAsSpace: plusAsSpace) else { return nil }
        return String(validating: raw, as: UTF8.self)
    }

    /// Decodes `%XX` escapes into bytes; nil when an escape is malformed.
    public static func decodeBytes(_ bytes: [UInt8], plusAsSpace: Bool = false) -> [UInt8]? {
        guard bytes.contains(0x25) || (plusAsSpace && bytes.contains(0x2B)) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x25 {
                guard i + 2 < bytes.count, let hi = ASCII.hexValue(bytes[i + 1]), let lo = ASCII.hexValue(bytes[i + 2]) else { return nil }
                out.append(UInt8(hi << 4 | lo))
                i += 3
            } else {
                out.append(plusAsSpace && b == 0x2B ? 0x20 : b)
                i += 1
            }
        }
        return out
    }
}
