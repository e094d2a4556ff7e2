import Crypto
import JSON
import SQLite

/// A published documentation version: immutable, numbered per model (1, 2, 3, …), with who
/// published it, when, and the SHA-256 of its canonical encoding.
///
/// Reading a version re-checks it: its stored content is hashed again and compared with its stored
/// SHA-256, and that with the SHA-256 the audit log recorded when it was published (`integrity`).
///
/// The canonical encoding, which anyone can recompute from the JSON of a version, is the object
/// `{"model":…,"public_fields":[…],"values":{…},"version":N}` written by
/// `JSONValue.serialized(sortedKeys: true)`: keys in UTF-8 byte order at every level, no
/// whitespace, numbers as given, `public_fields` in the form's order.
public struct DocumentationVersion: Sendable, Equatable {
    /// Whether the stored version is still what was published.
    public enum Integrity: Sendable, Equatable {
        /// Its content hashes to its stored SHA-256, which is the one the audit log recorded.
        case intact
        /// Its stored content no longer hashes to its stored SHA-256: the values (or public
        /// fields) were changed after publication. `computed` is what they hash to now.
        case contentAltered(computed: String)
        /// Its content matches its stored SHA-256 but that differs from the one recorded by the
        /// `documentation_published` audit event (nil when no such event is found): content and
        /// hash were both rewritten.
        case hashAltered(recorded: String?)
    }

    /// The model's name.
    public let model: String
    /// 1 for the first version of the model, then 2, 3, …
    public let number: Int
    /// The values and public fields, as stored.
    public let content: DocumentationContent
    /// Unix seconds.
    public let publishedAt: Int64
    /// The staff name, or `cli`.
    public let publishedBy: String
    /// The SHA-256 (hex) stored with the version.
    public let sha256: String
    /// Kept at least until this date: the model's Union market release plus 10 years.
    public let retainUntil: LocalDate
    public let integrity: Integrity

    public init(model: String, number: Int, content: DocumentationContent, publishedAt: Int64, publishedBy: String,
                sha256: String, retainUntil: LocalDate, integrity: Integrity) {
        self.model = model
        self.number = number
        self.content = content
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
        self.sha256 = sha256
        self.retainUntil = retainUntil
        self.integrity = integrity
    }

    /// The values by field key.
    public var values: JSONObject { content.values }
    /// The keys the operator made public, in the form's order.
    public var publicFields: [String] { content.publicFields }

    public var isIntact: Bool { integrity == .intact }

    /// Who may receive the value of `key` in this version: the field's audiences from the form,
    /// plus `.public` when the operator published it. Empty for a key the form does not have.
    public func audiences(of key: String) -> Set<DocumentationAudience> {
        guard let field = DocumentationForm.field(key) else { return [] }
        return publicFields.contains(key) ? field.audiences.union([.public]) : field.audiences
    }

    /// The values `audience` may receive, in the form's order.
    public func values(for audience: DocumentationAudience) -> JSONObject {
        JSONObject(values.filter { audiences(of: $0.key).contains(audience) }.map { ($0.key, $0.value) })
    }

    /// `object`'s members in the form's order (keys the form does not have last, by name).
    static func inFormOrder(_ object: JSONObject) -> JSONObject {
        JSONObject(object.sorted { (DocumentationForm.position(of: $0.key), $0.key) < (DocumentationForm.position(of: $1.key), $1.key) }
            .map { ($0.key, $0.value) })
    }

    /// Each value with its field and audiences, in the form's order.
    public var entries: [(field: DocumentationField, value: JSONValue, audiences: Set<DocumentationAudience>)] {
        values.compactMap { key, value in
            DocumentationForm.field(key).map { ($0, value, audiences(of: key)) }
        }
    }

    /// Throws `DocumentationError.tampered` unless the version is intact: nothing may be released
    /// from a version whose content no longer matches what was published.
    public func requireIntact() throws(DocumentationError) {
        if let problem = integrityProblem {
            throw .tampered(model: model, version: number, detail: problem)
        }
    }

    /// What does not match, in words, or nil when intact.
    public var integrityProblem: String? {
        switch integrity {
        case .intact:
            return nil
        case .contentAltered(let computed):
            return "its stored content hashes to \(computed), not to the SHA-256 recorded at publication, \(sha256): "
                + "it was changed after it was published"
        case .hashAltered(let recorded?):
            return "its stored SHA-256, \(sha256), is not the one the audit log recorded at publication, \(recorded): "
                + "its content and hash were rewritten after it was published"
        case .hashAltered(nil):
            return "no documentation_published event in the audit log records this version"
        }
    }

    // MARK: Canonical encoding

