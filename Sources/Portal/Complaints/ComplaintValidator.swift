import JSON

/// Turns a submission (JSON from the API, or a form converted to the same shape) into a
/// `Complaint`, or every problem with it, each with its field path. One validator serves the form
/// and the API, so both accept and refuse exactly the same things.
public struct ComplaintValidator: Sendable {
    public static let maxWorks = 50
    public static let maxEvidenceURLs = 20
    public static let minDescription = 50
    public static let maxDescription = 20_000

    /// The configured model names; "unknown" is always accepted too.
    public let models: [String]
    /// Today in the operator's time zone: `observed_on` may not be later.
    public let today: LocalDate

    public init(models: [String], today: LocalDate) {
        self.models = models
        self.today = today
    }

    private static let topLevelFields: Set<String> = [
        "complainant", "rightsholder", "works", "category", "model", "description", "evidence_urls", "observed_on", "declarations",
    ]

    public func validate(_ value: JSONValue) -> Result<Complaint, ComplaintValidationFailure> {
        var errors: [FieldError] = []
        guard let object = value.objectValue else {
            return .failure(ComplaintValidationFailure(errors: [FieldError("", "Send the complaint as a JSON object.")]))
        }
        for key in object.keys where !Self.topLevelFields.contains(key) {
            errors.append(FieldError(key, "Remove this field: it is not part of a complaint."))
        }

        // Complainant
        let complainantValue = object["complainant"]
        var role: ComplainantRole?
        var name: String?, organisation: String?, email: String?, country: String?
        if let c = complainantValue?.objectValue {
            for key in c.keys where !["role", "name", "organisation", "email", "country"].contains(key) {
                errors.append(FieldError("complainant.\(key)", "Remove this field: it is not part of the complainant."))
            }
            role = choice(c["role"], "complainant.role", ComplainantRole.self,
                          missing: "Select whether you hold the rights, represent the rightsholder, or are a collective management organisation.",
                          &errors)
            name = text(c["name"], "complainant.name", max: 200, missing: "Enter your full name.", &errors)
            organisation = optionalText(c["organisation"], "complainant.organisation", max: 200, &errors)
            if let role, role.actsForRightsholder, organisation == nil, !errors.contains(where: { $0.field == "complainant.organisation" }) {
                errors.append(FieldError("complainant.organisation", role == .cmo
                    ? "Enter the name of your collective management organisation."
                    : "Enter the name of the organisation you work for, or your own name if you act alone."))
            }
            if let raw = text(c["email"], "complainant.email", max: 254, missing: "Enter your email address.", &errors) {
                if let address = EmailAddress(raw) {
                    email = address.normalized
                } else {
                    errors.append(FieldError("complainant.email", "Enter an email address in the correct format, like name@example.com."))
                }
            }
            if let raw = text(c["country"], "complainant.country", max: 2, missing: "Select your country.", &errors) {
                if CountryCode.isValid(raw) { country = raw } else {
                    errors.append(FieldError("complainant.country", "Select your country (a two-letter ISO 3166 code such as FR)."))
                }
            }
        } else {
            errors.append(FieldError("complainant", complainantValue == nil || complainantValue?.isNull == true
                ? "Tell us who is making the complaint." : "Send the complainant as an object."))
        }

        // Rightsholder represented
        var rightsholder: Complaint.Rightsholder?
        let rightsholderValue = object["rightsholder"]
        if let role, role.actsForRightsholder {
            if let r = rightsholderValue?.objectValue {
                for key in r.keys where !["name", "mandate"].contains(key) {
                    errors.append(FieldError("rightsholder.\(key)", "Remove this field: it is not part of the rightsholder."))
                }
                let rName = text(r["name"], "rightsholder.name", max: 200, missing: "Enter the name of the rightsholder you act for.", &errors)
                let mandate = text(r["mandate"], "rightsholder.mandate", min: 20, max: 5000,
                                   missing: "Describe your mandate to act for the rightsholder: its date, scope and who gave it.", &errors)
                if let rName, let mandate { rightsholder = Complaint.Rightsholder(name: rName, mandate: mandate) }
            } else {
                errors.append(FieldError("rightsholder.name", "Enter the name of the rightsholder you act for."))
                errors.append(FieldError("rightsholder.mandate", "Describe your mandate to act for the rightsholder: its date, scope and who gave it."))
            }
        } else if role == .rightsholder, let r = rightsholderValue, !r.isNull, !(r.objectValue?.isEmpty ?? false) {
            errors.append(FieldError("rightsholder", "Leave out the rightsholder when you hold the rights yourself."))
        }

        // Works
        var works: [Complaint.Work] = []
        if let list = object["works"]?.arrayValue {
            if list.isEmpty { errors.append(FieldError("works", "Add at least one work the complaint is about.")) }
            if list.count > Self.maxWorks {
                errors.append(FieldError("works", "List at most \(Self.maxWorks) works in one complaint; send the others in another complaint."))
            }
            for (index, item) in list.prefix(Self.maxWorks).enumerated() {
                let path = "works[\(index)]"
                guard let w = item.objectValue else {
                    errors.append(FieldError(path, "Send each work as an object."))
                    continue
                }
                for key in w.keys where !["title", "type", "identifier", "location", "rights_reservation"].contains(key) {
                    errors.append(FieldError("\(path).\(key)", "Remove this field: it is not part of a work."))
                }
                let title = text(w["title"], "\(path).title", max: 500, missing: "Give the title of the work.", &errors)
                let type = choice(w["type"], "\(path).type", WorkType.self, missing: "Select the type of the work.", &errors)
                let identifier = optionalText(w["identifier"], "\(path).identifier", max: 200, &errors)
                let location = optionalText(w["location"], "\(path).location", max: 2048, &errors)
                let reservation = choice(w["rights_reservation"], "\(path).rights_reservation", RightsReservation.self,
                                         missing: "Select how the rights in the work were reserved, or \"No reservation\".", &errors)
                if let title, let type, let reservation {
                    works.append(Complaint.Work(title: title, type: type, identifier: identifier, location: location,
                                                rightsReservation: reservation))
                }
            }
        } else {
            errors.append(FieldError("works", object["works"] == nil ? "Add at least one work the complaint is about." : "Send the works as a list."))
        }

        let category = choice(object["category"], "category", ComplaintCategory.self, missing: "Select what the complaint is about.", &errors)

        var model: String?
        if let raw = text(object["model"], "model", max: 200, missing: "Select the model concerned, or \"I don't know\".", &errors) {
            if raw == "unknown" || models.contains(raw) { model = raw } else {
                errors.append(FieldError("model", "Select one of the models listed, or \"unknown\"."))
            }
        }

        let description = text(object["description"], "description", min: Self.minDescription, max: Self.maxDescription,
                               missing: "Describe what happened: what was collected or produced, when, and why it breaches your rights.",
                               &errors)

        var evidence: [String] = []
        if let raw = object["evidence_urls"], !raw.isNull {
            if let list = raw.arrayValue {
                if list.count > Self.maxEvidenceURLs {
                    errors.append(FieldError("evidence_urls", "Give at most \(Self.maxEvidenceURLs) evidence links."))
                }
                for (index, item) in list.prefix(Self.maxEvidenceURLs).enumerated() {
                    guard let s = item.stringValue else {
                        errors.append(FieldError("evidence_urls[\(index)]", "Give each evidence link as text."))
                        continue
                    }
                    let trimmed = TextNormalization.cleanText(s)
                    if trimmed.isEmpty { continue }
                    switch WebURL.parse(trimmed) {
                    case .success(let url): evidence.append(url.value)
                    case .failure(let error): errors.append(FieldError("evidence_urls[\(index)]", error.message))
                    }
                }
            } else {
                errors.append(FieldError("evidence_urls", "Send the evidence links as a list."))
            }
        }

        var observedOn: LocalDate?
        if let raw = object["observed_on"], !raw.isNull {
            if let s = raw.stringValue, !TextNormalization.cleanText(s).isEmpty {
                if let date = LocalDate(iso8601: TextNormalization.cleanText(s)) {
                    if date > today { errors.append(FieldError("observed_on", "The date you noticed it must be today or in the past.")) }
                    else { observedOn = date }
                } else {
                    errors.append(FieldError("observed_on", "Enter the date you noticed it as a real date, like 2026-10-01."))
                }
            } else if raw.stringValue == nil {
                errors.append(FieldError("observed_on", "Enter the date you noticed it as a real date, like 2026-10-01."))
            }
        }

        let declarations = object["declarations"]?.objectValue
        if declarations?["good_faith"]?.boolValue != true {
            errors.append(FieldError("declarations.good_faith", "Confirm that you make this complaint in good faith."))
        }
        if declarations?["accurate_and_complete"]?.boolValue != true {
            errors.append(FieldError("declarations.accurate_and_complete", "Confirm that the information is accurate and complete."))
        }

        guard errors.isEmpty, let role, let name, let email, let country, let category, let model, let description else {
            return .failure(ComplaintValidationFailure(errors: errors))
        }
        let complainant = Complaint.Complainant(role: role, name: name, organisation: organisation, email: email, country: country)
        return .success(Complaint(complainant: complainant, rightsholder: rightsholder, works: works, category: category,
                                  model: model, description: description, evidenceURLs: evidence, observedOn: observedOn))
    }

