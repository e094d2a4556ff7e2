import Crypto

/// One schema change: a numbered SQL script, identified by its version and pinned by its checksum.
public struct Migration: Sendable, Hashable {
    /// The number from the file name (`0003_add_audit_log.sql` is version 3); migrations apply in this order.
    public let version: Int
    /// The name from the file name (`add_audit_log`).
    public let name: String
    /// The script, run as-is inside the migration's transaction. It must not BEGIN or COMMIT itself.
    public let sql: String
    /// Lowercase hex SHA-256 of the file's bytes; an applied migration whose file no longer matches is refused.
    public let checksum: String
    /// The file it was read from (`0003_add_audit_log.sql`), for messages; synthesized for migrations built in code.
    public let fileName: String

    /// A migration whose checksum is the SHA-256 of `sql`'s UTF-8 bytes (what a file with that content gets).
    public init(version: Int, name: String, sql: String) {
        self.init(version: version, name: name, sql: sql, checksum: SHA256.hexHash(sql))
    }

    /// A migration with a checksum computed elsewhere (the migrator hashes the raw file bytes).
    public init(version: Int, name: String, sql: String, checksum: String, fileName: String? = nil) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = checksum
        self.fileName = fileName ?? Self.defaultFileName(version: version, name: name)
    }

    /// `NNNN_name.sql`, the version zero-padded to four digits.
    private static func defaultFileName(version: Int, name: String) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
    }
}
