import JSON
import SQLite

/// A case as stored, with its events replayed: what every read and change of a case starts from.
public struct CaseRecord: Sendable {
    public let id: Int64
    public let reference: String
    public let type: CaseType
    public let receivedAt: Int64
    public let duplicateOf: String?
    public let submission: JSONValue
    public let history: CaseHistory
    public let events: [StoredEvent]

    /// The entity tag: the hash of the case's last change. Downloads of its attachments are
    /// recorded as events too but change nothing, so they leave the tag (and `If-Match`) alone.
    public var etag: String {
        EntityTag.of(lastEventHash: events.last { $0.type != CaseEventType.attachmentDownloaded }?.hash ?? EventLog.genesis)
    }
    public var status: String { history.status }

    /// One row of `case_events`.
    public struct StoredEvent: Sendable {
        public let id: Int64
        public let type: String
        public let actor: String
        public let occurredAt: Int64
        public let payload: JSONValue
        public let previousHash: String
        public let hash: String

        /// The event as the staff API shows it, hashes included so anyone can recheck the chain.
        public var json: JSONValue {
            .object(JSONObject([("id", .number(Int(id))), ("type", .string(type)), ("actor", .string(actor)),
                                ("occurred_at", .string(UTCTimestamp.format(occurredAt))), ("payload", payload),
                                ("previous_hash", .string(previousHash)), ("hash", .string(hash))]))
        }
    }

    /// Loads the case with `reference` (nil when there is none) through `connection`.
    public static func load(reference: String, _ connection: Connection) throws -> CaseRecord? {
        guard CaseReference.isWellFormed(reference),
              let row = try connection.query("SELECT id, reference, type, received_at, duplicate_of, submission FROM cases WHERE reference = ?",
                                             [.text(reference)]).first else { return nil }
        return try load(row: row, connection)
    }

    /// Loads the case with `id`.
    public static func load(id: Int64, _ connection: Connection) throws -> CaseRecord? {
        guard let row = try connection.query("SELECT id, reference, type, received_at, duplicate_of, submission FROM cases WHERE id = ?",
                                             [.integer(id)]).first else { return nil }
        return try load(row: row, connection)
    }

    private static func load(row: Row, _ connection: Connection) throws -> CaseRecord? {
        guard let id = row.int64("id"), let reference = row.string("reference"),
              let type = row.string("type").flatMap(CaseType.named),
              let receivedAt = row.string("received_at").flatMap(UTCTimestamp.parse) else { return nil }
        let submission = (try? JSONParser.parse(row.string("submission") ?? "null")) ?? .null
        var history = CaseHistory(receivedAt: receivedAt)
        var events: [StoredEvent] = []
        for event in try connection.query("""
            SELECT id, type, actor, occurred_at, payload, previous_hash, hash FROM case_events WHERE case_id = ? ORDER BY id
            """, [.integer(id)]) {
            guard let eventID = event.int64("id"), let eventType = event.string("type"),
                  let occurred = event.string("occurred_at").flatMap(UTCTimestamp.parse) else { continue }
            let payload = (try? JSONParser.parse(event.string("payload") ?? "{}")) ?? .object(JSONObject())
            history.apply(eventID: eventID, type: eventType, occurredAt: occurred, payload: payload, lifecycle: type.lifecycle)
            events.append(StoredEvent(id: eventID, type: eventType, actor: event.string("actor") ?? "", occurredAt: occurred,
                                      payload: payload, previousHash: event.string("previous_hash") ?? "",
                                      hash: event.string("hash") ?? ""))
        }
        return CaseRecord(id: id, reference: reference, type: type, receivedAt: receivedAt,
                          duplicateOf: row.string("duplicate_of"), submission: submission, history: history, events: events)
    }
}
