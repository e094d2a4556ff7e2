import Foundation
import HTTPTestSupport
import Testing

// Helpers for the end-to-end tests of the HTML pages: the complaint form's fields as a browser
// sends them, posting them urlencoded or as multipart, and a small HTML reader to look at what
// came back (attribute values, selected options, checked boxes, labels, ids).

// MARK: - The form's fields

/// The fields of the complaint form in the order a browser sends them. Empty text inputs and
/// selects left on their placeholder are sent as ""; unchecked boxes and unchosen radios are not.
struct ComplaintForm {
    var fields: [(name: String, value: String)]

    /// A complete complaint from a rightsholder acting for itself, as typed into the form.
    static func rightsholder(title: String = "Le Livre") -> ComplaintForm {
        ComplaintForm(fields: [
            ("website", ""),
            ("complainant.role", "rightsholder"),
            ("complainant.name", "Jane Doe"),
            ("complainant.organisation", "Example Publishing SA"),
            ("complainant.email", "jane@example.org"),
            ("complainant.country", "FR"),
            ("rightsholder.name", ""),
            ("rightsholder.mandate", ""),
            ("works[0].title", title),
            ("works[0].type", "text"),
            ("works[0].identifier", "ISBN 978-2-1234-5680-3"),
            ("works[0].location", "https://publisher.example/le-livre"),
            ("works[0].rights_reservation", "robots_txt"),
            ("category", "robots_txt_ignored"),
            ("model", "example-model-1"),
            ("description", "Our robots.txt has disallowed the provider's crawler since March 2026; its user agent fetched 4,000 pages in October."),
            ("evidence_urls", "https://publisher.example/logs/2026-10.txt\r\nhttps://publisher.example/logs/2026-11.txt"),
            ("observed_on", "2026-10-01"),
            ("declarations.good_faith", "yes"),
            ("declarations.accurate_and_complete", "yes"),
        ])
    }

    /// A complete complaint from a representative, with the rightsholder and the mandate.
    static func representative() -> ComplaintForm {
        var form = rightsholder()
        form["complainant.role"] = "representative"
        form["complainant.organisation"] = "Example Rights Agency"
        form["rightsholder.name"] = "Example Publishing SA"
        form["rightsholder.mandate"] = "Exclusive mandate of 2026-01-15 to act for Example Publishing SA on text and data mining."
        return form
    }

    /// The value of `name`; setting nil removes the field (as a browser omits an unchecked box),
    /// setting a value replaces it or adds it at the end.
    subscript(name: String) -> String? {
        get { fields.first { $0.name == name }?.value }
        set {
            if let newValue {
                if let index = fields.firstIndex(where: { $0.name == name }) {
                    fields[index].value = newValue
                } else {
                    fields.append((name, newValue))
                }
            } else {
                fields.removeAll { $0.name == name }
            }
        }
    }

    /// These fields with `form_token` first (where the page puts it), unless `token` is nil.
    func withToken(_ token: String?) -> [(name: String, value: String)] {
        (token.map { [("form_token", $0)] } ?? []) + fields
    }

    /// An `application/x-www-form-urlencoded` body as a browser encodes it.
    static func urlencoded(_ fields: [(name: String, value: String)]) -> [UInt8] {
        Array(fields.map { encode($0.name) + "=" + encode($0.value) }.joined(separator: "&").utf8)
    }

    private static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// A `multipart/form-data` body: the fields, then one `files` part per file. With no files,
    /// an empty file part is sent, as a browser does for a file input left empty.
    static func multipart(_ fields: [(name: String, value: String)],
                          files: [(filename: String, contentType: String, bytes: [UInt8])]) -> MultipartBody {
        var parts = fields.map { MultipartBody.Part(name: $0.name, filename: nil, contentType: nil, bytes: Array($0.value.utf8)) }
        if files.isEmpty {
            parts.append(MultipartBody.Part(name: "files", filename: "", contentType: "application/octet-stream", bytes: []))
        }
        for file in files {
            parts.append(MultipartBody.Part(name: "files", filename: file.filename, contentType: file.contentType, bytes: file.bytes))
        }
        return MultipartBody(parts: parts)
    }
}

// MARK: - Talking to the pages

