#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: keeps ICU and its memory out of the binary's server
#else
import Foundation
#endif
import ArgumentParser
import JSON
import Portal
import SQLite

/// `compliance-portal models import FILE.json`: loads models and their documentation versions for a
/// first deployment, through the same validation as the API, all or nothing.
struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load models and their documentation versions.",
        subcommands: [Import.self])

    /// `models import FILE.json`: every model and version in one transaction, recorded in the
    /// audit log as made by `cli`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Register the models of a JSON file and publish their documentation versions, all or nothing.",
            discussion: """
                The file is {"models": [{"name", "version", "release_date", "union_market_release_date", \
                "documentation": [{"values": {...}, "public_fields": [...]}, ...]}, ...]}, with the same rules \
                as POST /api/v1/models and POST /api/v1/models/{model}/documentation; GET \
                /api/v1/documentation-form lists the fields. Versions are numbered 1, 2, ... in file order. \
                Nothing is stored unless everything is valid, and no model of the file may already exist. \
                Pending migrations are applied first, as serve does.
                """)

        @Argument(help: ArgumentHelp("The JSON file to import.", valueName: "file"))
        var file: String

        @OptionGroup var databaseOptions: DatabaseOptions

        @OptionGroup var migrationsOptions: MigrationsOptions

        func run() throws {
            CommandFailure.exitOnError {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CommandFailure("cannot read \(file)")
                }
                let document: JSONValue
                do {
                    document = try JSONParser.parse(Array(data))
                } catch {
                    throw CommandFailure("\(file) is not valid JSON: \(error)")
                }
                let database = try Token.openMigrated(databaseOptions, migrationsOptions, mustExist: false)
                defer { database.close() }
                let imported: [ModelRegistry.Imported]
                do {
                    imported = try ModelRegistry(database: database).importModels(document, by: Token.actor, at: UTCTimestamp.now())
                } catch DocumentationError.invalid(let errors) {
                    throw CommandFailure("nothing imported from \(file): "
                                         + errors.map { "\n  \($0.field.isEmpty ? "(file)" : $0.field): \($0.message)" }.joined())
                }
                Output.write(Self.describe(imported), to: 1)
            }
        }

        /// One line per model and one per version: `model NAME VERSION (released …, EU market …, kept until …)`
        /// and `  documentation version N sha256 H (K public fields)`.
        static func describe(_ imported: [ModelRegistry.Imported]) -> String {
            imported.map { entry in
                let model = entry.model
                var text = "model \(model.name) \(model.version) (released \(model.releaseDate), EU market \(model.unionMarketReleaseDate), "
                    + "kept until \(model.retainUntil))\n"
                for version in entry.versions {
                    text += "  documentation version \(version.number) sha256 \(version.sha256) "
                        + "(\(version.values.count) fields, \(version.publicFields.count) public)\n"
                }
                return text
            }.joined() + "imported \(imported.count) model\(imported.count == 1 ? "" : "s") and "
                + "\(imported.map(\.versions.count).reduce(0, +)) documentation version\(imported.map(\.versions.count).reduce(0, +) == 1 ? "" : "s")\n"
        }
    }
}
