import HTTPServer
import JSON
import Portal
import Templates

/// GET /status and POST /status: a complainant checks a case with its reference and status code,
/// without an account; a wrong reference and a wrong code get the same answer. The page shows the
/// current dates (with any extension and its justification), the messages and the decision, and
/// while the case is open lets the complainant reply (POST /status/reply) or withdraw it
/// (POST /status/withdraw). Those forms carry the reference and code the person typed, so each
/// request is checked again exactly like the first.
struct StatusPage: Sendable {
    let context: PortalContext
    let pages: Pages

    static func register(on router: inout Router, context: PortalContext, pages: Pages) {
        let page = StatusPage(context: context, pages: pages)
        router.get("/status") { _ in try page.form(values: [:], error: nil, status: .ok) }
        router.post("/status") { request in try page.check(request) }
        router.post("/status/reply") { request in try page.act(request, action: .reply) }
        router.post("/status/withdraw") { request in try page.act(request, action: .withdraw) }
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
        guard let status = try context.desk.store.status(reference: reference, token: token),
              let record = try context.database.read({ try CaseRecord.load(id: status.id, $0) }) else {
            return try form(values: values, error: FieldError("reference", "The reference and status code do not match a complaint. Check both and try again."),
                            status: .unprocessableContent)
        }
        return try statusPage(record)
    }

    enum Action { case reply, withdraw }

    /// A reply or a withdrawal from the status page. Its form token names the case (it was issued
    /// to someone who had just given the case's reference and status code) and is signed.
    func act(_ request: Request, action: Action) throws -> Response {
        let fields = (try? URLEncodedForm.parse(request)) ?? []
        func value(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }
        let now = context.now()
        guard case .success(let token) = FormToken.verify(value("form_token"), secret: try context.formSecret(), now: now + FormToken.minimumFillSeconds),
              let caseID = token.caseID,
              let status = try context.database.read({ try CaseRecord.load(id: caseID, $0) }) else {
            return try form(values: [:], error: FieldError("reference", "This page had expired. Enter your reference and status code again."),
                            status: .forbidden)
        }
        do {
            switch action {
            case .reply:
                let record = try context.workflow.reply(caseID: status.id, request: .object(JSONObject([("text", .string(value("message")))])), now: now)
                return try statusPage(record, notice: "Your reply was sent. We will read it and answer you here.")
            case .withdraw:
                guard value("confirm") == "yes" else {
                    throw WorkflowError.invalid([FieldError("confirm", "Tick the box to confirm that you withdraw the complaint.")])
                }
                var body = JSONObject()
                if !value("reason").trimmingWhitespace.isEmpty { body["reason"] = .string(value("reason")) }
                let record = try context.workflow.withdraw(caseID: status.id, request: .object(body), now: now)
                return try statusPage(record, notice: "You withdrew the complaint. We will take no further action on it.")
            }
        } catch let error as WorkflowError {
            guard let record = try context.database.read({ try CaseRecord.load(id: status.id, $0) }) else { throw error }
            let fieldError: FieldError
            switch error {
            case .invalid(let errors):
                let first = errors.first ?? FieldError("text", "Check your answer.")
                let field = action == .reply ? "message" : (first.field == "confirm" ? "confirm" : "reason")
                fieldError = FieldError(field, first.message)
            case .conflict(let detail):
                fieldError = FieldError(action == .reply ? "message" : "confirm", detail)
            default:
                throw error
            }
            return try statusPage(record, error: fieldError, typed: ["message": value("message"), "reason": value("reason")],
                                  status: .unprocessableContent)
        }
    }