    /// The canonical encoding of a version from the canonical texts of its public fields and values.
    static func canonicalBytes(model: String, number: Int, publicFieldsText: String, valuesText: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(valuesText.utf8.count + publicFieldsText.utf8.count + model.utf8.count + 64)
        bytes.append(contentsOf: #"{"model":"#.utf8)
        bytes.append(contentsOf: JSONValue.string(model).serializedBytes())
        bytes.append(contentsOf: #","public_fields":"#.utf8)
        bytes.append(contentsOf: publicFieldsText.utf8)
        bytes.append(contentsOf: #","values":"#.utf8)
        bytes.append(contentsOf: valuesText.utf8)
        bytes.append(contentsOf: #","version":"#.utf8)
        bytes.append(contentsOf: String(number).utf8)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// The canonical encoding of `content` as version `number` of `model`: the same bytes as
    /// `JSONValue.serializedBytes(sortedKeys: true)` of the object it describes.
    public static func canonicalEncoding(model: String, number: Int, content: DocumentationContent) -> [UInt8] {
        canonicalBytes(model: model, number: number, publicFieldsText: publicFieldsText(content.publicFields),
                       valuesText: JSONValue.object(content.values).serialized(sortedKeys: true))
    }

    /// SHA-256 (hex) of `canonicalEncoding`.
    public static func sha256(model: String, number: Int, content: DocumentationContent) -> String {
        SHA256.hexHash(canonicalEncoding(model: model, number: number, content: content))
    }

    static func publicFieldsText(_ keys: [String]) -> String {
        JSONValue.array(keys.map { .string($0) }).serialized(sortedKeys: true)
    }

    // MARK: Reading

    static let selectSQL = """
        SELECT m.name AS model, v.number, v.field_values, v.public_fields, v.published_at, v.published_by, v.sha256,
               v.retain_until, e.type AS event_type, e.payload AS event_payload
        FROM documentation_versions v JOIN models m ON m.id = v.model_id LEFT JOIN case_events e ON e.id = v.event_id
        """

    /// The version in `row` (of `selectSQL`), with its integrity checked; nil for a row missing
    /// a column it always has.
    init?(row: Row) {
        guard let model = row.string("model"), let number = row.int("number"), let publishedAt = row.string("published_at").flatMap(UTCTimestamp.parse),
              let publishedBy = row.string("published_by"), let stored = row.string("sha256"),
              let retainUntil = row.string("retain_until").flatMap(LocalDate.init(iso8601:)) else { return nil }
        let valuesText = row.string("field_values") ?? ""
        let publicText = row.string("public_fields") ?? ""
        // Stored with sorted keys (the canonical text, which is what is hashed); shown in the form's order.
        let values = Self.inFormOrder((try? JSONParser.parse(valuesText))?.objectValue ?? JSONObject())
        let publicFields = ((try? JSONParser.parse(publicText))?.arrayValue ?? []).compactMap(\.stringValue)
        let computed = SHA256.hexHash(Self.canonicalBytes(model: model, number: number, publicFieldsText: publicText,
                                                          valuesText: valuesText))
        let integrity: Integrity
        if computed != stored {
            integrity = .contentAltered(computed: computed)
        } else {
            let payload = row.string("event_payload").flatMap { try? JSONParser.parse($0) }
            let recorded = row.string("event_type") == "documentation_published" && payload?["model"]?.stringValue == model
                && payload?["version"]?.intValue == number ? payload?["sha256"]?.stringValue : nil
            integrity = recorded == stored ? .intact : .hashAltered(recorded: recorded)
        }
        self.init(model: model, number: number, content: DocumentationContent(values: values, publicFields: publicFields),
                  publishedAt: publishedAt, publishedBy: publishedBy, sha256: stored, retainUntil: retainUntil, integrity: integrity)
    }

    // MARK: JSON

    /// The version as the staff API shows it: who published it and when, its hash and retention,
    /// its values with the audiences of each, and whether it is intact (with what does not match
    /// when it is not).
    public var json: JSONValue {
        var object = summaryObject
        object["values"] = .object(values)
        object["public_fields"] = .array(publicFields.map { .string($0) })
        object["audiences"] = .object(JSONObject(values.map { key, _ in
            (key, .array(audiences(of: key).sorted().map { .string($0.rawValue) }))
        }))
        return .object(object)
    }

    /// The version without its values, for lists.
    public var summaryJSON: JSONValue { .object(summaryObject) }

    private var summaryObject: JSONObject {
        var object = JSONObject([
            ("model", .string(model)), ("version", .number(number)),
            ("published_at", .string(UTCTimestamp.format(publishedAt))), ("published_by", .string(publishedBy)),
            ("sha256", .string(sha256)), ("retain_until", .string(retainUntil.description)), ("intact", .bool(isIntact)),
        ])
        if let integrityProblem {
            object["integrity_problem"] = .string(integrityProblem)
            switch integrity {
            case .contentAltered(let computed): object["computed_sha256"] = .string(computed)
            case .hashAltered(let recorded): object["recorded_sha256"] = recorded.map { .string($0) } ?? .null
            case .intact: break
            }
        }
        return object
    }
}
