import JSON
import SQLite

/// The whole audit: the event chain (`AuditChain`), every published documentation version against
/// its hash (`DocumentationIntegrity`) and every release against its own, read in one transaction
/// so all see the same database. What `compliance-portal audit verify` and `GET /api/v1/audit/verify` report.
public struct AuditCheck: Sendable, Equatable {
    public let chain: AuditVerification
    public let documentation: [DocumentationIntegrity.Finding]
    /// The ids and cases of releases whose stored content no longer matches their hash.
    public let releases: [AlteredRelease]

    public struct AlteredRelease: Sendable, Equatable {
        public let id: Int64
        public let reference: String
    }

    public var isIntact: Bool { chain.isIntact && documentation.isEmpty && releases.isEmpty }

    /// Runs both checks through `connection`, in one read transaction.
    public static func run(_ connection: Connection) throws -> AuditCheck {
        try connection.transaction(immediate: false) {
            AuditCheck(chain: try AuditChain.verify(connection), documentation: try DocumentationIntegrity.verify(connection),
                       releases: try Release.altered(connection).map { AlteredRelease(id: $0.id, reference: $0.reference) })
        }
    }

    /// Runs both checks on a reader of `database`.
    public static func run(_ database: Database) throws -> AuditCheck {
        try database.read { try run($0) }
    }

    /// The chain's JSON (`intact`, `events`, `head_hash`, `first_mismatch`) with the versions that
    /// failed their check; `intact` covers both.
    public var json: JSONValue {
        var object = chain.json.objectValue ?? JSONObject()
        object["intact"] = .bool(isIntact)
        object["documentation_findings"] = .array(documentation.map { finding in
            .object(JSONObject([("model", .string(finding.model)), ("version", .number(finding.version)),
                                ("problem", .string(finding.problem))]))
        })
        object["release_findings"] = .array(releases.map { release in
            .object(JSONObject([("release_id", .number(Int(release.id))), ("case", .string(release.reference)),
                                ("problem", .string("its content does not match its hash"))]))
        })
        return .object(object)
    }
}
