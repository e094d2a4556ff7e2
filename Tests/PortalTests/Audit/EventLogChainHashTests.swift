import Crypto
import JSON
import Portal
import Testing

/// `EventLog.chainHash(…payloadText:)` writes the event object around the stored payload text;
/// it must give exactly the hash of the original definition, which serialized the whole event
/// as a `JSONValue` with sorted keys.
@Suite struct EventLogChainHashTests {
    /// The definition the chain was first written with, kept here as the reference.
    static func referenceHash(previous: String, reference: String?, type: String, actor: String, occurredAt: String,
                              payload: JSONValue) -> String {
        let event: JSONValue = .object(JSONObject([
            ("actor", .string(actor)), ("case", reference.map { .string($0) } ?? .null),
            ("occurred_at", .string(occurredAt)), ("payload", payload), ("type", .string(type)),
        ]))
        return SHA256.hexHash(Array(previous.utf8) + [0x0A] + event.serializedBytes(sortedKeys: true))
    }

    static let payloads: [JSONValue] = [
        [:],
        [],
        .null,
        "just a string",
        ["channel": "api"],
        // Non-ASCII: accents, combining marks, emoji, CJK, and the JavaScript line terminators.
        ["name": "Zoë Ångström", "combining": "e\u{301}", "emoji": "\u{1F600}\u{1F469}\u{200D}\u{1F4BB}",
         "cjk": "著作権", "separators": "a\u{2028}b\u{2029}c"],
        // Escapes: quote, backslash, control characters, DEL, and "</" that must not close a script.
        ["quote": "say \"hi\"", "backslash": #"C:\path\to"#, "controls": "\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}",
         "script": "</script><script>alert(1)</script>", "slash": "a/b </ c"],
        // Nested objects whose keys need sorting by UTF-8 bytes, arrays, numbers, literals.
        ["z": ["b": [1, 2, ["y": true, "x": false]], "a": nil, "é": "after z", "B": "before a"],
         "a": [["k2": 1.5, "k1": -0.0], [], [:], 1e-7, .number("12345678901234567890")],
         "numbers": [.number("1E+400"), .number("-0"), .number("0.000"), 42],
         "emptyKey": ["": "empty key", "\u{1}": "control key", "\"": "quote key"]],
    ]

    static let references: [String?] = [nil, "CPL-2026-000001"]

    @Test(arguments: payloads, references)
    func payloadTextHashEqualsTheOriginalDefinition(payload: JSONValue, reference: String?) {
        let previous = String(repeating: "ab", count: 32)
        let expected = Self.referenceHash(previous: previous, reference: reference, type: "transitioned",
                                          actor: "reviewer:ana", occurredAt: "2026-11-28T10:12:00Z", payload: payload)
        let fromText = EventLog.chainHash(previous: previous, reference: reference, type: "transitioned",
                                          actor: "reviewer:ana", occurredAt: "2026-11-28T10:12:00Z",
                                          payloadText: payload.serialized(sortedKeys: true))
        let fromValue = EventLog.chainHash(previous: previous, reference: reference, type: "transitioned",
                                           actor: "reviewer:ana", occurredAt: "2026-11-28T10:12:00Z", payload: payload)
        #expect(fromText == expected)
        #expect(fromValue == expected)
    }

    @Test(arguments: [
        ("complainant", "submitted", "CPL-2026-000001"),
        ("reviewer:\"ana\"</x>", "type\\with\tescapes", "REF/é\u{2028}"),
        ("admin:Zoë \u{1F600}", "token_created", nil),
        ("", "", ""),
        // One character that needs escaping at a time, in each field.
        ("reviewer</ana", "a/b", "CPL</2026"),
        ("say \"x\"", "back\\slash", "tab\there"),
        ("line\nfeed", "del\u{7F}", "\u{1}"),
        ("Zoë", "type\u{2028}", "ref\u{2029}"),
    ] as [(String, String, String?)])
    func escapedActorTypeAndReferenceHashAsTheOriginalDefinition(actor: String, type: String, reference: String?) {
        let payload: JSONValue = ["k": "v"]
        let expected = Self.referenceHash(previous: EventLog.genesis, reference: reference, type: type, actor: actor,
                                          occurredAt: "2026-11-28T10:12:00Z", payload: payload)
        #expect(EventLog.chainHash(previous: EventLog.genesis, reference: reference, type: type, actor: actor,
                                   occurredAt: "2026-11-28T10:12:00Z", payloadText: #"{"k":"v"}"#) == expected)
    }

    @Test func appendStoresTheCanonicalPayloadAndTheHashOfItsText() throws {
        let log = try AuditTestLog()
        let target = try log.addCase()
        let payload: JSONValue = ["z": "é\u{2028}", "a": ["y": 1, "x": "</"]]
        let hash = try log.append(case: target, type: "transitioned", payload: payload)
        let row = try #require(try log.database.read { try $0.query("SELECT * FROM case_events").first })
        #expect(row.string("payload") == payload.serialized(sortedKeys: true))
        #expect(row.string("previous_hash") == EventLog.genesis)
        #expect(hash == Self.referenceHash(previous: EventLog.genesis, reference: target.reference, type: "transitioned",
                                           actor: "reviewer:ana", occurredAt: try #require(row.string("occurred_at")),
                                           payload: payload))
    }
}
