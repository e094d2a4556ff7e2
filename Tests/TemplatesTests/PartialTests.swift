import Templates
import Testing

@Suite("Partials")
struct PartialTests {
    @Test func inlinesAPartialWithTheCurrentContext() throws {
        #expect(try render("<p>{{> greeting}}</p>", ["name": "Ada"], partials: ["greeting": "Hi {{name}}"])
            == "<p>Hi Ada</p>")
    }

    @Test func partialInsideASectionSeesEachItem() throws {
        let context: TemplateValue = ["errors": [["message": "A"], ["message": "B"]], "prefix": "Error:"]
        let output = try render(
            "{{#errors}}{{>error}}{{/errors}}", context,
            partials: ["error": "<li>{{prefix}} {{message}}</li>"])
        #expect(output == "<li>Error: A</li><li>Error: B</li>")
    }

    @Test func partialsCanIncludeOtherPartials() throws {
        let sources = [
            "page": "{{> header}}<main>{{body}}</main>",
            "header": "<header>{{> logo}}</header>",
            "logo": "<img alt=\"{{service}}\">",
        ]
        let library = try TemplateLibrary(sources)
        #expect(library.render("page", ["service": "A & B", "body": "x"])
            == "<header><img alt=\"A &amp; B\"></header><main>x</main>")
        #expect(library.render("header", ["service": "S"]) == "<header><img alt=\"S\"></header>")
    }

    @Test func standalonePartialIsIndentedLineByLine() throws {
        let sources = [
            "list": """
                <ul>
                  {{> item}}
                </ul>

                """,
            "item": """
                <li>
                  {{text}}
                </li>

                """,
        ]
        #expect(try TemplateLibrary(sources).render("list", ["text": "x"]) == """
            <ul>
              <li>
                x
              </li>
            </ul>

            """)
    }

    @Test func partialsNamesMayHoldSlashesAndDots() throws {
        #expect(try render("{{> shared/footer.v2 }}", partials: ["shared/footer.v2": "F"]) == "F")
    }
}
