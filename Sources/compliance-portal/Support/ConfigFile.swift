#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: keeps ICU and its memory out of the server
#else
import Foundation
#endif
import HTTPServer
import Portal
import PortalWeb

/// The optional JSON configuration file of `serve` (`--config`). Every key is optional; the
/// built-in defaults apply to what it leaves out. Unknown keys are refused, so a typo does
/// not silently fall back to a default.
struct ConfigFile: Decodable {
    struct ServerSection: Decodable {
        var host: String?
        var port: Int?
        var eventLoops: Int?
        var workerThreads: Int?
        var maxConnections: Int?
        var maxBodyBytes: Int?
        var maxRequestLineBytes: Int?
        var maxHeaderBytes: Int?
        var maxHeaderFields: Int?
        var headerTimeoutSeconds: Double?
        var idleTimeoutSeconds: Double?
        var sendTimeoutSeconds: Double?
        var drainTimeoutSeconds: Double?
        var minBodyBytesPerSecond: Int?
        var bodyRateGraceSeconds: Double?
        var accessLog: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case host, port, eventLoops = "event_loops", workerThreads = "worker_threads"
            case maxConnections = "max_connections", maxBodyBytes = "max_body_bytes"
            case maxRequestLineBytes = "max_request_line_bytes", maxHeaderBytes = "max_header_bytes"
            case maxHeaderFields = "max_header_fields", headerTimeoutSeconds = "header_timeout_seconds"
            case idleTimeoutSeconds = "idle_timeout_seconds", sendTimeoutSeconds = "send_timeout_seconds"
            case drainTimeoutSeconds = "drain_timeout_seconds", minBodyBytesPerSecond = "min_body_bytes_per_second"
            case bodyRateGraceSeconds = "body_rate_grace_seconds", accessLog = "access_log"
        }

