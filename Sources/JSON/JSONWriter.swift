extension JSONValue {
    /// Compact JSON text: no whitespace, object members in their order, numbers
    /// as their literal.
    ///
    /// With `sortedKeys: true` this is the canonical encoding the audit log
    /// hashes: object members are ordered by the UTF-8 bytes of their keys
    /// (so `"B"` sorts before `"a"`, and `"é"` after `"z"`), which makes the
    /// output identical for equal values however their objects were built.
    /// (This is not RFC 8785/JCS, which sorts by UTF-16 and rewrites numbers.)
    ///
    /// Strings are escaped minimally and the same way in both modes, so that
    /// one escaping rule has to be reviewed and the output is always safe to
    /// embed in an HTML `<script>` element:
    /// - `"` and `\` as `\"` and `\\`;
    /// - control characters below U+0020 as `\b`, `\f`, `\n`, `\r`, `\t`, or
    ///   otherwise `\u00XX` (lower-case hex);
    /// - U+2028 and U+2029 as `\u2028` and `\u2029` (line terminators in JavaScript);
    /// - `</` as `<\/`, so the text can never close a `<script>` element.
    ///
    /// Everything else, including non-ASCII text, is written as raw UTF-8.
    /// A `.number` whose literal is not valid JSON is written as `null`, so the
    /// output is always valid JSON.
    public func serialized(sortedKeys: Bool = false) -> String {
        String(decoding: serializedBytes(sortedKeys: sortedKeys), as: UTF8.self)
    }

    /// The UTF-8 bytes of `serialized(sortedKeys:)`, ready to send or hash
    /// without an intermediate `String`.
    public func serializedBytes(sortedKeys: Bool = false) -> [UInt8] {
        var writer = JSONWriter(sortedKeys: sortedKeys)
        writer.write(self)
        return writer.output
    }
}

/// Appends compact JSON text for values to a byte buffer.
struct JSONWriter {
    let sortedKeys: Bool
    private(set) var output: [UInt8] = []

    init(sortedKeys: Bool) {
        self.sortedKeys = sortedKeys
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let bool):
            output.append(contentsOf: bool ? "true".utf8 : "false".utf8)
        case .number(let literal):
            output.append(contentsOf: JSONNumberGrammar.isValid(literal) ? literal.utf8 : "null".utf8)
        case .string(let string):
            write(string: string)
        case .array(let elements):
            output.append(ASCII.openBracket)
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(ASCII.comma) }
                write(element)
            }
            output.append(ASCII.closeBracket)
        case .object(let object):
            output.append(ASCII.openBrace)
            var first = true
            for (key, member) in sortedKeys ? object.membersSortedByKeyBytes : object.members {
                if !first { output.append(ASCII.comma) }
                first = false
                write(string: key)
                output.append(ASCII.colon)
                write(member)
            }
            output.append(ASCII.closeBrace)
        }
    }

    /// Writes a quoted string, copying runs of bytes that need no escape at once.
    mutating func write(string: String) {
        output.append(ASCII.quote)
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let escape: String
                var length = 1
                switch byte {
                case ASCII.quote:
                    escape = "\\\""
                case ASCII.backslash:
                    escape = "\\\\"
                case 0x08:
                    escape = "\\b"
                case 0x0C:
                    escape = "\\f"
                case ASCII.lineFeed:
                    escape = "\\n"
                case ASCII.carriageReturn:
                    escape = "\\r"
                case ASCII.tab:
                    escape = "\\t"
                case 0..<ASCII.space:
                    escape = "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
                case ASCII.slash where index > 0 && bytes[index - 1] == ASCII.lessThan:
                    escape = "\\/"
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    length = 3
                default:
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(contentsOf: escape.utf8)
                index += length
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(ASCII.quote)
    }
}