extension PortalTestServer {
    /// GET /complaints/new and the form token the page carries.
    func newComplaintForm() throws -> (page: RawHTTPResponse, token: String) {
        let page = try get("/complaints/new")
        let token = try #require(HTML(page.text).value(ofInputNamed: "form_token"), "no form_token in \(page.text.prefix(500))")
        return (page, token)
    }

    /// POST /complaints urlencoded with exactly these fields.
    func postForm(_ fields: [(name: String, value: String)], headers: [(String, String)] = []) throws -> RawHTTPResponse {
        try send("POST", "/complaints", headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
                 body: ComplaintForm.urlencoded(fields))
    }

    /// POST /complaints as multipart/form-data.
    func postForm(_ body: MultipartBody) throws -> RawHTTPResponse {
        try send("POST", "/complaints", headers: [("Content-Type", body.contentType)], body: body.bytes)
    }

    /// What a person does: load the form, take `fillSeconds` to fill it in, send it urlencoded.
    func fillAndSend(_ form: ComplaintForm, fillSeconds: Int64 = 5) throws -> RawHTTPResponse {
        let token = try newComplaintForm().token
        clock.advance(by: fillSeconds)
        return try postForm(form.withToken(token))
    }

    /// The same as multipart/form-data, with `files`.
    func fillAndSend(_ form: ComplaintForm, files: [(filename: String, contentType: String, bytes: [UInt8])],
                     fillSeconds: Int64 = 5) throws -> RawHTTPResponse {
        let token = try newComplaintForm().token
        clock.advance(by: fillSeconds)
        return try postForm(ComplaintForm.multipart(form.withToken(token), files: files))
    }

    /// GET /status and its form token.
    func newStatusForm() throws -> (page: RawHTTPResponse, token: String) {
        let page = try get("/status")
        let token = try #require(HTML(page.text).value(ofInputNamed: "form_token"), "no form_token in the status form")
        return (page, token)
    }

    /// GET /status, then POST /status with `reference` and `code`.
    func checkStatus(reference: String, code: String) throws -> RawHTTPResponse {
        let token = try newStatusForm().token
        return try send("POST", "/status", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                        body: ComplaintForm.urlencoded([("form_token", token), ("reference", reference), ("status_token", code)]))
    }
}

/// What a receipt page shows.
struct ReceiptPage {
    let reference: String
    let statusCode: String

    init(_ response: RawHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let html = HTML(response.text)
        reference = try #require(html.text(ofFirst: "strong", withClass: "reference"), "no reference on \(response.text)",
                                 sourceLocation: sourceLocation)
        statusCode = try #require(html.text(ofElementWithID: "status-token"), "no status code on \(response.text)",
                                  sourceLocation: sourceLocation)
    }
}

// MARK: - Reading HTML

/// A forgiving reader of the portal's own HTML: start tags with their attributes (values
/// unescaped), and the text between a start tag and its end tag.
struct HTML {
    struct Tag {
        let name: String
        /// Attribute values as written, entities decoded; a bare attribute has the value "".
        let attributes: [String: String]
        /// Where the tag ends in the source (just after `>`), in UTF-8 bytes.
        let end: Int

        subscript(_ attribute: String) -> String? { attributes[attribute] }
        var id: String? { attributes["id"] }
    }

    let source: String
    let tags: [Tag]
    private let bytes: [UInt8]

    init(_ source: String) {
        self.source = source
        bytes = Array(source.utf8)
        tags = HTML.scan(bytes)
    }

    func tags(_ name: String) -> [Tag] { tags.filter { $0.name == name } }

    func element(id: String) -> Tag? { tags.first { $0.id == id } }

    /// Every id on the page, with repeats.
    var ids: [String] { tags.compactMap(\.id) }

    /// The `value` of the `<input>` with `id`, unescaped.
    func inputValue(id: String) -> String? {
        tags("input").first { $0.id == id }?["value"]
    }

    /// The `value` of the first `<input>` named `name`.
    func value(ofInputNamed name: String) -> String? {
        tags("input").first { $0["name"] == name }?["value"]
    }

