import Foundation
import HTTPServer
import SQLite
import Testing
@testable import PortalWeb

/// /healthz and /readyz, driven through the portal's router in-process.
@Suite struct HealthRoutesTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("portalweb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("migrations"), withIntermediateDirectories: true)
        try "CREATE TABLE t (id INTEGER PRIMARY KEY);".write(to: folder.appendingPathComponent("migrations/0001_t.sql"),
                                                              atomically: true, encoding: .utf8)
    }

    func context() throws -> PortalContext {
        let database = try Database(path: folder.appendingPathComponent("db.sqlite").path, readers: 2)
        let migrator = try Migrator(directory: folder.appendingPathComponent("migrations").path)
        return try PortalContext(database: database, migrator: migrator)
    }

    func get(_ path: String, _ context: PortalContext) throws -> Response {
        let router = PortalRoutes.makeRouter(context)
        guard case .found(let route, _) = router.match(method: "GET", path: path) else {
            Issue.record("no route for \(path)")
            return Response(status: .notFound)
        }
        return try route.handler(Request(method: "GET", target: path))
    }

    @Test func healthzAnswersOkAsJSON() throws {
        let response = try get("/healthz", try context())
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"status":"ok"}"#)
    }

    @Test func readyzIsUnavailableWhileMigrationsArePending() throws {
        let context = try context()
        let response = try get("/readyz", context)
        #expect(response.status == .serviceUnavailable)
        #expect(String(decoding: response.body, as: UTF8.self).contains(#""migrations":"not current""#))
    }

    @Test func readyzIsOkOnceMigrationsAreCurrent() throws {
        let context = try context()
        try context.migrator.migrate(context.database)
        let response = try get("/readyz", context)
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"status":"ok","database":"ok","migrations":"current"}"#)
        #expect(response.headers["Cache-Control"] == "no-store")
    }

    @Test func readyzIsUnavailableWhenTheDatabaseIsClosed() throws {
        let context = try context()
        try context.migrator.migrate(context.database)
        context.database.close()
        let response = try get("/readyz", context)
        #expect(response.status == .serviceUnavailable)
        #expect(String(decoding: response.body, as: UTF8.self).contains(#""database":"unavailable""#))
    }

    @Test func healthzRunsOnTheEventLoopAndReadyzOnTheWorkers() throws {
        let router = PortalRoutes.makeRouter(try context())
        guard case .found(let health, _) = router.match(method: "GET", path: "/healthz"),
              case .found(let ready, _) = router.match(method: "GET", path: "/readyz") else {
            Issue.record("routes missing")
            return
        }
        #expect(health.execution == .eventLoop)
        #expect(ready.execution == .workerPool)
    }
}
