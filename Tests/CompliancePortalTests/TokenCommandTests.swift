import Foundation
import Portal
import SQLite
import Testing

/// `compliance-portal token create|list|revoke`, run as an operator runs them.
@Suite(.serialized) struct TokenCommandTests {
    /// A temporary folder with a database path in it (the file does not exist yet).
    struct Workspace: ~Copyable {
        let folder: URL
        let database: String

        init() throws {
            folder = try CommandRunner.temporaryFolder()
            database = folder.appendingPathComponent("portal.sqlite").path
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandRunner.Result {
            try CommandRunner.run(["token"] + arguments + ["--database", database, "--migrations", CommandRunner.migrations],
                                  environment: environment)
        }
    }

    /// `cpst_` and 43 base64url characters (32 random bytes, no padding).
    static func isTokenShaped(_ text: some StringProtocol) -> Bool {
        text.hasPrefix("cpst_") && text.count == 48
            && text.dropFirst(5).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    @Test func createOnANewDatabaseMigratesItAndPrintsTheTokenAloneOnStdout() throws {
        let workspace = try Workspace()
        let result = try workspace.run(["create", "--name", "alice", "--role", "admin"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("\n"))
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line")
        let token = String(lines[0])
        #expect(Self.isTokenShaped(token))
        #expect(result.stderr.contains("shown once") && result.stderr.contains("hash"))
        #expect(!result.stderr.contains(token))

        // The printed token is the one that authenticates, as an admin.
        let database = try Database(path: workspace.database, readers: 1)
        defer { database.close() }
        #expect(try StaffTokens(database: database).authenticate(token) == StaffMember(name: "alice", role: .admin))
        let actor = try database.read {
            try $0.scalar("SELECT actor FROM case_events WHERE type = 'token_created'")?.stringValue
        }
        #expect(actor == "cli")
    }

    @Test func listShowsNameRoleAndTimesButNeverTheToken() throws {
        let workspace = try Workspace()
        let alice = try workspace.run(["create", "--name", "alice", "--role", "reviewer"])
        let bob = try workspace.run(["create", "--name", "bob.smith", "--role", "auditor"])
        let tokens = [alice, bob].map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(tokens.allSatisfy { Self.isTokenShaped($0) })

        let list = try workspace.run(["list"])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.count == 3)
        #expect(rows.first == ["NAME", "ROLE", "CREATED", "REVOKED"])
        #expect(rows.dropFirst().map { [$0[0], $0[1], $0[3]] } == [["alice", "reviewer", "-"], ["bob.smith", "auditor", "-"]])
        #expect(rows.dropFirst().allSatisfy { $0[2].hasSuffix("Z") && $0[2].count == 20 })

        let json = try workspace.run(["list", "--json"])
        #expect(json.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["name"] as? String } == ["alice", "bob.smith"])
        #expect(array.map { $0["role"] as? String } == ["reviewer", "auditor"])
        #expect(array.allSatisfy { Set($0.keys) == ["name", "role", "created_at", "revoked_at"] })
        #expect(array.allSatisfy { $0["revoked_at"] is NSNull })

        for token in tokens {
            #expect(!list.stdout.contains(token) && !json.stdout.contains(token))
            #expect(!list.stdout.contains(token.dropFirst(5)) && !json.stdout.contains(token.dropFirst(5)))
        }
    }

    @Test func revokePrintsTheNameAndTheTokenStopsWorking() throws {
        let workspace = try Workspace()
        let token = try workspace.run(["create", "--name", "alice", "--role", "reviewer"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let revoke = try workspace.run(["revoke", "alice"])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        #expect(revoke.stdout == "revoked alice\n")

        let json = try workspace.run(["list", "--json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect((array.first?["revoked_at"] as? String)?.hasSuffix("Z") == true)
        let table = try workspace.run(["list"]).stdout
        #expect(!table.contains(" -\n"), "the REVOKED column shows the time")

        let database = try Database(path: workspace.database, readers: 1)
        defer { database.close() }
        #expect(try StaffTokens(database: database).authenticate(token) == nil)

        // The name is free again.
        let again = try workspace.run(["create", "--name", "alice", "--role", "admin"])
        #expect(again.status == 0)
    }

    @Test func revokingAnUnknownNameFailsWithAMessage() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(["create", "--name", "alice", "--role", "reviewer"]).status == 0)
        let result = try workspace.run(["revoke", "alicia"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no active staff token named alicia"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aSecondActiveTokenWithTheSameNameIsRefused() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(["create", "--name", "alice", "--role", "reviewer"]).status == 0)
        let second = try workspace.run(["create", "--name", "alice", "--role", "admin"])
        #expect(second.status != 0)
        #expect(second.stderr.contains("already exists"))
        #expect(second.stdout.isEmpty, "no token printed")
    }

    @Test func anInvalidRoleIsRefusedWithTheAllowedRoles() throws {
        let workspace = try Workspace()
        let result = try workspace.run(["create", "--name", "alice", "--role", "superuser"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("superuser"))
        #expect(result.stderr.contains("reviewer") && result.stderr.contains("admin") && result.stderr.contains("auditor"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.database), "refused before the database is opened")
    }

    @Test(arguments: ["me", "none", "Alice", "-alice", "a b"])
    func anInvalidOrReservedNameIsRefusedWithTheReason(name: String) throws {
        let workspace = try Workspace()
        let result = try workspace.run(["create", "--name=\(name)", "--role", "reviewer"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("invalid --name"))
        #expect(result.stdout.isEmpty)
    }

    @Test func theDatabaseComesFromPORTAL_DATABASEWhenThereIsNoOption() throws {
        let workspace = try Workspace()
        let environment = ["PORTAL_DATABASE": workspace.database, "PORTAL_MIGRATIONS": CommandRunner.migrations]
        let create = try CommandRunner.run(["token", "create", "--name", "envuser", "--role", "auditor"], environment: environment)
        #expect(create.status == 0, "\(create.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace.database))
        let list = try CommandRunner.run(["token", "list"], environment: environment)
        #expect(list.stdout.contains("envuser"))
        // The option wins over the environment.
        #expect(try workspace.run(["list"], environment: ["PORTAL_DATABASE": "/nonexistent/x.sqlite"]).stdout.contains("envuser"))
        let revoke = try CommandRunner.run(["token", "revoke", "envuser"], environment: environment)
        #expect(revoke.stdout == "revoked envuser\n")
    }

    @Test func listAndRevokeRefuseAMissingDatabaseInsteadOfCreatingOne() throws {
        let workspace = try Workspace()
        let list = try workspace.run(["list"])
        #expect(list.status != 0)
        #expect(list.stderr.contains("no database at"))
        let revoke = try workspace.run(["revoke", "alice"])
        #expect(revoke.status != 0)
        #expect(!FileManager.default.fileExists(atPath: workspace.database))
    }

    @Test func tokenCommandsRefuseADatabaseWhoseAppliedMigrationChanged() throws {
        let workspace = try Workspace()
        let migrations = workspace.folder.appendingPathComponent("migrations")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: CommandRunner.migrations), to: migrations)
        let arguments = ["--database", workspace.database, "--migrations", migrations.path]
        #expect(try CommandRunner.run(["token", "create", "--name", "alice", "--role", "admin"] + arguments).status == 0)

        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: migrations.path).filter { $0.hasSuffix(".sql") }.min())
        let file = migrations.appendingPathComponent(first)
        try (String(contentsOf: file, encoding: .utf8) + "\n-- edited\n").write(to: file, atomically: true, encoding: .utf8)
        for command in [["create", "--name", "bob", "--role", "admin"], ["list"], ["revoke", "alice"]] {
            let result = try CommandRunner.run(["token"] + command + arguments)
            #expect(result.status != 0, "\(command)")
            #expect(result.stderr.contains("changed"), "\(command)")
            #expect(result.stdout.isEmpty, "\(command)")
        }
    }
}
