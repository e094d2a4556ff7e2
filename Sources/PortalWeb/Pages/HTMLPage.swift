import HTTPServer
import Templates

/// HTML responses: every page carries the security headers (no inline script, no framing, no
/// referrer, no sniffing), and pages with personal data are never cached.
enum HTMLPage {
    static let securityHeaders = [
        HTTPHeader("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        HTTPHeader("X-Content-Type-Options", "nosniff"),
        HTTPHeader("Referrer-Policy", "no-referrer"),
        HTTPHeader("X-Frame-Options", "DENY"),
    ]

    static func response(_ html: String, status: HTTPStatus = .ok, cache: String = "no-store",
                         extraHeaders: [HTTPHeader] = []) -> Response {
        Response(status: status,
                 headers: [HTTPHeader("Content-Type", "text/html; charset=utf-8"), HTTPHeader("Cache-Control", cache)]
                    + securityHeaders + extraHeaders,
                 body: Array(html.utf8))
    }
}

/// The compiled page templates.
struct Pages: Sendable {
    let library: TemplateLibrary

    init() {
        do {
            library = try TemplateLibrary(PageTemplates.sources)
        } catch {
            preconditionFailure("the built-in page templates do not compile: \(error)")
        }
    }

    func render(_ name: String, _ context: [String: TemplateValue]) -> String {
        library.render(name, .object(context))
    }
}
