import HTTPServer
import SQLite

/// Liveness and readiness for load balancers and orchestrators.
enum HealthRoutes {
    private static let okBody = Array(#"{"status":"ok"}"#.utf8)
    private static let noStore = HTTPHeader("Cache-Control", "no-store")

    static func register(on router: inout Router, context: PortalContext) {
        // Liveness: the process answers. Runs on the event loop: it touches nothing that blocks.
        router.get("/healthz", execution: .eventLoop) { _ in
            .json(okBody, headers: [noStore])
        }
        // Readiness: the database answers and every migration the server knows is applied.
        router.get("/readyz") { _ in
            readiness(context)
        }
    }

    static func readiness(_ context: PortalContext) -> Response {
        let database: String
        let migrations: String
        do {
            _ = try context.database.read { try $0.scalar("SELECT 1") }
            database = "ok"
        } catch {
            database = "unavailable"
        }
        do {
            migrations = try context.migrator.status(of: context.database) == .current ? "current" : "not current"
        } catch {
            migrations = "unknown"
        }
        let ready = database == "ok" && migrations == "current"
        let body = "{\"status\":\(JSONString.quote(ready ? "ok" : "unavailable")),\"database\":\(JSONString.quote(database)),\"migrations\":\(JSONString.quote(migrations))}"
        return .json(Array(body.utf8), status: ready ? .ok : .serviceUnavailable, headers: [noStore])
    }
}
