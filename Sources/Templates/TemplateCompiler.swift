/// Compiles a set of named template sources into `Template`s, inlining partials.
///
/// Every source is parsed first (in name order, so the error reported for a
/// broken library is always the same one); then each template's partial tags are
/// replaced by the partial's nodes. A partial included by a standalone tag is
/// re-parsed with that tag's indentation, as the spec indents each of its lines.
/// Inlining at compile time is why partials must exist and must not recurse.
struct TemplateCompiler {
    private let sources: [String: [UInt8]]
    /// Each template parsed without indentation.
    private var parsed: [String: [ParsedNode]] = [:]
    /// Templates (or partials at a given indentation) already inlined.
    private var compiled: [Key: [TemplateNode]] = [:]

    private struct Key: Hashable {
        let name: String
        let indentation: [UInt8]
    }

    init(sources: [String: String]) {
        self.sources = sources.mapValues { Array($0.utf8) }
    }

    /// Compiles every source, or throws the first error found.
    mutating func compileAll() throws(TemplateError) -> [String: Template] {
        let names = sources.keys.sorted()
        for name in names {
            parsed[name] = try TemplateParser.parse(sources[name, default: []], named: name)
        }
        var templates: [String: Template] = [:]
        for name in names {
            templates[name] = Template(nodes: try compile(name, indentation: [], including: []))
        }
        return templates
    }

    /// The nodes of template `name` with its partials inlined. `chain` holds the
    /// templates whose partial tags led here, outermost first, to detect recursion.
    private mutating func compile(
        _ name: String, indentation: [UInt8], including chain: [String]
    ) throws(TemplateError) -> [TemplateNode] {
        let key = Key(name: name, indentation: indentation)
        if let nodes = compiled[key] { return nodes }
        let nodes: [ParsedNode]
        if indentation.isEmpty, let unindented = parsed[name] {
            nodes = unindented
        } else {
            nodes = try TemplateParser.parse(sources[name, default: []], named: name, indentation: indentation)
        }
        var builder = TemplateNodeBuilder()
        try lower(nodes, of: name, chain: chain + [name], into: &builder)
        compiled[key] = builder.nodes
        return builder.nodes
    }

    /// Appends `nodes` (from template `name`) to `builder`, inlining partials.
    private mutating func lower(
        _ nodes: [ParsedNode], of name: String, chain: [String], into builder: inout TemplateNodeBuilder
    ) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                builder.append(.text(bytes))
            case .variable(let path, let escaped):
                builder.append(.variable(path, escaped: escaped))
            case .section(let path, let inverted, let children):
                var body = TemplateNodeBuilder()
                try lower(children, of: name, chain: chain, into: &body)
                builder.append(.section(path, inverted: inverted, body.nodes))
            case .partial(let partial, let indentation, let offset):
                guard sources[partial] != nil else {
                    throw error(in: name, at: offset, "unknown partial '\(partial)'")
                }
                if let first = chain.firstIndex(of: partial) {
                    let cycle = (chain[first...] + [partial]).joined(separator: " → ")
                    throw error(in: name, at: offset, "recursive partial: \(cycle)")
                }
                builder.append(contentsOf: try compile(partial, indentation: indentation, including: chain))
            }
        }
    }

    private func error(in name: String, at offset: Int, _ reason: String) -> TemplateError {
        TemplateError(template: name, source: sources[name, default: []], offset: offset, reason: reason)
    }
}