    /// The text inside the `<textarea>` with `id`, unescaped.
    func textareaContent(id: String) -> String? {
        guard let tag = tags("textarea").first(where: { $0.id == id }) else { return nil }
        return content(after: tag)
    }

    /// The values of the selected `<option>`s of the `<select>` with `id`.
    func selectedOptions(selectID: String) -> [String] {
        guard let select = tags("select").first(where: { $0.id == selectID }) else { return [] }
        let close = find("</select>", from: select.end) ?? bytes.count
        return tags("option").filter { $0.end > select.end && $0.end <= close && $0["selected"] != nil }.compactMap { $0["value"] }
    }

    /// The values of the checked radio buttons named `name`.
    func checkedRadios(name: String) -> [String] {
        tags("input").filter { $0["type"] == "radio" && $0["name"] == name && $0["checked"] != nil }.compactMap { $0["value"] }
    }

    /// Whether the checkbox with `id` is checked; nil when there is no such checkbox.
    func isChecked(id: String) -> Bool? {
        tags("input").first { $0.id == id && $0["type"] == "checkbox" }.map { $0["checked"] != nil }
    }

    /// The text (tags removed, entities decoded, whitespace collapsed) of the element with `id`.
    func text(ofElementWithID id: String) -> String? {
        element(id: id).flatMap { text(of: $0) }
    }

    /// The text of the first `name` element whose class list holds `className`.
    func text(ofFirst name: String, withClass className: String) -> String? {
        tags(name).first { ($0["class"] ?? "").split(separator: " ").contains(Substring(className)) }.flatMap { text(of: $0) }
    }

    /// The `href`s of the links in the error summary, in order.
    var errorSummaryLinks: [String] {
        guard let summary = tags("div").first(where: { ($0["class"] ?? "").split(separator: " ").contains("error-summary") }) else {
            return []
        }
        let close = find("</div>", from: summary.end) ?? bytes.count
        return tags("a").filter { $0.end > summary.end && $0.end <= close }.compactMap { $0["href"] }
    }

    /// Whether the page has an error summary at all.
    var hasErrorSummary: Bool {
        tags("div").contains { ($0["class"] ?? "").split(separator: " ").contains("error-summary") }
    }

    /// The `<label for=…>` targets.
    var labelTargets: Set<String> { Set(tags("label").compactMap { $0["for"] }) }

    // MARK: Internals

    private func text(of tag: Tag) -> String? {
        guard let raw = content(after: tag, rawHTML: true) else { return nil }
        // Drop nested tags, then decode.
        var plain = ""
        var inTag = false
        for c in raw {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { plain.append(c) }
        }
        return HTML.unescape(plain).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// What lies between `tag` and its end tag (the first `</name>` after it, which suffices for
    /// the portal's markup: none of the elements read this way nest in themselves).
    private func content(after tag: Tag, rawHTML: Bool = false) -> String? {
        guard let close = find("</\(tag.name)>", from: tag.end) else { return nil }
        let raw = String(decoding: bytes[tag.end..<close], as: UTF8.self)
        return rawHTML ? raw : HTML.unescape(raw)
    }

    private func find(_ needle: String, from start: Int) -> Int? {
        guard start <= bytes.count else { return nil }
        return RawHTTPClient.find(Array(needle.utf8), in: Array(bytes[start...])).map { $0 + start }
    }

    /// The five entities the portal's templates write, and numeric references.
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            guard let semicolon = rest.firstIndex(of: ";"), rest.distance(from: rest.startIndex, to: semicolon) <= 10 else {
                out += "&"
                rest = rest.dropFirst()
                continue
            }
            let entity = rest[rest.index(after: rest.startIndex)..<semicolon]
            var decoded: String?
            switch entity {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            default:
                if entity.hasPrefix("#x"), let code = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
                    decoded = String(Character(scalar))
                } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                    decoded = String(Character(scalar))
                }
            }
            if let decoded {
                out += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                out += "&"
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x3A
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

    private static func scan(_ bytes: [UInt8]) -> [Tag] {
        var tags: [Tag] = []
        var i = 0
        let n = bytes.count
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        while i < n {
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < n else {
                i += 1
                continue
            }
            let next = bytes[i + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "/") || next == UInt8(ascii: "?") {
                // Doctype, comment, end tag: skip to the next `>`.
                while i < n, bytes[i] != UInt8(ascii: ">") { i += 1 }
                i += 1
                continue
            }
            guard (next >= 0x61 && next <= 0x7A) || (next >= 0x41 && next <= 0x5A) else {
                i += 1
                continue
            }
            var j = i + 1
            while j < n, isNameByte(bytes[j]) { j += 1 }
            let name = string((i + 1)..<j).lowercased()
            var attributes: [String: String] = [:]
            while j < n {
                while j < n, isSpace(bytes[j]) || bytes[j] == UInt8(ascii: "/") { j += 1 }
                guard j < n, bytes[j] != UInt8(ascii: ">") else { break }
                let nameStart = j
                while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: "="), bytes[j] != UInt8(ascii: ">") { j += 1 }
                let attribute = string(nameStart..<j).lowercased()
                var value = ""
                if j < n, bytes[j] == UInt8(ascii: "=") {
                    j += 1
                    if j < n, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") {
                        let quote = bytes[j]
                        let start = j + 1
                        j = start
                        while j < n, bytes[j] != quote { j += 1 }
                        value = string(start..<min(j, n))
                        j += 1
                    } else {
                        let start = j
                        while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">") { j += 1 }
                        value = string(start..<j)
                    }
                }
                if attributes[attribute] == nil { attributes[attribute] = unescape(value) }
            }
            let end = min(j + 1, n)
            tags.append(Tag(name: name, attributes: attributes, end: end))
            i = end
        }
        return tags
    }
}

