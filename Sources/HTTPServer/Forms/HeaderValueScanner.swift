/// A cursor over one header field value for the grammar of RFC 9110 §5.6: tokens, quoted-strings
/// and parameter lists `*( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )`.
/// Shared by `MediaType` and the Content-Disposition of multipart parts.
struct HeaderValueScanner {
    /// How a backslash inside a quoted-string is read.
    enum Escapes {
        /// RFC 9110 quoted-pair: a backslash always escapes the next character.
        case strict
        /// A backslash escapes only a tspecial (RFC 2045, e.g. `"` or `\`); before any other character
        /// it is a literal backslash. Old browsers send Windows paths such as `C:\dir\a.txt` unescaped.
        case tspecialsOnly
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ value: String) {
        bytes = Array(value.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }

    mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == ASCII.space || bytes[index] == ASCII.tab { index += 1 }
    }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// One or more tchars, lowercased when asked; nil (nothing consumed) when none is next.
    mutating func token(lowercased: Bool = false) -> String? {
        let start = index
        while index < bytes.count, ASCII.isTokenChar(bytes[index]) { index += 1 }
        guard index > start else { return nil }
        let slice = bytes[start..<index]
        return lowercased ? String(decoding: slice.lazy.map(ASCII.lowercase), as: UTF8.self)
                          : String(decoding: slice, as: UTF8.self)
    }

    /// A quoted-string, unquoted and unescaped; nil when malformed, unterminated or not UTF-8.
    mutating func quotedString(_ escapes: Escapes) -> String? {
        guard consume(0x22) else { return nil }
        var out: [UInt8] = []
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case 0x22:
                index += 1
                return String(validating: out, as: UTF8.self)
            case 0x5C:
                guard index + 1 < bytes.count, ASCII.isFieldValueByte(bytes[index + 1]) else { return nil }
                let next = bytes[index + 1]
                if escapes == .tspecialsOnly && !Self.isTSpecial(next) {
                    out.append(b)
                    index += 1
                } else {
                    out.append(next)
                    index += 2
                }
            default:
                guard ASCII.isFieldValueByte(b) else { return nil }
                out.append(b)
                index += 1
            }
        }
        return nil
    }

    /// The parameters up to the end of the value, names lowercased, in order (duplicates kept for
    /// the caller to refuse); nil when anything is malformed. Empty parameters (`;;`) are skipped.
    mutating func parameters(_ escapes: Escapes) -> [(name: String, value: String)]? {
        var result: [(name: String, value: String)] = []
        while true {
            skipWhitespace()
            if isAtEnd { return result }
            guard consume(0x3B) else { return nil }
            skipWhitespace()
            if isAtEnd || bytes[index] == 0x3B { continue }
            guard let name = token(lowercased: true), consume(0x3D) else { return nil }
            let value = index < bytes.count && bytes[index] == 0x22 ? quotedString(escapes) : token()
            guard let value else { return nil }
            result.append((name, value))
        }
    }

    /// tspecials of RFC 2045 §5.1: ( ) < > @ , ; : \ " / [ ] ? =
    private static func isTSpecial(_ b: UInt8) -> Bool {
        switch b {
        case 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x3D: return true
        default: return false
        }
    }
}
