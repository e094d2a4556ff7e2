import Templates
import Testing

@Suite("Standalone lines")
struct StandaloneLineTests {
    @Test func indentedSectionTagsOnTheirOwnLinesLeaveNoBlankLines() throws {
        let template = """
            <dl>
              {{#fields}}
                {{#value}}
              <dt>{{label}}</dt>
              <dd>{{value}}</dd>
                {{/value}}
              {{/fields}}
              {{^fields}}
              <dt>Nothing</dt>
              {{/fields}}
            </dl>

            """
        let context: TemplateValue = ["fields": [["label": "A", "value": "1"], ["label": "B", "value": ""]]]
        #expect(try render(template, context) == """
            <dl>
              <dt>A</dt>
              <dd>1</dd>
            </dl>

            """)
        #expect(try render(template, ["fields": []]) == """
            <dl>
              <dt>Nothing</dt>
            </dl>

            """)
    }

    @Test func standaloneCommentsAndPartialsRemoveTheirLines() throws {
        let template = "<p>\n  {{! explain }}\n  {{> empty}}\n</p>\n"
        #expect(try render(template, partials: ["empty": ""]) == "<p>\n</p>\n")
    }

    @Test func tagsWithOtherContentOnTheLineKeepTheLine() throws {
        #expect(try render("  {{#t}}x{{/t}}\n", ["t": true]) == "  x\n")
        #expect(try render("a {{#t}}\nb\n{{/t}} c\n", ["t": true]) == "a \nb\n c\n")
    }

    @Test func variablesAreNeverStandalone() throws {
        #expect(try render("  {{x}}\n", ["x": ""]) == "  \n")
    }

    @Test func windowsLineEndingsAreRemovedWithTheLine() throws {
        #expect(try render("a\r\n  {{#t}}\r\nb\r\n  {{/t}}\r\nc", ["t": true]) == "a\r\nb\r\nc")
    }

    @Test func standaloneTagOnTheLastLineWithoutNewline() throws {
        #expect(try render("a\n{{#t}}\nb\n  {{/t}}", ["t": true]) == "a\nb\n")
    }
}
