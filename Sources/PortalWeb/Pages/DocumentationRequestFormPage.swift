import HTTPServer
import JSON
import Portal
import Templates

/// GET /documentation-requests/new and POST /documentation-requests: the documentation request
/// form for people (Transparency chapter, Measure 1.2). It works as the complaint form does: the
/// same desk as the API, the signed form token (CSRF, minimum fill time, idempotency key), the
/// honeypot, the shared rate limit, the error summary, values kept, and the receipt page.
struct DocumentationRequestFormPage: Sendable {
    let context: PortalContext
    let pages: Pages

    static func register(on router: inout Router, context: PortalContext, pages: Pages) {
        let page = DocumentationRequestFormPage(context: context, pages: pages)
        router.get("/documentation-requests/new") { _ in try page.blankForm() }
        router.post("/documentation-requests", bodyLimit: ComplaintAPI.jsonBodyLimit) { request in try page.submit(request) }
    }

    func blankForm() throws -> Response {
        let token = FormToken.issue(now: context.now()).encoded(secret: try context.formSecret())
        return try render(values: [:], items: [], errors: [], token: token, status: .ok)
    }

    func render(values: [String: String], items: Set<String>, errors: [FieldError], token: String, status: HTTPStatus) throws -> Response {
        let view = DocumentationRequestFormView(values: values, items: items, errors: errors, models: try context.documentationDesk.modelNames(),
                                                formToken: token)
        return HTMLPage.response(pages.render("documentation_request_form", view.context(provider: context.configuration.legalName)),
                                 status: status)
    }

    func submit(_ request: Request) throws -> Response {
        let now = context.now()
        let secret = try context.formSecret()
        let fields: [FormField]
        switch FormBody.read(request) {
        case .success(let read): fields = read.fields
        case .failure(let error):
            return message(title: "The form could not be read", text: error.detail ?? "Send the form again from this site.",
                           status: error.status)
        }
        var values: [String: String] = [:]
        for field in fields where !FormSubmission.controlFields.contains(field.name) && field.name != "items" { values[field.name] = field.value }
        let items = Set(fields.filter { $0.name == "items" }.map(\.value))
        let presented = fields.first { $0.name == "form_token" }?.value
        let freshToken = FormToken.issue(now: now).encoded(secret: secret)

        // Honeypot: people never see this field; bots fill it in.
        if let trap = fields.first(where: { $0.name == "website" })?.value, !trap.isEmpty {
            return message(title: "The request could not be sent", text: "Please try again.", status: .badRequest)
        }
        let token: FormToken
        switch FormToken.verify(presented, secret: secret, now: now) {
        case .success(let valid):
            token = valid
        case .failure(.tooFast):
            return try render(values: values, items: items, errors: [FieldError("", "Check your answers, then send the request again.")],
                              token: presented ?? freshToken, status: .unprocessableContent)
        case .failure:
            return try render(values: values, items: items,
                              errors: [FieldError("", "This form had expired or did not come from this site. Check your answers, then send it again.")],
                              token: freshToken, status: .forbidden)
        }
        if let wait = context.submissionLimiter.attempt(context.clientAddress.of(request), now: now) {
            return message(title: "Too many requests from your connection",
                           text: "Try again in \(wait / 60 + 1) minutes. Your request was not sent.",
                           status: .tooManyRequests, headers: [HTTPHeader("Retry-After", String(wait))])
        }
        let key = IdempotencyKey(scope: "form", value: token.nonce)
        switch try context.documentationDesk.submit(DocumentationRequestFormView.json(from: fields), idempotencyKey: key, now: now) {
        case .filed(let receipt, _):
            return HTMLPage.response(pages.render("receipt", Self.receiptContext(receipt, context: context)), status: .created)
        case .invalid(let errors):
            return try render(values: values, items: items, errors: errors, token: presented ?? freshToken, status: .unprocessableContent)
        case .keyReused:
            return message(title: "This form was already sent",
                           text: "A documentation request was already sent with this form. To make another request, start a new form.",
                           status: .conflict, link: ("/documentation-requests/new", "Start a new documentation request"))
        }
    }

