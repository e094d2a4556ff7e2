import HTTPServer
import Portal
import Templates

/// The complaint form as the template sees it: every field with its label, hint, the value the
/// person typed, and its error, so a refused form comes back exactly as it was sent.
struct ComplaintFormView {
    let values: [String: String]
    let errors: [FieldError]
    let configuration: OperatorConfiguration
    let workCount: Int
    let formToken: String
    let filesDropped: Bool

    static let maxWorks = ComplaintValidator.maxWorks

    /// The element id a field path is shown in: `works[0].title` → `works-0-title`.
    static func elementID(for path: String) -> String {
        var id = ""
        for c in path {
            if c.isLetter || c.isNumber { id.append(c) } else if !id.hasSuffix("-") { id.append("-") }
        }
        while id.hasSuffix("-") { id.removeLast() }
        return id.replacingUnderscores
    }

    /// The field an error belongs to, for fields drawn as one control (links, files, groups).
    static func anchorField(for path: String) -> String {
        if path.hasPrefix("evidence_urls") { return "evidence_urls" }
        if path.hasPrefix("files") { return "files" }
        switch path {
        case "works": return "works[0].title"
        case "complainant": return "complainant.role"
        case "rightsholder": return "rightsholder.name"
        case "": return "main"
        default: return path
        }
    }

    private var form: FormFields { FormFields(values: values, errors: errors, anchor: Self.anchorField(for:)) }

    private func error(_ name: String) -> String? { form.error(name) }

    private func field(_ name: String, _ label: String, hint: String? = nil, type: String = "text", required: Bool = true,
                       autocomplete: String? = nil, rows: Int = 5) -> TemplateValue {
        form.field(name, label, hint: hint, type: type, required: required, autocomplete: autocomplete, rows: rows)
    }

    private func choices(_ name: String, _ label: String, hint: String? = nil, options: [(String, String)],
                         placeholder: String? = nil) -> TemplateValue {
        form.choices(name, label, hint: hint, options: options, placeholder: placeholder)
    }

    private func checkbox(_ name: String, _ label: String) -> TemplateValue { form.checkbox(name, label) }

    func context(provider: String) -> [String: TemplateValue] {
        let summary = form.summary
        let works = (0..<max(1, min(workCount, Self.maxWorks))).map { i -> TemplateValue in
            .object([
                "number": .string(String(i + 1)),
                "title": field("works[\(i)].title", "Title of the work"),
                "type": choices("works[\(i)].type", "Type of work", options: WorkType.allCases.map { ($0.rawValue, $0.rawValue.capitalized) },
                                placeholder: "Select the type"),
                "identifier": field("works[\(i)].identifier", "Identifier", hint: "For example an ISBN, ISRC, ISWC, DOI or web address.",
                                    required: false),
                "location": field("works[\(i)].location", "Where the work is published", hint: "A web address, or where else it can be found.",
                                  required: false),
                "reservation": choices("works[\(i)].rights_reservation", "How the rights were reserved",
                                       options: RightsReservation.allCases.map { ($0.rawValue, $0.label) }, placeholder: "Select how"),
            ])
        }
        let modelOptions = configuration.models.map { ($0.name, $0.name) } + [("unknown", "I don't know")]
        return [
            "title": "Make a copyright complaint",
            "provider": .string(provider),
            "has_errors": .bool(!errors.isEmpty),
            "errors": .list(summary),
            "form_token": .string(formToken),
            "files_dropped": .bool(filesDropped),
            "role": choices("complainant.role", "Who are you?", options: ComplainantRole.allCases.map { ($0.rawValue, $0.label) }),
            "name": field("complainant.name", "Full name", autocomplete: "name"),
            "organisation": field("complainant.organisation", "Organisation",
                                  hint: "Required for representatives and collective management organisations.", required: false,
                                  autocomplete: "organization"),
            "email": field("complainant.email", "Email address", hint: "We send nothing else to this address.", type: "email",
                           autocomplete: "email"),
            "country": choices("complainant.country", "Country", options: CountryCode.all.map { ($0.code, $0.name) },
                               placeholder: "Select your country"),
            "rightsholder_name": field("rightsholder.name", "Name of the rightsholder", required: false),
            "mandate": field("rightsholder.mandate", "Your mandate",
                             hint: "Its date, what it covers, and who gave it. For example: Exclusive mandate of 2026-01-15 to act for Example Publishing SA on text and data mining.",
                             required: false, rows: 4),
            "works": .list(works),
            "can_add_work": .bool(workCount < Self.maxWorks),
            "category": choices("category", "What is the complaint about?",
                                options: ComplaintCategory.allCases.map { ($0.rawValue, $0.label + ($0 == .other ? "" : " (Measure \($0.measure))")) }),
            "model": choices("model", "Which model is concerned?", options: modelOptions, placeholder: "Select a model"),
            "description": field("description", "What happened",
                                 hint: "What was collected or produced, when, and why it breaches your rights. At least 50 characters.",
                                 rows: 8),
            "evidence_urls": field("evidence_urls", "Links to evidence", hint: "Web addresses starting with http:// or https://, one per line, up to 20.",
                                   required: false, rows: 4),
            "observed_on": field("observed_on", "When you noticed it", hint: "The day you first noticed it; today or earlier.", type: "date",
                                 required: false),
            "files_error": error("files").map { .string($0) } ?? .null,
            "good_faith": checkbox("declarations.good_faith", "I make this complaint in good faith."),
            "accurate": checkbox("declarations.accurate_and_complete", "The information in this complaint is accurate and complete."),
        ]
    }
}

