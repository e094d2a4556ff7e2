import Portal
import SQLite
import Synchronization

/// What the web layer's handlers need: the database, the migrations it was started with, the
/// operator's configuration, the complaint desk and the abuse limits.
public struct PortalContext: Sendable {
    public let database: Database
    public let migrator: Migrator
    public let configuration: OperatorConfiguration
    public let settings: WebSettings
    let desk: ComplaintDesk
    /// Where every case type is filed; `loadDuplicateRegister()` prepares it ahead of the first filing.
    public var caseStore: CaseStore { desk.store }
    /// Files documentation requests through the same case store and workflow as complaints.
    let documentationDesk: DocumentationRequestDesk
    /// Files the authority requests staff record, through the same case store and workflow.
    let authorityDesk: AuthorityRequestDesk
    /// Staff changes to cases and the party's replies and withdrawals.
    public let workflow: CaseWorkflow
    /// The in-memory queue view of every case; `warmUp()` builds it ahead of the first request.
    public let index: CaseIndex
    let queue: CaseQueue
    let staff: StaffTokens
    let submissionLimiter: RateLimiter
    let clientAddress: ClientAddress
    /// Seconds since the epoch; tests may stop the clock.
    let now: @Sendable () -> Int64
    private let secrets = SecretCache()

    public init(database: Database, migrator: Migrator, configuration: OperatorConfiguration = .demo,
                settings: WebSettings = WebSettings(), deadlines: DeadlineSettings? = nil,
                now: @escaping @Sendable () -> Int64 = { UTCTimestamp.now() }) throws {
        self.database = database
        self.migrator = migrator
        self.configuration = configuration
        self.settings = settings
        let zone = try TimeZoneRules(identifier: configuration.timezone)
        let deadlineSettings = deadlines ?? DeadlineSettings.defaults(for: configuration)
        let calendar = DeadlineCalendar(zone: zone, holidays: deadlineSettings.holidays, dueSoonDays: deadlineSettings.dueSoonDays,
                                        veryOverdueDays: deadlineSettings.veryOverdueDays)
        workflow = CaseWorkflow(database: database, settings: deadlineSettings, calendar: calendar,
                                redressInformation: configuration.redressInformation)
        index = CaseIndex(workflow: workflow)
        queue = CaseQueue(index: index, database: database)
        staff = StaffTokens(database: database)
        let store = CaseStore(database: database)
        desk = ComplaintDesk(configuration: configuration, store: store, workflow: workflow)
        let documentationDesk = DocumentationRequestDesk(configuration: configuration, store: store,
                                                         registry: ModelRegistry(database: database), workflow: workflow)
        self.documentationDesk = documentationDesk
        authorityDesk = AuthorityRequestDesk(store: store, workflow: workflow, modelNames: { try documentationDesk.modelNames() })
        submissionLimiter = RateLimiter(limit: settings.submissionsPerHour, window: 3600)
        clientAddress = ClientAddress(trustedProxies: Set(settings.trustedProxies))
        self.now = now
    }
}

extension PortalContext {
    /// The key that signs form tokens, made on first use and kept in the database.
    func formSecret() throws -> [UInt8] {
        try secrets.value { try ServerSecrets.secret(named: "forms", in: database) }
    }
}

/// Loads a secret once and keeps it.
final class SecretCache: Sendable {
    private let cached = Mutex<[UInt8]?>(nil)

    func value(_ load: () throws -> [UInt8]) throws -> [UInt8] {
        if let value = cached.withLock({ $0 }) { return value }
        let value = try load()
        cached.withLock { $0 = value }
        return value
    }
}

/// Web-facing settings from the configuration file.
public struct WebSettings: Sendable, Equatable {
    /// Submissions (complaints and documentation requests together) one client address may make in
    /// an hour before getting 429.
    public var submissionsPerHour = 20
    /// Peers whose X-Forwarded-For is believed (a reverse proxy in front of the portal).
    public var trustedProxies: [String] = []

    public init(submissionsPerHour: Int = 20, trustedProxies: [String] = []) {
        self.submissionsPerHour = submissionsPerHour
        self.trustedProxies = trustedProxies
    }
}
