import JSON
import Testing

@Suite("Large documents")
struct JSONLargeDocumentTests {
    /// About 1 MiB of complaint-like records, with escapes and multibyte text.
    static func complaintsDocument(count: Int) -> String {
        var text = "{\"complaints\":["
        for index in 0..<count {
            if index > 0 { text += "," }
            text += #"{"id":\#(index),"reference":"C-2024/\#(index)","amount":12.50,"urgent":\#(index % 2 == 0),"#
            text += #""summary":"Lieferung beschädigt – Karton nass, Inhalt zerbrochen 😞","#
            text += #""details":"Line one\nLine two with \"quotes\" and a tab\t and \u00e9 escapes. "#
            text += String(repeating: "Plain ASCII filler text that is long. ", count: 4)
            text += #"","tags":["delivery","damage",null],"meta":{}}"#
        }
        text += "]}"
        return text
    }

    @Test func parsesAOneMebibyteDocument() throws {
        let text = Self.complaintsDocument(count: 2_900)
        #expect(text.utf8.count > 1_000_000)
        let value = try JSONParser.parse(Array(text.utf8))
        let complaints = try #require(value["complaints"]?.arrayValue)
        #expect(complaints.count == 2_900)
        #expect(complaints[2_899]["id"]?.intValue == 2_899)
        #expect(complaints[0]["details"]?.stringValue?.hasPrefix("Line one\nLine two with \"quotes\"") == true)
        #expect(try JSONParser.parse(value.serializedBytes()) == value)
    }

    @Test func parsesAOneMebibyteString() throws {
        let body = String(repeating: "ab\u{E9}c😀 ", count: 100_000)
        let value = try JSONParser.parse("{\"body\":\"\(body)\"}")
        #expect(value["body"]?.stringValue == body)
    }
}
