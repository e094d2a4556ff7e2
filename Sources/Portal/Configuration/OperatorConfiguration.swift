/// Who runs the portal and what it promises: the provider's identity, its points of contact,
/// its policies, its models and crawlers, and its complaint response targets. Read from the
/// `operator` section of the configuration file; `demo` is used when there is none.
public struct OperatorConfiguration: Sendable, Equatable, Codable {
    /// The provider's legal name.
    public var legalName: String
    /// The point of contact for rightsholders (Copyright chapter, Measure 1.5).
    public var rightsholderContact: Contact
    /// Where downstream providers request documentation (Transparency chapter, Measure 1.2).
    public var downstreamProviderContact: Contact
    /// Where the AI Office requests documentation.
    public var aiOfficeContact: Contact
    public var copyrightPolicyURL: String
    public var acceptableUsePolicyURL: String
    /// The models offered; their names are what a complaint's `model` accepts.
    public var models: [Model]
    /// The web crawlers the provider uses (Copyright chapter, Measure 1.3).
    public var crawlers: [Crawler]
    /// When the crawler information last changed (YYYY-MM-DD).
    public var crawlersUpdatedOn: String
    /// Targets for answering complaints ("a reasonable time" in the Code).
    public var complaintTargets: ResponseTargets
    /// IANA time zone in which deadlines end (default Europe/Brussels).
    public var timezone: String
    /// What other redress a complainant has, added to every decision that does not give its own
    /// (`redress_information`; a general text when absent).
    public var redressText: String?

    /// The redress information decisions carry.
    public var redressInformation: String { redressText ?? Self.defaultRedress }

    public static let defaultRedress =
        "This decision does not limit your other remedies. You may bring the matter before the competent courts "
        + "of an EU Member State, contact the national authority responsible for copyright, or ask a collective "
        + "management organisation to act for you. You may also reply to this decision through the status page."

    public struct Contact: Sendable, Equatable, Codable {
        public var email: String
        public var postalAddress: String?

        public init(email: String, postalAddress: String? = nil) {
            self.email = email
            self.postalAddress = postalAddress
        }

        enum CodingKeys: String, CodingKey { case email, postalAddress = "postal_address" }
    }

    public struct Model: Sendable, Equatable, Codable {
        public var name: String
        public var description: String?

        public init(name: String, description: String? = nil) {
            self.name = name
            self.description = description
        }
    }

    public struct Crawler: Sendable, Equatable, Codable {
        /// The product token in its User-Agent, which robots.txt rules name.
        public var userAgent: String
        public var purpose: String
        /// Which robots.txt features it honours, e.g. "Disallow", "Allow", "Crawl-delay".
        public var robotsTxt: [String]
        /// Other machine-readable rights reservations it honours, e.g. "TDM-Rep (W3C TDMRep)".
        public var otherOptOuts: [String]
        /// In use since (YYYY-MM-DD).
        public var since: String

        public init(userAgent: String, purpose: String, robotsTxt: [String], otherOptOuts: [String], since: String) {
            self.userAgent = userAgent
            self.purpose = purpose
            self.robotsTxt = robotsTxt
            self.otherOptOuts = otherOptOuts
            self.since = since
        }

        enum CodingKeys: String, CodingKey {
            case userAgent = "user_agent", purpose, robotsTxt = "robots_txt", otherOptOuts = "other_opt_outs", since
        }
    }

    /// Calendar days to acknowledge and to answer, each ending at the end of a day in `timezone`.
    public struct ResponseTargets: Sendable, Equatable, Codable {
        public var acknowledgeWithinDays: Int
        public var respondWithinDays: Int

        public init(acknowledgeWithinDays: Int, respondWithinDays: Int) {
            self.acknowledgeWithinDays = acknowledgeWithinDays
            self.respondWithinDays = respondWithinDays
        }

        enum CodingKeys: String, CodingKey {
            case acknowledgeWithinDays = "acknowledge_within_days", respondWithinDays = "respond_within_days"
        }
    }

    enum CodingKeys: String, CodingKey {
        case legalName = "legal_name", rightsholderContact = "rightsholder_contact"
        case downstreamProviderContact = "downstream_provider_contact", aiOfficeContact = "ai_office_contact"
        case copyrightPolicyURL = "copyright_policy_url", acceptableUsePolicyURL = "acceptable_use_policy_url"
        case models, crawlers, crawlersUpdatedOn = "crawlers_updated_on", complaintTargets = "complaint_targets", timezone
        case redressText = "redress_information"
    }

    public init(legalName: String, rightsholderContact: Contact, downstreamProviderContact: Contact, aiOfficeContact: Contact,
                copyrightPolicyURL: String, acceptableUsePolicyURL: String, models: [Model], crawlers: [Crawler],
                crawlersUpdatedOn: String, complaintTargets: ResponseTargets, timezone: String = "Europe/Brussels") {
        self.legalName = legalName
        self.rightsholderContact = rightsholderContact
        self.downstreamProviderContact = downstreamProviderContact
        self.aiOfficeContact = aiOfficeContact
        self.copyrightPolicyURL = copyrightPolicyURL
        self.acceptableUsePolicyURL = acceptableUsePolicyURL
        self.models = models
        self.crawlers = crawlers
        self.crawlersUpdatedOn = crawlersUpdatedOn
        self.complaintTargets = complaintTargets
        self.timezone = timezone
    }

    /// Working demo values, clearly marked as examples, so a fresh `serve` shows a complete portal.
    public static let demo = OperatorConfiguration(
        legalName: "Example AI Provider SA (demo configuration)",
        rightsholderContact: Contact(email: "copyright@provider.example",
                                     postalAddress: "Copyright contact point, 1 Rue de l'Exemple, 1000 Brussels, Belgium"),
        downstreamProviderContact: Contact(email: "model-documentation@provider.example"),
        aiOfficeContact: Contact(email: "ai-office-liaison@provider.example"),
        copyrightPolicyURL: "https://provider.example/policies/copyright",
        acceptableUsePolicyURL: "https://provider.example/policies/acceptable-use",
        models: [Model(name: "example-model-1", description: "General-purpose text model"),
                 Model(name: "example-model-2", description: "General-purpose multimodal model")],
        crawlers: [Crawler(userAgent: "ExampleBot", purpose: "Collecting publicly available web pages for training general-purpose models",
                           robotsTxt: ["User-agent: ExampleBot", "Disallow", "Allow"],
                           otherOptOuts: ["TDM-Rep (W3C TDM Reservation Protocol)", "<meta name=\"robots\" content=\"noai\">"],
                           since: "2025-08-01")],
        crawlersUpdatedOn: "2026-11-01",
        complaintTargets: ResponseTargets(acknowledgeWithinDays: 4, respondWithinDays: 30),
        timezone: "Europe/Brussels")

    /// Whether `name` is one of the configured models.
    public func offersModel(_ name: String) -> Bool { models.contains { $0.name == name } }
}
