import Crypto
import JSON
import SQLite

/// Documentation released to the party of a case (Transparency chapter, Measure 1.2; AI Act
/// Annex XII): the values of chosen fields of one published documentation version, frozen with the
/// answer to any additional question, and hashed so the requester can check what they received.
///
/// The canonical encoding, which anyone can recompute from the release's JSON, is the object
/// `{"answer":…|null,"case":…,"documentation_sha256":…,"documentation_version":N,"fields":{…},"model":…}`
/// written by `JSONValue.serialized(sortedKeys: true)`: keys in UTF-8 byte order at every level, no
/// whitespace, values exactly as published. `sha256` is its SHA-256 (hex).
public struct Release: Sendable {
    public let id: Int64
    public let caseID: Int64
    /// The case's reference (part of the hashed encoding).
    public let reference: String
    public let model: String
    public let documentationVersion: Int
    /// The SHA-256 of the documentation version released from.
    public let documentationSHA256: String
    /// The Annex XII items the released fields answer, in the Annex's order.
    public let items: [AnnexXIIItem]
    /// The released values by field key, in the form's order.
    public let fields: JSONObject
    public let answer: String?
    public let sha256: String
    public let releasedAt: Int64
    public let releasedBy: String
    public let eventID: Int64
    /// Whether the stored release still hashes to its stored SHA-256.
    public let intact: Bool

    init(id: Int64, caseID: Int64, reference: String, model: String, documentationVersion: Int, documentationSHA256: String,
         items: [AnnexXIIItem], fields: JSONObject, answer: String?, sha256: String, releasedAt: Int64, releasedBy: String,
         eventID: Int64, intact: Bool) {
        self.id = id
        self.caseID = caseID
        self.reference = reference
        self.model = model
        self.documentationVersion = documentationVersion
        self.documentationSHA256 = documentationSHA256
        self.items = items
        self.fields = fields
        self.answer = answer
        self.sha256 = sha256
        self.releasedAt = releasedAt
        self.releasedBy = releasedBy
        self.eventID = eventID
        self.intact = intact
    }

    /// The canonical encoding of a release.
    public static func canonicalEncoding(reference: String, model: String, documentationVersion: Int, documentationSHA256: String,
                                         fields: JSONObject, answer: String?) -> [UInt8] {
        JSONValue.object(JSONObject([
            ("answer", answer.map { .string($0) } ?? .null), ("case", .string(reference)),
            ("documentation_sha256", .string(documentationSHA256)), ("documentation_version", .number(documentationVersion)),
            ("fields", .object(fields)), ("model", .string(model)),
        ])).serializedBytes(sortedKeys: true)
    }

    public static func sha256(reference: String, model: String, documentationVersion: Int, documentationSHA256: String,
                              fields: JSONObject, answer: String?) -> String {
        SHA256.hexHash(canonicalEncoding(reference: reference, model: model, documentationVersion: documentationVersion,
                                         documentationSHA256: documentationSHA256, fields: fields, answer: answer))
    }

    // MARK: Reading

    static let selectSQL = """
        SELECT r.id, r.case_id, c.reference, r.model, r.documentation_version, r.items, r.field_values, r.answer, r.sha256,
               r.documentation_sha256, r.released_at, r.released_by, r.event_id
        FROM releases r JOIN cases c ON c.id = r.case_id
        """

    init?(row: Row) {
        guard let id = row.int64("id"), let caseID = row.int64("case_id"), let reference = row.string("reference"),
              let model = row.string("model"), let version = row.int("documentation_version"), let stored = row.string("sha256"),
              let documentationSHA256 = row.string("documentation_sha256"),
              let releasedAt = row.string("released_at").flatMap(UTCTimestamp.parse), let releasedBy = row.string("released_by"),
              let eventID = row.int64("event_id") else { return nil }
        let values = (try? JSONParser.parse(row.string("field_values") ?? ""))?.objectValue ?? JSONObject()
        let fields = DocumentationVersion.inFormOrder(values)
        let items = ((try? JSONParser.parse(row.string("items") ?? ""))?.arrayValue ?? [])
            .compactMap { $0.stringValue.flatMap(AnnexXIIItem.init(rawValue:)) }
        let answer = row.string("answer")
        self.init(id: id, caseID: caseID, reference: reference, model: model, documentationVersion: version,
                  documentationSHA256: documentationSHA256, items: items, fields: fields, answer: answer, sha256: stored,
                  releasedAt: releasedAt, releasedBy: releasedBy, eventID: eventID,
                  intact: Self.sha256(reference: reference, model: model, documentationVersion: version,
                                      documentationSHA256: documentationSHA256, fields: values, answer: answer) == stored)
    }

    /// Every release that no longer hashes to its stored SHA-256 (an audit of the whole table);
    /// empty when all are intact or the database has no releases table yet.
    public static func altered(_ connection: Connection) throws -> [Release] {
        let tables = try connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'releases'")?.intValue ?? 0
        guard tables > 0 else { return [] }
        return try connection.query(selectSQL + " ORDER BY r.id").compactMap(Release.init(row:)).filter { !$0.intact }
    }

    /// Every release of the case, oldest first.
    public static func all(caseID: Int64, _ connection: Connection) throws -> [Release] {
        try connection.query(selectSQL + " WHERE r.case_id = ? ORDER BY r.id", [.integer(caseID)]).compactMap(Release.init(row:))
    }

    /// The release `id` of the case `caseID`; nil when there is none, or it belongs to another case.
    public static func load(id: Int64, caseID: Int64, _ connection: Connection) throws -> Release? {
        try connection.query(selectSQL + " WHERE r.id = ? AND r.case_id = ?", [.integer(id), .integer(caseID)])
            .first.flatMap(Release.init(row:))
    }

    // MARK: JSON

    /// Each released field with its label and value, in the form's order.
    public var labelledFields: [(key: String, label: String, value: JSONValue)] {
        fields.map { key, value in (key, DocumentationForm.field(key)?.label ?? key, value) }
    }

    /// What the party reads (`GET /api/v1/status/releases/{id}`): no staff names.
    public var partyJSON: JSONValue {
        .object(partyObject)
    }

    /// What staff read: the party's view, the case, who released it and its event.
    public var staffJSON: JSONValue {
        var object = partyObject
        object["case"] = .string(reference)
        object["released_by"] = .string(releasedBy)
        object["event_id"] = .number(Int(eventID))
        object["intact"] = .bool(intact)
        return .object(object)
    }

    private var partyObject: JSONObject {
        JSONObject([
            ("id", .number(Int(id))), ("released_at", .string(UTCTimestamp.format(releasedAt))), ("model", .string(model)),
            ("documentation_version", .number(documentationVersion)), ("documentation_sha256", .string(documentationSHA256)),
            ("items", .array(items.map { .string($0.rawValue) })),
            ("fields", .array(labelledFields.map { .object(JSONObject([("key", .string($0.key)), ("label", .string($0.label)),
                                                                       ("value", $0.value)])) })),
            ("answer", answer.map { .string($0) } ?? .null), ("sha256", .string(sha256)),
        ])
    }

    /// Where the party reads a release.
    public static func partyHref(_ id: Int64) -> String { "/api/v1/status/releases/\(id)" }
}
