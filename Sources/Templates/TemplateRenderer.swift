/// Renders compiled nodes against a context stack, appending UTF-8 to a buffer.
enum TemplateRenderer {
    /// Appends the rendering of `nodes` to `buffer`.
    static func render(_ nodes: [TemplateNode], context: inout ContextStack, into buffer: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                buffer.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                if let value = context.lookup(path) {
                    interpolate(value, escaped: escaped, into: &buffer)
                }
            case .section(let path, let inverted, let body):
                let value = context.lookup(path)
                if inverted {
                    if !(value?.isTruthy ?? false) {
                        render(body, context: &context, into: &buffer)
                    }
                } else if let value, value.isTruthy {
                    if case .list(let items) = value {
                        for item in items {
                            context.push(item)
                            render(body, context: &context, into: &buffer)
                            context.pop()
                        }
                    } else {
                        context.push(value)
                        render(body, context: &context, into: &buffer)
                        context.pop()
                    }
                }
            }
        }
    }

    /// Appends the text of `value`: a string, `true`/`false`, or nothing for
    /// `.null`, lists and objects.
    private static func interpolate(_ value: TemplateValue, escaped: Bool, into buffer: inout [UInt8]) {
        switch value {
        case .string(let text):
            if escaped {
                HTMLEscaping.escape(text, into: &buffer)
            } else {
                buffer.append(contentsOf: text.utf8)
            }
        case .bool(let flag):
            buffer.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .null, .list, .object:
            break
        }
    }
}