// MARK: - What every HTML page must be

/// Checks what every HTML page of the portal must have: the security headers, `lang`, a
/// `<main>` landmark, nothing inline the Content-Security-Policy would block, unique ids, a
/// label for every form control, and `aria-describedby` pointing at elements that exist.
func expectWellFormedPortalPage(_ response: RawHTTPResponse, _ what: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.mediaType == "text/html", "\(what): Content-Type \(response.header("Content-Type") ?? "none")",
            sourceLocation: sourceLocation)
    let csp = response.header("Content-Security-Policy") ?? ""
    #expect(!csp.isEmpty, "\(what): no Content-Security-Policy", sourceLocation: sourceLocation)
    #expect(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"), "\(what): CSP allows inline code: \(csp)",
            sourceLocation: sourceLocation)
    let directives = csp.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(directives.contains("frame-ancestors 'none'"), "\(what): CSP without frame-ancestors 'none': \(csp)",
            sourceLocation: sourceLocation)
    #expect(directives.contains { $0.hasPrefix("default-src") || $0.hasPrefix("script-src") },
            "\(what): CSP does not restrict scripts: \(csp)", sourceLocation: sourceLocation)
    #expect(response.header("X-Content-Type-Options")?.lowercased() == "nosniff", "\(what)", sourceLocation: sourceLocation)
    #expect(response.header("Referrer-Policy")?.lowercased() == "no-referrer", "\(what)", sourceLocation: sourceLocation)

    let html = HTML(response.text)
    #expect(html.tags("html").first?["lang"] == "en", "\(what): no <html lang=\"en\">", sourceLocation: sourceLocation)
    #expect(html.tags("main").count == 1, "\(what): \(html.tags("main").count) <main> landmarks", sourceLocation: sourceLocation)
    // Nothing the policy would block: no script at all, no inline styles or event handlers.
    #expect(html.tags("script").isEmpty, "\(what): has a <script>", sourceLocation: sourceLocation)
    #expect(html.tags("style").isEmpty, "\(what): has a <style> element", sourceLocation: sourceLocation)
    for tag in html.tags {
        #expect(tag["style"] == nil, "\(what): inline style on <\(tag.name)>", sourceLocation: sourceLocation)
        for name in tag.attributes.keys where name.hasPrefix("on") {
            #expect(Bool(false), "\(what): event handler attribute \(name) on <\(tag.name)>", sourceLocation: sourceLocation)
        }
    }
    var seen: Set<String> = []
    for id in html.ids where !seen.insert(id).inserted {
        #expect(Bool(false), "\(what): the id \"\(id)\" is used twice", sourceLocation: sourceLocation)
    }
    let labelled = html.labelTargets
    for control in html.tags where ["input", "select", "textarea"].contains(control.name) {
        if control.name == "input", control["type"] == "hidden" { continue }
        guard let id = control.id else {
            #expect(Bool(false), "\(what): a <\(control.name) name=\"\(control["name"] ?? "")\"> without an id, so without a label",
                    sourceLocation: sourceLocation)
            continue
        }
        #expect(labelled.contains(id), "\(what): no <label for=\"\(id)\">", sourceLocation: sourceLocation)
    }
    for tag in html.tags {
        for reference in (tag["aria-describedby"] ?? "").split(separator: " ") {
            #expect(seen.contains(String(reference)), "\(what): aria-describedby=\"\(reference)\" on <\(tag.name) id=\"\(tag.id ?? "")\"> names no element",
                    sourceLocation: sourceLocation)
        }
    }
    for label in html.tags("label") {
        if let target = label["for"] {
            #expect(seen.contains(target), "\(what): <label for=\"\(target)\"> names no element", sourceLocation: sourceLocation)
        }
    }
}

