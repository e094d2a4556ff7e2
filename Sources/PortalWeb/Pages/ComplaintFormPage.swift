import HTTPServer
import JSON
import Portal
import Templates

/// GET /complaints/new and POST /complaints: the complaint form for people. It goes through the
/// same desk as the API; a refused form comes back with an error summary, each message beside
/// its field, and everything typed kept (files excepted, and the page says so).
struct ComplaintFormPage: Sendable {
    let context: PortalContext
    let pages: Pages

    static func register(on router: inout Router, context: PortalContext, pages: Pages) {
        let page = ComplaintFormPage(context: context, pages: pages)
        router.get("/complaints/new") { _ in try page.blankForm() }
        router.post("/complaints", bodyLimit: ComplaintAPI.bodyLimit) { request in try page.submit(request) }
    }

    func blankForm() throws -> Response {
        let token = FormToken.issue(now: context.now()).encoded(secret: try context.formSecret())
        return render(values: [:], errors: [], workCount: 1, token: token, filesDropped: false, status: .ok)
    }

    func render(values: [String: String], errors: [FieldError], workCount: Int, token: String, filesDropped: Bool,
                status: HTTPStatus) -> Response {
        let view = ComplaintFormView(values: values, errors: errors, configuration: context.configuration, workCount: workCount,
                                     formToken: token, filesDropped: filesDropped)
        return HTMLPage.response(pages.render("complaint_form", view.context(provider: context.configuration.legalName)),
                                 status: status)
    }

    func submit(_ request: Request) throws -> Response {
        let now = context.now()
        let secret = try context.formSecret()
        let body: FormBody
        switch FormBody.read(request) {
        case .success(let read): body = read
        case .failure(let error):
            return message(title: "The form could not be read", text: error.detail ?? "Send the form again from this site.",
                           status: error.status)
        }
        let fields = body.fields
        let uploads = body.uploads
        let oversized = uploads.contains { $0.bytes.count > EvidenceFile.maxBytes }
        var values: [String: String] = [:]
        for field in fields where !FormSubmission.controlFields.contains(field.name) { values[field.name] = field.value }
        let workCount = FormSubmission.workCount(in: fields)
        let presented = fields.first { $0.name == "form_token" }?.value
        let freshToken = FormToken.issue(now: now).encoded(secret: secret)

        // Honeypot: people never see this field; bots fill it in.
        if let trap = fields.first(where: { $0.name == "website" })?.value, !trap.isEmpty {
            return message(title: "The complaint could not be sent", text: "Please try again.", status: .badRequest)
        }
        let token: FormToken
        switch FormToken.verify(presented, secret: secret, now: now) {
        case .success(let valid):
            token = valid
        case .failure(.tooFast):
            return render(values: values, errors: [FieldError("", "Check your answers, then send the complaint again.")],
                          workCount: workCount, token: presented ?? freshToken, filesDropped: !uploads.isEmpty, status: .unprocessableContent)
        case .failure:
            return render(values: values, errors: [FieldError("", "This form had expired or did not come from this site. Check your answers, then send it again.")],
                          workCount: workCount, token: freshToken, filesDropped: !uploads.isEmpty, status: .forbidden)
        }
        if fields.contains(where: { $0.name == "action" && $0.value == "add_work" }) {
            return render(values: values, errors: [], workCount: min(workCount + 1, ComplaintValidator.maxWorks),
                          token: presented ?? freshToken, filesDropped: !uploads.isEmpty, status: .ok)
        }
        if let wait = context.submissionLimiter.attempt(context.clientAddress.of(request), now: now) {
            return message(title: "Too many complaints from your connection",
                           text: "Try again in \(wait / 60 + 1) minutes. Your complaint was not sent.",
                           status: .tooManyRequests, headers: [HTTPHeader("Retry-After", String(wait))])
        }
        let key = IdempotencyKey(scope: "form", value: token.nonce)
        switch try context.desk.submit(FormSubmission.json(from: fields), uploads: uploads, idempotencyKey: key, now: now) {
        case .filed(let receipt, _):
            return HTMLPage.response(pages.render("receipt", ReceiptView.context(receipt, context: context)), status: .created)
        case .invalid(let errors):
            return render(values: values, errors: FormSubmission.formErrors(errors, fields: fields), workCount: workCount,
                          token: presented ?? freshToken, filesDropped: !uploads.isEmpty,
                          status: oversized ? .contentTooLarge : .unprocessableContent)
        case .keyReused:
            return message(title: "This form was already sent",
                           text: "A complaint was already sent with this form. To make another complaint, start a new form.",
                           status: .conflict, link: ("/complaints/new", "Start a new complaint"))
        }
    }

    func message(title: String, text: String, status: HTTPStatus, headers: [HTTPHeader] = [],
                 link: (String, String)? = ("/complaints/new", "Back to the complaint form")) -> Response {
        var values: [String: TemplateValue] = ["title": .string(title), "heading": .string(title), "text": .string(text),
                                               "provider": .string(context.configuration.legalName)]
        if let link { values["link"] = .object(["href": .string(link.0), "label": .string(link.1)]) }
        return HTMLPage.response(pages.render("message", values), status: status, extraHeaders: headers)
    }
}

/// The receipt page's values.
enum ReceiptView {
    static func context(_ receipt: Receipt, context: PortalContext) -> [String: TemplateValue] {
        let zone = context.desk.zone
        return [
            "title": "Complaint received", "provider": .string(context.configuration.legalName),
            "reference": .string(receipt.reference),
            "received_at": .string(HumanDate.format(receipt.receivedAt, in: zone)),
            "acknowledge_by": .string(receipt.acknowledgeBy.map { HumanDate.format($0, in: zone) } ?? "—"),
            "respond_by": .string(HumanDate.format(receipt.respondBy, in: zone)),
            "status_token": .string(receipt.statusToken),
        ]
    }
}

/// The fields and files of a posted form, urlencoded or multipart.
struct FormBody {
    let fields: [FormField]
    let uploads: [ComplaintDesk.Upload]

    static func read(_ request: Request) -> Result<FormBody, FormError> {
        guard request.contentType?.matches("multipart/form-data") == true else {
            return Result { () throws(FormError) in FormBody(fields: try URLEncodedForm.parse(request), uploads: []) }
        }
        var limits = FormLimits()
        // An oversized file is reported beside its field, with everything typed kept.
        limits.maxFileBytes = EvidenceFile.maxBytes * 5
        // Likewise one file too many is reported beside the file input rather than losing the form.
        limits.maxFileParts = EvidenceFile.maxFiles * 4
        let parts: [MultipartPart]
        switch Result(catching: { () throws(FormError) in try MultipartParser.parse(request, limits: limits) }) {
        case .success(let parsed): parts = parsed
        case .failure(let error): return .failure(error)
        }
        let fields = parts.filter { !$0.isFile }.map { FormField(name: $0.name, value: $0.text ?? "") }
        // A file input left empty still sends a part, with no name and no content.
        let uploads = parts.filter { $0.isFile && !($0.filename ?? "").isEmpty && !$0.body.isEmpty }
            .map { ComplaintDesk.Upload(filename: $0.filename ?? "file", bytes: $0.body) }
        return .success(FormBody(fields: fields, uploads: uploads))
    }
}
