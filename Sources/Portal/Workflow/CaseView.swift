import JSON
import SQLite

/// The JSON views of a case: everything for staff, and what the party who filed it may see.
public enum CaseView {
    /// A deadline with its explanation, as both views show it.
    public static func json(_ deadline: Deadline, extensions: [CaseClock.Extension]) -> JSONValue {
        var object = JSONObject([("kind", .string(deadline.kind.rawValue)), ("due", .string(UTCTimestamp.format(deadline.due))),
                                 ("due_date", .string(deadline.dueDate.description)), ("state", .string(deadline.state.rawValue)),
                                 ("paused", .bool(deadline.paused))])
        object["met_at"] = deadline.metAt.map { .string(UTCTimestamp.format($0)) } ?? .null
        object["on_time"] = deadline.metOnTime.map { .bool($0) } ?? .null
        if deadline.kind == .respond {
            object["extensions"] = .array(extensions.map { .object(JSONObject([
                ("days", .number($0.days)), ("justification", .string($0.justification)),
                ("granted_at", .string(UTCTimestamp.format($0.grantedAt))),
            ])) })
        }
        object["explanation"] = .array(deadline.explanation.map { .string($0) })
        return .object(object)
    }

    /// Everything about a case, for staff (`GET /api/v1/cases/{reference}`).
    public static func staffJSON(_ record: CaseRecord, deadlines: [Deadline], attachments: [Attachment], role: StaffRole) -> JSONValue {
        var object = JSONObject([("reference", .string(record.reference)), ("type", .string(record.type.name)),
                                 ("status", .string(record.status)), ("received_at", .string(UTCTimestamp.format(record.receivedAt))),
                                 ("assignee", record.history.assignee.map { .string($0) } ?? .null),
                                 ("outcome", record.history.outcome.map { .string($0) } ?? .null)])
        object["closed_at"] = record.history.clock.closedAt.map { .string(UTCTimestamp.format($0)) } ?? .null
        // The case it was decided to repeat, else the one it seemed to repeat when filed.
        object["duplicate_of"] = (record.history.decidedDuplicateOf ?? record.duplicateOf).map { .string($0) } ?? .null
        object["possible_duplicate_of"] = record.duplicateOf.map { .string($0) } ?? .null
        object["allowed_transitions"] = .array(record.type.lifecycle.allowedTargets(from: record.status, role: role).map { .string($0) })
        object["deadlines"] = .array(deadlines.map { json($0, extensions: record.history.clock.extensions) })
        object["submission"] = record.submission
        object["attachments"] = .array(attachments.map { attachment in
            .object(JSONObject([("id", .number(Int(attachment.id))), ("filename", .string(attachment.filename)),
                                ("media_type", .string(attachment.mediaType)), ("size", .number(attachment.size)),
                                ("sha256", .string(attachment.sha256)),
                                ("href", .string("/api/v1/cases/\(record.reference)/attachments/\(attachment.id)"))]))
        })
        object["events"] = .array(record.events.map(\.json))
        object["etag"] = .string(record.etag)
        return .object(object)
    }

    /// The attachments' metadata (not their content).
    public static func attachments(of record: CaseRecord, _ connection: Connection) throws -> [Attachment] {
        try connection.query("""
            SELECT id, position, filename, media_type, size, sha256, NULL AS content FROM attachments WHERE case_id = ? ORDER BY position
            """, [.integer(record.id)]).compactMap(Attachment.init(row:))
    }

    /// What the party sees: status, current dates with extensions and their justification, the
    /// messages both ways and the decision. Notes and staff names are never part of it.
    public static func partyJSON(_ record: CaseRecord, deadlines: [Deadline]) -> JSONValue {
        var object = JSONObject([("reference", .string(record.reference)), ("type", .string(record.type.name)),
                                 ("status", .string(record.status)), ("received_at", .string(UTCTimestamp.format(record.receivedAt)))])
        if let acknowledge = deadlines.first(where: { $0.kind == .acknowledge }) {
            object["acknowledge_by"] = .string(UTCTimestamp.format(acknowledge.due))
        }
        if let respond = deadlines.first(where: { $0.kind == .respond }) {
            object["respond_by"] = .string(UTCTimestamp.format(respond.due))
        }
        object["deadlines"] = .array(deadlines.map { json($0, extensions: record.history.clock.extensions) })
        object["messages"] = .array(messages(of: record).map { message in
            .object(JSONObject([("from", .string(message.fromParty ? record.type.partyActor : "provider")),
                                ("sent_at", .string(UTCTimestamp.format(message.at))), ("text", .string(message.text))]))
        })
        object["decision"] = decision(of: record) ?? .null
        object["releases"] = .array(releases(of: record))
        return .object(object)
    }

    /// The documentation released to the party, oldest first, from the `released` events: id,
    /// released_at, documentation_version, sha256 and where to read it with the status token.
    public static func releases(of record: CaseRecord) -> [JSONValue] {
        record.events.compactMap { event in
            guard event.type == CaseEventType.released, let id = event.payload["release_id"]?.intValue else { return nil }
            return .object(JSONObject([("id", .number(id)), ("released_at", .string(UTCTimestamp.format(event.occurredAt))),
                                       ("documentation_version", event.payload["documentation_version"] ?? .null),
                                       ("sha256", event.payload["sha256"] ?? .null),
                                       ("href", .string("/api/v1/status/releases/\(id)"))]))
        }
    }

    /// A message of the conversation with the party.
    public struct Message: Sendable, Equatable {
        public let fromParty: Bool
        public let at: Int64
        public let text: String
    }

    /// The messages the party sees, oldest first: staff messages, what was asked when the case
    /// was set to await them, and their own replies.
    public static func messages(of record: CaseRecord) -> [Message] {
        record.events.compactMap { event in
            switch event.type {
            case CaseEventType.messageSent:
                return event.payload["text"]?.stringValue.map { Message(fromParty: false, at: event.occurredAt, text: $0) }
            case CaseEventType.replyReceived:
                return event.payload["text"]?.stringValue.map { Message(fromParty: true, at: event.occurredAt, text: $0) }
            case CaseEventType.transitioned where event.payload["to"]?.stringValue == record.type.lifecycle.awaitingStatus:
                return event.payload["message"]?.stringValue.map { Message(fromParty: false, at: event.occurredAt, text: $0) }
            default:
                return nil
            }
        }
    }

    /// The decision of a closed case: the last closing's outcome, text, redress and actions.
    public static func decision(of record: CaseRecord) -> JSONValue? {
        guard record.status == CaseLifecycle.closed,
              let closing = record.events.last(where: { $0.type == CaseEventType.transitioned && $0.payload["to"]?.stringValue == CaseLifecycle.closed })
        else { return nil }
        var object = JSONObject([("outcome", closing.payload["outcome"] ?? .null), ("decided_at", .string(UTCTimestamp.format(closing.occurredAt)))])
        object["decision"] = closing.payload["decision"] ?? (closing.actor == record.type.partyActor ? .string("You withdrew this case.") : .null)
        object["redress"] = closing.payload["redress"] ?? .null
        object["actions"] = closing.payload["actions"] ?? .array([])
        object["duplicate_of"] = closing.payload["duplicate_of"] ?? .null
        if let reason = closing.payload["reason"] { object["reason"] = reason }
        return .object(object)
    }
}