    /// The complaint's receipt page, in the words of a documentation request; without an
    /// acknowledgement line when the request's policy sets no acknowledgement deadline.
    static func receiptContext(_ receipt: Receipt, context: PortalContext) -> [String: TemplateValue] {
        var values = ReceiptView.context(receipt, context: context)
        values["title"] = "Documentation request received"
        values["noun"] = "documentation request"
        if receipt.acknowledgeBy == nil { values["acknowledge_by"] = .null }
        return values
    }

    func message(title: String, text: String, status: HTTPStatus, headers: [HTTPHeader] = [],
                 link: (String, String) = ("/documentation-requests/new", "Back to the documentation request form")) -> Response {
        ComplaintFormPage(context: context, pages: pages).message(title: title, text: text, status: status, headers: headers, link: link)
    }
}

/// The documentation request form as the template sees it, built with the same field values as
/// the complaint form (`FormFields`): element ids from the JSON paths, errors beside each field.
struct DocumentationRequestFormView {
    let values: [String: String]
    /// The Annex XII items ticked.
    let items: Set<String>
    let errors: [FieldError]
    /// The models a request may name, as the validator accepts them.
    let models: [String]
    let formToken: String

    static let checkboxes: Set<String> = ["confidentiality_undertaking"]

    /// The form's fields as the API's JSON: the ticked items become the `items` list.
    static func json(from fields: [FormField]) -> JSONValue {
        .object(FormSubmission.object(from: fields, checkboxes: checkboxes, lists: ["items"],
                                      sections: ["organisation", "contact", "ai_system"]))
    }

    /// The field an error belongs to: `items[2]` is shown beside the items, a missing group beside
    /// its first field.
    static func anchorField(for path: String) -> String {
        if path.hasPrefix("items") { return "items" }
        switch path {
        case "organisation": return "organisation.legal_name"
        case "contact": return "contact.name"
        case "ai_system": return "ai_system.name"
        case "": return "main"
        default: return path
        }
    }

    static let undertaking = """
        I undertake to keep the documentation and information I receive confidential: to use it only to understand the model \
        and meet my own obligations under the AI Act, to protect it as the AI Act requires of its recipients (Articles 53(7) \
        and 78), including the provider's trade secrets and intellectual property, and not to pass it on to anyone else.
        """

    func context(provider: String) -> [String: TemplateValue] {
        let form = FormFields(values: values, errors: errors, anchor: Self.anchorField(for:))
        let highRisk: [(String, String)] = [("yes", "Yes"), ("no", "No"), ("unsure", "Not sure")]
        return [
            "title": "Request model documentation",
            "provider": .string(provider),
            "has_errors": .bool(!errors.isEmpty),
            "errors": .list(form.summary),
            "form_token": .string(formToken),
            "organisation_name": form.field("organisation.legal_name", "Legal name of your organisation", autocomplete: "organization"),
            "country": form.choices("organisation.country", "Country", options: CountryCode.all.map { ($0.code, $0.name) },
                                    placeholder: "Select your country"),
            "contact_name": form.field("contact.name", "Full name", autocomplete: "name"),
            "contact_email": form.field("contact.email", "Email address", hint: "We send nothing else to this address.", type: "email",
                                        autocomplete: "email"),
            "system_name": form.field("ai_system.name", "Name of the AI system"),
            "purpose": form.field("ai_system.intended_purpose", "Intended purpose",
                                  hint: "What the AI system will do, for whom, and how it uses the model. At least 10 characters.",
                                  rows: 6),
            "high_risk": form.choices("ai_system.high_risk", "May the AI system be high-risk?",
                                      hint: "High-risk AI systems are those of AI Act Article 6 and Annex III.", options: highRisk),
            "model": form.choices("model", "Which model do you integrate?", options: models.map { ($0, $0) }, placeholder: "Select a model"),
            "model_version": form.field("model_version", "Model version", hint: "For example 1.2."),
            "items": form.checkboxes("items", "Which documentation do you need?",
                                     hint: "The items of AI Act Annex XII. Select at least one, or ask a question below.",
                                     options: AnnexXIIItem.allCases.map { ($0.rawValue, "\($0.number) \($0.text)") }, selected: items),
            "question": form.field("question", "Your question", hint: "For additional information you need to integrate the model.",
                                   required: false, rows: 6),
            "undertaking": form.checkbox("confidentiality_undertaking", Self.undertaking),
        ]
    }
}