    // MARK: Field readers

    private func text(_ value: JSONValue?, _ field: String, min: Int = 1, max: Int, missing: String,
                      _ errors: inout [FieldError]) -> String? {
        var reader = FieldReader()
        defer { errors += reader.errors }
        return reader.text(value, field, min: min, max: max, missing: missing)
    }

    private func optionalText(_ value: JSONValue?, _ field: String, max: Int, _ errors: inout [FieldError]) -> String? {
        var reader = FieldReader()
        defer { errors += reader.errors }
        return reader.optionalText(value, field, max: max)
    }

    private func choice<Choice: RawRepresentable & CaseIterable>(_ value: JSONValue?, _ field: String, _ type: Choice.Type,
                                                                  missing: String, _ errors: inout [FieldError]) -> Choice?
    where Choice.RawValue == String {
        guard let value, !value.isNull, let raw = value.stringValue, !raw.isEmpty else {
            errors.append(FieldError(field, value?.stringValue == nil && value != nil && value?.isNull == false ? "Give this as text." : missing))
            return nil
        }
        guard let chosen = Choice(rawValue: raw) else {
            let allowed = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            errors.append(FieldError(field, "Choose one of \(allowed)."))
            return nil
        }
        return chosen
    }
}

/// Every problem found in a submission.
public struct ComplaintValidationFailure: Error, Sendable, Equatable {
    public let errors: [FieldError]
}
