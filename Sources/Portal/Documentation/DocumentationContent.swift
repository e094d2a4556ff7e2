import JSON

/// What a documentation version holds: the values of the form's fields and the fields the operator
/// publishes. Both are kept in the form's order; values hold only fields that were given.
public struct DocumentationContent: Sendable, Equatable {
    /// The values by field key, cleaned as validation cleaned them.
    public let values: JSONObject
    /// Keys of fields (meant for downstream providers, with a value) that are also public.
    public let publicFields: [String]

    public init(values: JSONObject, publicFields: [String]) {
        self.values = values
        self.publicFields = publicFields
    }
}

/// Checks a documentation version against `DocumentationForm` and the model it documents, and
/// cleans it; reports every problem at once, each with its path (`values.context_window_tokens`,
/// `values.input_modalities[2]`, `public_fields[0]`).
public enum DocumentationValidator {
    /// The members of a publication body.
    static let bodyKeys = ["values", "public_fields"]

    /// Validates `{"values": {...}, "public_fields": [...]}` for `model`. `prefix` is put before
    /// every path (the import names `models[0].documentation[1].`).
    public static func validate(_ body: JSONValue, for model: ModelRecord, prefix: String = "")
        -> Result<DocumentationContent, DocumentationError> {
        var reader = FieldReader()
        guard let object = body.objectValue else {
            reader.add(prefix.isEmpty ? "" : String(prefix.dropLast()),
                       "Send the documentation as a JSON object with values and public_fields.")
            return .failure(.invalid(reader.errors))
        }
        reader.refuseUnknownKeys(object, known: bodyKeys, prefix: prefix, what: "a documentation version")
        var values = JSONObject()
        if let given = object["values"]?.objectValue {
            values = validateValues(given, model: model, prefix: prefix + "values.", &reader)
        } else {
            reader.add(prefix + "values", object["values"] == nil || object["values"]?.isNull == true
                ? "Give the values of the form's fields, as an object keyed by field key." : "Send the values as an object.")
        }
        let publicFields = validatePublicFields(object["public_fields"], values: values, prefix: prefix, &reader)
        guard reader.errors.isEmpty else { return .failure(.invalid(reader.errors)) }
        return .success(DocumentationContent(values: values, publicFields: publicFields))
    }

    private static func validateValues(_ given: JSONObject, model: ModelRecord, prefix: String,
                                       _ reader: inout FieldReader) -> JSONObject {
        for key in given.keys where DocumentationForm.field(key) == nil {
            reader.add(prefix + key, "Remove this field: the Model Documentation Form has no field with this key.")
        }
        var cleaned = JSONObject()
        for field in DocumentationForm.fields {
            let path = prefix + field.key
            let raw = given[field.key]
            guard let value = clean(raw, field, path, &reader) else {
                if field.required && isAbsent(raw) && !reader.errors.contains(where: { $0.field == path }) {
                    reader.add(path, "Give the \(field.label.lowercasedFirst): publication needs it.")
                }
                continue
            }
            cleaned[field.key] = value
        }
        checkAgainstModel(cleaned, model, prefix, &reader)
        if let count = cleaned["parameter_count"]?.intValue, let range = cleaned["parameter_range"]?.stringValue,
           let expected = DocumentationForm.parameterRanges.first(where: { $0.range.contains(count) }),
           expected.option.value != range {
            reader.add(prefix + "parameter_range", "The parameter count, \(count), falls in \"\(expected.option.value)\".")
        }
        return cleaned
    }

    /// The model's registered facts and the documentation must say the same.
    private static func checkAgainstModel(_ values: JSONObject, _ model: ModelRecord, _ prefix: String,
                                          _ reader: inout FieldReader) {
        let registered: [(String, String, String)] = [
            ("model_version", model.version, "version"),
            ("release_date", model.releaseDate.description, "release date"),
            ("union_market_release_date", model.unionMarketReleaseDate.description, "Union market release date"),
        ]
        for (key, expected, what) in registered {
            if let given = values[key]?.stringValue, given != expected {
                reader.add(prefix + key, "Give the model's registered \(what), \(expected).")
            }
        }
    }

    private static func isAbsent(_ value: JSONValue?) -> Bool {
        guard let value else { return true }
        switch value {
        case .null: return true
        case .string(let text): return TextNormalization.cleanText(text).isEmpty
        case .array(let items): return items.isEmpty
        default: return false
        }
    }

