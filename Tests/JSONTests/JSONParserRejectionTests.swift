import JSON
import Testing

/// One malformed body and what the error must say about it.
struct Rejection: Sendable, CustomTestStringConvertible {
    let bytes: [UInt8]
    let reason: String
    let line: Int?
    let column: Int?

    init(_ text: String, _ reason: String, line: Int? = nil, column: Int? = nil) {
        self.init(bytes: Array(text.utf8), reason, line: line, column: column)
    }

    init(bytes: [UInt8], _ reason: String, line: Int? = nil, column: Int? = nil) {
        self.bytes = bytes
        self.reason = reason
        self.line = line
        self.column = column
    }

    var testDescription: String {
        String(decoding: bytes, as: UTF8.self).debugDescription
    }
}

@Suite("Rejecting malformed JSON")
struct JSONParserRejectionTests {
    static let structure: [Rejection] = [
        Rejection("", "empty body", line: 1, column: 1),
        Rejection(" \n\t ", "empty body"),
        Rejection("\u{FEFF}{}", "byte order mark", line: 1, column: 1),
        Rejection("{} {}", "expected the end of the body after the JSON value (a body holds exactly one value), found '{'", column: 4),
        Rejection("1 2", "a body holds exactly one value", column: 3),
        Rejection("[1,]", "trailing comma before ']' is not allowed", column: 3),
        Rejection("{\"a\":1,}", "trailing comma before '}' is not allowed", column: 7),
        Rejection("[1,\n  ]", "trailing comma before ']'", line: 1, column: 3),
        Rejection("{\"a\":1 // note\n}", "comments are not allowed in JSON", column: 8),
        Rejection("/* note */ 1", "comments are not allowed in JSON", column: 1),
        Rejection("[1] # note", "expected the end of the body", column: 5),
        Rejection("[true false]", "expected ',' or ']' after an array element, found 'f'", column: 7),
        Rejection("[1", "expected ',' or ']' after an array element, but the body ended", column: 3),
        Rejection("[", "expected a value, but the body ended", column: 2),
        Rejection("{", "expected a string key in double quotes, but the body ended", column: 2),
        Rejection("{\"a\" 1}", "expected ':' after the object key \"a\", found '1'", column: 6),
        Rejection("{\"a\":1 \"b\":2}", "expected ',' or '}' after an object member, found '\"'", column: 8),
        Rejection("{\"a\":1]", "expected ',' or '}' after an object member, found ']'", column: 7),
        Rejection("{,}", "expected a string key in double quotes, found ','", column: 2),
        Rejection("{a:1}", "object keys must be strings in double quotes", column: 2),
        Rejection("{'a':1}", "object keys must be enclosed in double quotes, not single quotes", column: 2),
        Rejection("['a']", "strings must be enclosed in double quotes, not single quotes", column: 2),
        Rejection("@", "expected a value, found '@'", column: 1),
        Rejection("[é]", "expected a value, found character U+00E9", column: 2),
        Rejection("{\"a\":}", "expected a value, found '}'", column: 6),
    ]

    static let literals: [Rejection] = [
        Rejection("tru", "invalid literal 'tru'", column: 1),
        Rejection("nulll", "invalid literal 'nulll'"),
        Rejection("[truex]", "invalid literal 'truex'", column: 2),
        Rejection("True", "JSON literals are lowercase"),
        Rejection("NULL", "JSON literals are lowercase"),
        Rejection("{\"a\":hello}", "invalid literal 'hello': strings must be in double quotes", column: 6),
        Rejection("NaN", "NaN and Infinity are not valid JSON numbers"),
        Rejection("Infinity", "NaN and Infinity are not valid JSON numbers"),
        Rejection("-Infinity", "NaN and Infinity are not valid JSON numbers", column: 2),
        Rejection("undefined", "invalid literal 'undefined'"),
    ]

    static let numbers: [Rejection] = [
        Rejection("01", "numbers must not have leading zeros", column: 1),
        Rejection("[-007]", "numbers must not have leading zeros", column: 2),
        Rejection("+1", "numbers must not start with '+'", column: 1),
        Rejection(".5", "a number must have a digit before the decimal point", column: 1),
        Rejection("-.5", "a number must have a digit before the decimal point"),
        Rejection("5.", "expected a digit after the decimal point, but the body ended", column: 3),
        Rejection("[5.e3]", "expected a digit after the decimal point, found 'e'", column: 4),
        Rejection("1e", "expected a digit in the exponent, but the body ended"),
        Rejection("1e+", "expected a digit in the exponent"),
        Rejection("1E-x", "expected a digit in the exponent, found 'x'", column: 4),
        Rejection("-", "expected a digit after '-', but the body ended", column: 2),
        Rejection("- 1", "expected a digit after '-', found a space"),
        Rejection("0x1F", "hexadecimal numbers are not allowed in JSON", column: 1),
        Rejection("1.5.3", "expected the end of the body", column: 4),
    ]

