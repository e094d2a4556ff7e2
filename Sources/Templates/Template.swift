/// A compiled template, ready to render many times.
///
/// Get one from a `TemplateLibrary`. It is immutable: `render` may be called
/// from any number of threads at once.
public struct Template: Sendable {
    /// The compiled nodes, partials inlined.
    let nodes: [TemplateNode]
    /// The bytes of literal text: the initial capacity for `render(_:)`'s buffer.
    private let literalByteCount: Int

    init(nodes: [TemplateNode]) {
        self.nodes = nodes
        self.literalByteCount = TemplateNode.literalByteCount(nodes)
    }

    /// The template rendered with `context` as the root of the context stack.
    public func render(_ context: TemplateValue) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(literalByteCount + literalByteCount / 2 + 64)
        render(context, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends the template rendered with `context` (UTF-8) to `buffer`,
    /// e.g. an HTTP response body, without clearing it first.
    public func render(_ context: TemplateValue, into buffer: inout [UInt8]) {
        var stack = ContextStack(context)
        TemplateRenderer.render(nodes, context: &stack, into: &buffer)
    }
}
