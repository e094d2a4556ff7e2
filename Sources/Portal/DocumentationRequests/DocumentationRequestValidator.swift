import JSON

/// Turns a documentation request (JSON from the API) into a `DocumentationRequest`, or every
/// problem with it, each with its field path (`organisation.legal_name`, `items[2]`). Unknown keys
/// are refused at every level, so a misspelt field is never silently dropped.
public struct DocumentationRequestValidator: Sendable {
    public static let maxQuestion = 5_000
    public static let maxItems = AnnexXIIItem.allCases.count

    /// The model names a request may name: the registry's models and the operator's configured ones.
    public let models: [String]

    public init(models: [String]) {
        self.models = models
    }

    public func validate(_ value: JSONValue) -> Result<DocumentationRequest, DocumentationRequestValidationFailure> {
        guard let object = value.objectValue else {
            return .failure(DocumentationRequestValidationFailure(errors: [FieldError("", "Send the documentation request as a JSON object.")]))
        }
        var reader = FieldReader()
        reader.refuseUnknownKeys(object, known: ["organisation", "contact", "ai_system", "model", "model_version", "items", "question",
                                                 "confidentiality_undertaking"], what: "a documentation request")

        // Organisation
        var organisationName: String?, country: String?
        if let organisation = section(object, "organisation", missing: "Tell us which organisation makes the request.", &reader) {
            reader.refuseUnknownKeys(organisation, known: ["legal_name", "country"], prefix: "organisation.", what: "the organisation")
            organisationName = reader.text(organisation["legal_name"], "organisation.legal_name", max: 200,
                                           missing: "Enter the legal name of your organisation.")
            if let raw = reader.text(organisation["country"], "organisation.country", max: 2, missing: "Select the country of your organisation.") {
                if CountryCode.isValid(raw) { country = raw } else {
                    reader.add("organisation.country", "Select the country of your organisation (a two-letter ISO 3166 code such as DE).")
                }
            }
        }

        // Contact
        var contactName: String?, contactEmail: String?
        if let contact = section(object, "contact", missing: "Tell us who to contact about the request.", &reader) {
            reader.refuseUnknownKeys(contact, known: ["name", "email"], prefix: "contact.", what: "the contact")
            contactName = reader.text(contact["name"], "contact.name", max: 200, missing: "Enter the name of the contact person.")
            if let raw = reader.text(contact["email"], "contact.email", max: 254, missing: "Enter the contact person's email address.") {
                if let address = EmailAddress(raw) { contactEmail = address.normalized } else {
                    reader.add("contact.email", "Enter an email address in the correct format, like name@example.com.")
                }
            }
        }

        // AI system
        var systemName: String?, purpose: String?, highRisk: DocumentationRequest.HighRisk?
        if let system = section(object, "ai_system", missing: "Describe the AI system you are building with the model.", &reader) {
            reader.refuseUnknownKeys(system, known: ["name", "intended_purpose", "high_risk"], prefix: "ai_system.", what: "the AI system")
            systemName = reader.text(system["name"], "ai_system.name", max: 200, missing: "Enter the name of your AI system.")
            purpose = reader.text(system["intended_purpose"], "ai_system.intended_purpose", min: 10, max: 5_000,
                                  missing: "Describe the intended purpose of your AI system.")
            highRisk = reader.choice(system["high_risk"], "ai_system.high_risk", allowed: DocumentationRequest.HighRisk.allCases.map(\.rawValue),
                                     missing: "Say whether your AI system may be high-risk: yes, no or unsure.")
                .flatMap(DocumentationRequest.HighRisk.init(rawValue:))
        }

        // Model
        var model: String?
        if let raw = reader.text(object["model"], "model", max: 200, missing: "Select the model you integrate.") {
            if models.contains(raw) { model = raw } else {
                reader.add("model", models.isEmpty ? "No model is offered yet; there is no documentation to request."
                                                   : "Choose one of \(models.map { "\"\($0)\"" }.joined(separator: ", ")).")
            }
        }
        let modelVersion = reader.text(object["model_version"], "model_version", max: 50, missing: "Enter the version of the model you use.")

        // Items and question
        var items: [AnnexXIIItem] = []
        let itemsValue = object["items"]
        if let itemsValue, !itemsValue.isNull {
            if let list = itemsValue.arrayValue {
                for (index, entry) in list.enumerated() {
                    let path = "items[\(index)]"
                    guard let raw = entry.stringValue else {
                        reader.add(path, "Give each item as text, like \"annex_xii_1a\".")
                        continue
                    }
                    guard let item = AnnexXIIItem(rawValue: raw) else {
                        reader.add(path, "Choose an Annex XII item from \"annex_xii_1a\" to \"annex_xii_1h\" and \"annex_xii_2a\" to \"annex_xii_2c\".")
                        continue
                    }
                    if items.contains(item) { reader.add(path, "You listed \(raw) already; list each item once.") } else { items.append(item) }
                }
            } else {
                reader.add("items", "Send the items as a list.")
            }
        }
        let question = reader.optionalText(object["question"], "question", max: Self.maxQuestion)
        let itemErrors = reader.errors.contains { $0.field == "items" || $0.field.hasPrefix("items[") || $0.field == "question" }
        if items.isEmpty, question == nil, !itemErrors {
            reader.add("items", "Select at least one Annex XII item, or ask a question for additional information.")
        }

        if object["confidentiality_undertaking"]?.boolValue != true {
            reader.add("confidentiality_undertaking",
                       "Accept the confidentiality undertaking: you will keep the documentation confidential (AI Act Articles 53(7) and 78).")
        }

        guard reader.errors.isEmpty, let organisationName, let country, let contactName, let contactEmail, let systemName, let purpose,
              let highRisk, let model, let modelVersion else {
            return .failure(DocumentationRequestValidationFailure(errors: reader.errors))
        }
        return .success(DocumentationRequest(organisationName: organisationName, country: country, contactName: contactName,
                                             contactEmail: contactEmail, aiSystemName: systemName, intendedPurpose: purpose,
                                             highRisk: highRisk, model: model, modelVersion: modelVersion, items: items,
                                             question: question))
    }

    /// A nested object, or nil with an error: the leaf fields' messages when it is absent, so a
    /// form shows each missing field beside it.
    private func section(_ object: JSONObject, _ key: String, missing: String, _ reader: inout FieldReader) -> JSONObject? {
        let value = object[key]
        if let nested = value?.objectValue { return nested }
        reader.add(key, value == nil || value?.isNull == true ? missing : "Send \(key) as an object.")
        return nil
    }
}

/// Every problem found in a documentation request.
public struct DocumentationRequestValidationFailure: Error, Sendable, Equatable {
    public let errors: [FieldError]
}
