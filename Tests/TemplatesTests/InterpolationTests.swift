import Templates
import Testing

@Suite("Interpolation")
struct InterpolationTests {
    @Test func replacesANameWithItsValue() throws {
        #expect(try render("Hello, {{name}}!", ["name": "Ada"]) == "Hello, Ada!")
    }

    @Test func allowsWhitespaceInsideTheTag() throws {
        #expect(try render("[{{ name }}][{{\tname\t}}]", ["name": "x"]) == "[x][x]")
    }

    @Test func rendersAMissingNameOrNullAsNothing() throws {
        #expect(try render("[{{missing}}][{{none}}]", ["none": .null]) == "[][]")
    }

    @Test func rendersIntegerLiteralsAsDecimalText() throws {
        #expect(try render("{{count}} complaints, {{negative}}", ["count": 42, "negative": -7])
            == "42 complaints, -7")
    }

    @Test func rendersBooleansAsTrueOrFalse() throws {
        #expect(try render("{{yes}}/{{no}}", ["yes": true, "no": false]) == "true/false")
    }

    @Test func rendersListsAndObjectsAsNothing() throws {
        #expect(try render("[{{list}}][{{object}}]", ["list": ["a"], "object": ["k": "v"]]) == "[][]")
    }

    @Test func resolvesDottedNamesThroughNestedObjects() throws {
        let context: TemplateValue = ["case": ["owner": ["name": "Team <B>"]]]
        #expect(try render("{{case.owner.name}}", context) == "Team &lt;B&gt;")
    }

    @Test func rendersABrokenDottedChainAsNothing() throws {
        let context: TemplateValue = ["a": ["b": "not an object"], "c": ["name": "outer"]]
        #expect(try render("[{{a.b.c}}][{{a.x.name}}][{{zzz.name}}]", context) == "[][][]")
    }

    @Test func rendersTheRootContextWithTheImplicitIterator() throws {
        #expect(try render("Hello, {{.}}!", "world & all") == "Hello, world &amp; all!")
    }

    @Test func keepsMultibyteTextIntact() throws {
        #expect(try render("« {{x}} » ✓", ["x": "Ünïcödé 😀"]) == "« Ünïcödé 😀 » ✓")
    }

    @Test func buildsValuesFromStringInterpolation() throws {
        let count = 3
        #expect(try render("{{n}}", ["n": "\(count) items"]) == "3 items")
    }

    @Test func renderIntoAppendsToTheBuffer() throws {
        let library = try TemplateLibrary(["t": "<b>{{x}}</b>"])
        let template = try #require(library["t"])
        var buffer = Array("HTTP body: ".utf8)
        template.render(["x": "1 & 2"], into: &buffer)
        template.render(["x": "3"], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "HTTP body: <b>1 &amp; 2</b><b>3</b>")
    }

    @Test func libraryLooksUpTemplatesByName() throws {
        let library = try TemplateLibrary(["a": "A{{x}}", "b": "B"])
        #expect(library["a"]?.render(["x": 1]) == "A1")
        #expect(library["missing"] == nil)
        #expect(library.render("b", .null) == "B")
    }
}
