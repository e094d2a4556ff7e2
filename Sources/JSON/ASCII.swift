/// Byte values of the ASCII characters the parser and writer look at, named
/// so that byte-level code reads like the grammar it implements.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22          // "
    static let apostrophe: UInt8 = 0x27     // '
    static let asterisk: UInt8 = 0x2A       // *
    static let plus: UInt8 = 0x2B           // +
    static let comma: UInt8 = 0x2C          // ,
    static let minus: UInt8 = 0x2D          // -
    static let period: UInt8 = 0x2E         // .
    static let slash: UInt8 = 0x2F          // /
    static let zero: UInt8 = 0x30           // 0
    static let nine: UInt8 = 0x39           // 9
    static let colon: UInt8 = 0x3A          // :
    static let lessThan: UInt8 = 0x3C       // <
    static let openBracket: UInt8 = 0x5B    // [
    static let backslash: UInt8 = 0x5C      // \
    static let closeBracket: UInt8 = 0x5D   // ]
    static let openBrace: UInt8 = 0x7B      // {
    static let closeBrace: UInt8 = 0x7D     // }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= zero && byte <= nine
    }

    /// Letters, digits and `_`: the bytes of a bare word such as `true` or `NaN`.
    static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == 0x5F || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A
    }

    /// The value of a hexadecimal digit, or `nil` for any other byte.
    static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case zero...nine: byte - zero
        case 0x41...0x46: byte - 0x41 + 10   // A-F
        case 0x61...0x66: byte - 0x61 + 10   // a-f
        default: nil
        }
    }

    /// `value` in upper-case hexadecimal, zero-padded to `digits` digits
    /// (`U+00E9`-style notation in messages).
    static func hex(_ value: some BinaryInteger, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