        init(from decoder: any Decoder) throws {
            try ConfigFile.refuseUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue), section: "server")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            host = try c.decodeIfPresent(String.self, forKey: .host)
            port = try c.decodeIfPresent(Int.self, forKey: .port)
            eventLoops = try c.decodeIfPresent(Int.self, forKey: .eventLoops)
            workerThreads = try c.decodeIfPresent(Int.self, forKey: .workerThreads)
            maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections)
            maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes)
            maxRequestLineBytes = try c.decodeIfPresent(Int.self, forKey: .maxRequestLineBytes)
            maxHeaderBytes = try c.decodeIfPresent(Int.self, forKey: .maxHeaderBytes)
            maxHeaderFields = try c.decodeIfPresent(Int.self, forKey: .maxHeaderFields)
            headerTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .headerTimeoutSeconds)
            idleTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .idleTimeoutSeconds)
            sendTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .sendTimeoutSeconds)
            drainTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .drainTimeoutSeconds)
            minBodyBytesPerSecond = try c.decodeIfPresent(Int.self, forKey: .minBodyBytesPerSecond)
            bodyRateGraceSeconds = try c.decodeIfPresent(Double.self, forKey: .bodyRateGraceSeconds)
            accessLog = try c.decodeIfPresent(Bool.self, forKey: .accessLog)
        }
    }

    struct DatabaseSection: Decodable {
        var readers: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case readers }

        init(from decoder: any Decoder) throws {
            try ConfigFile.refuseUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue), section: "database")
            readers = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .readers)
        }
    }

    struct ComplaintsSection: Decodable {
        var submissionsPerHour: Int?
        var trustedProxies: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case submissionsPerHour = "submissions_per_ip_per_hour", trustedProxies = "trusted_proxies"
        }

        init(from decoder: any Decoder) throws {
            try ConfigFile.refuseUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue), section: "web")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            submissionsPerHour = try c.decodeIfPresent(Int.self, forKey: .submissionsPerHour)
            trustedProxies = try c.decodeIfPresent([String].self, forKey: .trustedProxies)
        }
    }

    /// Deadline policies per case type, holidays and the thresholds of the deadline states.
    struct DeadlinesSection: Decodable {
        var dueSoonDays: Int?
        var veryOverdueDays: Int?
        var holidays: [String]?
        var holidaysICS: String?
        var policies: [String: DeadlinePolicy]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dueSoonDays = "due_soon_days", veryOverdueDays = "very_overdue_days", holidays
            case holidaysICS = "holidays_ics", policies
        }

        init(from decoder: any Decoder) throws {
            try ConfigFile.refuseUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue), section: "deadlines")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            dueSoonDays = try c.decodeIfPresent(Int.self, forKey: .dueSoonDays)
            veryOverdueDays = try c.decodeIfPresent(Int.self, forKey: .veryOverdueDays)
            holidays = try c.decodeIfPresent([String].self, forKey: .holidays)
            holidaysICS = try c.decodeIfPresent(String.self, forKey: .holidaysICS)
            policies = try c.decodeIfPresent([String: DeadlinePolicy].self, forKey: .policies)
        }
    }

    var server: ServerSection?
    var database: DatabaseSection?
    var deadlines: DeadlinesSection?
    /// The provider's identity, contacts, models, crawlers and targets; the demo values when absent.
    var operatorConfiguration: OperatorConfiguration?
    var web: ComplaintsSection?

    enum CodingKeys: String, CodingKey, CaseIterable { case server, database, operatorConfiguration = "operator", web, deadlines }

    init(from decoder: any Decoder) throws {
        try ConfigFile.refuseUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue), section: nil)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.decodeIfPresent(ServerSection.self, forKey: .server)
        database = try c.decodeIfPresent(DatabaseSection.self, forKey: .database)
        operatorConfiguration = try c.decodeIfPresent(OperatorConfiguration.self, forKey: .operatorConfiguration)
        web = try c.decodeIfPresent(ComplaintsSection.self, forKey: .web)
        deadlines = try c.decodeIfPresent(DeadlinesSection.self, forKey: .deadlines)
    }

    /// The deadline settings: the defaults for the operator, overridden by this file. Reads the
    /// holidays' iCalendar file, relative to the configuration file's folder when not absolute.
    func deadlineSettings(operator configuration: OperatorConfiguration, relativeTo configPath: String?) throws -> DeadlineSettings {
        var settings = DeadlineSettings.defaults(for: configuration)
        guard let section = deadlines else { return settings }
        if let v = section.dueSoonDays { settings.dueSoonDays = v }
        if let v = section.veryOverdueDays { settings.veryOverdueDays = v }
        for (type, policy) in section.policies ?? [:] { settings.policies[type] = policy }
        var dates: [LocalDate] = []
        for text in section.holidays ?? [] {
            guard let date = LocalDate(iso8601: text) else { throw CommandFailure("deadlines.holidays: \(text) is not a date (YYYY-MM-DD)") }
            dates.append(date)
        }
        settings.holidays = HolidayCalendar(dates: dates)
        if let path = section.holidaysICS {
            let resolved = path.hasPrefix("/") || configPath == nil
                ? path : (configPath!.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/" + path)
            guard let data = FileManager.default.contents(atPath: resolved) else {
                throw CommandFailure("deadlines.holidays_ics: cannot read \(resolved)")
            }
            do {
                settings.holidays = settings.holidays.merging(try HolidayCalendar.parseICalendar(String(decoding: data, as: UTF8.self)))
            } catch {
                throw CommandFailure("deadlines.holidays_ics: \(resolved): \(error)")
            }
        }
        return settings
    }

    /// The web layer's settings: built-in defaults overridden by this file.
    func webSettings() -> WebSettings {
        var settings = WebSettings()
        if let v = web?.submissionsPerHour { settings.submissionsPerHour = v }
        if let v = web?.trustedProxies { settings.trustedProxies = v }
        return settings
    }

    /// Reads and checks the file; the error says which file and what is wrong.
    static func load(path: String) throws -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the configuration file \(path)")
        }
        do {
            let file = try JSONDecoder().decode(ConfigFile.self, from: data)
            try file.validate()
            return file
        } catch let error as CommandFailure {
            throw CommandFailure("\(path): \(error.description)")
        } catch let DecodingError.dataCorrupted(context) {
            throw CommandFailure("\(path): \(context.debugDescription)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw CommandFailure("\(path): \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch let DecodingError.keyNotFound(key, context) {
            let parent = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw CommandFailure("\(path): \(parent.isEmpty ? "" : parent + ".")\(key.stringValue) is missing")
        } catch let DecodingError.valueNotFound(_, context) {
            throw CommandFailure("\(path): \(context.codingPath.map(\.stringValue).joined(separator: ".")) must not be null")
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }

    func validate() throws {
        func positive(_ value: (some Numeric & Comparable)?, _ name: String) throws {
            if let value, value <= 0 { throw CommandFailure("server.\(name) must be greater than zero") }
        }
        if let s = server {
            if let port = s.port, !(0...65535).contains(port) { throw CommandFailure("server.port must be 0 to 65535") }
            try positive(s.eventLoops, "event_loops"); try positive(s.workerThreads, "worker_threads")
            try positive(s.maxConnections, "max_connections"); try positive(s.maxBodyBytes, "max_body_bytes")
            try positive(s.maxRequestLineBytes, "max_request_line_bytes"); try positive(s.maxHeaderBytes, "max_header_bytes")
            try positive(s.maxHeaderFields, "max_header_fields"); try positive(s.headerTimeoutSeconds, "header_timeout_seconds")
            try positive(s.idleTimeoutSeconds, "idle_timeout_seconds"); try positive(s.sendTimeoutSeconds, "send_timeout_seconds")
            try positive(s.drainTimeoutSeconds, "drain_timeout_seconds"); try positive(s.bodyRateGraceSeconds, "body_rate_grace_seconds")
            if let rate = s.minBodyBytesPerSecond, rate < 0 { throw CommandFailure("server.min_body_bytes_per_second must not be negative") }
        }
        if let readers = database?.readers, readers <= 0 { throw CommandFailure("database.readers must be greater than zero") }
        if let d = deadlines {
            if let v = d.dueSoonDays, v < 0 { throw CommandFailure("deadlines.due_soon_days must not be negative") }
            if let v = d.veryOverdueDays, v < 1 { throw CommandFailure("deadlines.very_overdue_days must be at least 1") }
            for (type, policy) in d.policies ?? [:] {
                guard CaseType.named(type) != nil else {
                    throw CommandFailure("deadlines.policies.\(type): no such case type (known: \(CaseType.all.map(\.name).joined(separator: ", ")))")
                }
                if let problem = policy.problem() { throw CommandFailure("deadlines.policies.\(type): \(problem)") }
            }
        }
        if let limit = web?.submissionsPerHour, limit <= 0 { throw CommandFailure("web.submissions_per_ip_per_hour must be greater than zero") }
        if let o = operatorConfiguration {
            if o.models.isEmpty { throw CommandFailure("operator.models must list at least one model") }
            if o.complaintTargets.acknowledgeWithinDays < 0 || o.complaintTargets.respondWithinDays <= 0
                || o.complaintTargets.acknowledgeWithinDays > o.complaintTargets.respondWithinDays {
                throw CommandFailure("operator.complaint_targets: acknowledge within 0 or more days, respond within more days than that")
            }
            for (name, email) in [("rightsholder_contact", o.rightsholderContact.email),
                                  ("downstream_provider_contact", o.downstreamProviderContact.email),
                                  ("ai_office_contact", o.aiOfficeContact.email)] where EmailAddress(email) == nil {
                throw CommandFailure("operator.\(name).email is not an email address")
            }
            do { _ = try TimeZoneRules(identifier: o.timezone) } catch { throw CommandFailure("operator.timezone: \(error)") }
        }
    }

    /// The server settings: built-in defaults overridden by this file.
    func serverConfiguration() -> ServerConfiguration {
        var c = ServerConfiguration()
        guard let s = server else { return c }
        func duration(_ seconds: Double?) -> Duration? { seconds.map { .milliseconds(Int64($0 * 1000)) } }
        if let v = s.host { c.host = v }
        if let v = s.port { c.port = v }
        if let v = s.eventLoops { c.eventLoops = v }
        if let v = s.workerThreads { c.workerThreads = v }
        if let v = s.maxConnections { c.maxConnections = v }
        if let v = s.maxBodyBytes { c.defaultBodyLimit = v }
        if let v = s.maxRequestLineBytes { c.limits.maxRequestLineBytes = v }
        if let v = s.maxHeaderBytes { c.limits.maxHeaderBytes = v }
        if let v = s.maxHeaderFields { c.limits.maxHeaderFields = v }
        if let v = duration(s.headerTimeoutSeconds) { c.headerTimeout = v }
        if let v = duration(s.idleTimeoutSeconds) { c.idleTimeout = v }
        if let v = duration(s.sendTimeoutSeconds) { c.sendTimeout = v }
        if let v = duration(s.drainTimeoutSeconds) { c.drainTimeout = v }
        if let v = s.minBodyBytesPerSecond { c.minimumBodyBytesPerSecond = v }
        if let v = duration(s.bodyRateGraceSeconds) { c.bodyRateGracePeriod = v }
        if let v = s.accessLog { c.accessLog = v }
        return c
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func refuseUnknownKeys(_ decoder: any Decoder, known: [String], section: String?) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.first(where: { !known.contains($0) }) {
            let name = section.map { "\($0).\(unknown)" } ?? unknown
            throw CommandFailure("unknown setting \"\(name)\"; known: \(known.joined(separator: ", "))")
        }
    }
}
