/// Building `JSONParseError`s: positions, and reasons that name what was
/// expected and what was found, so API clients can fix their request.
extension ByteParser {
    /// An error at byte `offset`, with its line and column computed from the
    /// input (only done when failing, so parsing never tracks lines).
    func error(_ reason: String, at offset: Int) -> JSONParseError {
        var line = 1
        var column = 1
        for byte in UnsafeBufferPointer(rebasing: input[0..<min(offset, input.count)]) {
            if byte == ASCII.lineFeed {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // count scalars, not continuation bytes
                column += 1
            }
        }
        return JSONParseError(offset: offset, line: line, column: column, reason: reason)
    }

    /// "`expectation`, found X" at the cursor, or "…, but the body ended".
    /// A `//` or `/*` gets its own reason, since comments are a common mistake.
    func unexpected(_ expectation: String) -> JSONParseError {
        guard let byte = current else {
            return error("\(expectation), but the body ended", at: position)
        }
        if byte == ASCII.slash, position + 1 < input.count,
           input[position + 1] == ASCII.slash || input[position + 1] == ASCII.asterisk {
            return error("comments are not allowed in JSON", at: position)
        }
        return error("\(expectation), found \(describeCharacter(at: position))", at: position)
    }

    /// A reason for a byte that cannot start a value, naming the usual
    /// mistakes (`+1`, `.5`, single quotes, bare words).
    func invalidValueStart() -> JSONParseError {
        switch input[position] {
        case ASCII.plus:
            error("numbers must not start with '+'", at: position)
        case ASCII.period:
            error("a number must have a digit before the decimal point (write 0.5, not .5)", at: position)
        case ASCII.apostrophe:
            error("strings must be enclosed in double quotes, not single quotes", at: position)
        case let byte where ASCII.isWordByte(byte):
            invalidWord(at: position)
        default:
            unexpected("expected a value")
        }
    }

    /// A reason for an object member that does not start with a quoted key.
    func invalidKeyStart() -> JSONParseError {
        switch current {
        case ASCII.apostrophe:
            error("object keys must be enclosed in double quotes, not single quotes", at: position)
        case let byte? where ASCII.isWordByte(byte):
            error("object keys must be strings in double quotes", at: position)
        default:
            unexpected("expected a string key in double quotes")
        }
    }

    /// A reason for a bare word such as `True`, `nul`, `NaN` or `hello`.
    func invalidWord(at start: Int) -> JSONParseError {
        var end = start
        while end < input.count, end - start < 32, ASCII.isWordByte(input[end]) {
            end += 1
        }
        let word = String(decoding: UnsafeBufferPointer(rebasing: input[start..<end]), as: UTF8.self)
        switch word {
        case "NaN", "Infinity":
            return error("NaN and Infinity are not valid JSON numbers", at: start)
        case "True", "TRUE", "False", "FALSE", "Null", "NULL", "None", "nil":
            return error("invalid literal '\(word)': JSON literals are lowercase true, false and null", at: start)
        default:
            return error("invalid literal '\(word)': strings must be in double quotes, and the only literals are true, false and null", at: start)
        }
    }

    /// How a byte in the input reads in a message: `']'`, `character U+00E9`,
    /// `control character U+0001` or `invalid UTF-8 byte 0xFF`.
    func describeCharacter(at offset: Int) -> String {
        let byte = input[offset]
        switch byte {
        case ASCII.apostrophe:
            return "\"'\""
        case 0x21..<0x7F:
            return "'\(Character(Unicode.Scalar(byte)))'"
        case ASCII.space:
            return "a space"
        case 0..<0x20, 0x7F:
            return "control character U+\(ASCII.hex(byte, digits: 4))"
        default:
            var bytes = UnsafeBufferPointer(rebasing: input[offset...]).makeIterator()
            var decoder = UTF8()
            if case .scalarValue(let scalar) = decoder.decode(&bytes) {
                return "character U+\(ASCII.hex(scalar.value, digits: 4))"
            }
            return "invalid UTF-8 byte 0x\(ASCII.hex(byte, digits: 2))"
        }
    }

    /// A key as it appears in messages: JSON-quoted, cut to 40 characters.
    static func quoted(_ key: String) -> String {
        let limit = 40
        guard key.unicodeScalars.count > limit else {
            return JSONValue.string(key).serialized()
        }
        var prefix = String.UnicodeScalarView()
        prefix.append(contentsOf: key.unicodeScalars.prefix(limit))
        return JSONValue.string(String(prefix) + "…").serialized()
    }
}
