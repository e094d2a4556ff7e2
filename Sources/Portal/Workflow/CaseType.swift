import JSON

/// A kind of case the portal handles — a complaint, later a documentation request. Everything the
/// workflow does (lifecycle, deadlines, queue, reports, audit) takes the case type as a parameter:
/// a new type describes itself here instead of adding special cases to the workflow.
public struct CaseType: Sendable, Equatable, Hashable {
    /// The stored name, e.g. `complaint` (`cases.type`).
    public let name: String
    /// The first part of its references, e.g. `CPL` in CPL-2026-000001.
    public let referencePrefix: String
    /// What it is called on pages, capitalised: "Complaint".
    public let displayName: String
    /// Who filed it, in words for explanations and pages: "the complainant".
    public let partyDescription: String
    /// Its actor name in the audit log when the filer acts (replies, withdraws): `complainant`.
    public let partyActor: String
    /// Its lifecycle: statuses, transitions and closing outcomes.
    public let lifecycle: CaseLifecycle
    /// SQL returning the party a duplicate must share (one row, one text column, bound to the case id),
    /// or nil when this type has no duplicate outcome.
    public let partySQL: String?

    /// SQL expressions over `c.submission` (JSON) for the queue's listing and the CSV export:
    /// who the case is for, what it is about, and its category (for the reports).
    public let listing: (party: String, subject: String, category: String)

    /// Who a release of documentation to the party of a case of this type is for.
    public enum ReleaseAudience: Sendable {
        /// This type takes no releases.
        case none
        /// Always the same audience (a documentation request: downstream providers).
        case fixed(DocumentationAudience)
        /// Read from the submission: the text at `key` names the audience through `values`.
        case fromSubmission(key: String, values: [String: DocumentationAudience])

        /// The audience of a case with this submission, or nil.
        public func audience(of submission: JSONValue) -> DocumentationAudience? {
            switch self {
            case .none: nil
            case .fixed(let audience): audience
            case .fromSubmission(let key, let values): submission[key]?.stringValue.flatMap { values[$0] }
            }
        }
    }

    /// Who its releases of documentation are for.
    public let releaseAudience: ReleaseAudience

    public init(name: String, referencePrefix: String, displayName: String, partyDescription: String, partyActor: String,
                lifecycle: CaseLifecycle, partySQL: String?, listing: (party: String, subject: String, category: String),
                releaseAudience: ReleaseAudience = .none) {
        self.releaseAudience = releaseAudience
        self.name = name
        self.referencePrefix = referencePrefix
        self.displayName = displayName
        self.partyDescription = partyDescription
        self.partyActor = partyActor
        self.lifecycle = lifecycle
        self.partySQL = partySQL
        self.listing = listing
    }

    public static func == (lhs: CaseType, rhs: CaseType) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// A copyright complaint (Copyright chapter, Measure 1.5).
    public static let complaint = CaseType(
        name: "complaint", referencePrefix: "CPL", displayName: "Complaint", partyDescription: "the complainant", partyActor: "complainant",
        lifecycle: CaseLifecycle(
            awaitingStatus: "awaiting_complainant",
            outcomes: ["upheld", "partially_upheld", "rejected", "manifestly_unfounded", "duplicate", "withdrawn"],
            outcomesNeedingActions: ["upheld", "partially_upheld"],
            actionTypes: ["crawler_exclusion", "output_safeguard", "policy_update", "data_removal", "other"]),
        partySQL: "SELECT rightsholder_name FROM complaints WHERE case_id = ?",
        listing: (party: "coalesce(json_extract(c.submission, '$.rightsholder.name'), json_extract(c.submission, '$.complainant.organisation'), json_extract(c.submission, '$.complainant.name'))",
                  subject: "json_extract(c.submission, '$.works[0].title')",
                  category: "json_extract(c.submission, '$.category')"))

    /// A downstream provider's request for the model's documentation (Transparency chapter,
    /// Measure 1.2; AI Act Annex XII). A refusal gives one of the lifecycle's reasons.
    public static let documentationRequest = CaseType(
        name: "documentation_request", referencePrefix: "DOC", displayName: "Documentation request",
        partyDescription: "the requester", partyActor: "requester",
        lifecycle: CaseLifecycle(
            awaitingStatus: "awaiting_requester",
            outcomes: ["fulfilled", "refused", "withdrawn"],
            outcomesNeedingActions: [],
            actionTypes: [],
            outcomesNeedingReason: ["refused"],
            reasons: ["not_a_downstream_provider", "model_not_ours", "identity_not_verified", "other"]),
        partySQL: nil,
        listing: (party: "json_extract(c.submission, '$.organisation.legal_name')",
                  subject: "json_extract(c.submission, '$.ai_system.name')",
                  category: "ifnull(json_extract(c.submission, '$.ai_system.high_risk'), '')"),
        releaseAudience: .fixed(.downstreamProviders))

    /// A request from the AI Office (AI Act Articles 91 and 75(3)) or a national competent authority,
    /// recorded by staff: it states its legal basis and purpose and sets its own deadline (the
    /// `due_date` of its `submitted` event). Its releases may include the fields meant for that authority.
    public static let authorityRequest = CaseType(
        name: "authority_request", referencePrefix: "AUT", displayName: "Authority request",
        partyDescription: "the authority", partyActor: "authority",
        lifecycle: CaseLifecycle(
            awaitingStatus: "awaiting_authority",
            outcomes: ["fulfilled", "refused", "withdrawn"],
            outcomesNeedingActions: [],
            actionTypes: [],
            outcomesNeedingReason: ["refused"],
            reasons: ["no_legal_basis", "information_not_held", "model_not_ours", "other"]),
        partySQL: nil,
        listing: (party: "json_extract(c.submission, '$.authority_name')",
                  subject: "json_extract(c.submission, '$.purpose')",
                  category: "json_extract(c.submission, '$.authority')"),
        releaseAudience: .fromSubmission(key: "authority", values: ["ai_office": .aiOffice, "national_authority": .nationalAuthorities]))

    /// Every case type the portal knows, by stored name.
    public static let all: [CaseType] = [.complaint, .documentationRequest, .authorityRequest]

    public static func named(_ name: String) -> CaseType? { all.first { $0.name == name } }
}
