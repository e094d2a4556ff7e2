import ArgumentParser
import Portal

@main
struct CompliancePortal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance-portal",
        abstract: "The public contact point, complaint desk and documentation desk of a GPAI model provider.",
        version: PortalVersion.current,
        subcommands: [Serve.self, Migrate.self, Backup.self, Audit.self, Token.self, Models.self],
        defaultSubcommand: nil
    )
}
