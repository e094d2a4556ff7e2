import ArgumentParser
import JSON
import Portal
import SQLite
#if canImport(Glibc)
import Glibc
#endif

/// `compliance-portal audit`: check the hash chain of the audit log, or print its head.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the hash-chained audit log (case_events) or print its head hash.",
        subcommands: [Verify.self, Head.self])

    /// `audit verify`: walks every event and checks every published documentation version against
    /// its hash; exit 0 when all is intact, 1 at the first broken event or any altered version.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every event's hash; exit 1 and name the first event that breaks the chain.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Flag(help: "Print the result as one JSON object.")
        var json = false

        func run() throws {
            var intact = true
            CommandFailure.exitOnError {
                let connection = try Audit.openExisting(databaseOptions.databasePath)
                let check = try AuditCheck.run(connection)
                intact = check.isIntact
                if json {
                    print(check.json.serialized())
                } else {
                    print(Self.describe(check.chain))
                    for finding in check.documentation {
                        print("BROKEN documentation \(finding.model) version \(finding.version): \(finding.problem)")
                    }
                    for release in check.releases {
                        print("BROKEN release \(release.id) (\(release.reference)): its content does not match its hash")
                    }
                }
            }
            if !intact { throw ExitCode.failure }
        }

        /// One line: `intact: N events, head H`, or where and why the chain breaks.
        static func describe(_ result: AuditVerification) -> String {
            guard let mismatch = result.firstMismatch else {
                return "intact: \(Audit.events(result.count)), head \(result.headHash)"
            }
            let before = result.count == 1 ? "1 event before it is intact" : "\(result.count) events before it are intact"
            return "BROKEN at event \(mismatch.eventID) (\(mismatch.reference ?? "no case"), \(mismatch.type)): "
                + "\(mismatch.reason); \(before), last intact hash \(result.headHash)"
        }
    }

    /// `audit head`: the last event's stored hash, on one line, for a timestamping service.
    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the hash of the last event (not verified; see `audit verify`).")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Flag(help: #"Print {"events":N,"head_hash":"…"} instead of the bare hash."#)
        var json = false

        func run() throws {
            CommandFailure.exitOnError {
                let connection = try Audit.openExisting(databaseOptions.databasePath)
                let head = try connection.transaction(immediate: false) { try AuditChain.head(connection) }
                if json {
                    let object: JSONValue = ["events": .number(head.count), "head_hash": .string(head.hash)]
                    print(object.serialized())
                } else {
                    print(head.hash)
                }
            }
        }
    }

    /// Opens the database read-only, so an audit never changes the file it checks (nor creates
    /// one: an audit of nothing would hide a wrong path). Safe while the server writes (WAL).
    static func openExisting(_ path: String) throws -> Connection {
        guard access(path, F_OK) == 0 else { throw CommandFailure("no database at \(path)") }
        return try Connection(path: path, readOnly: true)
    }

    static func events(_ count: Int) -> String {
        count == 1 ? "1 event" : "\(count) events"
    }
}
