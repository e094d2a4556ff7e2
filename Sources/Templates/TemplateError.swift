/// Why a template could not be compiled, and where.
///
/// `line` and `column` are 1-based and point at the start of the offending tag
/// (`{{`) in the source of `template`; columns count Unicode scalars.
/// `description` reads `name:line:column: reason`, like a compiler diagnostic.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// The name of the template whose source holds the error.
    public let template: String
    /// The 1-based line of the offending tag.
    public let line: Int
    /// The 1-based column (in Unicode scalars) of the offending tag.
    public let column: Int
    /// What is wrong, e.g. `unclosed section {{#errors}}`.
    public let reason: String

    /// An error at `offset` (a UTF-8 byte offset) in `source`.
    init(template: String, source: [UInt8], offset: Int, reason: String) {
        let location = SourceLocation(of: offset, in: source)
        self.template = template
        self.line = location.line
        self.column = location.column
        self.reason = reason
    }

    public var description: String {
        "\(template):\(line):\(column): \(reason)"
    }
}
