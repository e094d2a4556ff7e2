import ArgumentParser
import HTTPServer
import Logging
import Portal
import PortalWeb
import SQLite
import Threading
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `compliance-portal serve`: migrate, then answer HTTP until SIGTERM or SIGINT.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending migrations and serve the portal over HTTP.")

    @Option(help: ArgumentHelp("Address to listen on (default 127.0.0.1). Env: PORTAL_HOST.", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("TCP port (default 8080; 0 picks a free one). Env: PORTAL_PORT.", valueName: "port"))
    var port: Int?

    @OptionGroup var databaseOptions: DatabaseOptions

    @OptionGroup var migrationsOptions: MigrationsOptions

    @Option(name: .customLong("public"),
            help: ArgumentHelp("Folder of static files (default ./Public). Env: PORTAL_PUBLIC.", valueName: "path"))
    var publicFolder: String?

    @Option(help: ArgumentHelp("JSON configuration file (optional; built-in defaults otherwise). Env: PORTAL_CONFIG.",
                               valueName: "file"))
    var config: String?

    func run() throws {
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        let logger = Logger(label: "compliance-portal")
        // Before any thread starts, so that every thread inherits the blocked signals.
        let running = Mutex<Server?>(nil)
        let signals = SignalWatcher(signals: [SIGTERM, SIGINT]) { signal in
            guard let server = running.withLock({ $0 }) else {
                CommandFailure("stopped by signal \(signal) before the server was listening").exit()
            }
            logger.info("shutting down", metadata: ["signal": "\(signal)"])
            server.shutdown()
        }
        CommandFailure.exitOnError {
            try serve(logger: logger, running: running)
            withExtendedLifetime(signals) {}
        }
    }

    private func serve(logger: Logger, running: borrowing Mutex<Server?>) throws {
        let file = try Environment.optional(config, "PORTAL_CONFIG").map(ConfigFile.load) ?? nil
        var settings = file?.serverConfiguration() ?? ServerConfiguration()
        if let host = Environment.optional(host, "PORTAL_HOST") { settings.host = host }
        if let text = Environment.optional(port.map(String.init), "PORTAL_PORT") {
            guard let value = Int(text), (0...65535).contains(value) else { throw CommandFailure("invalid port \(text)") }
            settings.port = value
        }
        settings.errorLog = { message in logger.error("handler failed", metadata: ["error": "\(message)"]) }

        let database = try Database(path: databaseOptions.databasePath, readers: file?.database?.readers ?? 4)
        let migrator = try Migrator(directory: migrationsOptions.migrationsPath)
        let applied = try migrator.migrate(database)
        for migration in applied {
            logger.info("migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        }

        let publicPath = Environment.value(publicFolder, "PORTAL_PUBLIC", default: "./Public")
        let staticFiles = StaticFiles(root: publicPath)
        if staticFiles == nil { logger.warning("no static files: folder not found", metadata: ["public": "\(publicPath)"]) }

        let operatorConfiguration = file?.operatorConfiguration ?? .demo
        let deadlines = try file?.deadlineSettings(operator: operatorConfiguration, relativeTo: Environment.optional(config, "PORTAL_CONFIG"))
        let context = try PortalContext(database: database, migrator: migrator,
                                        configuration: operatorConfiguration,
                                        settings: file?.webSettings() ?? WebSettings(), deadlines: deadlines)
        if file?.operatorConfiguration == nil {
            logger.notice("no operator section in the configuration: serving the demo operator configuration")
        }
        let router = PortalRoutes.makeRouter(context)
        let server = try Server(configuration: settings, router: router, staticFiles: staticFiles)
        running.withLock { $0 = server }
        let shownHost = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        // One line on stdout, written at once so a supervisor or test reading the pipe sees it.
        Output.write("compliance-portal listening on http://\(shownHost):\(server.port)\n", to: 1)
        logger.info("listening", metadata: ["host": "\(settings.host)", "port": "\(server.port)",
                                            "event_loops": "\(settings.eventLoops)", "database": "\(database.path)"])
        // The queue's in-memory view replays the audit log once, and duplicate detection reads
        // every case's fingerprint once; do both now, beside the first requests, rather than in
        // the first staff request or the first filing (which would otherwise wait for them).
        let index = context.index
        let store = context.caseStore
        let warmUpLogger = logger
        _ = OSThread(name: "case-index", detached: true) {
            var started = ContinuousClock.now
            do {
                let fingerprints = try store.loadDuplicateRegister()
                warmUpLogger.info("duplicate register ready", metadata: ["fingerprints": "\(fingerprints)", "took": "\(ContinuousClock.now - started)"])
                started = ContinuousClock.now
                _ = try index.snapshot(now: UTCTimestamp.now())
                warmUpLogger.info("case index ready", metadata: ["cases": "\(index.count)", "took": "\(ContinuousClock.now - started)"])
            } catch {
                warmUpLogger.error("warming up failed", metadata: ["error": "\(error)"])
            }
        }
        // Cases filed since the last search reach the text index here, once a second, many at a
        // time (a search also indexes what is pending before it reads).
        let searchLogger = logger
        _ = OSThread(name: "case-search", detached: true) {
            while true {
                usleep(1_000_000)
                do {
                    try CaseSearch.indexPending(in: database)
                } catch {
                    if database.isClosed { return }
                    searchLogger.error("search indexing failed", metadata: ["error": "\(error)"])
                }
            }
        }
        server.wait()
        database.close()
        logger.info("stopped")
    }
}
