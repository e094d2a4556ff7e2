import JSON

/// Reads the fields of a JSON object one by one, cleaning text and collecting a `FieldError` for
/// every problem, so a submission is answered with all of its errors at once. Shared by every
/// validator of the portal, so the same mistake gets the same message everywhere.
public struct FieldReader {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    /// Refuses keys of `object` that are not in `known`, naming each under `prefix`.
    public mutating func refuseUnknownKeys(_ object: JSONObject, known: [String], prefix: String = "", what: String) {
        for key in object.keys where !known.contains(key) {
            add(prefix + key, "Remove this field: it is not part of \(what).")
        }
    }

    /// Required text, cleaned (`TextNormalization.cleanText`), between `min` and `max` characters.
    public mutating func text(_ value: JSONValue?, _ field: String, min: Int = 1, max: Int, missing: String) -> String? {
        guard let cleaned = cleanedText(value, field, max: max) else {
            if !errors.contains(where: { $0.field == field }) { add(field, missing) }
            return nil
        }
        if cleaned.count < min {
            add(field, "Write at least \(min) characters; you wrote \(cleaned.count).")
            return nil
        }
        return cleaned
    }

    /// Optional text: nil when absent, null or blank.
    public mutating func optionalText(_ value: JSONValue?, _ field: String, max: Int) -> String? {
        cleanedText(value, field, max: max)
    }

    /// The cleaned text of `value`, or nil — with an error added when it is not text or too long,
    /// without one when it is absent, null or blank.
    private mutating func cleanedText(_ value: JSONValue?, _ field: String, max: Int) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let raw = value.stringValue else {
            add(field, "Give this as text.")
            return nil
        }
        let cleaned = TextNormalization.cleanText(raw)
        if cleaned.isEmpty { return nil }
        if cleaned.count > max {
            add(field, "Write at most \(max) characters; you wrote \(cleaned.count).")
            return nil
        }
        return cleaned
    }

    /// One of `allowed`.
    public mutating func choice(_ value: JSONValue?, _ field: String, allowed: [String], missing: String) -> String? {
        guard let value, !value.isNull else {
            add(field, missing)
            return nil
        }
        guard let raw = value.stringValue else {
            add(field, "Give this as text.")
            return nil
        }
        guard !raw.isEmpty else {
            add(field, missing)
            return nil
        }
        guard allowed.contains(raw) else {
            add(field, "Choose one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", ")).")
            return nil
        }
        return raw
    }

    /// A whole number in `range`.
    public mutating func integer(_ value: JSONValue?, _ field: String, in range: ClosedRange<Int>, missing: String) -> Int? {
        guard let value, !value.isNull else {
            add(field, missing)
            return nil
        }
        guard let number = value.intValue else {
            add(field, "Give this as a whole number.")
            return nil
        }
        guard range.contains(number) else {
            add(field, "Give a number from \(range.lowerBound) to \(range.upperBound).")
            return nil
        }
        return number
    }
}
