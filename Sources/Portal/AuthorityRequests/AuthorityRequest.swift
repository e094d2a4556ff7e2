import JSON

/// A validated request from the AI Office (AI Act Articles 91 and 75(3)) or a national competent
/// authority, as recorded by staff: which authority, on what legal basis and for what purpose, the
/// information it specifies, the date it set for the answer and whom to contact.
///
/// `items` names what the authority asks for, each either an Annex XII item (`annex_xii_1a` …
/// `annex_xii_2c`) or the key of a field of the Model Documentation Form (`training_compute_flops`):
/// an authority may ask for more than Annex XII covers. Distinct, in the order given.
public struct AuthorityRequest: Sendable, Equatable {
    /// Which kind of authority asks; decides the audience its releases may include.
    public enum Authority: String, Sendable, CaseIterable {
        case aiOffice = "ai_office"
        case nationalAuthority = "national_authority"
    }

    public static let aiOfficeName = "European AI Office"

    public let authority: Authority
    /// "European AI Office" unless a national authority was named.
    public let authorityName: String
    public let legalBasis: String
    public let purpose: String
    public let items: [String]
    /// The model the request is about (a release draws on its documentation).
    public let model: String
    public let modelVersion: String?
    /// The date the authority set for the answer: the case's respond deadline is the end of that day.
    public let deadline: LocalDate
    public let contactName: String
    /// Normalised (`EmailAddress.normalized`).
    public let contactEmail: String
    /// The authority's own reference, if it gave one.
    public let reference: String?

    /// The canonical submission stored in `cases.submission`, in the shape of the JSON contract.
    public var json: JSONValue {
        var object = JSONObject([
            ("authority", .string(authority.rawValue)), ("authority_name", .string(authorityName)),
            ("legal_basis", .string(legalBasis)), ("purpose", .string(purpose)),
            ("items", .array(items.map { .string($0) })), ("model", .string(model)),
        ])
        if let modelVersion { object["model_version"] = .string(modelVersion) }
        object["deadline"] = .string(deadline.description)
        object["contact"] = .object(JSONObject([("name", .string(contactName)), ("email", .string(contactEmail))]))
        if let reference { object["reference"] = .string(reference) }
        return .object(object)
    }
}

/// Turns an authority request (JSON from the staff API) into an `AuthorityRequest`, or every problem
/// with it, each with its field path (`contact.email`, `items[1]`). Unknown keys are refused.
public struct AuthorityRequestValidator: Sendable {
    /// The model names a request may name: the registry's models and the operator's configured ones.
    public let models: [String]
    /// The local date of today in the operator's zone: the authority's date may not be before it.
    public let today: LocalDate

    public init(models: [String], today: LocalDate) {
        self.models = models
        self.today = today
    }

