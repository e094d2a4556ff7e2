/// String parsing: validates UTF-8, decodes escapes and enforces
/// `maxStringBytes`. Runs of plain bytes are copied in one go; only strings
/// with escapes go through the scratch buffer.
extension ByteParser {
    /// Parses a string starting at the opening quote and returns its text.
    mutating func parseString() throws(JSONParseError) -> String {
        let open = position
        position += 1  // "
        var runStart = position
        var usesScratch = false
        let end = input.count
        while true {
            // Fast path: printable ASCII other than the quote and backslash.
            while position < end {
                let byte = input[position]
                guard byte >= ASCII.space, byte < 0x80, byte != ASCII.quote, byte != ASCII.backslash else { break }
                position += 1
            }
            let length = (usesScratch ? scratch.count : 0) + (position - runStart)
            guard length <= limits.maxStringBytes else {
                throw error("string is longer than the limit of \(limits.maxStringBytes) bytes", at: open)
            }
            guard position < end else {
                throw error("unterminated string: the body ended before its closing '\"'", at: open)
            }
            let byte = input[position]
            if byte == ASCII.quote {
                let run = UnsafeBufferPointer(rebasing: input[runStart..<position])
                position += 1
                if usesScratch {
                    scratch.append(contentsOf: run)
                    return String(decoding: scratch, as: UTF8.self)
                }
                return String(decoding: run, as: UTF8.self)
            } else if byte == ASCII.backslash {
                if !usesScratch {
                    scratch.removeAll(keepingCapacity: true)
                    usesScratch = true
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                try parseEscape()
                runStart = position
            } else if byte < ASCII.space {
                throw unescapedControlCharacter(byte)
            } else {
                try skipMultibyteCharacter()
            }
        }
    }

    /// Decodes the escape sequence at the cursor (a backslash) into `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let start = position
        position += 1  // \
        guard let byte = current else {
            throw error("unterminated string: the body ended inside an escape sequence", at: start)
        }
        position += 1
        switch byte {
        case ASCII.quote, ASCII.backslash, ASCII.slash:
            scratch.append(byte)
        case UInt8(ascii: "b"):
            scratch.append(0x08)
        case UInt8(ascii: "f"):
            scratch.append(0x0C)
        case UInt8(ascii: "n"):
            scratch.append(ASCII.lineFeed)
        case UInt8(ascii: "r"):
            scratch.append(ASCII.carriageReturn)
        case UInt8(ascii: "t"):
            scratch.append(ASCII.tab)
        case UInt8(ascii: "u"):
            appendUTF8(try parseUnicodeEscape(start: start))
        default:
            let shown = byte > ASCII.space && byte < 0x7F
                ? "'\\\(Character(Unicode.Scalar(byte)))'"
                : "(a backslash followed by \(describeCharacter(at: position - 1)))"
            throw error("invalid escape sequence \(shown) in string; the valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", at: start)
        }
    }

    /// Reads the four hex digits of a `\u` escape (cursor just after the `u`),
    /// combining a surrogate pair into one scalar.
    private mutating func parseUnicodeEscape(start: Int) throws(JSONParseError) -> UInt32 {
        let unit = try hexQuad(at: position, escapeStart: start)
        position += 4
        switch unit {
        case 0xD800...0xDBFF:
            // A high surrogate must be followed at once by an escaped low surrogate.
            guard position + 1 < input.count,
                  input[position] == ASCII.backslash,
                  input[position + 1] == UInt8(ascii: "u")
            else {
                throw unpairedSurrogate(unit, at: start)
            }
            let low = try hexQuad(at: position + 2, escapeStart: position)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw unpairedSurrogate(unit, at: start)
            }
            position += 6
            return 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw unpairedSurrogate(unit, at: start)
        default:
            return UInt32(unit)
        }
    }

    private func hexQuad(at offset: Int, escapeStart: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for index in offset..<offset + 4 {
            guard index < input.count, let digit = ASCII.hexDigitValue(input[index]) else {
                throw error("invalid \\u escape in string: expected four hexadecimal digits after \\u", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private func unpairedSurrogate(_ unit: UInt16, at offset: Int) -> JSONParseError {
        let escape = "\\u" + ASCII.hex(unit, digits: 4)
        let rule = unit < 0xDC00
            ? "a high surrogate must be followed by an escaped low surrogate (\\uDC00-\\uDFFF)"
            : "a low surrogate must follow an escaped high surrogate (\\uD800-\\uDBFF)"
        return error("unpaired surrogate \(escape) in string: \(rule)", at: offset)
    }

    /// Appends a Unicode scalar value (already known to be valid) as UTF-8.
    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Moves past one well-formed multibyte UTF-8 character (Unicode Table
    /// 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
    private mutating func skipMultibyteCharacter() throws(JSONParseError) {
        let start = position
        let lead = input[start]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
        case 0xED:
            length = 3
            second = 0x80...0x9F
        case 0xF0:
            length = 4
            second = 0x90...0xBF
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            second = 0x80...0x8F
        default:
            throw invalidUTF8(at: start)
        }
        guard start + length <= input.count, second.contains(input[start + 1]) else {
            throw invalidUTF8(at: start)
        }
        for index in start + 2 ..< start + length where input[index] & 0xC0 != 0x80 {
            throw invalidUTF8(at: start)
        }
        position = start + length
    }

    private func invalidUTF8(at offset: Int) -> JSONParseError {
        error("invalid UTF-8 in string (byte 0x\(ASCII.hex(input[offset], digits: 2)) does not start a valid UTF-8 sequence)", at: offset)
    }

    private func unescapedControlCharacter(_ byte: UInt8) -> JSONParseError {
        let code = "U+" + ASCII.hex(byte, digits: 4)
        let reason = switch byte {
        case ASCII.lineFeed:
            "unescaped line feed (\(code)) in string: escape it as \\n, or close the string with '\"' first"
        case ASCII.carriageReturn:
            "unescaped carriage return (\(code)) in string: escape it as \\r"
        case ASCII.tab:
            "unescaped tab (\(code)) in string: escape it as \\t"
        default:
            "unescaped control character \(code) in string: escape it as \\u\(ASCII.hex(byte, digits: 4))"
        }
        return error(reason, at: position)
    }
}
