import Templates
import Testing

@Suite("HTML escaping")
struct HTMLEscapingTests {
    @Test func escapesTheFiveHTMLSpecialCharacters() {
        #expect(HTMLEscaping.escape(#"<a href="x">Tom & Jerry's</a>"#)
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
    }

    @Test func leavesOtherTextUnchangedIncludingBackticksAndEquals() {
        let text = "Grüße, `code` a=b 😀 / \\"
        #expect(HTMLEscaping.escape(text) == text)
    }

    @Test func escapesIntoABufferAfterItsExistingContent() {
        var buffer = Array("<p>".utf8)
        HTMLEscaping.escape("1 < 2 & café", into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "<p>1 &lt; 2 &amp; café")
    }

    @Test func escapesEmptyTextToEmptyText() {
        #expect(HTMLEscaping.escape("") == "")
        var buffer: [UInt8] = []
        HTMLEscaping.escape("", into: &buffer)
        #expect(buffer.isEmpty)
    }

    @Test func variablesAreEscapedByDefault() throws {
        let output = try render("<p>{{comment}}</p>", ["comment": "<script>alert('x')</script> & \"more\""])
        #expect(output == "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</p>")
    }

    @Test func aQuoteInAValueCannotBreakOutOfAnAttribute() throws {
        let output = try render(#"<input value="{{x}}" title='{{x}}'>"#, ["x": #"a" onfocus="alert(1)' b"#])
        #expect(output == #"<input value="a&quot; onfocus=&quot;alert(1)&#39; b" title='a&quot; onfocus=&quot;alert(1)&#39; b'>"#)
    }

    @Test func tripleMustacheAndAmpersandDoNotEscape() throws {
        let context: TemplateValue = ["html": "<b>bold</b> & 'raw'"]
        #expect(try render("{{{html}}}|{{& html}}|{{&html}}|{{{ html }}}", context)
            == "<b>bold</b> & 'raw'|<b>bold</b> & 'raw'|<b>bold</b> & 'raw'|<b>bold</b> & 'raw'")
    }

    @Test func literalTextInTheTemplateIsNotEscaped() throws {
        #expect(try render("<a href=\"/x?a=1&b=2\">'it'</a>") == "<a href=\"/x?a=1&b=2\">'it'</a>")
    }
}