    public func validate(_ value: JSONValue) -> Result<AuthorityRequest, AuthorityRequestValidationFailure> {
        guard let object = value.objectValue else {
            return .failure(AuthorityRequestValidationFailure(errors: [FieldError("", "Send the authority request as a JSON object.")]))
        }
        var reader = FieldReader()
        reader.refuseUnknownKeys(object, known: ["authority", "authority_name", "legal_basis", "purpose", "items", "model", "model_version",
                                                 "deadline", "contact", "reference"], what: "an authority request")
        let authority = reader.choice(object["authority"], "authority", allowed: AuthorityRequest.Authority.allCases.map(\.rawValue),
                                      missing: "Say which authority asks: ai_office or national_authority.")
            .flatMap(AuthorityRequest.Authority.init(rawValue:))
        var authorityName: String?
        if authority == .nationalAuthority {
            authorityName = reader.text(object["authority_name"], "authority_name", max: 200,
                                        missing: "Name the national competent authority that asks.")
        } else {
            authorityName = reader.optionalText(object["authority_name"], "authority_name", max: 200) ?? AuthorityRequest.aiOfficeName
        }
        let legalBasis = reader.text(object["legal_basis"], "legal_basis", min: 3, max: 500,
                                     missing: "Give the legal basis the authority states, e.g. Article 91(1) AI Act.")
        let purpose = reader.text(object["purpose"], "purpose", min: 10, max: 5_000, missing: "Give the purpose the authority states.")

        var items: [String] = []
        if let list = object["items"]?.arrayValue, !list.isEmpty {
            if list.count > 200 { reader.add("items", "List at most 200 items.") }
            for (index, entry) in list.prefix(200).enumerated() {
                let path = "items[\(index)]"
                guard let raw = entry.stringValue else {
                    reader.add(path, "Give each item as text: an Annex XII item like \"annex_xii_1a\" or a field like \"training_compute_flops\".")
                    continue
                }
                guard AnnexXIIItem(rawValue: raw) != nil || DocumentationForm.field(raw) != nil else {
                    reader.add(path, "\"\(raw)\" is neither an Annex XII item (annex_xii_1a … annex_xii_2c) nor a field of the Model Documentation Form.")
                    continue
                }
                if items.contains(raw) { reader.add(path, "\(raw) is listed already; list each item once.") } else { items.append(raw) }
            }
        } else {
            reader.add("items", object["items"].map { $0.isNull || $0.arrayValue != nil } ?? true
                       ? "List the information the authority specifies: Annex XII items or fields of the Model Documentation Form."
                       : "Send the items as a list.")
        }

        var model: String?
        if let raw = reader.text(object["model"], "model", max: 200, missing: "Name the model the request is about.") {
            if models.contains(raw) { model = raw } else {
                reader.add("model", models.isEmpty ? "No model is registered or configured yet."
                                                   : "Choose one of \(models.map { "\"\($0)\"" }.joined(separator: ", ")).")
            }
        }
        let modelVersion = reader.optionalText(object["model_version"], "model_version", max: 50)

        var deadline: LocalDate?
        if let raw = reader.text(object["deadline"], "deadline", max: 10, missing: "Give the date the authority set for the answer (YYYY-MM-DD).") {
            if let date = LocalDate(iso8601: raw), raw.utf8.count == 10 {
                if date.daysSinceEpoch < today.daysSinceEpoch {
                    reader.add("deadline", "The authority's date \(raw) is in the past; today is \(today.description).")
                } else if date.daysSinceEpoch - today.daysSinceEpoch > DeadlinePolicy.maximumDays {
                    reader.add("deadline", "The authority's date \(raw) is more than ten years away; check it.")
                } else {
                    deadline = date
                }
            } else {
                reader.add("deadline", "Give the date as YYYY-MM-DD, like 2026-12-18.")
            }
        }

        var contactName: String?, contactEmail: String?
        if let contact = object["contact"]?.objectValue {
            reader.refuseUnknownKeys(contact, known: ["name", "email"], prefix: "contact.", what: "the contact")
            contactName = reader.text(contact["name"], "contact.name", max: 200, missing: "Enter the name of the authority's contact person.")
            if let raw = reader.text(contact["email"], "contact.email", max: 254, missing: "Enter the contact person's email address.") {
                if let address = EmailAddress(raw) { contactEmail = address.normalized } else {
                    reader.add("contact.email", "Enter an email address in the correct format, like name@example.com.")
                }
            }
        } else {
            reader.add("contact", object["contact"].map { $0.isNull } ?? true ? "Give the authority's contact: name and email."
                                                                               : "Send contact as an object.")
        }
        let reference = reader.optionalText(object["reference"], "reference", max: 200)

        guard reader.errors.isEmpty, let authority, let authorityName, let legalBasis, let purpose, let model, let deadline,
              let contactName, let contactEmail else {
            return .failure(AuthorityRequestValidationFailure(errors: reader.errors))
        }
        return .success(AuthorityRequest(authority: authority, authorityName: authorityName, legalBasis: legalBasis, purpose: purpose,
                                         items: items, model: model, modelVersion: modelVersion, deadline: deadline,
                                         contactName: contactName, contactEmail: contactEmail, reference: reference))
    }
}

/// Every problem found in an authority request.
public struct AuthorityRequestValidationFailure: Error, Sendable, Equatable {
    public let errors: [FieldError]
}
