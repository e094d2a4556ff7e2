import Templates
import Testing

/// One case from the official Mustache spec (github.com/mustache/spec, specs/*.yml),
/// copied inline: the data is written as a `TemplateValue` instead of YAML.
struct SpecCase: Sendable, CustomTestStringConvertible {
    let name: String
    let data: TemplateValue
    let template: String
    let partials: [String: String]
    let expected: String

    init(_ name: String, _ data: TemplateValue, _ template: String, partials: [String: String] = [:], _ expected: String) {
        self.name = name
        self.data = data
        self.template = template
        self.partials = partials
        self.expected = expected
    }

    var testDescription: String { name }

    func check() throws {
        #expect(try render(template, data, partials: partials) == expected, "\(name)")
    }
}

@Suite("Mustache spec")
struct MustacheSpecTests {
    static let interpolationCases: [SpecCase] = [
        SpecCase("No Interpolation", [:], "Hello from {Mustache}!\n", "Hello from {Mustache}!\n"),
        SpecCase("Basic Interpolation", ["subject": "world"], "Hello, {{subject}}!\n", "Hello, world!\n"),
        SpecCase("HTML Escaping", ["forbidden": #"& " < >"#],
                 "These characters should be HTML escaped: {{forbidden}}\n",
                 "These characters should be HTML escaped: &amp; &quot; &lt; &gt;\n"),
        SpecCase("Triple Mustache", ["forbidden": #"& " < >"#],
                 "These characters should not be HTML escaped: {{{forbidden}}}\n",
                 "These characters should not be HTML escaped: & \" < >\n"),
        SpecCase("Ampersand", ["forbidden": #"& " < >"#],
                 "These characters should not be HTML escaped: {{&forbidden}}\n",
                 "These characters should not be HTML escaped: & \" < >\n"),
        SpecCase("Basic Integer Interpolation", ["mustache": 85], #""{{mustache}} miles an hour!""#,
                 #""85 miles an hour!""#),
        SpecCase("Basic Null Interpolation", ["cannot": .null], "I ({{cannot}}) be seen!", "I () be seen!"),
        SpecCase("Basic Context Miss Interpolation", [:], "I ({{cannot}}) be seen!", "I () be seen!"),
        SpecCase("Dotted Names - Basic Interpolation", ["person": ["name": "Joe"]],
                 #""{{person.name}}" == "{{#person}}{{name}}{{/person}}""#, #""Joe" == "Joe""#),
        SpecCase("Dotted Names - Arbitrary Depth", ["a": ["b": ["c": ["d": ["e": ["name": "Phil"]]]]]],
                 #""{{a.b.c.d.e.name}}" == "Phil""#, #""Phil" == "Phil""#),
        SpecCase("Dotted Names - Broken Chains", ["a": [:]], #""{{a.b.c}}" == """#, #""" == """#),
        SpecCase("Dotted Names - Broken Chain Resolution", ["a": ["b": [:]], "c": ["name": "Jim"]],
                 #""{{a.b.c.name}}" == """#, #""" == """#),
        SpecCase("Dotted Names - Initial Resolution",
                 ["a": ["b": ["c": ["d": ["e": ["name": "Phil"]]]]], "b": ["c": ["d": ["e": ["name": "Wrong"]]]]],
                 #""{{#a}}{{b.c.d.e.name}}{{/a}}" == "Phil""#, #""Phil" == "Phil""#),
        SpecCase("Dotted Names - Context Precedence", ["a": ["b": [:]], "b": ["c": "ERROR"]],
                 "{{#a}}{{b.c}}{{/a}}", ""),
        SpecCase("Implicit Iterators - Basic Interpolation", "world", "Hello, {{.}}!\n", "Hello, world!\n"),
        SpecCase("Interpolation - Surrounding Whitespace", ["string": "---"], "| {{string}} |", "| --- |"),
        SpecCase("Interpolation - Standalone", ["string": "---"], "  {{string}}\n", "  ---\n"),
        SpecCase("Interpolation With Padding", ["string": "---"], "|{{ string }}|", "|---|"),
        SpecCase("Triple Mustache With Padding", ["string": "---"], "|{{{ string }}}|", "|---|"),
        SpecCase("Ampersand With Padding", ["string": "---"], "|{{& string }}|", "|---|"),
    ]

    static let sectionsCases: [SpecCase] = [
        SpecCase("Truthy", ["boolean": true], #""{{#boolean}}This should be rendered.{{/boolean}}""#,
                 #""This should be rendered.""#),
        SpecCase("Falsey", ["boolean": false], #""{{#boolean}}This should not be rendered.{{/boolean}}""#, #""""#),
        SpecCase("Null is falsey", ["null": .null], #""{{#null}}This should not be rendered.{{/null}}""#, #""""#),
        SpecCase("Context", ["context": ["name": "Joe"]], #""{{#context}}Hi {{name}}.{{/context}}""#, #""Hi Joe.""#),
        SpecCase("Parent contexts", ["a": "foo", "b": "wrong", "sec": ["b": "bar"], "c": ["d": "baz"]],
                 #""{{#sec}}{{a}}, {{b}}, {{c.d}}{{/sec}}""#, #""foo, bar, baz""#),
        SpecCase("Variable test", ["foo": "bar"], #""{{#foo}}{{.}} is {{foo}}{{/foo}}""#, #""bar is bar""#),
        SpecCase("List", ["list": [["item": 1], ["item": 2], ["item": 3]]], #""{{#list}}{{item}}{{/list}}""#,
                 #""123""#),
        SpecCase("Empty List", ["list": []], #""{{#list}}Yay lists!{{/list}}""#, #""""#),
        SpecCase("Doubled", ["bool": true, "two": "second"],
                 "{{#bool}}\n* first\n{{/bool}}\n* {{two}}\n{{#bool}}\n* third\n{{/bool}}\n",
                 "* first\n* second\n* third\n"),
        SpecCase("Nested (Truthy)", ["bool": true], "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |",
                 "| A B C D E |"),
        SpecCase("Nested (Falsey)", ["bool": false], "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |", "| A  E |"),
        SpecCase("Context Misses", [:], "[{{#missing}}Found key 'missing'!{{/missing}}]", "[]"),
        SpecCase("Implicit Iterator - String", ["list": ["a", "b", "c", "d", "e"]],
                 #""{{#list}}({{.}}){{/list}}""#, #""(a)(b)(c)(d)(e)""#),
        SpecCase("Implicit Iterator - Integer", ["list": [1, 2, 3, 4, 5]],
                 #""{{#list}}({{.}}){{/list}}""#, #""(1)(2)(3)(4)(5)""#),
        SpecCase("Implicit Iterator - Array", ["list": [[1, 2, 3], ["a", "b", "c"]]],
                 #""{{#list}}({{#.}}{{.}}{{/.}}){{/list}}""#, #""(123)(abc)""#),
        SpecCase("Dotted Names - Truthy", ["a": ["b": ["c": true]]],
                 #""{{#a.b.c}}Here{{/a.b.c}}" == "Here""#, #""Here" == "Here""#),
        SpecCase("Dotted Names - Falsey", ["a": ["b": ["c": false]]],
                 #""{{#a.b.c}}Here{{/a.b.c}}" == """#, #""" == """#),
        SpecCase("Dotted Names - Broken Chains", ["a": [:]], #""{{#a.b.c}}Here{{/a.b.c}}" == """#, #""" == """#),
        SpecCase("Surrounding Whitespace", ["boolean": true], " | {{#boolean}}\t|\t{{/boolean}} | \n",
                 " | \t|\t | \n"),
        SpecCase("Internal Whitespace", ["boolean": true],
                 " | {{#boolean}} {{! Important Whitespace }}\n {{/boolean}} | \n", " |  \n  | \n"),
        SpecCase("Indented Inline Sections", ["boolean": true],
                 " {{#boolean}}YES{{/boolean}}\n {{#boolean}}GOOD{{/boolean}}\n", " YES\n GOOD\n"),
        SpecCase("Standalone Lines", ["boolean": true], "| This Is\n{{#boolean}}\n|\n{{/boolean}}\n| A Line\n",
                 "| This Is\n|\n| A Line\n"),
        SpecCase("Indented Standalone Lines", ["boolean": true],
                 "| This Is\n  {{#boolean}}\n|\n  {{/boolean}}\n| A Line\n", "| This Is\n|\n| A Line\n"),
        SpecCase("Standalone Line Endings", ["boolean": true], "|\r\n{{#boolean}}\r\n{{/boolean}}\r\n|", "|\r\n|"),
        SpecCase("Standalone Without Previous Line", ["boolean": true], "  {{#boolean}}\n#{{/boolean}}\n/", "#\n/"),
        SpecCase("Standalone Without Newline", ["boolean": true], "#{{#boolean}}\n/\n  {{/boolean}}", "#\n/\n"),
        SpecCase("Padding", ["boolean": true], "|{{# boolean }}={{/ boolean }}|", "|=|"),
    ]

    static let invertedCases: [SpecCase] = [
        SpecCase("Falsey", ["boolean": false], #""{{^boolean}}This should be rendered.{{/boolean}}""#,
                 #""This should be rendered.""#),
        SpecCase("Truthy", ["boolean": true], #""{{^boolean}}This should not be rendered.{{/boolean}}""#, #""""#),
        SpecCase("Null is falsey", ["null": .null], #""{{^null}}This should be rendered.{{/null}}""#,
                 #""This should be rendered.""#),
        SpecCase("Context", ["context": ["name": "Joe"]], #""{{^context}}Hi {{name}}.{{/context}}""#, #""""#),
        SpecCase("List", ["list": [["n": 1], ["n": 2], ["n": 3]]], #""{{^list}}{{n}}{{/list}}""#, #""""#),
        SpecCase("Empty List", ["list": []], #""{{^list}}Yay lists!{{/list}}""#, #""Yay lists!""#),
        SpecCase("Doubled", ["bool": false, "two": "second"],
                 "{{^bool}}\n* first\n{{/bool}}\n* {{two}}\n{{^bool}}\n* third\n{{/bool}}\n",
                 "* first\n* second\n* third\n"),
        SpecCase("Nested (Falsey)", ["bool": false], "| A {{^bool}}B {{^bool}}C{{/bool}} D{{/bool}} E |",
                 "| A B C D E |"),
        SpecCase("Nested (Truthy)", ["bool": true], "| A {{^bool}}B {{^bool}}C{{/bool}} D{{/bool}} E |", "| A  E |"),
        SpecCase("Context Misses", [:], "[{{^missing}}Found key 'missing'!{{/missing}}]",
                 "[Found key 'missing'!]"),
        SpecCase("Dotted Names - Truthy", ["a": ["b": ["c": true]]],
                 #""{{^a.b.c}}Not Here{{/a.b.c}}" == """#, #""" == """#),
        SpecCase("Dotted Names - Falsey", ["a": ["b": ["c": false]]],
                 #""{{^a.b.c}}Not Here{{/a.b.c}}" == "Not Here""#, #""Not Here" == "Not Here""#),
        SpecCase("Dotted Names - Broken Chains", ["a": [:]],
                 #""{{^a.b.c}}Not Here{{/a.b.c}}" == "Not Here""#, #""Not Here" == "Not Here""#),
        SpecCase("Standalone Lines", ["boolean": false], "| This Is\n{{^boolean}}\n|\n{{/boolean}}\n| A Line\n",
                 "| This Is\n|\n| A Line\n"),
        SpecCase("Standalone Line Endings", ["boolean": false], "|\r\n{{^boolean}}\r\n{{/boolean}}\r\n|", "|\r\n|"),
        SpecCase("Padding", ["boolean": false], "|{{^ boolean }}={{/ boolean }}|", "|=|"),
    ]

    static let partialsCases: [SpecCase] = [
        SpecCase("Basic Behavior", [:], #""{{>text}}""#, partials: ["text": "from partial"], #""from partial""#),
        SpecCase("Context", ["text": "content"], #""{{>partial}}""#, partials: ["partial": "*{{text}}*"],
                 #""*content*""#),
        SpecCase("Surrounding Whitespace", [:], "| {{>partial}} |", partials: ["partial": "\t|\t"], "| \t|\t |"),
        SpecCase("Inline Indentation", ["data": "|"], "  {{data}}  {{> partial}}\n", partials: ["partial": ">\n>"],
                 "  |  >\n>\n"),
        SpecCase("Standalone Line Endings", [:], "|\r\n{{>partial}}\r\n|", partials: ["partial": ">"], "|\r\n>|"),
        SpecCase("Standalone Without Previous Line", [:], "  {{>partial}}\n>", partials: ["partial": ">\n>"],
                 "  >\n  >>"),
        SpecCase("Standalone Without Newline", [:], ">\n  {{>partial}}", partials: ["partial": ">\n>"],
                 ">\n  >\n  >"),
        SpecCase("Standalone Indentation", ["content": "<\n->"], "\\\n {{>partial}}\n/\n",
                 partials: ["partial": "|\n{{{content}}}\n|\n"], "\\\n |\n <\n->\n |\n/\n"),
        SpecCase("Padding Whitespace", ["boolean": true], "|{{> partial }}|", partials: ["partial": "[]"], "|[]|"),
    ]

    static let commentsCases: [SpecCase] = [
        SpecCase("Inline", [:], "12345{{! Comment Block! }}67890", "1234567890"),
        SpecCase("Multiline", [:], "12345{{!\n  This is a\n  multi-line comment...\n}}67890\n", "1234567890\n"),
        SpecCase("Standalone", [:], "Begin.\n{{! Comment Block! }}\nEnd.\n", "Begin.\nEnd.\n"),
        SpecCase("Indented Standalone", [:], "Begin.\n  {{! Indented Comment Block! }}\nEnd.\n", "Begin.\nEnd.\n"),
        SpecCase("Standalone Line Endings", [:], "|\r\n{{! Standalone Comment }}\r\n|", "|\r\n|"),
        SpecCase("Multiline Standalone", [:], "Begin.\n{{!\nSomething's going on here...\n}}\nEnd.\n",
                 "Begin.\nEnd.\n"),
        SpecCase("Indented Inline", [:], "  12 {{! 34 }}\n", "  12 \n"),
        SpecCase("Surrounding Whitespace", [:], "12345 {{! Comment Block! }} 67890", "12345  67890"),
    ]

    @Test(arguments: interpolationCases) func interpolation(_ specCase: SpecCase) throws { try specCase.check() }
    @Test(arguments: sectionsCases) func sections(_ specCase: SpecCase) throws { try specCase.check() }
    @Test(arguments: invertedCases) func inverted(_ specCase: SpecCase) throws { try specCase.check() }
    @Test(arguments: partialsCases) func partials(_ specCase: SpecCase) throws { try specCase.check() }
    @Test(arguments: commentsCases) func comments(_ specCase: SpecCase) throws { try specCase.check() }

    /// Deliberate departures from the spec, which this engine reports at compile time.
    @Test func missingAndRecursivePartialsAreCompileErrorsNotEmptyOutput() {
        #expect(compileError(["main": #""{{>text}}""#]) != nil)  // spec "Failed Lookup" renders ""
        #expect(compileError(["main": "{{#n}}{{>main}}{{/n}}"]) != nil)  // spec "Recursion" recurses on data
    }
}
