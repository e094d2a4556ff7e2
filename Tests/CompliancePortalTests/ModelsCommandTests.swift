import Foundation
import Portal
import SQLite
import Testing

/// `compliance-portal models import FILE.json`, run as an operator runs it for a first deployment.
@Suite(.serialized) struct ModelsCommandTests {
    /// A temporary folder with a database path (not created yet) and an import file.
    final class Workspace {
        let folder: URL
        let database: String
        let file: String

        init(_ contents: String) throws {
            folder = try CommandRunner.temporaryFolder()
            database = folder.appendingPathComponent("portal.sqlite").path
            file = folder.appendingPathComponent("models.json").path
            try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func run(_ arguments: [String] = []) throws -> CommandRunner.Result {
            try CommandRunner.run(["models", "import", file] + arguments + ["--database", database, "--migrations", CommandRunner.migrations])
        }

        func query<T>(_ body: (Connection) throws -> T) throws -> T {
            let database = try Database(path: database, readers: 1)
            defer { database.close() }
            return try database.read(body)
        }
    }

    /// The values of a complete documentation version of example-model-1, as JSON members.
    static func values(contextWindow: Int = 128000) -> String {
        """
        "provider_legal_name": "Example AI SE", "model_name": "Example Model 1", "model_version": "1.2",
        "model_authenticity": "SHA-256 of the weights archive: 3f5c0e7a", "release_date": "2026-03-01",
        "union_market_release_date": "2026-03-15", "model_architecture": "Decoder-only transformer.",
        "design_specification": "A dense model.", "input_modalities": ["text"], "output_modalities": ["text"],
        "context_window_tokens": \(contextWindow), "parameter_range": "50b_to_100b", "parameter_count": 70000000000,
        "distribution_channels": ["Public API"], "licence_type": "proprietary", "licence_url": "https://example.ai/terms",
        "acceptable_use_policy_url": "https://example.ai/aup", "intended_uses": "General text assistance.",
        "ai_system_types": "Chat assistants.", "integration_means": "A REST API.",
        "training_process_description": "Pre-training, then fine-tuning.", "training_design_rationale": "Quality and cost.",
        "training_data_types": ["text"], "training_data_provenance": ["web_crawled"],
        "data_acquisition_methods": "The ExampleBot crawler.", "training_data_size": "12 trillion tokens.",
        "training_data_scope": "Web text in 30 languages.", "data_curation_methods": "Deduplication.",
        "unsuitable_data_measures": "Hash matching.", "bias_detection_measures": "Audits.",
        "training_duration_days": 62.5, "training_compute_flops": 3.8e24, "compute_measurement_methodology": "6ND."
        """
    }

    static let twoModels = """
        {"models": [
          {"name": "example-model-1", "version": "1.2", "release_date": "2026-03-01", "union_market_release_date": "2026-03-15",
           "documentation": [
             {"values": {\(values())}, "public_fields": ["model_name", "context_window_tokens"]},
             {"values": {\(values(contextWindow: 200000))}, "public_fields": ["model_name"]}]},
          {"name": "example-model-0", "version": "0.9", "release_date": "2025-01-10", "union_market_release_date": "2025-02-01"}
        ]}
        """

    @Test func importMigratesTheDatabaseStoresEveryModelAndVersionAndPrintsThem() throws {
        let workspace = try Workspace(Self.twoModels)
        let result = try workspace.run()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("applied 0004_model_documentation.sql"))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(result.stdout)")
        #expect(lines.first == "model example-model-1 1.2 (released 2026-03-01, EU market 2026-03-15, kept until 2036-03-15)")
        #expect(lines[1].hasPrefix("  documentation version 1 sha256 ") && lines[1].hasSuffix("(33 fields, 2 public)"))
        #expect(lines[2].hasPrefix("  documentation version 2 sha256 "))
        #expect(lines[3] == "model example-model-0 0.9 (released 2025-01-10, EU market 2025-02-01, kept until 2035-02-01)")
        #expect(lines[4] == "imported 2 models and 2 documentation versions")

        let (versions, events) = try workspace.query { connection in
            (try connection.query("SELECT number, sha256, published_by FROM documentation_versions ORDER BY id"),
             try connection.query("SELECT type, actor FROM case_events ORDER BY id"))
        }
        #expect(versions.map { $0.int("number") } == [1, 2])
        #expect(versions.allSatisfy { $0.string("published_by") == "cli" })
        #expect(lines[1].contains(versions[0].string("sha256") ?? "?") && lines[2].contains(versions[1].string("sha256") ?? "?"))
        #expect(events.map { $0.string("type") } == ["model_created", "documentation_published", "documentation_published", "model_created"])
        #expect(events.allSatisfy { $0.string("actor") == "cli" })

