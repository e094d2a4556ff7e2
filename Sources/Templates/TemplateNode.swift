/// A piece of a compiled template: what `TemplateRenderer` walks.
///
/// Partials are already inlined and adjacent text merged, so rendering does no
/// look-ups other than context names.
enum TemplateNode: Sendable {
    /// Literal UTF-8 text, copied as is.
    case text([UInt8])
    /// Interpolates a value, HTML-escaped when `escaped`.
    case variable(TemplatePath, escaped: Bool)
    /// A section over a value, or an inverted section.
    case section(TemplatePath, inverted: Bool, [TemplateNode])
}

extension TemplateNode {
    /// The bytes of literal text in `nodes`, counting each section's body once:
    /// a hint for the size of the rendered output.
    static func literalByteCount(_ nodes: [TemplateNode]) -> Int {
        var count = 0
        for node in nodes {
            switch node {
            case .text(let bytes): count += bytes.count
            case .variable: break
            case .section(_, _, let children): count += literalByteCount(children)
            }
        }
        return count
    }
}

/// Builds a `[TemplateNode]`, merging adjacent text (e.g. around an inlined partial).
struct TemplateNodeBuilder {
    private(set) var nodes: [TemplateNode] = []

    /// Appends `node`, merging it into the previous node when both are text.
    mutating func append(_ node: TemplateNode) {
        guard case .text(let bytes) = node else {
            nodes.append(node)
            return
        }
        guard !bytes.isEmpty else { return }
        if case .text(var previous) = nodes.last {
            nodes.removeLast()
            previous.append(contentsOf: bytes)
            nodes.append(.text(previous))
        } else {
            nodes.append(node)
        }
    }

    /// Appends each of `newNodes` in order.
    mutating func append(contentsOf newNodes: [TemplateNode]) {
        for node in newNodes { append(node) }
    }
}
