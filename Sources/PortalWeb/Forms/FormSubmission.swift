import HTTPServer
import JSON
import Portal

/// Turns the fields of the complaint form into the API's JSON shape, so both go through the one
/// validator. Field names are the JSON paths (`complainant.name`, `works[0].title`); checkboxes
/// become `true`; the evidence links come one per line; blank fields are left out, so they are
/// reported as missing exactly as in the API.
enum FormSubmission {
    /// Fields that belong to the form's machinery, not to the complaint.
    static let controlFields: Set<String> = ["form_token", "website", "action"]
    static let checkboxes: Set<String> = ["declarations.good_faith", "declarations.accurate_and_complete"]

    static func json(from fields: [FormField]) -> JSONValue {
        var works: [Int: JSONObject] = [:]
        var root = object(from: fields, checkboxes: checkboxes, sections: ["complainant"]) { field, root in
            let value = field.value.trimmingWhitespace
            if field.name == "evidence_urls" {
                let links = field.value.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
                if !links.isEmpty { root["evidence_urls"] = .array(links.map { .string($0) }) }
                return true
            }
            guard let (index, key) = workField(field.name) else { return false }
            if !value.isEmpty { works[index, default: JSONObject()][key] = .string(value) }
            return true
        }
        if !works.isEmpty {
            root["works"] = .array(works.keys.sorted().map { .object(works[$0]!) })
        } else {
            root["works"] = .array([.object(JSONObject())])
        }
        return .object(root)
    }

    /// What every form does: each field at its JSON path (`organisation.legal_name`), blank fields
    /// left out; the `checkboxes` become `true` or `false`; each name in `lists` (a group of
    /// checkboxes sharing one name) becomes the list of the values ticked, left out when none is;
    /// each of `sections` is present even when all its fields are blank, so each of its fields is
    /// reported rather than the whole group. `special` handles a field itself by returning true.
    static func object(from fields: [FormField], checkboxes: Set<String> = [], lists: Set<String> = [], sections: [String] = [],
                       special: (FormField, inout JSONObject) -> Bool = { _, _ in false }) -> JSONObject {
        var root = JSONObject()
        var listed: [String: [JSONValue]] = [:]
        for field in fields where !controlFields.contains(field.name) {
            if special(field, &root) { continue }
            let value = field.value.trimmingWhitespace
            if checkboxes.contains(field.name) {
                set(&root, path: field.name.split(separator: ".").map(String.init), .bool(!value.isEmpty))
                continue
            }
            guard !value.isEmpty else { continue }
            if lists.contains(field.name) {
                listed[field.name, default: []].append(.string(value))
                continue
            }
            let path = field.name.split(separator: ".").map(String.init)
            guard (1...2).contains(path.count), path.allSatisfy({ !$0.isEmpty }) else { continue }
            set(&root, path: path, .string(value))
        }
        for name in lists.sorted() {
            if let values = listed[name] { set(&root, path: name.split(separator: ".").map(String.init), .array(values)) }
        }
        for section in sections where root[section] == nil { root[section] = .object(JSONObject()) }
        return root
    }

    /// The validator numbers the works left once blank blocks are dropped; the form numbers its
    /// blocks. Each `works[i]` error is moved back to the block it came from.
    static func formErrors(_ errors: [FieldError], fields: [FormField]) -> [FieldError] {
        let blocks = Set(fields.compactMap { field in
            field.value.trimmingWhitespace.isEmpty ? nil : workField(field.name)?.index
        }).sorted()
        return errors.map { error in
            guard let (index, key) = workField(error.field), index < blocks.count else { return error }
            return FieldError("works[\(blocks[index])].\(key)", error.message)
        }
    }

    /// The highest work index the form showed, so it can be shown again with as many blocks.
    static func workCount(in fields: [FormField]) -> Int {
        (fields.compactMap { workField($0.name)?.index }.max() ?? 0) + 1
    }

    /// `works[3].title` → (3, "title").
    static func workField(_ name: String) -> (index: Int, key: String)? {
        guard name.hasPrefix("works["), let close = name.firstIndex(of: "]") else { return nil }
        let digits = name[name.index(name.startIndex, offsetBy: 6)..<close]
        guard let index = Int(digits), index >= 0, index < 50 else { return nil }
        let rest = name[name.index(after: close)...]
        guard rest.hasPrefix("."), rest.count > 1 else { return nil }
        return (index, String(rest.dropFirst()))
    }

    private static func set(_ object: inout JSONObject, path: [String], _ value: JSONValue) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var child = object[first]?.objectValue ?? JSONObject()
        set(&child, path: Array(path.dropFirst()), value)
        object[first] = .object(child)
    }
}

extension String {
    /// Without leading and trailing whitespace (`TextNormalization.trimmed`).
    var trimmingWhitespace: String { TextNormalization.trimmed(self) }
}
