import Templates
import Testing

@Suite("Compile errors")
struct CompileErrorTests {
    @Test func unclosedSectionPointsAtItsOpeningTag() throws {
        let error = try #require(compileError(["form": "<ul>\n  {{#errors}}\n  <li>{{message}}</li>\n</ul>\n"]))
        #expect(error.template == "form")
        #expect(error.line == 2)
        #expect(error.column == 3)
        #expect(error.reason.contains("unclosed section {{#errors}}"))
        #expect(error.description.hasPrefix("form:2:3: unclosed section"))
    }

    @Test func mismatchedCloseNamesBothTags() throws {
        let error = try #require(compileError(["t": "{{#a}}\n{{#b}}\nx {{/a}}\n{{/b}}"]))
        #expect(error.line == 3)
        #expect(error.column == 3)
        #expect(error.reason.contains("{{/a}}"))
        #expect(error.reason.contains("{{#b}} (line 2, column 1)"))
    }

    @Test func closeWithoutOpenSectionIsAnError() throws {
        let error = try #require(compileError(["t": "ok\n{{/a}}"]))
        #expect(error.line == 2 && error.column == 1)
        #expect(error.reason.contains("no open section"))
    }

    @Test func unknownPartialIsAnErrorAtItsTag() throws {
        let error = try #require(compileError(["page": "<main>\n  <p>{{> footer}}</p>\n</main>"]))
        #expect(error.template == "page")
        #expect(error.line == 2 && error.column == 6)
        #expect(error.reason == "unknown partial 'footer'")
    }

    @Test func unknownPartialInsideAnIndentedPartialReportsTheSourcePosition() throws {
        let error = try #require(compileError(["page": "  {{> a}}\n", "a": "x\n  {{> nope}}\n"]))
        #expect(error.template == "a")
        #expect(error.line == 2 && error.column == 3)
    }

    @Test func selfRecursivePartialIsAnError() throws {
        let error = try #require(compileError(["tree": "<li>{{#children}}{{> tree}}{{/children}}</li>"]))
        #expect(error.template == "tree")
        #expect(error.line == 1 && error.column == 18)
        #expect(error.reason == "recursive partial: tree → tree")
    }

    @Test func mutuallyRecursivePartialsAreAnError() throws {
        let error = try #require(compileError(["a": "A{{> b}}", "b": "\nB{{> a}}"]))
        #expect(error.template == "b")
        #expect(error.line == 2 && error.column == 2)
        #expect(error.reason == "recursive partial: a → b → a")
    }

    @Test func setDelimiterTagIsRejected() throws {
        let error = try #require(compileError(["t": "x\n ab{{=<% %>=}}\n<% name %>"]))
        #expect(error.line == 2 && error.column == 4)
        #expect(error.reason.contains("set-delimiter"))
    }

    @Test func unterminatedTagIsAnError() throws {
        let error = try #require(compileError(["t": "<p>\nHello, {{name</p>\n"]))
        #expect(error.line == 2 && error.column == 8)
        #expect(error.reason.contains("unterminated tag"))
        let triple = try #require(compileError(["t": "{{{html}}"]))
        #expect(triple.reason.contains("}}}"))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(compileError(["t": "Grüße 😀 {{"]))
        #expect(error.line == 1 && error.column == 9)
    }

    @Test func emptyAndInvalidNamesAreErrors() throws {
        #expect(compileError(["t": "{{}}"])?.reason.contains("empty tag") == true)
        #expect(compileError(["t": "{{# }}{{/ }}"])?.reason.contains("empty tag") == true)
        #expect(compileError(["t": "{{a..b}}"])?.reason == "invalid name 'a..b'")
        #expect(compileError(["t": "{{a b}}"])?.reason == "invalid name 'a b'")
        #expect(compileError(["t": "{{.a}}"]) != nil)
        #expect(compileError(["t": "{{> }}"]) != nil)
    }

    @Test func inheritanceTagsAreRejected() throws {
        #expect(compileError(["t": "{{<parent}}{{/parent}}"])?.reason.contains("inheritance") == true)
        #expect(compileError(["t": "{{$block}}{{/block}}"])?.reason.contains("inheritance") == true)
    }

    @Test func syntaxErrorsAreFoundInEveryTemplateEvenUnused() throws {
        let error = try #require(compileError(["good": "fine", "unused": "{{#x}}"]))
        #expect(error.template == "unused")
    }
}
