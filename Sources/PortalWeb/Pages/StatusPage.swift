import HTTPServer
import Portal
import Templates

/// GET /status and POST /status: a complainant checks a case with its reference and status code,
/// without an account. A wrong reference and a wrong code get the same answer.
struct StatusPage: Sendable {
    let context: PortalContext
    let pages: Pages

    static func register(on router: inout Router, context: PortalContext, pages: Pages) {
        let page = StatusPage(context: context, pages: pages)
        router.get("/status") { _ in try page.form(values: [:], error: nil, status: .ok) }
        router.post("/status") { request in try page.check(request) }
    }

    func form(values: [String: String], error: FieldError?, status: HTTPStatus) throws -> Response {
        let token = FormToken.issue(now: context.now()).encoded(secret: try context.formSecret())
        func field(_ name: String, _ label: String, hint: String) -> TemplateValue {
            let id = ComplaintFormView.elementID(for: name)
            var object: [String: TemplateValue] = ["id": .string(id), "name": .string(name), "label": .string(label),
                                                   "hint": .string(hint), "type": "text", "value": .string(values[name] ?? ""),
                                                   "autocomplete": "off", "required": true,
                                                   "described_by": .string(error?.field == name ? "\(id)-hint \(id)-error" : "\(id)-hint")]
            if let error, error.field == name { object["error"] = .string(error.message) }
            return .object(object)
        }
        let errors: [TemplateValue] = error.map {
            [.object(["anchor": .string(ComplaintFormView.elementID(for: $0.field)), "message": .string($0.message)])]
        } ?? []
        let html = pages.render("status_form", [
            "title": "Check a complaint", "provider": .string(context.configuration.legalName),
            "has_errors": .bool(error != nil), "errors": .list(errors), "form_token": .string(token),
            "reference": field("reference", "Reference", hint: "For example, CPL-2026-000123."),
            "token": field("status_token", "Status code", hint: "The code shown on your receipt."),
        ])
        return HTMLPage.response(html, status: status)
    }

    func check(_ request: Request) throws -> Response {
        let fields: [FormField]
        do {
            fields = try URLEncodedForm.parse(request)
        } catch {
            return try form(values: [:], error: FieldError("reference", "Enter your reference and status code."), status: .badRequest)
        }
        let reference = (fields.first { $0.name == "reference" }?.value ?? "").trimmingWhitespace.uppercased()
        let token = (fields.first { $0.name == "status_token" }?.value ?? "").trimmingWhitespace
        let values = ["reference": reference]  // the status code is never sent back
        let now = context.now()
        switch FormToken.verify(fields.first { $0.name == "form_token" }?.value, secret: try context.formSecret(), now: now + FormToken.minimumFillSeconds) {
        case .success: break
        case .failure:
            return try form(values: values, error: FieldError("reference", "This form had expired. Enter your reference and status code again."),
                            status: .forbidden)
        }
        if reference.isEmpty || token.isEmpty {
            return try form(values: values, error: FieldError(reference.isEmpty ? "reference" : "status_token",
                                                              reference.isEmpty ? "Enter your reference." : "Enter your status code."),
                            status: .unprocessableContent)
        }
        guard let status = try context.desk.store.status(reference: reference, token: token) else {
            return try form(values: values, error: FieldError("reference", "The reference and status code do not match a complaint. Check both and try again."),
                            status: .unprocessableContent)
        }
        let zone = context.desk.zone
        let html = pages.render("status", [
            "title": .string("Complaint \(status.reference)"), "provider": .string(context.configuration.legalName),
            "reference": .string(status.reference), "status_label": .string(Self.label(status.status)),
            "received_at": .string(HumanDate.format(status.receivedAt, in: zone)),
            "acknowledge_by": .string(status.acknowledgeBy.map { HumanDate.format($0, in: zone) } ?? "—"),
            "respond_by": .string(HumanDate.format(status.respondBy, in: zone)),
            "messages": .list([]),
        ])
        return HTMLPage.response(html)
    }

    static func label(_ status: String) -> String {
        switch status {
        case "received": return "Received"
        case "in_review": return "In review"
        case "awaiting_complainant": return "Waiting for you"
        case "closed": return "Closed"
        default: return status
        }
    }
}