/// Checks that a re-shown form refers each error to its field: the message beside the field
/// (`id="<field>-error"`) and a link to `#<field>` in the summary, whose target exists.
func expectFieldError(_ html: HTML, field id: String, message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    let shown = html.text(ofElementWithID: "\(id)-error")
    #expect(shown != nil, "no message beside \(id)", sourceLocation: sourceLocation)
    if let message {
        #expect(shown?.contains(message) == true, "beside \(id): \(shown ?? "nothing"), expected \(message)",
                sourceLocation: sourceLocation)
    }
    #expect(html.errorSummaryLinks.contains("#\(id)"), "no link to #\(id) in the summary \(html.errorSummaryLinks)",
            sourceLocation: sourceLocation)
    #expect(html.element(id: id) != nil, "the summary links to #\(id) but nothing has that id", sourceLocation: sourceLocation)
}

// MARK: - XML

/// A minimal XML well-formedness checker for the Atom feed: one root, properly nested and
/// closed elements, quoted attributes, and only the predefined or numeric entity references.
struct XMLElementNode {
    var name: String
    var attributes: [String: String]
    var children: [XMLElementNode]
    var text: String

    func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }
    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }
}

struct XMLWellFormednessError: Error, CustomStringConvertible {
    let description: String
}

enum MiniXML {
    static func parse(_ text: String) throws -> XMLElementNode {
        var s = Substring(text)
        if s.hasPrefix("\u{FEFF}") { s = s.dropFirst() }
        if s.hasPrefix("<?xml") {
            guard let end = s.range(of: "?>") else { throw XMLWellFormednessError(description: "unterminated XML declaration") }
            s = s[end.upperBound...]
        }
        skipSpace(&s)
        let root = try element(&s)
        skipSpace(&s)
        guard s.isEmpty else { throw XMLWellFormednessError(description: "content after the root element: \(s.prefix(40))") }
        return root
    }

    private static func skipSpace(_ s: inout Substring) {
        while let c = s.first, c == " " || c == "\n" || c == "\r" || c == "\t" { s = s.dropFirst() }
    }

    private static func name(_ s: inout Substring) throws -> String {
        var out = ""
        while let c = s.first, c.isLetter || c.isNumber || c == ":" || c == "-" || c == "_" || c == "." {
            out.append(c)
            s = s.dropFirst()
        }
        guard let first = out.first, first.isLetter || first == "_" else {
            throw XMLWellFormednessError(description: "bad name at \(s.prefix(40))")
        }
        return out
    }

    private static func characters(_ raw: Substring) throws -> String {
        var out = ""
        var rest = raw
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else {
                throw XMLWellFormednessError(description: "a bare & in \(raw.prefix(60))")
            }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
                guard let scalar else { throw XMLWellFormednessError(description: "undefined entity &\(entity);") }
                out.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }

