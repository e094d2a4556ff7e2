import JSON
import SQLite

/// The whole audit: the event chain (`AuditChain`) and every published documentation version
/// against its hash (`DocumentationIntegrity`), read in one transaction so both see the same
/// database. What `compliance-portal audit verify` and `GET /api/v1/audit/verify` report.
public struct AuditCheck: Sendable, Equatable {
    public let chain: AuditVerification
    public let documentation: [DocumentationIntegrity.Finding]

    public var isIntact: Bool { chain.isIntact && documentation.isEmpty }

    /// Runs both checks through `connection`, in one read transaction.
    public static func run(_ connection: Connection) throws -> AuditCheck {
        try connection.transaction(immediate: false) {
            AuditCheck(chain: try AuditChain.verify(connection), documentation: try DocumentationIntegrity.verify(connection))
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
        return .object(object)
    }
}
