import JSON
import SQLite

/// Checks every published documentation version against its hash and against the audit log, for
/// an audit of the whole registry (the audit chain itself is `AuditChain.verify`).
///
/// What catches what:
/// - values (or public fields) changed behind the portal's back: the version's content no longer
///   hashes to its stored `sha256` — caught here and on every read of the version;
/// - values and `sha256` both rewritten: the stored `sha256` differs from the one in the
///   `documentation_published` event — caught here and on every read;
/// - that event's payload rewritten as well: the event no longer matches its hash in the chain —
///   caught by `AuditChain.verify` (`compliance-portal audit verify`).
public enum DocumentationIntegrity {
    /// A version that is not intact.
    public struct Finding: Sendable, Equatable {
        public let model: String
        public let version: Int
        public let problem: String
    }

    /// Every version that fails its check, by model and number; empty when all are intact (or the
    /// database has no documentation registry yet).
    public static func verify(_ connection: Connection) throws -> [Finding] {
        let tables = try connection.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'documentation_versions'")?.intValue ?? 0
        guard tables > 0 else { return [] }
        return try connection.query(DocumentationVersion.selectSQL + " ORDER BY m.name, v.number")
            .compactMap(DocumentationVersion.init(row:))
            .compactMap { version in
                version.integrityProblem.map { Finding(model: version.model, version: version.number, problem: $0) }
            }
    }

    /// `verify` in a read transaction of `database`.
    public static func verify(_ database: Database) throws -> [Finding] {
        try database.read { connection in try verify(connection) }
    }
}
