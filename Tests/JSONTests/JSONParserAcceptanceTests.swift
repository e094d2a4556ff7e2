import JSON
import Testing

@Suite("Parsing valid JSON")
struct JSONParserAcceptanceTests {
    @Test("compact text of every value kind serializes back byte for byte", arguments: [
        "null", "true", "false",
        "0", "-0", "42", "-17", "3.25", "-12.5e-3", "1E+2", "6.02e23", "1e-07",
        #""""#, #""hello""#, #""é€😀""#,
        "[]", "{}", "[[]]", #"{"a":{}}"#,
        #"[1,"two",null,true,false,{"k":[3.5]}]"#,
        #"{"b":1,"a":{"c":[false,null]},"":""}"#,
    ])
    func roundTripsCompactText(text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(value.serialized() == text)
    }

    @Test func parsesEachValueKindIntoTheMatchingCase() throws {
        let value = try JSONParser.parse(#"{"n":null,"b":true,"num":-1.5e3,"s":"x","a":[1],"o":{"k":"v"}}"#)
        #expect(value["n"] == .null)
        #expect(value["b"] == .bool(true))
        #expect(value["num"] == .number("-1.5e3"))
        #expect(value["s"] == .string("x"))
        #expect(value["a"] == .array([.number("1")]))
        #expect(value["o"] == .object(JSONObject([("k", .string("v"))])))
    }

    @Test func builtValuesSurviveSerializingAndParsing() throws {
        let value: JSONValue = [
            "case": ["id": 7, "ref": "C-2024/17", "open": true, "closed": nil],
            "amounts": [1.5, -0.25, 1000],
            "text": "line 1\nline 2\t\"quoted\" \\ </script> \u{2028} \u{1} é 😀",
            "empty": ["list": [], "object": [:]],
        ]
        #expect(try JSONParser.parse(value.serialized()) == value)
        #expect(try JSONParser.parse(value.serializedBytes(sortedKeys: true)) == value)
    }

    @Test func acceptsWhitespaceAroundAndBetweenTokens() throws {
        let value = try JSONParser.parse(" \t\r\n{ \"a\" :\t[ 1 ,\r\n 2 ] , \"b\" : { } }\n\n")
        #expect(value == ["a": [1, 2], "b": [:]])
    }

    @Test func acceptsAScalarAsTheWholeDocument() throws {
        #expect(try JSONParser.parse(" 12 ") == 12)
        #expect(try JSONParser.parse("\"x\"") == "x")
    }

    @Test func parsesBytesAndStringsAlike() throws {
        let text = #"{"name":"Zoë","items":[1,2,3]}"#
        #expect(try JSONParser.parse(Array(text.utf8)) == JSONParser.parse(text))
    }

    @Test func decodesEverySimpleEscape() throws {
        let value = try JSONParser.parse(#""\" \\ \/ \b \f \n \r \t""#)
        #expect(value == .string("\" \\ / \u{8} \u{C} \n \r \t"))
    }

    @Test func decodesUnicodeEscapesInEitherCase() throws {
        #expect(try JSONParser.parse(#""\u00e9\u20AC\u0041""#) == "é€A")
        #expect(try JSONParser.parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func combinesEscapedSurrogatePairsIntoOneScalar() throws {
        let value = try JSONParser.parse(#""\uD83D\uDE00 and \ud83d\ude00""#)
        #expect(value == "😀 and 😀")
        #expect(value.stringValue?.unicodeScalars.first?.value == 0x1F600)
    }

    @Test func keepsRawMultibyteUTF8() throws {
        // 2-, 3- and 4-byte sequences, mixed with ASCII and escapes.
        let value = try JSONParser.parse("[\"café\", \"€ 5\", \"😀\\n𝄞\", \"Ünïcödé \\\"ok\\\"\"]")
        #expect(value == ["café", "€ 5", "😀\n𝄞", "Ünïcödé \"ok\""])
    }

    @Test func keepsKeysThatDifferOnlyInUnicodeNormalizationApart() throws {
        // U+00E9 and e + U+0301 are distinct JSON keys (RFC 8259 §8.3).
        let value = try JSONParser.parse("{\"\u{E9}\":1,\"e\u{301}\":2}")
        #expect(value.objectValue?.count == 2)
        #expect(value["\u{E9}"] == 1)
        #expect(value["e\u{301}"] == 2)
    }

    @Test func keepsObjectMembersInDocumentOrder() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func keepsNumberLiteralsExactlyAsWritten() throws {
        let value = try JSONParser.parse("[1.10, 1E2, 12345678901234567890123.5]")
        #expect(value == [.number("1.10"), .number("1E2"), .number("12345678901234567890123.5")])
    }
}
