import JSON
import Testing

@Suite("Serializing JSON")
struct JSONWriterTests {
    @Test("escapes strings minimally", arguments: [
        ("plain text", #""plain text""#),
        ("say \"hi\"", #""say \"hi\"""#),
        ("C:\\path", #""C:\\path""#),
        ("\u{8}\u{C}\n\r\t", #""\b\f\n\r\t""#),
        ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
        ("a\u{2028}b\u{2029}c", #""a\u2028b\u2029c""#),
        ("</script><script>", #""<\/script><script>""#),
        ("a/b < c / d", #""a/b < c / d""#),
        ("é € 😀 \u{7F}", "\"é € 😀 \u{7F}\""),
        ("\u{2027}\u{202A}", "\"\u{2027}\u{202A}\""),
    ])
    func escapesStringsMinimally(string: String, expected: String) throws {
        let value = JSONValue.string(string)
        #expect(value.serialized() == expected)
        #expect(value.serialized(sortedKeys: true) == expected)
        #expect(try JSONParser.parse(expected) == value)
    }

    @Test func escapesKeysLikeStrings() {
        let value: JSONValue = ["a\"b</": 1]
        #expect(value.serialized() == #"{"a\"b<\/":1}"#)
    }

    @Test func writesCompactTextInMemberOrder() {
        let value: JSONValue = ["z": [1, true, nil], "a": ["x": "y"], "m": 2.5]
        #expect(value.serialized() == #"{"z":[1,true,null],"a":{"x":"y"},"m":2.5}"#)
    }

    @Test func canonicalEncodingSortsKeysByUTF8Bytes() {
        // Upper case before lower case; "é" (C3 A9) after "z" and before "ÿ" (C3 BF).
        let value: JSONValue = ["é": 1, "z": 2, "a": 3, "B": 4, "": 5, "aa": 6, "😀": 7, "ÿ": 8]
        #expect(value.serialized(sortedKeys: true) == #"{"":5,"B":4,"a":3,"aa":6,"z":2,"é":1,"ÿ":8,"😀":7}"#)
    }

    @Test func canonicalEncodingSortsNestedObjects() {
        let value: JSONValue = ["b": [["d": 1, "c": 2]], "a": ["y": nil, "x": false]]
        #expect(value.serialized(sortedKeys: true) == #"{"a":{"x":false,"y":null},"b":[{"c":2,"d":1}]}"#)
    }

    @Test func canonicalEncodingIsIdenticalForObjectsBuiltInDifferentOrders() throws {
        var first = JSONObject()
        first["amount"] = "12.50"
        first["case"] = ["id": 7, "tags": ["x", "y"]]
        first["é"] = true
        var second = JSONObject()
        second["é"] = true
        second["case"] = ["tags": ["x", "y"], "id": 7]
        second["amount"] = "12.50"
        let parsed = try JSONParser.parse(#"{"case":{"tags":["x","y"],"id":7},"é":true,"amount":"12.50"}"#)

        let canonical = JSONValue.object(first).serializedBytes(sortedKeys: true)
        #expect(JSONValue.object(second).serializedBytes(sortedKeys: true) == canonical)
        #expect(parsed.serializedBytes(sortedKeys: true) == canonical)
        #expect(JSONValue.object(first).serialized() != JSONValue.object(second).serialized())
    }

    @Test func writesNumbersAsTheirLiteral() throws {
        #expect(try JSONParser.parse("[1.50,1E+2,-0]").serialized() == "[1.50,1E+2,-0]")
        #expect(JSONValue.number(-42).serialized() == "-42")
        #expect(JSONValue.number(1.5).serialized() == "1.5")
        #expect(JSONValue.number(2.0).serialized() == "2.0")
    }

    @Test func writesInvalidNumberLiteralsAsNull() {
        let value: JSONValue = [.number("NaN"), .number("0x1F"), .number("01"), .number(""), .number("1.")]
        #expect(value.serialized() == "[null,null,null,null,null]")
    }

    @Test func bytesAndTextAgree() {
        let value: JSONValue = ["name": "Zoë </b>", "n": [1, 2]]
        #expect(value.serializedBytes() == Array(value.serialized().utf8))
        #expect(value.serializedBytes(sortedKeys: true) == Array(value.serialized(sortedKeys: true).utf8))
    }
}
