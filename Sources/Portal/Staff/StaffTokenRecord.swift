import JSON
import SQLite

/// What may be shown of a staff token: never the token, never its hash.
public struct StaffTokenRecord: Sendable, Equatable {
    /// The token's name.
    public let name: String
    /// What the token may do.
    public let role: StaffRole
    /// When it was created (Unix seconds).
    public let createdAt: Int64
    /// When it was revoked (Unix seconds); nil while the token is valid.
    public let revokedAt: Int64?

    public init(name: String, role: StaffRole, createdAt: Int64, revokedAt: Int64?) {
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Whether the token still authenticates.
    public var isActive: Bool { revokedAt == nil }

    /// `{"name", "role", "created_at", "revoked_at"}`, times in RFC 3339 UTC, `revoked_at` null
    /// while the token is valid.
    public var json: JSONValue {
        .object(JSONObject([
            ("name", .string(name)),
            ("role", .string(role.rawValue)),
            ("created_at", .string(UTCTimestamp.format(createdAt))),
            ("revoked_at", revokedAt.map { .string(UTCTimestamp.format($0)) } ?? .null),
        ]))
    }

    /// A row of `name, role, created_at, revoked_at`; nil when a value is not what the schema allows.
    init?(row: Row) {
        guard let name = row.string("name"), let role = row.string("role").flatMap(StaffRole.init(rawValue:)),
              let createdAt = row.string("created_at").flatMap(UTCTimestamp.parse) else { return nil }
        let revokedAt: Int64?
        if let text = row.string("revoked_at") {
            guard let instant = UTCTimestamp.parse(text) else { return nil }
            revokedAt = instant
        } else {
            revokedAt = nil
        }
        self.init(name: name, role: role, createdAt: createdAt, revokedAt: revokedAt)
    }
}
