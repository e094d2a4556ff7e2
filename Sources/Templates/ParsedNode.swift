/// A piece of one template's syntax tree, before partials are inlined.
///
/// `TemplateParser` produces these; `TemplateCompiler` replaces every `.partial`
/// with the partial's own nodes to give the `TemplateNode`s that render.
enum ParsedNode {
    /// Literal UTF-8 text, already stripped of standalone tag lines.
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}` (not escaped).
    case variable(TemplatePath, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
    case section(TemplatePath, inverted: Bool, [ParsedNode])
    /// `{{> name}}`: `indentation` is prefixed to each line of the partial
    /// (non-empty only for a standalone tag); `offset` locates the tag for errors.
    case partial(name: String, indentation: [UInt8], offset: Int)
}
