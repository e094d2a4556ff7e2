/// Parses JSON text into a `JSONValue` tree under strict RFC 8259 rules.
///
/// Request bodies come from untrusted clients, so the parser accepts only
/// well-formed JSON and enforces `JSONLimits`. It rejects, with a specific
/// reason and position:
/// - an empty body, a UTF-8 byte order mark, or anything besides exactly one
///   value surrounded by optional whitespace (space, tab, line feed, carriage return);
/// - invalid UTF-8, unescaped control characters (U+0000–U+001F), unknown
///   escapes and unpaired UTF-16 surrogates in strings;
/// - numbers outside the RFC 8259 grammar (`01`, `+1`, `.5`, `5.`, `0x1F`,
///   `NaN`, `Infinity`);
/// - literals other than exactly `true`, `false` and `null`;
/// - duplicate keys (ambiguous: different systems would keep different
///   values), trailing commas and comments;
/// - input beyond the depth, string length, member count or number length limits.
///
/// Parsing walks the bytes by index and copies runs of plain characters at
/// once, so bodies of about 1 MiB parse quickly.
public enum JSONParser {
    /// Parses `bytes`, which must be UTF-8 JSON text holding exactly one value.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                try parse(buffer, limits: limits)
            }
        }
        return try result.get()
    }

    /// Parses `text`, which must hold exactly one JSON value. Error offsets
    /// count bytes of the text's UTF-8 encoding.
    public static func parse(_ text: String, limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                try parse(buffer, limits: limits)
            }
        }
        return try result.get()
    }

    /// Parses UTF-8 JSON text in place, without copying it first (for example
    /// straight from a request buffer).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        var parser = ByteParser(input: bytes, limits: limits)
        return try parser.parseDocument()
    }
}

/// The state of one parse: a cursor over the input bytes. Strings, numbers
/// and error reporting live in the `JSONParser+…` files.
struct ByteParser {
    let input: UnsafeBufferPointer<UInt8>
    let limits: JSONLimits
    /// Index of the next byte to read.
    var position = 0
    /// Number of arrays and objects currently open.
    var depth = 0
    /// Reused buffer for decoding strings that contain escapes.
    var scratch: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.input = input
        self.limits = limits
    }

    /// The byte at the cursor, or `nil` at the end of the input.
    var current: UInt8? {
        position < input.count ? input[position] : nil
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        guard !input.isEmpty else {
            throw error("empty body", at: 0)
        }
        if input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF {
            throw error("the body starts with a UTF-8 byte order mark (U+FEFF), which JSON does not allow; send the JSON text without it", at: 0)
        }
        skipWhitespace()
        guard position < input.count else {
            throw error("empty body (it holds only whitespace)", at: 0)
        }
        let value = try parseValue()
        skipWhitespace()
        guard position == input.count else {
            throw unexpected("expected the end of the body after the JSON value (a body holds exactly one value)")
        }
        return value
    }

    mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case ASCII.space, ASCII.lineFeed, ASCII.carriageReturn, ASCII.tab:
                position += 1
            default:
                return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard let byte = current else {
            throw unexpected("expected a value")
        }
        switch byte {
        case ASCII.openBrace:
            return try parseObject()
        case ASCII.openBracket:
            return try parseArray()
        case ASCII.quote:
            return .string(try parseString())
        case ASCII.minus, ASCII.zero...ASCII.nine:
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        default:
            throw invalidValueStart()
        }
    }

    /// Consumes `literal` exactly, not followed by further letters or digits.
    mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
        let length = literal.utf8CodeUnitCount
        let end = position + length
        guard end <= input.count else { throw invalidWord(at: position) }
        for offset in 0..<length where input[position + offset] != literal.utf8Start[offset] {
            throw invalidWord(at: position)
        }
        if end < input.count && ASCII.isWordByte(input[end]) {
            throw invalidWord(at: position)
        }
        position = end
    }

    // MARK: Containers

    /// Counts one more level of nesting, rejecting it beyond `maxDepth`.
    mutating func enterContainer() throws(JSONParseError) {
        guard depth < limits.maxDepth else {
            throw error("arrays and objects are nested deeper than the limit of \(limits.maxDepth) levels", at: position)
        }
        depth += 1
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == ASCII.closeBracket {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            guard elements.count < limits.maxMembers else {
                throw error("array has more than the limit of \(limits.maxMembers) elements", at: position)
            }
            elements.append(try parseValue())
            skipWhitespace()
            switch current {
            case ASCII.comma:
                let comma = position
                position += 1
                skipWhitespace()
                if current == ASCII.closeBracket {
                    throw error("trailing comma before ']' is not allowed", at: comma)
                }
            case ASCII.closeBracket:
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw unexpected("expected ',' or ']' after an array element")
            }
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if current == ASCII.closeBrace {
            position += 1
            depth -= 1
            return .object(object)
        }
        while true {
            try parseMember(into: &object)
            skipWhitespace()
            switch current {
            case ASCII.comma:
                let comma = position
                position += 1
                skipWhitespace()
                if current == ASCII.closeBrace {
                    throw error("trailing comma before '}' is not allowed", at: comma)
                }
            case ASCII.closeBrace:
                position += 1
                depth -= 1
                return .object(object)
            default:
                throw unexpected("expected ',' or '}' after an object member")
            }
        }
    }

    /// Parses `"key": value`, rejecting a key the object already has.
    mutating func parseMember(into object: inout JSONObject) throws(JSONParseError) {
        guard current == ASCII.quote else {
            throw invalidKeyStart()
        }
        let keyStart = position
        guard object.count < limits.maxMembers else {
            throw error("object has more than the limit of \(limits.maxMembers) members", at: keyStart)
        }
        let key = try parseString()
        if object.contains(key: key) {
            throw error("duplicate key \(Self.quoted(key)) in object; each key may appear only once", at: keyStart)
        }
        skipWhitespace()
        guard current == ASCII.colon else {
            throw unexpected("expected ':' after the object key \(Self.quoted(key))")
        }
        position += 1
        skipWhitespace()
        let value = try parseValue()
        object.appendNewMember(key, value)
    }
}