        let database = try Database(path: workspace.database, readers: 1)
        defer { database.close() }
        let registry = ModelRegistry(database: database)
        #expect(try registry.version(of: "example-model-1", number: 2).values["context_window_tokens"] == 200000)
        #expect(try registry.versions(of: "example-model-1").allSatisfy(\.isIntact))
        #expect(try AuditChain.verify(database).isIntact)
    }

    @Test func anInvalidFileImportsNothingAndNamesEveryProblemByPath() throws {
        let file = """
            {"models": [
              {"name": "example-model-1", "version": "1.2", "release_date": "2026-03-01", "union_market_release_date": "2026-03-15",
               "documentation": [{"values": {\(Self.values(contextWindow: 0))}, "public_fields": ["training_compute_flops"]}]},
              {"name": "second model", "version": "1", "release_date": "2026-03-01", "union_market_release_date": "2026-02-01"}
            ]}
            """
        let workspace = try Workspace(file)
        let result = try workspace.run()
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        for expected in [
            "nothing imported from \(workspace.file)",
            "models[0].documentation[0].values.context_window_tokens: Give a whole number of at least 1.",
            #"models[0].documentation[0].public_fields[0]: "training_compute_flops" is for the AI Office and national authorities only"#,
            "models[1].name: Use 1 to 100 of the characters",
            "models[1].union_market_release_date: The Union market release cannot come before the release date, 2026-03-01.",
        ] {
            #expect(result.stderr.contains(expected), "\(expected) in \(result.stderr)")
        }
        #expect(try workspace.query { try $0.scalar("SELECT count(*) FROM models")?.intValue } == 0)
        #expect(try workspace.query { try $0.scalar("SELECT count(*) FROM case_events")?.intValue } == 0)
    }

    @Test func importingAModelThatIsAlreadyRegisteredImportsNothing() throws {
        let workspace = try Workspace(Self.twoModels)
        #expect(try workspace.run().status == 0)
        let again = try workspace.run()
        #expect(again.status == 1)
        #expect(again.stderr.contains("models[0].name: A model named example-model-1 is already registered."))
        #expect(again.stderr.contains("models[1].name: A model named example-model-0 is already registered."))
        #expect(try workspace.query { try $0.scalar("SELECT count(*) FROM documentation_versions")?.intValue } == 2)
    }

    @Test func aFileThatIsNotJSONIsRefusedWithWhereItBreaks() throws {
        let workspace = try Workspace("{\"models\": [}")
        let result = try workspace.run()
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not valid JSON") && result.stderr.contains("line 1"))
        let missing = try CommandRunner.run(["models", "import", workspace.folder.appendingPathComponent("none.json").path,
                                             "--database", workspace.database, "--migrations", CommandRunner.migrations])
        #expect(missing.status == 1 && missing.stderr.contains("cannot read"))
    }

    @Test func auditVerifyCatchesAPublishedVersionWhoseStoredValuesWereChanged() throws {
        let workspace = try Workspace(Self.twoModels)
        #expect(try workspace.run().status == 0)
        let intact = try CommandRunner.run(["audit", "verify", "--database", workspace.database])
        #expect(intact.status == 0, "\(intact.stdout)\(intact.stderr)")
        // Behind the portal's back: the trigger dropped, version 2's values rewritten.
        let database = try Database(path: workspace.database, readers: 1)
        try database.writeWithoutTransaction { connection in
            try connection.execute("DROP TRIGGER documentation_versions_no_update")
            try connection.run("UPDATE documentation_versions SET field_values = replace(field_values, '200000', '900000') WHERE number = 2")
        }
        database.close()
        let broken = try CommandRunner.run(["audit", "verify", "--database", workspace.database])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("intact: "), "the event chain itself is untouched")
        #expect(broken.stdout.contains("BROKEN documentation example-model-1 version 2:"), "\(broken.stdout)")
        let json = try CommandRunner.run(["audit", "verify", "--json", "--database", workspace.database])
        #expect(json.status == 1)
        #expect(json.stdout.contains(#""intact":false"#))
        #expect(json.stdout.contains(#""model":"example-model-1""#))
    }
}
