import Crypto
import SQLite

/// Secrets the server makes for itself on first use (32 random bytes from libcrypto) and keeps in
/// the database, so they survive restarts and travel with backups.
public enum ServerSecrets {
    /// The secret called `name`, created if it does not exist yet.
    public static func secret(named name: String, in database: Database) throws -> [UInt8] {
        if let existing = try database.read({ try $0.scalar("SELECT value FROM server_secrets WHERE name = ?", [.text(name)])?.blobValue }) {
            return existing
        }
        let fresh = SecureRandom.bytes(32)
        return try database.write { connection in
            try connection.run("INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)",
                               [.text(name), .blob(fresh), .text(UTCTimestamp.format(UTCTimestamp.now()))])
            return try connection.scalar("SELECT value FROM server_secrets WHERE name = ?", [.text(name)])?.blobValue ?? fresh
        }
    }
}
