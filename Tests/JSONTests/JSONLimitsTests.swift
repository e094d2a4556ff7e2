import JSON
import Testing

@Suite("Parser limits")
struct JSONLimitsTests {
    @Test func defaultsMatchTheDocumentedValues() {
        let limits = JSONLimits()
        #expect(limits.maxDepth == 64)
        #expect(limits.maxStringBytes == 1 << 20)
        #expect(limits.maxMembers == 10_000)
        #expect(limits.maxNumberLength == 64)
    }

    @Test func acceptsNestingUpToMaxDepth() throws {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try JSONParser.parse(text)
    }

    @Test func rejectsNestingBeyondMaxDepthAtTheOffendingBracket() throws {
        let text = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let error = try #require(parseError(text))
        #expect(error.reason == "arrays and objects are nested deeper than the limit of 64 levels")
        #expect(error.offset == 64)
        #expect(error.column == 65)
    }

    @Test func rejectsDeepNestingOfMixedContainers() throws {
        let shallow = limits(maxDepth: 2)
        #expect(throws: Never.self) { try JSONParser.parse(#"{"a":[1]}"#, limits: shallow) }
        let error = try #require(parseError(#"{"a":[{"b":1}]}"#, limits: shallow))
        #expect(error.reason.contains("limit of 2 levels"))
        #expect(error.column == 7)
    }

    @Test func rejectsHostileDepthWithoutExhaustingTheStack() throws {
        let text = String(repeating: "[", count: 1_000_000)
        let error = try #require(parseError(text))
        #expect(error.offset == 64)
    }

    @Test func measuresStringLimitInDecodedUTF8Bytes() throws {
        let small = limits(maxStringBytes: 6)
        #expect(throws: Never.self) { try JSONParser.parse(#""abcdef""#, limits: small) }
        #expect(throws: Never.self) { try JSONParser.parse(#""ééé""#, limits: small) }          // 6 bytes
        #expect(throws: Never.self) { try JSONParser.parse(#""\u00e9\u00e9\u00e9""#, limits: small) }
        for text in [#""abcdefg""#, #""éééé""#, #""ééé!""#, #""\u00e9\u00e9\u00e9!""#, #""😀😀""#] {
            let error = try #require(parseError(text, limits: small), "\(text)")
            #expect(error.reason == "string is longer than the limit of 6 bytes")
            #expect(error.offset == 0)
        }
    }

    @Test func appliesTheStringLimitToKeys() throws {
        let error = try #require(parseError(#"{"ok":1,"toolongkey":2}"#, limits: limits(maxStringBytes: 5)))
        #expect(error.reason.contains("limit of 5 bytes"))
        #expect(error.column == 9)
    }

    @Test func acceptsAStringOfExactlyOneMebibyteByDefault() throws {
        let body = String(repeating: "a", count: 1 << 20)
        #expect(try JSONParser.parse("\"\(body)\"").stringValue?.utf8.count == 1 << 20)
        let error = try #require(parseError("\"\(body)b\""))
        #expect(error.reason == "string is longer than the limit of 1048576 bytes")
    }

    @Test func rejectsArraysWithMoreThanMaxMembersElements() throws {
        let three = limits(maxMembers: 3)
        #expect(try JSONParser.parse("[1,2,3]", limits: three) == [1, 2, 3])
        let error = try #require(parseError("[1,2,3,4]", limits: three))
        #expect(error.reason == "array has more than the limit of 3 elements")
        #expect(error.column == 8)
    }

    @Test func rejectsObjectsWithMoreThanMaxMembersMembers() throws {
        let three = limits(maxMembers: 3)
        #expect(throws: Never.self) { try JSONParser.parse(#"{"a":1,"b":2,"c":3}"#, limits: three) }
        let error = try #require(parseError(#"{"a":1,"b":2,"c":3,"d":4}"#, limits: three))
        #expect(error.reason == "object has more than the limit of 3 members")
        #expect(error.column == 20)
    }

    @Test func acceptsTenThousandElementsByDefault() throws {
        let full = "[" + Array(repeating: "0", count: 10_000).joined(separator: ",") + "]"
        #expect(try JSONParser.parse(full).arrayValue?.count == 10_000)
        let error = try #require(parseError("[" + Array(repeating: "0", count: 10_001).joined(separator: ",") + "]"))
        #expect(error.reason.contains("limit of 10000 elements"))
    }

    @Test func rejectsNumbersLongerThanMaxNumberLength() throws {
        let digits64 = String(repeating: "1", count: 64)
        #expect(try JSONParser.parse(digits64) == .number(digits64))
        let error = try #require(parseError("[1, \(digits64)5]"))
        #expect(error.reason == "number is longer than the limit of 64 characters")
        #expect(error.column == 5)
        #expect(parseError("-1.5e10", limits: limits(maxNumberLength: 6))?.reason.contains("limit of 6 characters") == true)
    }
}
