import JSON
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test func accessorsReturnThePayloadForTheMatchingKind() {
        #expect(JSONValue.string("x").stringValue == "x")
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.array([1]).arrayValue == [1])
        #expect(JSONValue.object(["k": "v"]).objectValue == ["k": "v"])
        #expect(JSONValue.null.isNull)
    }

    @Test("accessors return nil on a type mismatch", arguments: [
        JSONValue.null, .bool(true), .number("1"), .string("1"), .array([]), .object([:]),
    ])
    func accessorsReturnNilOnATypeMismatch(value: JSONValue) {
        if value.typeName != "string" { #expect(value.stringValue == nil) }
        if value.typeName != "boolean" { #expect(value.boolValue == nil) }
        if value.typeName != "array" { #expect(value.arrayValue == nil) }
        if value.typeName != "object" { #expect(value.objectValue == nil) }
        if value.typeName != "number" {
            #expect(value.intValue == nil)
            #expect(value.doubleValue == nil)
        }
        if value.typeName != "null" { #expect(!value.isNull) }
    }

    @Test("typeName names the JSON type", arguments: [
        (JSONValue.null, "null"), (.bool(true), "boolean"), (.number("1"), "number"),
        (.string(""), "string"), (.array([]), "array"), (.object([:]), "object"),
    ])
    func typeNameNamesTheJSONType(value: JSONValue, name: String) {
        #expect(value.typeName == name)
    }

    @Test("intValue only for integral literals that fit in Int", arguments: [
        ("100", 100), ("-7", -7), ("0", 0), ("-0", 0),
        ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
        ("1e2", nil), ("100.0", nil), ("1E0", nil), ("-1.5", nil),
        ("99999999999999999999", nil), ("9223372036854775808", nil), ("-9223372036854775809", nil),
        ("+5", nil), ("-", nil), ("", nil),
    ] as [(String, Int?)])
    func intValueOnlyForIntegralLiteralsThatFitInInt(literal: String, expected: Int?) {
        #expect(JSONValue.number(literal).intValue == expected)
    }

    @Test func intValueOfParsedNumbers() throws {
        let value = try JSONParser.parse(#"{"count":100,"scaled":1e2,"big":99999999999999999999}"#)
        #expect(value["count"]?.intValue == 100)
        #expect(value["scaled"]?.intValue == nil)
        #expect(value["big"]?.intValue == nil)
    }

    @Test("doubleValue converts valid finite literals", arguments: [
        ("1e2", 100.0), ("-0.5", -0.5), ("3", 3.0), ("1E-2", 0.01),
        ("1e400", nil), ("-1e400", nil), ("0x10", nil), ("NaN", nil), ("1.", nil),
    ] as [(String, Double?)])
    func doubleValueConvertsValidFiniteLiterals(literal: String, expected: Double?) {
        #expect(JSONValue.number(literal).doubleValue == expected)
    }

    @Test func subscriptsReachObjectMembersAndArrayElements() throws {
        let value = try JSONParser.parse(#"{"items":[10,{"name":"x"}],"n":null}"#)
        #expect(value["items"]?[0] == 10)
        #expect(value["items"]?[1]?["name"] == "x")
        #expect(value["n"] == .null)
        #expect(value["missing"] == nil)
        #expect(value["items"]?[2] == nil)
        #expect(value["items"]?[-1] == nil)
        #expect(value[0] == nil)
        #expect(value["items"]?["name"] == nil)
        #expect(JSONValue.string("abc")[0] == nil)
    }

    @Test func literalsBuildTheMatchingCases() {
        let value: JSONValue = ["s": "text", "i": 42, "d": 1.5, "b": true, "n": nil, "a": [1, "x"]]
        #expect(value["s"] == .string("text"))
        #expect(value["i"] == .number("42"))
        #expect(value["d"] == .number("1.5"))
        #expect(value["b"] == .bool(true))
        #expect(value["n"] == .null)
        #expect(value["a"] == .array([.number("1"), .string("x")]))
        #expect(value.objectValue?.keys == ["s", "i", "d", "b", "n", "a"])
    }

    @Test func dictionaryLiteralKeepsLiteralOrderAndLastDuplicate() {
        let value: JSONValue = ["z": 1, "a": 2, "z": 3]
        #expect(value.objectValue?.keys == ["z", "a"])
        #expect(value["z"] == 3)
    }

    @Test func numberFactoriesWriteShortestLiterals() {
        #expect(JSONValue.number(42) == .number("42"))
        #expect(JSONValue.number(Int.min) == .number("-9223372036854775808"))
        #expect(JSONValue.number(1.5) == .number("1.5"))
        #expect(JSONValue.number(0.1) == .number("0.1"))
        #expect(JSONValue.number(2.0) == .number("2.0"))
        #expect(JSONValue.number(1e-7).doubleValue == 1e-7)
    }

    @Test func nonFiniteDoublesBecomeNull() {
        #expect(JSONValue.number(Double.nan) == .null)
        #expect(JSONValue.number(Double.infinity) == .null)
        #expect(JSONValue.number(-Double.infinity) == .null)
    }

    @Test func numbersCompareByLiteral() {
        #expect(JSONValue.number("1") != .number("1.0"))
        #expect(JSONValue.number("1") == 1)
    }

    @Test func stringsCompareByUnicodeScalarsNotCanonicalEquivalence() {
        let composed = JSONValue.string("\u{E9}")
        let decomposed = JSONValue.string("e\u{301}")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
    }

    @Test func equalValuesHashAlike() throws {
        let parsed = try JSONParser.parse(#"{"b":[1,{"y":2,"x":1}],"a":"é"}"#)
        let built: JSONValue = ["a": "é", "b": [1, ["x": 1, "y": 2]]]
        #expect(parsed == built)
        #expect(parsed.hashValue == built.hashValue)
        #expect(Set([parsed, built]).count == 1)
    }

    @Test func differentKindsAreNeverEqual() {
        #expect(JSONValue.string("1") != .number("1"))
        #expect(JSONValue.null != .string("null"))
        #expect(JSONValue.array([]) != .object([:]))
        #expect(JSONValue.bool(false) != .number("0"))
    }

    @Test func descriptionIsTheCompactSerialization() {
        let value: JSONValue = ["a": [1, "x"]]
        #expect(value.description == #"{"a":[1,"x"]}"#)
        #expect("\(value)" == #"{"a":[1,"x"]}"#)
    }
}
