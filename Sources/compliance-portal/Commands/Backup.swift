import ArgumentParser
import SQLite
#if canImport(Glibc)
import Glibc
#endif

/// `compliance-portal backup DEST`: a consistent online copy, safe while the server writes.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to a new file while the server keeps running.")

    @Argument(help: ArgumentHelp("The new file; it must not exist yet.", valueName: "dest"))
    var destination: String

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() throws {
        CommandFailure.exitOnError {
            // Opening would create an empty database; a backup of nothing hides a wrong path.
            guard access(databaseOptions.databasePath, F_OK) == 0 else {
                throw CommandFailure("no database at \(databaseOptions.databasePath)")
            }
            let database = try Database(path: databaseOptions.databasePath, readers: 1)
            defer { database.close() }
            try database.backup(to: destination)
            let copy = try Database(path: destination, readers: 1)
            defer { copy.close() }
            let check = try copy.read { try $0.scalar("PRAGMA integrity_check")?.stringValue } ?? "no answer"
            guard check == "ok" else { throw CommandFailure("the backup failed its integrity check: \(check)") }
            print("backed up \(database.path) to \(destination) (integrity check ok)")
        }
    }
}