    private static func element(_ s: inout Substring) throws -> XMLElementNode {
        guard s.first == "<" else { throw XMLWellFormednessError(description: "expected an element at \(s.prefix(40))") }
        s = s.dropFirst()
        let tagName = try name(&s)
        var attributes: [String: String] = [:]
        while true {
            skipSpace(&s)
            if s.hasPrefix("/>") {
                s = s.dropFirst(2)
                return XMLElementNode(name: tagName, attributes: attributes, children: [], text: "")
            }
            if s.first == ">" {
                s = s.dropFirst()
                break
            }
            let attribute = try name(&s)
            skipSpace(&s)
            guard s.first == "=" else { throw XMLWellFormednessError(description: "attribute \(attribute) without a value") }
            s = s.dropFirst()
            skipSpace(&s)
            guard let quote = s.first, quote == "\"" || quote == "'" else {
                throw XMLWellFormednessError(description: "unquoted attribute \(attribute)")
            }
            s = s.dropFirst()
            guard let close = s.firstIndex(of: quote) else { throw XMLWellFormednessError(description: "unterminated attribute") }
            let raw = s[..<close]
            guard !raw.contains("<") else { throw XMLWellFormednessError(description: "< in attribute \(attribute)") }
            guard attributes[attribute] == nil else { throw XMLWellFormednessError(description: "repeated attribute \(attribute)") }
            attributes[attribute] = try characters(raw)
            s = s[s.index(after: close)...]
        }
        var children: [XMLElementNode] = []
        var text = ""
        while true {
            guard let lt = s.firstIndex(of: "<") else {
                throw XMLWellFormednessError(description: "<\(tagName)> is never closed")
            }
            text += try characters(s[..<lt])
            s = s[lt...]
            if s.hasPrefix("</") {
                s = s.dropFirst(2)
                let closing = try name(&s)
                skipSpace(&s)
                guard closing == tagName, s.first == ">" else {
                    throw XMLWellFormednessError(description: "<\(tagName)> closed by </\(closing)>")
                }
                s = s.dropFirst()
                return XMLElementNode(name: tagName, attributes: attributes, children: children, text: text)
            }
            if s.hasPrefix("<!--") {
                guard let end = s.range(of: "-->") else { throw XMLWellFormednessError(description: "unterminated comment") }
                s = s[end.upperBound...]
                continue
            }
            children.append(try element(&s))
        }
    }
}

// MARK: - Values kept

/// The element id the form gives a field path: `works[0].rights_reservation` → `works-0-rights-reservation`.
func fieldID(_ path: String) -> String {
    var id = ""
    for c in path {
        if c.isLetter || c.isNumber { id.append(c) } else if !id.hasSuffix("-") { id.append("-") }
    }
    while id.hasSuffix("-") { id.removeLast() }
    return id
}

/// Checks that the re-shown form holds every value of `form` (except the fields in `except`) in
/// its control: text in inputs, choices selected or checked, textareas filled, boxes ticked.
func expectValuesKept(_ html: HTML, _ form: ComplaintForm, except: Set<String> = [],
                      sourceLocation: SourceLocation = #_sourceLocation) {
    let radios: Set<String> = ["complainant.role", "category"]
    let textareas: Set<String> = ["rightsholder.mandate", "description", "evidence_urls"]
    for (name, value) in form.fields where name != "website" && !except.contains(name) {
        let id = fieldID(name)
        if radios.contains(name) {
            #expect(html.checkedRadios(name: name) == [value], "\(name): checked \(html.checkedRadios(name: name)), sent \(value)",
                    sourceLocation: sourceLocation)
        } else if name == "complainant.country" || name == "model" || name.hasSuffix(".type") || name.hasSuffix(".rights_reservation") {
            #expect(html.selectedOptions(selectID: id) == [value], "\(name): selected \(html.selectedOptions(selectID: id)), sent \(value)",
                    sourceLocation: sourceLocation)
        } else if name.hasPrefix("declarations.") {
            #expect(html.isChecked(id: id) == true, "\(name) is no longer ticked", sourceLocation: sourceLocation)
        } else if textareas.contains(name) {
            #expect(html.textareaContent(id: id) == value, "\(name): \(html.textareaContent(id: id) ?? "no textarea"), sent \(value)",
                    sourceLocation: sourceLocation)
        } else {
            #expect(html.inputValue(id: id) == value, "\(name): \(html.inputValue(id: id) ?? "no input"), sent \(value)",
                    sourceLocation: sourceLocation)
        }
    }
}
