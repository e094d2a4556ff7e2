import JSON

/// The outcome of walking the audit log (`case_events`) from its first event.
public struct AuditVerification: Sendable, Equatable {
    /// The first event that breaks the chain.
    public struct Mismatch: Sendable, Equatable {
        /// Its `case_events.id`.
        public let eventID: Int64
        /// The reference of its case, or nil for an event about no case.
        public let reference: String?
        /// Its type, e.g. `submitted`.
        public let type: String
        /// Why, in plain words: `contentReason` or `previousHashReason`.
        public let reason: String

        public init(eventID: Int64, reference: String?, type: String, reason: String) {
            self.eventID = eventID
            self.reference = reference
            self.type = type
            self.reason = reason
        }

        /// The event was changed after it was written (or its hash was).
        public static let contentReason = "its content does not match its hash"
        /// An event before it was removed or reordered (or its previous_hash was changed).
        public static let previousHashReason = "its previous_hash does not match the hash of the event before it"
    }

    /// How many events were checked and found valid: all of them when the chain is intact,
    /// otherwise those before the first mismatch.
    public let count: Int
    /// The hash of the last valid event, or `EventLog.genesis` when there is none.
    public let headHash: String
    /// The first event that breaks the chain, or nil when it is intact.
    public let firstMismatch: Mismatch?

    public init(count: Int, headHash: String, firstMismatch: Mismatch?) {
        self.count = count
        self.headHash = headHash
        self.firstMismatch = firstMismatch
    }

    /// Whether every event matched its hash and followed the one before it.
    public var isIntact: Bool { firstMismatch == nil }

    /// `{"intact":true,"events":N,"head_hash":"…"}`, plus
    /// `"first_mismatch":{"event_id":…,"case":…,"type":…,"reason":…}` when the chain is broken.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("intact", .bool(isIntact)), ("events", .number(count)), ("head_hash", .string(headHash)),
        ]
        if let firstMismatch {
            members.append(("first_mismatch", .object(JSONObject([
                ("event_id", .number(String(firstMismatch.eventID))),
                ("case", firstMismatch.reference.map { .string($0) } ?? .null),
                ("type", .string(firstMismatch.type)),
                ("reason", .string(firstMismatch.reason)),
            ]))))
        }
        return .object(JSONObject(members))
    }
}
