import Templates
import Testing

@Suite("Sections")
struct SectionTests {
    @Test func repeatsOncePerListItemWithTheItemPushed() throws {
        let context: TemplateValue = ["items": [["n": 1], ["n": 2], ["n": 3]]]
        #expect(try render("{{#items}}<{{n}}>{{/items}}", context) == "<1><2><3>")
    }

    @Test func skipsAnEmptyList() throws {
        #expect(try render("[{{#items}}x{{/items}}]", ["items": []]) == "[]")
    }

    @Test func rendersOnceWithAnObjectPushed() throws {
        let context: TemplateValue = ["user": ["name": "Ada", "email": "ada@example.org"]]
        #expect(try render("{{#user}}{{name}} ({{email}}){{/user}}", context) == "Ada (ada@example.org)")
    }

    @Test func rendersAnEmptyObjectOnce() throws {
        #expect(try render("[{{#o}}x{{/o}}]", ["o": [:]]) == "[x]")
    }

    @Test func rendersForTrueAndSkipsForFalse() throws {
        #expect(try render("{{#t}}yes{{/t}}{{#f}}no{{/f}}", ["t": true, "f": false]) == "yes")
    }

    @Test func rendersForANonEmptyStringWithTheStringPushed() throws {
        #expect(try render("{{#s}}<b>{{.}}</b>{{/s}}|{{#e}}empty{{/e}}", ["s": "hi & bye", "e": ""]) == "<b>hi &amp; bye</b>|")
    }

    @Test func skipsMissingAndNullValues() throws {
        #expect(try render("[{{#missing}}x{{/missing}}{{#null}}y{{/null}}]", ["null": .null]) == "[]")
    }

    @Test func rendersInvertedSectionsOnlyForFalseyValues() throws {
        let context: TemplateValue = [
            "f": false, "t": true, "empty": [], "list": [1], "blank": "", "text": "x", "null": .null, "object": [:],
        ]
        let template = "{{^f}}f{{/f}}{{^t}}t{{/t}}{{^empty}}empty{{/empty}}{{^list}}list{{/list}}"
            + "{{^blank}}blank{{/blank}}{{^text}}text{{/text}}{{^null}}null{{/null}}"
            + "{{^missing}}missing{{/missing}}{{^object}}object{{/object}}"
        #expect(try render(template, context) == "femptyblanknullmissing")
    }

    @Test func invertedSectionDoesNotPushAValue() throws {
        #expect(try render("{{^items}}No {{what}} yet{{/items}}", ["items": [], "what": "cases"]) == "No cases yet")
    }

    @Test func outerNamesAreVisibleInsideListItems() throws {
        let context: TemplateValue = [
            "caseURL": "/cases",
            "label": "outer",
            "cases": [["id": "C-1", "label": "first"], ["id": "C-2"]],
        ]
        let output = try render("{{#cases}}<a href=\"{{caseURL}}/{{id}}\">{{label}}</a>{{/cases}}", context)
        #expect(output == "<a href=\"/cases/C-1\">first</a><a href=\"/cases/C-2\">outer</a>")
    }

    @Test func innerNamesShadowOuterOnesAndComeBackAfterTheSection() throws {
        let context: TemplateValue = ["name": "outer", "inner": ["name": "inner"]]
        #expect(try render("{{name}} {{#inner}}{{name}}{{/inner}} {{name}}", context) == "outer inner outer")
    }

    @Test func implicitIteratorRendersEachStringInAList() throws {
        #expect(try render("<ul>{{#tags}}<li>{{.}}</li>{{/tags}}</ul>", ["tags": ["a&b", "c"]])
            == "<ul><li>a&amp;b</li><li>c</li></ul>")
    }

    @Test func nestedListsIterateWithTheImplicitIterator() throws {
        let context: TemplateValue = ["rows": [["1", "2"], ["3"]]]
        #expect(try render("{{#rows}}[{{#.}}{{.}}{{/.}}]{{/rows}}", context) == "[12][3]")
    }

    @Test func sectionsOverDottedNames() throws {
        let context: TemplateValue = ["a": ["b": ["items": ["x", "y"], "on": true]]]
        #expect(try render("{{#a.b.items}}{{.}}{{/a.b.items}}{{#a.b.on}}!{{/a.b.on}}", context) == "xy!")
    }

    @Test func commentsRenderNothing() throws {
        #expect(try render("a{{! a comment with {{ and\nnewlines }}b", [:]) == "ab")
    }
}
