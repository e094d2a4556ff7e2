import Crypto
import JSON
import Portal
import SQLite
import Testing

/// The registry over a real migrated database: numbering, audit events, immutability at the SQL
/// level, the hash check on every read, the diff, audiences and the all-or-nothing import.
@Suite struct ModelRegistryTests {
    typealias Fixture = DocumentationFixture

    /// A migrated database (kept open as long as this lives) and its registry, with the
    /// fixture's model registered by `root`.
    struct Registered {
        let fixture: StaffTestDatabase
        let registry: ModelRegistry
    }

    static func registered() throws -> Registered {
        let fixture = try StaffTestDatabase()
        let registry = ModelRegistry(database: fixture.database)
        _ = try registry.createModel(Fixture.modelBody, by: "root", at: Fixture.now)
        return Registered(fixture: fixture, registry: registry)
    }

    /// Runs `sql` on a connection of its own after dropping the registry's triggers: what someone
    /// with write access to the file could do behind the portal's back.
    static func tamper(_ fixture: StaffTestDatabase, _ sql: String, _ bindings: [SQLValue] = []) throws {
        let connection = try Connection(path: fixture.database.path)
        try connection.execute("""
            DROP TRIGGER IF EXISTS documentation_versions_no_update; DROP TRIGGER IF EXISTS documentation_versions_no_delete;
            DROP TRIGGER IF EXISTS case_events_no_update
            """)
        try connection.run(sql, bindings)
        try connection.close()
    }