    /// The cleaned value, or nil when absent (no error) or wrong (with an error).
    private static func clean(_ value: JSONValue?, _ field: DocumentationField, _ path: String,
                              _ reader: inout FieldReader) -> JSONValue? {
        guard let value, !isAbsent(value) else { return nil }
        switch field.type {
        case .text(let maxLength):
            return reader.optionalText(value, path, max: maxLength).map { .string($0) }
        case .integer:
            guard let number = value.intValue else {
                reader.add(path, "Give this as a whole number, without a fraction or exponent.")
                return nil
            }
            guard number >= 1 else {
                reader.add(path, "Give a whole number of at least 1.")
                return nil
            }
            return .number(number)
        case .number:
            guard case .number(let literal) = value, let double = value.doubleValue else {
                reader.add(path, "Give this as a number, e.g. 1200 or 3.8e25.")
                return nil
            }
            guard double >= 0, !literal.hasPrefix("-") else {
                reader.add(path, "Give a number of 0 or more.")
                return nil
            }
            return .number(literal)
        case .date:
            guard let text = value.stringValue else {
                reader.add(path, "Give this as a date, YYYY-MM-DD.")
                return nil
            }
            guard let date = LocalDate(iso8601: TextNormalization.trimmed(text)) else {
                reader.add(path, "Give a date that exists, as YYYY-MM-DD, e.g. 2026-03-01.")
                return nil
            }
            return .string(date.description)
        case .url:
            guard let text = value.stringValue else {
                reader.add(path, "Give this as a web address.")
                return nil
            }
            switch WebURL.parse(text) {
            case .success(let url): return .string(url.value)
            case .failure(let error):
                reader.add(path, error.message + ".")
                return nil
            }
        case .choice(let options):
            return reader.choice(value, path, allowed: options.map(\.value), missing: "Choose one.").map { .string($0) }
        case .list(let options):
            return cleanList(value, options, path, &reader)
        }
    }

    private static func cleanList(_ value: JSONValue, _ options: [DocumentationOption]?, _ path: String,
                                  _ reader: inout FieldReader) -> JSONValue? {
        guard let items = value.arrayValue else {
            reader.add(path, "Give this as a list of texts.")
            return nil
        }
        if items.count > DocumentationFieldType.maxListItems {
            reader.add(path, "List at most \(DocumentationFieldType.maxListItems) items.")
            return nil
        }
        var cleaned: [JSONValue] = []
        var failed = false
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            if let options {
                guard let choice = reader.choice(item, itemPath, allowed: options.map(\.value), missing: "Choose one.") else {
                    failed = true
                    continue
                }
                if cleaned.contains(.string(choice)) {
                    reader.add(itemPath, "Remove this item: \"\(choice)\" is already in the list.")
                    failed = true
                    continue
                }
                cleaned.append(.string(choice))
            } else {
                guard let text = reader.text(item, itemPath, max: DocumentationFieldType.maxListItemLength,
                                             missing: "Write this item, or remove it from the list.") else {
                    failed = true
                    continue
                }
                cleaned.append(.string(text))
            }
        }
        return failed ? nil : .array(cleaned)
    }

    private static func validatePublicFields(_ value: JSONValue?, values: JSONObject, prefix: String,
                                             _ reader: inout FieldReader) -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else {
            reader.add(prefix + "public_fields", "Send public_fields as a list of field keys.")
            return []
        }
        var keys: [String] = []
        for (index, item) in items.enumerated() {
            let path = "\(prefix)public_fields[\(index)]"
            guard let key = item.stringValue else {
                reader.add(path, "Give a field key as text.")
                continue
            }
            guard let field = DocumentationForm.field(key) else {
                reader.add(path, "The Model Documentation Form has no field \"\(key)\".")
                continue
            }
            guard field.mayBePublic else {
                reader.add(path, "\"\(key)\" is for the AI Office and national authorities only: it cannot be made public.")
                continue
            }
            guard values[key] != nil else {
                reader.add(path, "\"\(key)\" has no value in this version: give one, or leave it out of public_fields.")
                continue
            }
            guard !keys.contains(key) else {
                reader.add(path, "\"\(key)\" is already in the list.")
                continue
            }
            keys.append(key)
        }
        return keys.sorted { DocumentationForm.position(of: $0) < DocumentationForm.position(of: $1) }
    }
}

fileprivate extension String {
    /// The text with its first character lowercased ("Model name" → "model name"), unless the
    /// first word is an acronym or a name ("AI", "Union").
    var lowercasedFirst: String {
        guard let first = first, first.isUppercase else { return self }
        let firstWord = prefix { $0 != " " }
        if firstWord.count > 1 && firstWord.allSatisfy({ $0.isUppercase }) { return self }
        if firstWord == "Union" { return self }
        return first.lowercased() + dropFirst()
    }
}
