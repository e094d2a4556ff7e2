import Crypto
import JSON
import SQLite

/// Appends to `case_events`, the append-only, hash-chained record of every change: each event's
/// hash is SHA-256 over the previous event's hash and the event's canonical JSON encoding, so a
/// rewritten or removed event breaks the chain from that point on.
public enum EventLog {
    /// The hash before the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// Appends one event inside the caller's write transaction and returns its hash.
    @discardableResult
    public static func append(_ connection: Connection, caseID: Int64?, reference: String?, type: String, actor: String,
                              occurredAt: Int64, payload: JSONValue) throws -> String {
        let previous = try connection.scalar("SELECT hash FROM case_events ORDER BY id DESC LIMIT 1")?.stringValue ?? genesis
        let occurred = UTCTimestamp.format(occurredAt)
        let payloadText = payload.serialized(sortedKeys: true)
        let hash = chainHash(previous: previous, reference: reference, type: type, actor: actor, occurredAt: occurred,
                             payload: payload)
        try connection.run("""
            INSERT INTO case_events (case_id, type, actor, occurred_at, payload, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [caseID.map { .integer($0) } ?? .null, .text(type), .text(actor), .text(occurred), .text(payloadText),
                  .text(previous), .text(hash)])
        return hash
    }

    /// SHA-256 (hex) of the previous hash, a newline, and the canonical encoding of the event.
    public static func chainHash(previous: String, reference: String?, type: String, actor: String, occurredAt: String,
                                 payload: JSONValue) -> String {
        let event: JSONValue = .object(JSONObject([
            ("actor", .string(actor)), ("case", reference.map { .string($0) } ?? .null),
            ("occurred_at", .string(occurredAt)), ("payload", payload), ("type", .string(type)),
        ]))
        return SHA256.hexHash(Array(previous.utf8) + [0x0A] + event.serializedBytes(sortedKeys: true))
    }
}