    /// The status of `record`, for the person who holds its status code.
    func statusPage(_ record: CaseRecord, notice: String? = nil, error: FieldError? = nil,
                    typed: [String: String] = [:], status: HTTPStatus = .ok) throws -> Response {
        let zone = context.desk.zone
        let deadlines = context.workflow.deadlines(of: record, now: context.now())
        let acknowledge = deadlines.first { $0.kind == .acknowledge }
        let respond = deadlines.first { $0.kind == .respond }
        func field(_ name: String, _ label: String, hint: String?) -> TemplateValue {
            let id = ComplaintFormView.elementID(for: name)
            var object: [String: TemplateValue] = ["id": .string(id), "name": .string(name), "label": .string(label),
                                                   "value": .string(typed[name] ?? ""), "rows": "5"]
            if let hint { object["hint"] = .string(hint); object["described_by"] = .string("\(id)-hint") }
            if let error, error.field == name { object["error"] = .string(error.message) }
            return .object(object)
        }
        let messages: [TemplateValue] = CaseView.messages(of: record).map { message in
            .object(["from": .string(message.fromParty ? "You" : context.configuration.legalName),
                     "sent_at": .string(HumanDate.format(message.at, in: zone)), "text": .string(message.text)])
        }
        var decision: TemplateValue = false
        if let value = CaseView.decision(of: record) {
            let actions: [TemplateValue] = (value["actions"]?.arrayValue ?? []).map { action in
                .object(["label": .string(Self.actionLabel(action["type"]?.stringValue ?? "")), "text": .string(action["text"]?.stringValue ?? "")])
            }
            decision = .object([
                "outcome_label": .string(Self.outcomeLabel(value["outcome"]?.stringValue ?? "",
                                                           reason: record.type.lifecycle.reasons.isEmpty ? nil : value["reason"]?.stringValue)),
                "decided_at": .string(value["decided_at"]?.stringValue.flatMap(UTCTimestamp.parse).map { HumanDate.format($0, in: zone) } ?? ""),
                "text": .string(value["decision"]?.stringValue ?? ""), "redress": .string(value["redress"]?.stringValue ?? ""),
                "has_actions": .bool(!actions.isEmpty), "actions": .list(actions),
            ])
        }
        let extensions: [TemplateValue] = record.history.clock.extensions.map { ext in
            .object(["days": .string(String(ext.days)), "granted_on": .string(HumanDate.format(ext.grantedAt, in: zone)),
                     "justification": .string(ext.justification)])
        }
        let releases: [TemplateValue] = try context.database.read { try Release.all(caseID: record.id, $0) }.map { release in
            .object(["id": .string(String(release.id)), "released_at": .string(HumanDate.format(release.releasedAt, in: zone)),
                     "model": .string(release.model), "documentation_version": .string(String(release.documentationVersion)),
                     "fields": .list(release.labelledFields.map { .object(["label": .string($0.label), "value": .string(Self.text($0.value))]) }),
                     "answer": release.answer.map { .string($0) } ?? false,
                     "sha256": .string(release.sha256), "documentation_sha256": .string(release.documentationSHA256),
                     "href": .string(Release.partyHref(release.id))])
        }
        let errors: [TemplateValue] = error.map {
            [.object(["anchor": .string(ComplaintFormView.elementID(for: $0.field)), "message": .string($0.message)])]
        } ?? []
        let confirmID = ComplaintFormView.elementID(for: "confirm")
        var confirm: [String: TemplateValue] = ["id": .string(confirmID), "name": "confirm",
                                                "label": .string("I withdraw this \(record.type.displayName.lowercased()). I understand the provider will take no further action on it.")]
        if let error, error.field == "confirm" { confirm["error"] = .string(error.message) }
        let html = pages.render("status", [
            "title": .string("\(record.type.displayName) \(record.reference)"), "case_noun": .string(record.type.displayName.lowercased()),
            "provider": .string(context.configuration.legalName),
            "reference": .string(record.reference), "status_label": .string(Self.label(record.status)),
            "received_at": .string(HumanDate.format(record.receivedAt, in: zone)),
            "acknowledge_by": .string(acknowledge.map { HumanDate.format($0.due, in: zone) } ?? "—"),
            "respond_by": .string(respond.map { HumanDate.format($0.due, in: zone) } ?? "—"),
            "paused": .bool(respond?.paused ?? false), "extensions": .list(extensions),
            "messages": .list(messages), "decision": decision,
            "has_releases": .bool(!releases.isEmpty), "releases": .list(releases),
            "open": .bool(record.type.lifecycle.isOpen(record.status)),
            "notice": notice.map { .string($0) } ?? false,
            "has_errors": .bool(error != nil), "errors": .list(errors),
            "form_token": .string(FormToken.issue(now: context.now(), caseID: record.id).encoded(secret: try context.formSecret())),
            "reply": field("message", "Your reply", hint: record.status == record.type.lifecycle.awaitingStatus
                ? "We are waiting for your answer: replying returns your \(record.type.displayName.lowercased()) to review." : nil),
            "withdraw_reason": field("reason", "Why you withdraw it (optional)", hint: nil),
            "withdraw_confirm": .object(confirm),
        ])
        return HTMLPage.response(html, status: status)
    }

    /// A released value as text: texts as they are, lists joined by commas, numbers and dates as published.
    static func text(_ value: JSONValue) -> String {
        if let string = value.stringValue { return string }
        if let array = value.arrayValue { return array.map(text).joined(separator: ", ") }
        return value.serialized()
    }

    /// The outcome in words, with the reason of a refusal where the type gives one.
    static func outcomeLabel(_ outcome: String, reason: String?) -> String {
        guard let reason else { return outcomeLabel(outcome) }
        return "\(outcomeLabel(outcome)): \(reasonLabel(reason))"
    }

    static func reasonLabel(_ reason: String) -> String {
        switch reason {
        case "not_a_downstream_provider": return "you are not a downstream provider of this model"
        case "model_not_ours": return "the model is not ours"
        case "identity_not_verified": return "your identity could not be verified"
        case "other": return "another reason, given below"
        default: return reason
        }
    }

    static func outcomeLabel(_ outcome: String) -> String {
        switch outcome {
        case "fulfilled": return "Fulfilled"
        case "refused": return "Refused"
        case "upheld": return "Upheld"
        case "partially_upheld": return "Partially upheld"
        case "rejected": return "Rejected"
        case "manifestly_unfounded": return "Manifestly unfounded"
        case "duplicate": return "Duplicate of an earlier complaint"
        case "withdrawn": return "Withdrawn"
        default: return outcome
        }
    }

    static func actionLabel(_ type: String) -> String {
        switch type {
        case "crawler_exclusion": return "Crawler exclusion"
        case "output_safeguard": return "Output safeguard"
        case "policy_update": return "Policy update"
        case "data_removal": return "Data removal"
        default: return "Other"
        }
    }

    static func label(_ status: String) -> String {
        switch status {
        case "received": return "Received"
        case "in_review": return "In review"
        case "awaiting_complainant", "awaiting_requester": return "Waiting for you"
        case "closed": return "Closed"
        default: return status
        }
    }
}
