import JSON

/// The one path every documentation request takes: validate it, compute the dates promised by the
/// `documentation_request` policy, and file it through the case store's shared filing path.
public struct DocumentationRequestDesk: Sendable {
    public let configuration: OperatorConfiguration
    public let store: CaseStore
    public let registry: ModelRegistry
    public let workflow: CaseWorkflow

    public init(configuration: OperatorConfiguration, store: CaseStore, registry: ModelRegistry, workflow: CaseWorkflow) {
        self.configuration = configuration
        self.store = store
        self.registry = registry
        self.workflow = workflow
    }

    /// The models a request may name: those in the registry (they have documentation), then the
    /// operator's configured models not registered yet (staff may still answer or refuse).
    public func modelNames() throws -> [String] {
        var names = try registry.models().map(\.name)
        for model in configuration.models where !names.contains(model.name) { names.append(model.name) }
        return names
    }

    /// Validates and files a documentation request received at `now` (seconds since the epoch).
    public func submit(_ submission: JSONValue, idempotencyKey: IdempotencyKey?, now: Int64) throws -> DeskOutcome {
        let request: DocumentationRequest
        switch DocumentationRequestValidator(models: try modelNames()).validate(submission) {
        case .success(let valid): request = valid
        case .failure(let failure): return .invalid(failure.errors)
        }
        guard let intake = workflow.intake(for: .documentationRequest, at: now) else { return .invalid([]) }
        let itemsJSON = String(decoding: JSONValue.array(request.items.map { .string($0.rawValue) }).serializedBytes(), as: UTF8.self)
        let newCase = CaseStore.NewCase(
            type: .documentationRequest, submission: request.json, fingerprint: nil,
            searchNames: [request.organisationName, request.contactName],
            searchTitles: [request.aiSystemName, request.model],
            searchDescription: [request.intendedPurpose, request.question ?? ""].joined(separator: " ")) { caseID, connection in
                try connection.run("""
                    INSERT INTO documentation_requests (case_id, organisation, country, contact_name, contact_email, ai_system_name,
                                                        high_risk, model, model_version, items, has_question)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.integer(caseID), .text(request.organisationName), .text(request.country), .text(request.contactName),
                          .text(request.contactEmail), .text(request.aiSystemName), .text(request.highRisk.rawValue),
                          .text(request.model), .text(request.modelVersion), .text(itemsJSON),
                          .integer(request.question == nil ? 0 : 1)])
            }
        return DeskOutcome(try store.file(newCase, intake: intake, idempotencyKey: idempotencyKey))
    }
}