    static let strings: [Rejection] = [
        Rejection("\"abc", "unterminated string: the body ended before its closing '\"'", column: 1),
        Rejection("[\"abc\\", "unterminated string: the body ended inside an escape sequence", column: 6),
        Rejection("\"a\tb\"", "unescaped tab (U+0009) in string: escape it as \\t", column: 3),
        Rejection("{\"a\":\"x\ny\"}", "unescaped line feed (U+000A) in string", line: 1, column: 8),
        Rejection("\"a\u{1}\"", "unescaped control character U+0001 in string: escape it as \\u0001", column: 3),
        Rejection("\"\\x\"", "invalid escape sequence '\\x' in string", column: 2),
        Rejection("\"\\'\"", "invalid escape sequence '\\'' in string"),
        Rejection("\"\\u12G4\"", "expected four hexadecimal digits after \\u", column: 2),
        Rejection("\"\\u12\"", "expected four hexadecimal digits after \\u"),
        Rejection("\"\\uD83D\"", "unpaired surrogate \\uD83D in string", column: 2),
        Rejection("\"ab\\uD83Dcd\"", "unpaired surrogate \\uD83D", column: 4),
        Rejection("\"\\uD83D\\u0041\"", "unpaired surrogate \\uD83D", column: 2),
        Rejection("\"\\uD83D\\uD83D\"", "unpaired surrogate \\uD83D"),
        Rejection("\"\\uDE00\"", "unpaired surrogate \\uDE00 in string: a low surrogate must follow", column: 2),
        Rejection("\"\\uD83D\\u12\"", "expected four hexadecimal digits after \\u", column: 8),
    ]

    static let utf8: [Rejection] = [
        Rejection(bytes: [0x22, 0xFF, 0x22], "invalid UTF-8 in string (byte 0xFF", column: 2),
        Rejection(bytes: [0x22, 0x61, 0x80, 0x22], "invalid UTF-8 in string (byte 0x80", column: 3),
        Rejection(bytes: [0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8", column: 2),  // overlong '/'
        Rejection(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], "invalid UTF-8"),      // overlong 3-byte
        Rejection(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8"),      // encoded surrogate
        Rejection(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8"), // above U+10FFFF
        Rejection(bytes: [0x22, 0xE2, 0x82, 0x22], "invalid UTF-8"),            // truncated
        Rejection(bytes: [0x22, 0xF0, 0x9F, 0x98], "invalid UTF-8"),            // truncated at end
        Rejection(bytes: [0x5B, 0xFF, 0x5D], "expected a value, found invalid UTF-8 byte 0xFF"),
    ]

    @Test("rejects malformed structure", arguments: structure)
    func rejectsMalformedStructure(_ rejection: Rejection) {
        check(rejection)
    }

    @Test("rejects anything but exact lowercase true, false and null", arguments: literals)
    func rejectsInvalidLiterals(_ rejection: Rejection) {
        check(rejection)
    }

    @Test("rejects numbers outside the RFC 8259 grammar", arguments: numbers)
    func rejectsNumbersOutsideTheGrammar(_ rejection: Rejection) {
        check(rejection)
    }

    @Test("rejects malformed strings and escapes", arguments: strings)
    func rejectsMalformedStrings(_ rejection: Rejection) {
        check(rejection)
    }

    @Test("rejects invalid UTF-8", arguments: utf8)
    func rejectsInvalidUTF8(_ rejection: Rejection) {
        check(rejection)
    }

    private func check(_ rejection: Rejection, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = parseError(bytes: rejection.bytes) else {
            Issue.record("parsed, but should have been rejected", sourceLocation: sourceLocation)
            return
        }
        #expect(error.reason.contains(rejection.reason), "\(error)", sourceLocation: sourceLocation)
        if let line = rejection.line {
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
        }
        if let column = rejection.column {
            #expect(error.column == column, "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func rejectsDuplicateKeysNamingTheKey() throws {
        let error = try #require(parseError(#"{"name":"a","email":"b","name":"c"}"#))
        #expect(error.reason == #"duplicate key "name" in object; each key may appear only once"#)
        #expect(error.offset == 24)
        #expect(error.column == 25)
    }

    @Test func rejectsDuplicateKeysInLargeObjects() throws {
        let members = (0..<50).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let error = try #require(parseError("{\(members),\"k17\":0}"))
        #expect(error.reason.contains(#"duplicate key "k17""#))
    }

    @Test func rejectsDuplicateKeysWrittenWithDifferentEscapes() throws {
        let error = try #require(parseError(#"{"é":1,"\u00e9":2}"#))
        #expect(error.reason.contains(#"duplicate key "é""#))
    }

    @Test func shortensLongDuplicateKeysInTheReason() throws {
        let key = String(repeating: "k", count: 500)
        let error = try #require(parseError("{\"\(key)\":1,\"\(key)\":2}"))
        #expect(error.reason.contains("\"" + String(repeating: "k", count: 40) + "…\""))
        #expect(error.reason.count < 120)
    }

    @Test func pointsAtTheLineAndColumnOfAMissingComma() throws {
        let text = """
        {
          "name": "x",
          "age": 3 ]
        }
        """
        let error = try #require(parseError(text))
        #expect(error.line == 3)
        #expect(error.column == 12)
        #expect(error.offset == 28)
        #expect(error.description == "line 3, column 12: expected ',' or '}' after an object member, found ']'")
    }

    @Test func countsColumnsInCharactersAndOffsetsInBytes() throws {
        let error = try #require(parseError("[\"é😀\", x]"))
        #expect(error.column == 8)
        #expect(error.offset == 11)
        #expect(error.reason.contains("invalid literal 'x'"))
    }

    @Test func countsCarriageReturnLineFeedAsOneLineBreak() throws {
        let error = try #require(parseError("[\r\n1,\r\n2,\r\n]"))
        #expect(error.line == 3)
        #expect(error.column == 2)
        #expect(error.reason == "trailing comma before ']' is not allowed")
    }

    @Test func rejectsTheSameWayForStringAndByteInput() {
        let text = "{\"a\":[1,2,]}"
        #expect(parseError(text) == parseError(bytes: Array(text.utf8)))
    }
}
