import Foundation
import SQLite
import Testing

/// The executable as an operator uses it.
@Suite(.serialized) struct CommandLineTests {
    @Test func versionPrintsTheRelease() throws {
        let result = try CommandRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func serveMigratesAnswersHealthzServesPublicAndExitsZeroOnSIGTERM() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let publicFolder = folder.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: publicFolder, withIntermediateDirectories: true)
        try "<!doctype html><title>t</title>".write(to: publicFolder.appendingPathComponent("page.html"), atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("nested/portal.sqlite").path

        let server = try RunningServer(arguments: ["--database", database, "--public", publicFolder.path,
                                                   "--migrations", CommandRunner.migrations])
        let health = try httpGet(port: server.port, path: "/healthz")
        #expect(health.status == 200)
        #expect(health.body == #"{"status":"ok"}"#)
        let ready = try httpGet(port: server.port, path: "/readyz")
        #expect(ready.status == 200)
        let page = try httpGet(port: server.port, path: "/page.html")
        #expect(page.status == 200)
        #expect(page.headers.contains("Content-Type: text/html; charset=utf-8"))
        #expect(page.body == "<!doctype html><title>t</title>")
        #expect(server.stop() == 0)

        // The access log is JSON lines with the route pattern, never the query or body.
        let log = server.standardError
        let lines = log.split(separator: "\n").filter { $0.contains("\"msg\":\"request\"") }
        #expect(lines.count == 3)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["method"] as? String == "GET")
            #expect(object?["status"] as? Int == 200)
            #expect(object?["duration_ms"] != nil && object?["bytes"] != nil && object?["route"] != nil)
        }
        #expect(FileManager.default.fileExists(atPath: database))
    }

    @Test func serveRefusesToStartWhenAnAppliedMigrationChanged() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let migrations = folder.appendingPathComponent("migrations")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        let file = migrations.appendingPathComponent("0001_first.sql")
        try "CREATE TABLE a (id INTEGER PRIMARY KEY);".write(to: file, atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("db.sqlite").path

        let migrate = try CommandRunner.run(["migrate", "--database", database, "--migrations", migrations.path])
        #expect(migrate.status == 0)
        #expect(migrate.stdout.contains("applied 0001_first.sql"))

        try "CREATE TABLE a (id INTEGER PRIMARY KEY, extra TEXT);".write(to: file, atomically: true, encoding: .utf8)
        let serve = try CommandRunner.run(["serve", "--port", "0", "--database", database, "--migrations", migrations.path])
        #expect(serve.status == 1)
        #expect(serve.stderr.contains("(first)") && serve.stderr.contains("changed"))
        #expect(!serve.stdout.contains("listening"))
    }

    @Test func migrateReadsTheDatabaseFromTheEnvironment() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("env.sqlite").path
        let result = try CommandRunner.run(["migrate", "--migrations", CommandRunner.migrations],
                                           environment: ["PORTAL_DATABASE": database])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: database))
        let again = try CommandRunner.run(["migrate", "--migrations", CommandRunner.migrations],
                                          environment: ["PORTAL_DATABASE": database])
        #expect(again.stdout.contains("up to date"))
    }

    @Test func backupWritesACopyThatPassesIntegrityCheck() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("db.sqlite").path
        #expect(try CommandRunner.run(["migrate", "--database", database, "--migrations", CommandRunner.migrations]).status == 0)
        let copy = folder.appendingPathComponent("backup.sqlite").path
        let result = try CommandRunner.run(["backup", copy, "--database", database])
        #expect(result.status == 0)
        let backup = try Database(path: copy, readers: 1)
        defer { backup.close() }
        #expect(try backup.read { try $0.scalar("PRAGMA integrity_check")?.stringValue } == "ok")
        let migrationFiles = try FileManager.default.contentsOfDirectory(atPath: CommandRunner.migrations).filter { $0.hasSuffix(".sql") }
        #expect(try backup.read { try $0.scalar("SELECT count(*) FROM schema_migrations")?.intValue } == migrationFiles.count)

        let again = try CommandRunner.run(["backup", copy, "--database", database])
        #expect(again.status == 1, "an existing backup file is never overwritten")

        let missing = folder.appendingPathComponent("typo.sqlite").path
        let wrongPath = try CommandRunner.run(["backup", folder.appendingPathComponent("b2.sqlite").path, "--database", missing])
        #expect(wrongPath.status == 1)
        #expect(wrongPath.stderr.contains("no database at"))
        #expect(!FileManager.default.fileExists(atPath: missing), "a wrong path never creates an empty database")
    }

    @Test func unknownConfigurationKeyIsRefusedWithItsName() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("portal.json")
        try #"{"server": {"header_timeout_secs": 5}}"#.write(to: config, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["serve", "--port", "0", "--config", config.path,
                                            "--database", folder.appendingPathComponent("db.sqlite").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("server.header_timeout_secs"))
    }
}

extension CommandLineTests {
    @Test func theExampleConfigurationIsAccepted() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = URL(fileURLWithPath: CommandRunner.migrations).deletingLastPathComponent()
            .appendingPathComponent("docker/portal.example.json").path
        let server = try RunningServer(arguments: ["--config", example, "--database", folder.appendingPathComponent("db.sqlite").path,
                                                   "--migrations", CommandRunner.migrations])
        #expect(try httpGet(port: server.port, path: "/healthz").status == 200)
        #expect(server.stop() == 0)
    }
}
