import Templates
import Testing

@Suite("Template values")
struct TemplateValueTests {
    @Test func literalsBuildTheMatchingCases() {
        let value: TemplateValue = ["s": "text", "b": true, "n": 7, "l": ["x", 1], "o": ["k": .null]]
        #expect(value == .object([
            "s": .string("text"),
            "b": .bool(true),
            "n": .string("7"),
            "l": .list([.string("x"), .string("1")]),
            "o": .object(["k": .null]),
        ]))
    }

    @Test func repeatedDictionaryLiteralKeysKeepTheLastValue() {
        let value: TemplateValue = ["k": "first", "k": "last"]
        #expect(value == .object(["k": "last"]))
    }

    @Test func integerAndStringOfTheSameDigitsAreEqual() {
        let number: TemplateValue = 42
        #expect(number == "42")
    }
}