/// The template values of a form's fields, shared by every form of the portal: each field with
/// its element id (from its path), label, hint, the value typed and its error, and the error
/// summary linking to each field. `anchor` names the field an error path is shown beside.
struct FormFields {
    let values: [String: String]
    let errors: [FieldError]
    let anchor: (String) -> String

    func error(_ name: String) -> String? {
        errors.first { anchor($0.field) == name }?.message
    }

    /// The error summary: each message, linking to the element of its field.
    var summary: [TemplateValue] {
        errors.map { error -> TemplateValue in
            .object(["anchor": .string(ComplaintFormView.elementID(for: anchor(error.field))), "message": .string(error.message)])
        }
    }

    func field(_ name: String, _ label: String, hint: String? = nil, type: String = "text", required: Bool = true,
               autocomplete: String? = nil, rows: Int = 5) -> TemplateValue {
        let id = ComplaintFormView.elementID(for: name)
        let err = error(name)
        var describedBy: [String] = []
        if hint != nil { describedBy.append("\(id)-hint") }
        if err != nil { describedBy.append("\(id)-error") }
        var object: [String: TemplateValue] = [
            "id": .string(id), "name": .string(name), "label": .string(required ? label : label + " (optional)"),
            "type": .string(type), "value": .string(values[name] ?? ""), "rows": .string(String(rows)),
            "required": .bool(required),
        ]
        if let hint { object["hint"] = .string(hint) }
        if let err { object["error"] = .string(err) }
        if let autocomplete { object["autocomplete"] = .string(autocomplete) }
        if !describedBy.isEmpty { object["described_by"] = .string(describedBy.joined(separator: " ")) }
        return .object(object)
    }

    /// A select or a group of radios: the first option (or the placeholder) has the field's id.
    func choices(_ name: String, _ label: String, hint: String? = nil, options: [(String, String)],
                 placeholder: String? = nil) -> TemplateValue {
        choices(name, label, hint: hint, options: options, placeholder: placeholder, selected: [values[name] ?? ""], kind: "radio")
    }

    /// A group of checkboxes sharing one name: each option ticked when its value is in `selected`.
    func checkboxes(_ name: String, _ label: String, hint: String? = nil, options: [(String, String)],
                    selected: Set<String>) -> TemplateValue {
        choices(name, label, hint: hint, options: options, placeholder: nil, selected: selected, kind: "checkbox")
    }

    /// `kind` is the input type of a group (`radio` or `checkbox`); a select ignores it.
    private func choices(_ name: String, _ label: String, hint: String?, options: [(String, String)], placeholder: String?,
                         selected: Set<String>, kind: String) -> TemplateValue {
        guard case .object(var object) = field(name, label, hint: hint) else { return .null }
        let id = ComplaintFormView.elementID(for: name)
        let nothing = selected.allSatisfy(\.isEmpty)
        var list: [TemplateValue] = []
        if let placeholder { list.append(.object(["value": "", "label": .string(placeholder), "selected": .bool(nothing), "id": .string(id)])) }
        for (index, option) in options.enumerated() {
            let optionID = index == 0 && placeholder == nil ? id : "\(id)-\(ComplaintFormView.elementID(for: option.0))"
            list.append(.object(["value": .string(option.0), "label": .string(option.1), "selected": .bool(selected.contains(option.0)),
                                 "id": .string(optionID), "kind": .string(kind)]))
        }
        object["options"] = .list(list)
        return .object(object)
    }

    func checkbox(_ name: String, _ label: String) -> TemplateValue {
        var object: [String: TemplateValue] = ["id": .string(ComplaintFormView.elementID(for: name)), "name": .string(name),
                                               "label": .string(label), "checked": .bool(!(values[name] ?? "").isEmpty)]
        if let err = error(name) { object["error"] = .string(err) }
        return .object(object)
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
