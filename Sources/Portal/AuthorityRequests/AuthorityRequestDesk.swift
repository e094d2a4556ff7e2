import JSON

/// The one path every authority request takes: validate it, take the authority's date as the
/// respond deadline, and file it through the case store's shared filing path.
///
/// The filing path makes a status token for every case; for an authority request it is stored (as its
/// hash, like any other) but never returned: staff contact the authority, who gets no status page.
public struct AuthorityRequestDesk: Sendable {
    public let store: CaseStore
    public let workflow: CaseWorkflow
    /// The models a request may name (`DocumentationRequestDesk.modelNames`).
    public let modelNames: @Sendable () throws -> [String]

    public init(store: CaseStore, workflow: CaseWorkflow, modelNames: @escaping @Sendable () throws -> [String]) {
        self.store = store
        self.workflow = workflow
        self.modelNames = modelNames
    }

    /// Validates and files an authority request recorded by `staff` at `now`.
    public func submit(_ submission: JSONValue, by staff: StaffMember, idempotencyKey: IdempotencyKey?, now: Int64) throws -> DeskOutcome {
        let today = workflow.calendar.zone.localDate(at: now)
        let request: AuthorityRequest
        switch AuthorityRequestValidator(models: try modelNames(), today: today).validate(submission) {
        case .success(let valid): request = valid
        case .failure(let failure): return .invalid(failure.errors)
        }
        guard let intake = workflow.intake(for: .authorityRequest, at: now, fixedDue: request.deadline) else { return .invalid([]) }
        let newCase = CaseStore.NewCase(
            type: .authorityRequest, submission: request.json, fingerprint: nil,
            searchNames: [request.authorityName, request.contactName],
            searchTitles: [request.reference ?? "", request.model],
            searchDescription: [request.legalBasis, request.purpose].joined(separator: " "),
            eventFacts: JSONObject([("due_date", .string(request.deadline.description)), ("recorded_by", .string(staff.name))])) { _, _ in }
        return DeskOutcome(try store.file(newCase, intake: intake, idempotencyKey: idempotencyKey))
    }
}
