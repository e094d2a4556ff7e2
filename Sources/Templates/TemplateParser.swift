/// Turns one template's source into a `ParsedNode` tree, applying the Mustache
/// spec's whitespace rules.
///
/// Supported tags: `{{name}}`, `{{{name}}}`, `{{& name}}`, `{{#name}}`,
/// `{{^name}}`, `{{/name}}`, `{{! comment }}` and `{{> partial}}`. Set-delimiter
/// tags (`{{=…=}}`) and template inheritance (`{{<…}}`, `{{$…}}`) are rejected.
///
/// *Standalone lines*: a section, inverted, closing, comment or partial tag that
/// is alone on its line (only spaces and tabs besides it) removes the whole line,
/// including its line break, so templates can be indented freely.
///
/// *Partial indentation*: when `indentation` is given (the blanks before a
/// standalone `{{> partial}}` tag), it is inserted at the start of every line of
/// this source that is not removed, as the spec requires.
struct TemplateParser {
    private let name: String
    private let source: [UInt8]
    private let indentation: [UInt8]
    /// The root frame, then one per open section.
    private var frames: [Frame] = [Frame(opening: nil)]
    /// Text not yet turned into a `.text` node.
    private var pendingText: [UInt8] = []

    /// An open section and the nodes parsed so far in its body.
    private struct Frame {
        let opening: Opening?
        var nodes: [ParsedNode] = []
    }

    /// The tag that opened a section.
    private struct Opening {
        let name: String
        let path: TemplatePath
        let inverted: Bool
        let offset: Int
    }

    /// One `{{…}}` tag.
    private struct Tag {
        enum Kind {
            case variable(escaped: Bool)
            case section(inverted: Bool)
            case close
            case comment
            case partial

            /// Whether the tag removes its line when alone on it.
            var canStandAlone: Bool {
                if case .variable = self { return false }
                return true
            }
        }

        let kind: Kind
        /// The text between the sigil and the closing braces, without surrounding whitespace.
        let name: String
        /// The byte offset of the opening `{{`.
        let start: Int
        /// The byte offset just past the closing `}}` or `}}}`.
        let end: Int
    }

    /// Parses `source`, the template named `name` (used in errors).
    static func parse(
        _ source: [UInt8], named name: String, indentation: [UInt8] = []
    ) throws(TemplateError) -> [ParsedNode] {
        var parser = TemplateParser(name: name, source: source, indentation: indentation)
        return try parser.parse()
    }

    private init(name: String, source: [UInt8], indentation: [UInt8]) {
        self.name = name
        self.source = source
        self.indentation = indentation
    }

