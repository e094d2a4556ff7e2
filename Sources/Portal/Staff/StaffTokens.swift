import Crypto
import JSON
import SQLite

/// Staff access tokens: created (and shown) once, stored only as their SHA-256, looked up by that
/// hash on every staff request, revoked by name. Creating and revoking append `token_created` and
/// `token_revoked` to the audit log in the same transaction as the change.
///
/// A token is `cpst_` followed by the unpadded base64url encoding of 32 random bytes from the
/// system CSPRNG (256 bits), 48 characters in all. Neither a token nor its hash is ever logged
/// or returned after `create`.
public final class StaffTokens: Sendable {
    public let database: Database

    /// What every staff token starts with, so a leaked one is recognisable (e.g. by secret scanners).
    public static let prefix = "cpst_"
    /// Random bytes in a token.
    public static let randomByteCount = 32
    /// Characters in a token: the prefix and 43 base64url characters.
    public static let tokenLength = prefix.utf8.count + (randomByteCount * 4 + 2) / 3
    /// Longer presented values are refused before any work (they cannot be tokens).
    public static let maximumPresentedBytes = 256

    public init(database: Database) {
        self.database = database
    }

    // MARK: Managing

    /// Creates a token named `name` with `role` and returns it: the only time it is available, since
    /// only its SHA-256 is stored. Appends `token_created` ({"name", "role"}) by `actor` at `at`.
    ///
    /// Throws `StaffTokenError.invalidName` for a name `StaffName` refuses and `.nameInUse` when an
    /// active token already has the name (a revoked token's name may be reused).
    public func create(name: String, role: StaffRole, actor: String, at: Int64) throws -> String {
        try StaffName.validate(name)
        let token = Self.prefix + SecureRandom.token(bits: Self.randomByteCount * 8)
        let hash = SHA256.hexHash(token)
        try database.write { connection in
            guard try connection.scalar("SELECT 1 FROM staff_tokens WHERE name = ? AND revoked_at IS NULL",
                                        [.text(name)]) == nil else {
                throw StaffTokenError.nameInUse(name)
            }
            do {
                try connection.run("""
                    INSERT INTO staff_tokens (name, role, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, NULL)
                    """, [.text(name), .text(role.rawValue), .text(hash), .text(UTCTimestamp.format(at))])
            } catch let error as DatabaseError where error.isConstraint {
                // Only reachable if another process took the name between the check and the insert.
                throw StaffTokenError.nameInUse(name)
            }
            try EventLog.append(connection, caseID: nil, reference: nil, type: "token_created", actor: actor,
                                occurredAt: at, payload: Self.payload(name: name, role: role))
        }
        return token
    }

    /// Every token, active and revoked, oldest first (by creation time, then by insertion).
    public func list() throws -> [StaffTokenRecord] {
        try database.read { connection in
            try connection.query("""
                SELECT name, role, created_at, revoked_at FROM staff_tokens ORDER BY created_at, id
                """).compactMap(StaffTokenRecord.init(row:))
        }
    }

    /// Revokes the active token named `name` at `at`: it stops authenticating at once, keeps its row,
    /// and its name may be given to a new token. Appends `token_revoked` ({"name", "role"}) by `actor`.
    /// Throws `StaffTokenError.notFound` when no active token has the name.
    public func revoke(name: String, actor: String, at: Int64) throws {
        try database.write { connection in
            guard let row = try connection.query(
                "SELECT id, role FROM staff_tokens WHERE name = ? AND revoked_at IS NULL", [.text(name)]).first,
                  let id = row.int64("id"), let role = row.string("role").flatMap(StaffRole.init(rawValue:)) else {
                throw StaffTokenError.notFound(name)
            }
            try connection.run("UPDATE staff_tokens SET revoked_at = ? WHERE id = ?",
                               [.text(UTCTimestamp.format(at)), .integer(id)])
            try EventLog.append(connection, caseID: nil, reference: nil, type: "token_revoked", actor: actor,
                                occurredAt: at, payload: Self.payload(name: name, role: role))
        }
    }

    // MARK: Authenticating

    /// The staff member whose active token `presented` is; nil for anything else (a wrong, revoked
    /// or malformed token, or one longer than `maximumPresentedBytes`).
    ///
    /// The token is looked up by its SHA-256 in one indexed query, so no stored secret is compared
    /// byte by byte and the time taken does not depend on how much of a wrong token is right.
    public func authenticate(_ presented: String) throws -> StaffMember? {
        guard Self.isWellFormed(presented) else { return nil }
        let hash = SHA256.hexHash(presented)
        return try database.read { connection in
            guard let row = try connection.query(
                "SELECT name, role FROM staff_tokens WHERE token_hash = ? AND revoked_at IS NULL", [.text(hash)]).first,
                  let name = row.string("name"), let role = row.string("role").flatMap(StaffRole.init(rawValue:)) else {
                return nil
            }
            return StaffMember(name: name, role: role)
        }
    }

    /// Whether `presented` has the shape of a staff token: `cpst_` and 43 base64url characters.
    /// Says nothing about whether it is valid; checks only public facts, never a secret.
    public static func isWellFormed(_ presented: String) -> Bool {
        let bytes = presented.utf8
        guard bytes.count <= maximumPresentedBytes, bytes.count == tokenLength,
              bytes.starts(with: prefix.utf8) else { return false }
        return bytes.dropFirst(prefix.utf8.count).allSatisfy(isBase64URL)
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }

    private static func payload(name: String, role: StaffRole) -> JSONValue {
        .object(JSONObject([("name", .string(name)), ("role", .string(role.rawValue))]))
    }
}
