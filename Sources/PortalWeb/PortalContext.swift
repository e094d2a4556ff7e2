import Portal
import SQLite

/// What the web layer's handlers need: the database, the migrations it was started with, the
/// operator's configuration, the complaint desk and the abuse limits.
public struct PortalContext: Sendable {
    public let database: Database
    public let migrator: Migrator
    public let configuration: OperatorConfiguration
    public let settings: WebSettings
    let desk: ComplaintDesk
    let submissionLimiter: RateLimiter
    let clientAddress: ClientAddress
    /// Seconds since the epoch; tests may stop the clock.
    let now: @Sendable () -> Int64

    public init(database: Database, migrator: Migrator, configuration: OperatorConfiguration = .demo,
                settings: WebSettings = WebSettings(), now: @escaping @Sendable () -> Int64 = { UTCTimestamp.now() }) throws {
        self.database = database
        self.migrator = migrator
        self.configuration = configuration
        self.settings = settings
        let zone = try TimeZoneRules(identifier: configuration.timezone)
        desk = ComplaintDesk(configuration: configuration, store: CaseStore(database: database), zone: zone)
        submissionLimiter = RateLimiter(limit: settings.submissionsPerHour, window: 3600)
        clientAddress = ClientAddress(trustedProxies: Set(settings.trustedProxies))
        self.now = now
    }
}

/// Web-facing settings from the configuration file.
public struct WebSettings: Sendable, Equatable {
    /// Complaint submissions one client address may make in an hour before getting 429.
    public var submissionsPerHour = 20
    /// Peers whose X-Forwarded-For is believed (a reverse proxy in front of the portal).
    public var trustedProxies: [String] = []

    public init(submissionsPerHour: Int = 20, trustedProxies: [String] = []) {
        self.submissionsPerHour = submissionsPerHour
        self.trustedProxies = trustedProxies
    }
}
