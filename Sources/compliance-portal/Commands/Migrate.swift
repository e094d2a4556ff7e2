import ArgumentParser
import SQLite

/// `compliance-portal migrate`: apply pending migrations, refusing if an applied one changed.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations and say which ran.")

    @OptionGroup var databaseOptions: DatabaseOptions

    @OptionGroup var migrationsOptions: MigrationsOptions

    @Flag(help: "Only report the status; apply nothing.")
    var status = false

    func run() throws {
        CommandFailure.exitOnError {
            let database = try Database(path: databaseOptions.databasePath, readers: 1)
            defer { database.close() }
            let migrator = try Migrator(directory: migrationsOptions.migrationsPath)
            if status {
                let current = try migrator.status(of: database)
                print("\(database.path): \(current)")
                switch current {
                case .changed, .missing: throw CommandFailure("\(current)")
                default: return
                }
            }
            let applied = try migrator.migrate(database)
            if applied.isEmpty {
                print("\(database.path): up to date (\(migrator.migrations.count) migrations)")
            }
            for migration in applied {
                print("applied \(migration.fileName)")
            }
        }
    }
}
