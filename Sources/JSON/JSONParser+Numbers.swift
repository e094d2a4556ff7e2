/// Number parsing per the RFC 8259 grammar:
/// `[ "-" ] ( "0" / [1-9] *DIGIT ) [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "+" / "-" ] 1*DIGIT ]`.
/// The literal is kept as written; conversion happens on demand in `JSONValue`.
extension ByteParser {
    /// Parses a number starting at `-` or a digit and returns its literal.
    mutating func parseNumber() throws(JSONParseError) -> String {
        let start = position
        if current == ASCII.minus {
            position += 1
        }
        guard let first = current else {
            throw unexpected("expected a digit after '-'")
        }
        if first == ASCII.zero {
            position += 1
            if let next = current {
                if ASCII.isDigit(next) {
                    throw error("numbers must not have leading zeros", at: start)
                }
                if next == UInt8(ascii: "x") || next == UInt8(ascii: "X") {
                    throw error("hexadecimal numbers are not allowed in JSON", at: start)
                }
            }
        } else if ASCII.isDigit(first) {
            skipDigits()
        } else if first == ASCII.period {
            throw error("a number must have a digit before the decimal point (write 0.5, not .5)", at: start)
        } else if ASCII.isLetter(first) {
            throw invalidWord(at: position)  // -Infinity
        } else {
            throw unexpected("expected a digit after '-'")
        }
        if current == ASCII.period {
            position += 1
            guard let next = current, ASCII.isDigit(next) else {
                throw unexpected("expected a digit after the decimal point")
            }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == ASCII.plus || current == ASCII.minus {
                position += 1
            }
            guard let next = current, ASCII.isDigit(next) else {
                throw unexpected("expected a digit in the exponent")
            }
            skipDigits()
        }
        guard position - start <= limits.maxNumberLength else {
            throw error("number is longer than the limit of \(limits.maxNumberLength) characters", at: start)
        }
        return String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
    }

    private mutating func skipDigits() {
        while position < input.count && ASCII.isDigit(input[position]) {
            position += 1
        }
    }
}

/// Checks that a string is a JSON number literal, for values built by hand
/// (`JSONValue.number(String)`) before they are written or converted.
enum JSONNumberGrammar {
    static func isValid(_ literal: String) -> Bool {
        var bytes = literal.utf8[...]
        func skipDigits() -> Bool {
            let before = bytes.count
            while let byte = bytes.first, ASCII.isDigit(byte) {
                bytes.removeFirst()
            }
            return bytes.count < before
        }
        if bytes.first == ASCII.minus {
            bytes.removeFirst()
        }
        guard let first = bytes.first, ASCII.isDigit(first) else { return false }
        if first == ASCII.zero {
            bytes.removeFirst()
        } else {
            _ = skipDigits()
        }
        if bytes.first == ASCII.period {
            bytes.removeFirst()
            guard skipDigits() else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes.removeFirst()
            if bytes.first == ASCII.plus || bytes.first == ASCII.minus {
                bytes.removeFirst()
            }
            guard skipDigits() else { return false }
        }
        return bytes.isEmpty
    }
}
