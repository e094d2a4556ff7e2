import ArgumentParser
import JSON
import Portal
import SQLite
#if canImport(Glibc)
import Glibc
#endif

/// `compliance-portal token create|list|revoke`: staff access tokens, managed on the server
/// itself (the first admin token of a deployment is made this way, before serving).
struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke staff access tokens.",
        discussion: """
            A token is shown once, when it is created; only its SHA-256 hash is stored. Each \
            subcommand first applies pending migrations, as serve does, and refuses to run when an \
            applied migration has changed.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    /// The actor recorded in the audit log for changes made from the command line.
    static let actor = "cli"

    /// Opens the database and applies pending migrations (printing each on stderr, so stdout
    /// carries only the command's result); throws when an applied migration changed.
    /// - Parameter mustExist: refuse a missing file rather than create an empty database.
    static func openMigrated(_ databaseOptions: DatabaseOptions, _ migrationsOptions: MigrationsOptions,
                             mustExist: Bool) throws -> Database {
        let path = databaseOptions.databasePath
        if mustExist, access(path, F_OK) != 0 {
            throw CommandFailure("no database at \(path)")
        }
        let migrator = try Migrator(directory: migrationsOptions.migrationsPath)
        let database = try Database(path: path, readers: 1)
        do {
            for migration in try migrator.migrate(database) {
                Output.write("applied \(migration.fileName)\n", to: 2)
            }
        } catch {
            database.close()
            throw error
        }
        return database
    }
}

extension StaffRole: ExpressibleByArgument {}

extension Token {
    /// `token create --name NAME --role ROLE`: the token alone on stdout, a reminder on stderr.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a staff token and print it (once) on stdout.")

        @Option(help: ArgumentHelp(
            "Who holds the token: 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit; not 'me' or 'none'.",
            valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("What the token may do: reviewer (triage), admin (also reopen and manage tokens) "
                                   + "or auditor (read only).", valueName: "role"))
        var role: StaffRole

        @OptionGroup var databaseOptions: DatabaseOptions

        @OptionGroup var migrationsOptions: MigrationsOptions

        func validate() throws {
            if let reason = StaffName.problem(with: name) {
                throw ValidationError("invalid --name: \(reason)")
            }
        }

        func run() throws {
            CommandFailure.exitOnError {
                let database = try Token.openMigrated(databaseOptions, migrationsOptions, mustExist: false)
                defer { database.close() }
                let token = try StaffTokens(database: database)
                    .create(name: name, role: role, actor: Token.actor, at: UTCTimestamp.now())
                Output.write(token + "\n", to: 1)
                Output.write("compliance-portal: created the \(role.rawValue) token \(name); it is shown once, "
                             + "above, and only its SHA-256 hash is stored: keep it now\n", to: 2)
            }
        }
    }

    /// `token list [--json]`: every token, active and revoked, never the token or its hash.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List staff tokens (name, role, created, revoked); never the tokens themselves.")

        @Flag(help: "Print a JSON array of {name, role, created_at, revoked_at} instead of a table.")
        var json = false

        @OptionGroup var databaseOptions: DatabaseOptions

        @OptionGroup var migrationsOptions: MigrationsOptions

        func run() throws {
            CommandFailure.exitOnError {
                let database = try Token.openMigrated(databaseOptions, migrationsOptions, mustExist: true)
                defer { database.close() }
                let records = try StaffTokens(database: database).list()
                if json {
                    Output.write(JSONValue.array(records.map(\.json)).serialized() + "\n", to: 1)
                } else {
                    Output.write(Self.table(records), to: 1)
                }
            }
        }

        /// Left-aligned columns NAME ROLE CREATED REVOKED; `-` for a token still valid.
        static func table(_ records: [StaffTokenRecord]) -> String {
            let rows = [["NAME", "ROLE", "CREATED", "REVOKED"]] + records.map { record in
                [record.name, record.role.rawValue, UTCTimestamp.format(record.createdAt),
                 record.revokedAt.map(UTCTimestamp.format) ?? "-"]
            }
            let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
            return rows.map { row in
                row.enumerated().map { column, text in
                    column == row.count - 1 ? text : text + String(repeating: " ", count: widths[column] - text.count + 2)
                }.joined()
            }.joined(separator: "\n") + "\n"
        }
    }

    /// `token revoke NAME`: the token stops working at once.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke the active staff token with this name.")

        @Argument(help: ArgumentHelp("The token's name.", valueName: "name"))
        var name: String

        @OptionGroup var databaseOptions: DatabaseOptions

        @OptionGroup var migrationsOptions: MigrationsOptions

        func run() throws {
            CommandFailure.exitOnError {
                let database = try Token.openMigrated(databaseOptions, migrationsOptions, mustExist: true)
                defer { database.close() }
                try StaffTokens(database: database).revoke(name: name, actor: Token.actor, at: UTCTimestamp.now())
                Output.write("revoked \(name)\n", to: 1)
            }
        }
    }
}
