import Crypto
import JSON
import SQLite

/// Appends to `case_events`, the append-only, hash-chained record of every change: each event's
/// hash is SHA-256 over the previous event's hash and the event's canonical JSON encoding, so a
/// rewritten or removed event breaks the chain from that point on.
///
/// The canonical encoding of an event is the object
/// `{"actor":…,"case":…,"occurred_at":…,"payload":…,"type":…}` — keys in that (byte) order, no
/// whitespace, strings escaped as `JSONValue.serialized` escapes them, `"case"` the case's
/// reference or `null`, and `"payload"` the stored canonical payload text verbatim. The one
/// definition is `chainHash(previous:reference:type:actor:occurredAt:payloadText:)`, which both
/// `append` and `AuditChain.verify` use.
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
                             payloadText: payloadText)
        try connection.run("""
            INSERT INTO case_events (case_id, type, actor, occurred_at, payload, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [caseID.map { .integer($0) } ?? .null, .text(type), .text(actor), .text(occurred), .text(payloadText),
                  .text(previous), .text(hash)])
        return hash
    }

    /// SHA-256 (hex) of the previous hash, a newline, and the canonical encoding of the event whose
    /// payload is the stored canonical JSON text `payloadText`, used as is (never re-parsed).
    public static func chainHash(previous: String, reference: String?, type: String, actor: String, occurredAt: String,
                                 payloadText: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(previous.utf8.count + payloadText.utf8.count + type.utf8.count + actor.utf8.count
                              + occurredAt.utf8.count + (reference?.utf8.count ?? 4) + 64)
        bytes.append(contentsOf: previous.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: #"{"actor":"#.utf8)
        appendString(actor, to: &bytes)
        bytes.append(contentsOf: #","case":"#.utf8)
        if let reference {
            appendString(reference, to: &bytes)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
        bytes.append(contentsOf: #","occurred_at":"#.utf8)
        appendString(occurredAt, to: &bytes)
        bytes.append(contentsOf: #","payload":"#.utf8)
        bytes.append(contentsOf: payloadText.utf8)
        bytes.append(contentsOf: #","type":"#.utf8)
        appendString(type, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return SHA256.hexHash(bytes)
    }

    /// The same hash for a payload given as a value: its canonical text is what is hashed (and stored).
    public static func chainHash(previous: String, reference: String?, type: String, actor: String, occurredAt: String,
                                 payload: JSONValue) -> String {
        chainHash(previous: previous, reference: reference, type: type, actor: actor, occurredAt: occurredAt,
                  payloadText: payload.serialized(sortedKeys: true))
    }

    /// A quoted JSON string, escaped by the JSON module's own writer so there is one escaping rule.
    private static func appendString(_ string: String, to bytes: inout [UInt8]) {
        if isPlain(string) {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: string.utf8)
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: JSONValue.string(string).serializedBytes())
        }
    }

    /// Whether the writer would copy `string` unchanged: printable ASCII without `"`, `\` or `/`
    /// (the common case — references, types, actors, timestamps), so no buffer is allocated for it.
    /// Anything else, including `/` (escaped after `<`) and all non-ASCII, goes through the writer.
    private static func isPlain(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/") {
                return false
            }
            return true
        }
    }
}
