import JSON

/// What changed between two documentation versions of a model, field by field, in the form's
/// order; and which fields became public or stopped being public.
public struct DocumentationDiff: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The field has a value in the newer version only.
        case added
        /// The field has a value in the older version only.
        case removed
        /// The field has a different value.
        case changed
    }

    public struct Change: Sendable, Equatable {
        public let key: String
        public let kind: Kind
        /// The value in `from`, nil when added.
        public let old: JSONValue?
        /// The value in `to`, nil when removed.
        public let new: JSONValue?
    }

    public let from: DocumentationVersion
    public let to: DocumentationVersion
    public let changes: [Change]
    /// Keys public in `to` but not in `from`.
    public let madePublic: [String]
    /// Keys public in `from` but not in `to`.
    public let madeNonPublic: [String]

    /// The changes from `from` to `to`.
    public init(from: DocumentationVersion, to: DocumentationVersion) {
        self.from = from
        self.to = to
        let keys = Set(from.values.keys).union(to.values.keys).sorted {
            (DocumentationForm.position(of: $0), $0) < (DocumentationForm.position(of: $1), $1)
        }
        changes = keys.compactMap { key in
            switch (from.values[key], to.values[key]) {
            case (nil, let new?): Change(key: key, kind: .added, old: nil, new: new)
            case (let old?, nil): Change(key: key, kind: .removed, old: old, new: nil)
            case (let old?, let new?) where old != new: Change(key: key, kind: .changed, old: old, new: new)
            default: nil
            }
        }
        madePublic = to.publicFields.filter { !from.publicFields.contains($0) }
        madeNonPublic = from.publicFields.filter { !to.publicFields.contains($0) }
    }

    /// `{"model", "from": {version…}, "to": {version…}, "changes": [{"field", "label", "section",
    /// "change", "old", "new"}], "public_fields": {"added": [...], "removed": [...]}}`; `old` is
    /// absent for an added field, `new` for a removed one.
    public var json: JSONValue {
        .object(JSONObject([
            ("model", .string(to.model)),
            ("from", from.summaryJSON), ("to", to.summaryJSON),
            ("changes", .array(changes.map { change in
                var object = JSONObject([("field", .string(change.key))])
                if let field = DocumentationForm.field(change.key) {
                    object["label"] = .string(field.label)
                    object["section"] = .string(field.section.rawValue)
                }
                object["change"] = .string(change.kind.rawValue)
                if let old = change.old { object["old"] = old }
                if let new = change.new { object["new"] = new }
                return .object(object)
            })),
            ("public_fields", .object(JSONObject([("added", .array(madePublic.map { .string($0) })),
                                                  ("removed", .array(madeNonPublic.map { .string($0) }))]))),
        ]))
    }
}