    @Test func theCanonicalHashIsStableAndCoversTheSortedKeyEncoding() throws {
        let content = DocumentationContent(values: ["model_name": "Example Model 1", "context_window_tokens": 128000,
                                                    "input_modalities": ["text", "images"]],
                                           publicFields: ["model_name"])
        let document: JSONValue = ["version": 3, "values": .object(content.values), "public_fields": ["model_name"],
                                   "model": "example-model-1"]
        let encoding = DocumentationVersion.canonicalEncoding(model: "example-model-1", number: 3, content: content)
        #expect(String(decoding: encoding, as: UTF8.self) == """
            {"model":"example-model-1","public_fields":["model_name"],"values":{"context_window_tokens":128000,\
            "input_modalities":["text","images"],"model_name":"Example Model 1"},"version":3}
            """)
        #expect(encoding == document.serializedBytes(sortedKeys: true))
        let hash = DocumentationVersion.sha256(model: "example-model-1", number: 3, content: content)
        #expect(hash == SHA256.hexHash(encoding))
        // Pinned: a change of the encoding would make every published hash unverifiable.
        #expect(hash == "50ca20f01ec8f2352155059d3448eb2e915433aecf5490d2665bfd372f9ebdac")
        // Member order does not matter; the values, the number and the model do.
        let reordered = DocumentationContent(values: ["input_modalities": ["text", "images"], "model_name": "Example Model 1",
                                                      "context_window_tokens": 128000], publicFields: ["model_name"])
        #expect(DocumentationVersion.sha256(model: "example-model-1", number: 3, content: reordered) == hash)
        #expect(DocumentationVersion.sha256(model: "example-model-1", number: 4, content: content) != hash)
        #expect(DocumentationVersion.sha256(model: "example-model-2", number: 3, content: content) != hash)
        let other = DocumentationContent(values: ["model_name": "Example Model 1", "context_window_tokens": 128001,
                                                  "input_modalities": ["text", "images"]], publicFields: ["model_name"])
        #expect(DocumentationVersion.sha256(model: "example-model-1", number: 3, content: other) != hash)
    }

    @Test func versionsAreNumberedPerModelAndEachPublicationIsAnAuditEvent() throws {
        let registered = try Self.registered()
        defer { withExtendedLifetime(registered) {} }
        let (fixture, registry) = (registered.fixture, registered.registry)
        _ = try registry.createModel(["name": "other-model", "version": "2", "release_date": "2025-01-01",
                                      "union_market_release_date": "2025-06-01"], by: "root", at: Fixture.now)
        let first = try registry.publish(model: "example-model-1", Fixture.body(), by: "root", at: Fixture.now + 60)
        let second = try registry.publish(model: "example-model-1", Fixture.body(publicFields: []), by: "ann", at: Fixture.now + 120)
        var otherValues = Fixture.requiredValues
        otherValues["model_version"] = "2"
        otherValues["release_date"] = "2025-01-01"
        otherValues["union_market_release_date"] = "2025-06-01"
        let other = try registry.publish(model: "other-model", Fixture.body(otherValues, publicFields: []), by: "root", at: Fixture.now + 180)
        #expect([first.number, second.number, other.number] == [1, 2, 1])
        #expect(first.publishedBy == "root" && second.publishedBy == "ann" && second.publishedAt == Fixture.now + 120)
        #expect(first.retainUntil.description == "2036-03-15" && other.retainUntil.description == "2035-06-01")
        #expect(first.sha256 == DocumentationVersion.sha256(model: "example-model-1", number: 1, content: first.content))

        let events = try fixture.events()
        #expect(events.map(\.type) == ["model_created", "model_created", "documentation_published", "documentation_published",
                                       "documentation_published"])
        #expect(events[0].payload == #"{"model":"example-model-1","model_version":"1.2","release_date":"2026-03-01","retain_until":"2036-03-15","union_market_release_date":"2026-03-15"}"#)
        #expect(events[2].payload == #"{"model":"example-model-1","sha256":"\#(first.sha256)","version":1}"#)
        #expect(events[3].actor == "ann" && events[3].payload.contains(second.sha256))
        #expect(try AuditChain.verify(fixture.database).isIntact)

        // Read back: the same, intact.
        let read = try registry.version(of: "example-model-1", number: 1)
        #expect(read == first)
        #expect(try registry.versions(of: "example-model-1").map(\.number) == [1, 2])
        #expect(try registry.latestVersion(of: "example-model-1")?.number == 2)
        #expect(try registry.latestVersion(of: "other-model")?.sha256 == other.sha256)
    }

    @Test func aModelNameIsRegisteredOnceWhateverItsCase() throws {
        let registered = try Self.registered()
        defer { withExtendedLifetime(registered) {} }
        let (fixture, registry) = (registered.fixture, registered.registry)
        #expect(throws: DocumentationError.modelExists("example-model-1")) {
            try registry.createModel(Fixture.modelBody, by: "root", at: Fixture.now)
        }
        var body = Fixture.modelBody.objectValue!
        body["name"] = "Example-Model-1"
        #expect(throws: DocumentationError.modelExists("example-model-1")) {
            try registry.createModel(.object(body), by: "root", at: Fixture.now)
        }
        #expect(try fixture.events().count == 1, "nothing recorded for a refused registration")
        #expect(throws: DocumentationError.modelNotFound("Example-Model-1")) { try registry.model(named: "Example-Model-1") }
    }

    @Test func unknownModelsAndVersionsAreReported() throws {
        let registered = try Self.registered()
        defer { withExtendedLifetime(registered) {} }
        let registry = registered.registry
        #expect(throws: DocumentationError.modelNotFound("nope")) { try registry.publish(model: "nope", Fixture.body(), by: "root", at: 0) }
        #expect(throws: DocumentationError.versionNotFound(model: "example-model-1", version: 1)) {
            try registry.version(of: "example-model-1", number: 1)
        }
        #expect(try registry.latestVersion(of: "example-model-1") == nil)
        #expect(throws: DocumentationError.modelNotFound("nope")) { try registry.versions(of: "nope") }
    }

    @Test func theDatabaseRefusesToChangeOrDeleteVersionsAndModels() throws {
        let registered = try Self.registered()
        defer { withExtendedLifetime(registered) {} }
        let (fixture, registry) = (registered.fixture, registered.registry)
        _ = try registry.publish(model: "example-model-1", Fixture.body(), by: "root", at: Fixture.now)
        for sql in ["UPDATE documentation_versions SET field_values = '{}'", "UPDATE documentation_versions SET sha256 = 'x'",
                    "DELETE FROM documentation_versions", "UPDATE models SET union_market_release_date = '2020-01-01'",
                    "DELETE FROM models"] {
            let error = #expect(throws: DatabaseError.self, "\(sql)") {
                try fixture.database.write { try $0.run(sql) }
            }
            #expect(error?.message.contains("immutable") == true || error?.message.contains("10 years") == true
                    || error?.message.contains("not changed") == true, "\(error?.message ?? "")")
        }
        #expect(try registry.version(of: "example-model-1", number: 1).isIntact)
    }

    @Test func changedValuesAreCaughtByTheHashCheckWhileTheAuditChainStaysIntact() throws {
        let registered = try Self.registered()
        defer { withExtendedLifetime(registered) {} }
        let (fixture, registry) = (registered.fixture, registered.registry)
        let published = try registry.publish(model: "example-model-1", Fixture.body(), by: "root", at: Fixture.now)
        try Self.tamper(fixture, "UPDATE documentation_versions SET field_values = replace(field_values, '128000', '1000000')")

        let read = try registry.version(of: "example-model-1", number: 1)
        #expect(read.values["context_window_tokens"] == 1000000, "the altered value is shown, flagged")
        #expect(read.sha256 == published.sha256)
        guard case .contentAltered(let computed) = read.integrity else {
            Issue.record("expected contentAltered, got \(read.integrity)")
            return
        }
        #expect(computed != published.sha256 && !read.isIntact)
        let error = #expect(throws: DocumentationError.self) { try read.requireIntact() }
        #expect(error?.description.contains("changed after it was published") == true)
        #expect(read.json["intact"] == false && read.json["computed_sha256"] == .string(computed))
        #expect(try DocumentationIntegrity.verify(fixture.database).map(\.version) == [1])
        // The event recording the publication is untouched, so the chain itself is intact: the
        // registry's own check is what catches this.
        #expect(try AuditChain.verify(fixture.database).isIntact)
    }

    @Test func valuesAndHashRewrittenTogetherAreCaughtByTheAuditRecord() throws {
        let registered = try Self.registered()
        defer { withExtendedLifetime(registered) {} }
        let (fixture, registry) = (registered.fixture, registered.registry)
        let published = try registry.publish(model: "example-model-1", Fixture.body(), by: "root", at: Fixture.now)
        var forged = published.content.values
        forged["context_window_tokens"] = 1000000
        let forgedContent = DocumentationContent(values: forged, publicFields: published.publicFields)
        let forgedHash = DocumentationVersion.sha256(model: "example-model-1", number: 1, content: forgedContent)
        try Self.tamper(fixture, "UPDATE documentation_versions SET field_values = ?, sha256 = ?",
                        [.text(JSONValue.object(forged).serialized(sortedKeys: true)), .text(forgedHash)])

        let read = try registry.version(of: "example-model-1", number: 1)
        #expect(read.integrity == .hashAltered(recorded: published.sha256))
        #expect(read.integrityProblem?.contains("rewritten") == true)
        #expect(try DocumentationIntegrity.verify(fixture.database).count == 1)
        #expect(try AuditChain.verify(fixture.database).isIntact)

        // Rewriting the event's payload too breaks the audit chain at that event.
        try Self.tamper(fixture, "UPDATE case_events SET payload = replace(payload, ?, ?) WHERE type = 'documentation_published'",
                        [.text(published.sha256), .text(forgedHash)])
        #expect(try registry.version(of: "example-model-1", number: 1).isIntact, "content, row and event agree again")
        let chain = try AuditChain.verify(fixture.database)
        #expect(chain.firstMismatch?.type == "documentation_published")
    }

    @Test func theDiffListsAddedRemovedAndChangedFieldsInTheFormsOrder() throws {
        let registered = try Self.registered()
        defer { withExtendedLifetime(registered) {} }
        let registry = registered.registry
        _ = try registry.publish(model: "example-model-1", Fixture.body(Fixture.setting("max_output_tokens", nil)), by: "root", at: Fixture.now)
        var values = Fixture.setting("training_hardware", nil)
        values["context_window_tokens"] = 200000
        values["intended_uses"] = "General text assistance."
        _ = try registry.publish(model: "example-model-1", Fixture.body(values, publicFields: ["model_name", "licence_url"]),
                                 by: "root", at: Fixture.now + 60)
        let diff = try registry.diff(model: "example-model-1", from: 1, to: 2)
        #expect(diff.changes.map(\.key) == ["context_window_tokens", "max_output_tokens", "intended_uses", "training_hardware"])
        #expect(diff.changes.map(\.kind) == [.changed, .added, .changed, .removed])
        #expect(diff.changes[0].old == 128000 && diff.changes[0].new == 200000)
        #expect(diff.changes[1].old == nil && diff.changes[1].new == 8192)
        #expect(diff.changes[3].old == "8,192 accelerators." && diff.changes[3].new == nil)
        #expect(diff.madePublic == ["licence_url"] && diff.madeNonPublic == ["context_window_tokens"])
        let json = diff.json
        #expect(json["from"]?["version"] == 1 && json["to"]?["version"] == 2)
        #expect(json["changes"]?[1]?["change"] == "added" && json["changes"]?[1]?["old"] == nil)
        #expect(json["changes"]?[0]?["label"] == "Maximum input size (context window, tokens)")
        // Backwards, added and removed swap.
        let back = try registry.diff(model: "example-model-1", from: 2, to: 1)
        #expect(back.changes.map(\.kind) == [.changed, .removed, .changed, .added])
        #expect(try registry.diff(model: "example-model-1", from: 2, to: 2).changes.isEmpty)
    }

    @Test func eachAudienceGetsOnlyTheValuesMeantForIt() throws {
        let registered = try Self.registered()
        defer { withExtendedLifetime(registered) {} }
        let registry = registered.registry
        let version = try registry.publish(model: "example-model-1", Fixture.body(publicFields: ["model_name", "licence_url"]),
                                           by: "root", at: Fixture.now)
        let downstream = version.values(for: .downstreamProviders)
        #expect(downstream.keys == DocumentationForm.fields(for: .downstreamProviders).map(\.key))
        #expect(!downstream.contains(key: "training_compute_flops") && !downstream.contains(key: "parameter_count"))
        #expect(version.values(for: .aiOffice).count == version.values.count)
        #expect(version.values(for: .public).keys == ["model_name", "licence_url"])
        #expect(version.audiences(of: "licence_url") == [.aiOffice, .nationalAuthorities, .downstreamProviders, .public])
        #expect(version.audiences(of: "training_energy_mwh") == [.aiOffice, .nationalAuthorities])
        #expect(version.entries.count == version.values.count)
        #expect(version.json["audiences"]?["model_name"] == ["ai_office", "national_authorities", "downstream_providers", "public"])

        let catalogue = try registry.catalogue()
        #expect(catalogue.count == 1 && catalogue[0].publicValues.keys == ["model_name", "licence_url"])
        #expect(catalogue[0].json["documentation"]?["values"]?["training_compute_flops"] == nil)
    }

    @Test func theCatalogueWithholdsTheValuesOfAnAlteredVersion() throws {
        let registered = try Self.registered()
        defer { withExtendedLifetime(registered) {} }
        let (fixture, registry) = (registered.fixture, registered.registry)
        _ = try registry.publish(model: "example-model-1", Fixture.body(), by: "root", at: Fixture.now)
        try Self.tamper(fixture, "UPDATE documentation_versions SET field_values = replace(field_values, 'Example Model 1', 'Evil Model')")
        let entry = try #require(try registry.catalogue().first)
        #expect(entry.publicValues.isEmpty)
        #expect(entry.json["documentation"]?["intact"] == false)
    }

    @Test func anImportStoresEverythingOrNothing() throws {
        let fixture = try StaffTestDatabase()
        let registry = ModelRegistry(database: fixture.database)
        let second: JSONValue = ["name": "example-model-2", "version": "2.0", "release_date": "2026-03-01",
                                 "union_market_release_date": "2026-03-15", "documentation": []]
        var model = Fixture.modelBody.objectValue!
        model["documentation"] = [Fixture.body(), Fixture.body(Fixture.setting("context_window_tokens", 200000))]
        let imported = try registry.importModels(["models": [.object(model), second]], by: "cli", at: Fixture.now)
        #expect(imported.map(\.model.name) == ["example-model-1", "example-model-2"])
        #expect(imported[0].versions.map(\.number) == [1, 2] && imported[1].versions.isEmpty)
        #expect(try fixture.events().map(\.type) == ["model_created", "documentation_published", "documentation_published", "model_created"])
        #expect(try fixture.events().allSatisfy { $0.actor == "cli" })

        // A second file with one bad version and one existing model stores nothing.
        var third = Fixture.modelBody.objectValue!
        third["name"] = "example-model-3"
        third["documentation"] = [Fixture.body(Fixture.setting("context_window_tokens", "many"), publicFields: [])]
        let error = #expect(throws: DocumentationError.self) {
            try registry.importModels(["models": [.object(third)]], by: "cli", at: Fixture.now)
        }
        #expect(error == .invalid([FieldError("models[0].documentation[0].values.context_window_tokens",
                                              "Give this as a whole number, without a fraction or exponent.")]))
        let clash: JSONValue = ["models": [["name": "example-model-4", "version": "1", "release_date": "2026-01-01",
                                            "union_market_release_date": "2026-01-01"], second]]
        #expect(throws: DocumentationError.invalid([FieldError("models[1].name", "A model named example-model-2 is already registered.")])) {
            try registry.importModels(clash, by: "cli", at: Fixture.now)
        }
        #expect(try registry.models().map(\.name) == ["example-model-1", "example-model-2"])
        #expect(try fixture.events().count == 4)
    }

    @Test func anImportFileIsCheckedAsAWhole() throws {
        let fixture = try StaffTestDatabase()
        let registry = ModelRegistry(database: fixture.database)
        #expect(throws: DocumentationError.invalid([FieldError("models", "List at least one model.")])) {
            try registry.importModels(["models": []], by: "cli", at: Fixture.now)
        }
        let file: JSONValue = ["models": [Fixture.modelBody, Fixture.modelBody, ["name": "x y"]], "extra": true]
        let error = #expect(throws: DocumentationError.self) { try registry.importModels(file, by: "cli", at: Fixture.now) }
        guard case .invalid(let errors)? = error else { return }
        #expect(errors.map(\.field) == ["extra", "models[1].name", "models[2].name", "models[2].version", "models[2].release_date",
                                        "models[2].union_market_release_date"])
    }
}