    private mutating func parse() throws(TemplateError) -> [ParsedNode] {
        var textStart = 0
        while let open = find([ASCII.openBrace, ASCII.openBrace], from: textStart) {
            let tag = try readTag(at: open)
            if tag.kind.canStandAlone, let line = standaloneLine(of: tag) {
                appendText(textStart..<line.lowerBound)
                try handle(tag, standaloneIndentation: Array(source[line.lowerBound..<tag.start]))
                textStart = line.upperBound
            } else {
                appendText(textStart..<open)
                if !indentation.isEmpty && isLineStart(open) {
                    pendingText.append(contentsOf: indentation)
                }
                try handle(tag, standaloneIndentation: nil)
                textStart = tag.end
            }
        }
        appendText(textStart..<source.count)
        flushText()
        if let opening = frames.last?.opening {
            throw error(
                at: opening.offset,
                "unclosed section {{\(opening.inverted ? "^" : "#")\(opening.name)}}: no {{/\(opening.name)}} before the end")
        }
        return frames[0].nodes
    }

    // MARK: - Tags

    /// Reads the tag whose `{{` is at `start`.
    private func readTag(at start: Int) throws(TemplateError) -> Tag {
        var contentStart = start + 2
        var closing: [UInt8] = [ASCII.closeBrace, ASCII.closeBrace]
        let kind: Tag.Kind
        switch contentStart < source.count ? source[contentStart] : 0 {
        case ASCII.openBrace:
            kind = .variable(escaped: false)
            closing.append(ASCII.closeBrace)
        case UInt8(ascii: "&"): kind = .variable(escaped: false)
        case UInt8(ascii: "#"): kind = .section(inverted: false)
        case UInt8(ascii: "^"): kind = .section(inverted: true)
        case UInt8(ascii: "/"): kind = .close
        case UInt8(ascii: "!"): kind = .comment
        case UInt8(ascii: ">"): kind = .partial
        case UInt8(ascii: "="):
            throw error(at: start, "set-delimiter tags ({{=…=}}) are not supported")
        case UInt8(ascii: "<"), UInt8(ascii: "$"):
            throw error(at: start, "template inheritance tags ({{<…}}, {{$…}}) are not supported")
        default:
            kind = .variable(escaped: true)
            contentStart -= 1  // no sigil to skip
        }
        contentStart += 1
        guard let close = find(closing, from: contentStart) else {
            let expected = String(decoding: closing, as: UTF8.self)
            throw error(at: start, "unterminated tag: no \(expected) closes it")
        }
        var lower = contentStart
        var upper = close
        while lower < upper, ASCII.isWhitespace(source[lower]) { lower += 1 }
        while upper > lower, ASCII.isWhitespace(source[upper - 1]) { upper -= 1 }
        return Tag(
            kind: kind,
            name: String(decoding: source[lower..<upper], as: UTF8.self),
            start: start,
            end: close + closing.count)
    }

    /// Adds `tag` to the tree. `standaloneIndentation` is the blanks before the
    /// tag when it is alone on its line (and so removes it), else `nil`.
    private mutating func handle(_ tag: Tag, standaloneIndentation: [UInt8]?) throws(TemplateError) {
        switch tag.kind {
        case .comment:
            break
        case .variable(let escaped):
            let path = try path(of: tag)
            flushText()
            frames[frames.count - 1].nodes.append(.variable(path, escaped: escaped))
        case .section(let inverted):
            let path = try path(of: tag)
            flushText()
            frames.append(Frame(opening: Opening(name: tag.name, path: path, inverted: inverted, offset: tag.start)))
        case .close:
            guard let opening = frames.last?.opening else {
                throw error(at: tag.start, "closing tag {{/\(tag.name)}} has no open section to close")
            }
            guard opening.name == tag.name else {
                let location = SourceLocation(of: opening.offset, in: source)
                throw error(
                    at: tag.start,
                    "closing tag {{/\(tag.name)}} does not match the open section "
                        + "{{\(opening.inverted ? "^" : "#")\(opening.name)}} "
                        + "(line \(location.line), column \(location.column))")
            }
            flushText()
            let body = frames.removeLast().nodes
            frames[frames.count - 1].nodes.append(.section(opening.path, inverted: opening.inverted, body))
        case .partial:
            guard !tag.name.isEmpty, !tag.name.utf8.contains(where: ASCII.isWhitespace) else {
                throw error(at: tag.start, "invalid partial name '\(tag.name)'")
            }
            flushText()
            let partialIndentation = standaloneIndentation.map { indentation + $0 } ?? []
            frames[frames.count - 1].nodes.append(
                .partial(name: tag.name, indentation: partialIndentation, offset: tag.start))
        }
    }

    /// The name of a variable or section tag, validated.
    private func path(of tag: Tag) throws(TemplateError) -> TemplatePath {
        guard !tag.name.isEmpty else {
            throw error(at: tag.start, "empty tag: a name is expected")
        }
        guard let path = TemplatePath(tag.name) else {
            throw error(at: tag.start, "invalid name '\(tag.name)'")
        }
        return path
    }

    // MARK: - Whitespace

    /// The byte range of `tag`'s line, line break included, if the tag is alone on it.
    private func standaloneLine(of tag: Tag) -> Range<Int>? {
        var lineStart = tag.start
        while lineStart > 0, ASCII.isBlank(source[lineStart - 1]) { lineStart -= 1 }
        guard isLineStart(lineStart) else { return nil }
        var lineEnd = tag.end
        while lineEnd < source.count, ASCII.isBlank(source[lineEnd]) { lineEnd += 1 }
        if lineEnd == source.count {
            return lineStart..<lineEnd
        }
        if source[lineEnd] == ASCII.newline {
            return lineStart..<(lineEnd + 1)
        }
        if source[lineEnd] == ASCII.carriageReturn, lineEnd + 1 < source.count,
           source[lineEnd + 1] == ASCII.newline {
            return lineStart..<(lineEnd + 2)
        }
        return nil
    }

    /// Whether `offset` is the first byte of a line of the source.
    private func isLineStart(_ offset: Int) -> Bool {
        offset == 0 || source[offset - 1] == ASCII.newline
    }

    // MARK: - Text

    /// Queues the source text in `range`, indenting each line that starts in it.
    private mutating func appendText(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        guard !indentation.isEmpty else {
            pendingText.append(contentsOf: source[range])
            return
        }
        var runStart = range.lowerBound
        for offset in range where isLineStart(offset) {
            pendingText.append(contentsOf: source[runStart..<offset])
            pendingText.append(contentsOf: indentation)
            runStart = offset
        }
        pendingText.append(contentsOf: source[runStart..<range.upperBound])
    }

    /// Turns the queued text into a `.text` node of the innermost open section.
    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        frames[frames.count - 1].nodes.append(.text(pendingText))
        pendingText = []
    }

    // MARK: - Helpers

    /// The offset of the first occurrence of `needle` at or after `start`.
    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, source.count >= needle.count else { return nil }
        var offset = start
        let last = source.count - needle.count
        while offset <= last {
            if source[offset] == first && source[offset..<(offset + needle.count)].elementsEqual(needle) {
                return offset
            }
            offset += 1
        }
        return nil
    }

    private func error(at offset: Int, _ reason: String) -> TemplateError {
        TemplateError(template: name, source: source, offset: offset, reason: reason)
    }
}
