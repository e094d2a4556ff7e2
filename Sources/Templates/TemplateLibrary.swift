/// A set of named templates compiled together, so that `{{> name}}` partials
/// can refer to each other.
///
/// Compile once at startup from sources embedded as string literals:
///
/// ```swift
/// let pages = try TemplateLibrary([
///     "layout-header": "<header>{{service}}</header>\n",
///     "contact": """
///         {{> layout-header}}
///         <h1>{{title}}</h1>
///         """,
/// ])
/// let html = pages.render("contact", ["service": "Complaints", "title": "Contact us"])
/// ```
///
/// Partials are inlined when compiling, so a missing or recursive partial is a
/// compile error rather than (as the Mustache spec allows) empty output or
/// data-driven recursion at render time.
public struct TemplateLibrary: Sendable {
    private let templates: [String: Template]

    /// Compiles all templates; partials refer to other templates by name.
    /// Throws on any syntax error, unclosed or mismatched section, unknown partial, partial recursion.
    ///
    /// When several templates are broken, the error reported is the first one
    /// found, checking syntax of all templates in name order before partials.
    public init(_ sources: [String: String]) throws(TemplateError) {
        var compiler = TemplateCompiler(sources: sources)
        templates = try compiler.compileAll()
    }

    /// The compiled template named `name`, or `nil` if there is none.
    public subscript(name: String) -> Template? {
        templates[name]
    }

    /// The template named `name` rendered with `context`.
    ///
    /// - Precondition: the library has a template named `name`.
    public func render(_ name: String, _ context: TemplateValue) -> String {
        guard let template = templates[name] else {
            preconditionFailure("TemplateLibrary has no template named '\(name)'")
        }
        return template.render(context)
    }
}
