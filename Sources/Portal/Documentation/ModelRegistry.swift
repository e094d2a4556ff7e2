import Crypto
import JSON
import SQLite

/// The registry of models and their documentation versions, over the SQLite layer.
///
/// Registering a model and publishing a version are each one durable write transaction holding
/// the row and its audit event (`model_created`, `documentation_published`), so neither exists
/// without the other. Published versions are never changed or deleted: there is no code for it,
/// and the database's triggers refuse it (Migrations/0004_model_documentation.sql). Every read of
/// a version re-checks its hash (`DocumentationVersion.integrity`).
///
/// The `static` functions taking a `Connection` do the same work inside a transaction the caller
/// holds (e.g. a release that reads a version and records what it released in one transaction).
public final class ModelRegistry: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: Writing

    /// Registers the model described by `body` (`{"name","version","release_date",
    /// "union_market_release_date"}`) and appends `model_created` by `actor`.
    /// - Throws: `DocumentationError.invalid` with every problem, `.modelExists` for a name already
    ///   registered (compared without regard to case).
    public func createModel(_ body: JSONValue, by actor: String, at now: Int64) throws -> ModelRecord {
        let model = try ModelRecord.validate(body, createdAt: now, createdBy: actor).get()
        try database.write { connection in _ = try Self.insert(model, connection) }
        return model
    }

    /// Publishes `body` (`{"values": {...}, "public_fields": [...]}`) as the next version of
    /// `model` and appends `documentation_published` ({model, version, sha256}) by `actor`.
    /// - Throws: `DocumentationError.modelNotFound`, or `.invalid` with every problem of the values.
    public func publish(model name: String, _ body: JSONValue, by actor: String, at now: Int64) throws -> DocumentationVersion {
        // Validated before the write, which is serialized; a model never changes once registered.
        let content = try DocumentationValidator.validate(body, for: try model(named: name)).get()
        return try database.write { connection in
            guard let (id, model) = try Self.modelRow(named: name, connection) else { throw DocumentationError.modelNotFound(name) }
            return try Self.insertVersion(content, modelID: id, model: model, by: actor, at: now, connection)
        }
    }

    /// What `importModels` stored for one model.
    public struct Imported: Sendable {
        public let model: ModelRecord
        public let versions: [DocumentationVersion]
    }

    /// Loads `{"models": [{"name", "version", "release_date", "union_market_release_date",
    /// "documentation": [{"values", "public_fields"}, …]}, …]}` through the same validation as
    /// the API, in one transaction: every model and version is stored, or none. Errors name their
    /// place, e.g. `models[1].documentation[0].values.context_window_tokens`.
    public func importModels(_ document: JSONValue, by actor: String, at now: Int64) throws -> [Imported] {
        var reader = FieldReader()
        guard let object = document.objectValue else {
            throw DocumentationError.invalid([FieldError("", "Give a JSON object with a models list.")])
        }
        reader.refuseUnknownKeys(object, known: ["models"], what: "an import file")
        let entries = object["models"]?.arrayValue ?? []
        if object["models"]?.arrayValue == nil {
            reader.add("models", "Give the models as a list.")
        } else if entries.isEmpty {
            reader.add("models", "List at least one model.")
        }
        var drafts: [(path: String, model: ModelRecord, documentation: [DocumentationContent])] = []
        for (index, entry) in entries.enumerated() {
            let prefix = "models[\(index)]."
            var errors: [FieldError] = []
            switch ModelRecord.validate(entry, createdAt: now, createdBy: actor, prefix: prefix, ignoring: ["documentation"]) {
            case .failure(.invalid(let found)):
                errors = found
            case .failure(let other):
                throw other
            case .success(let model):
                if drafts.contains(where: { $0.model.name.lowercased() == model.name.lowercased() }) {
                    errors.append(FieldError(prefix + "name", "Another model in this file has the name \(model.name)."))
                }
                var documentation: [DocumentationContent] = []
                let given = entry["documentation"]
                let versions = given?.arrayValue ?? []
                if let given, !given.isNull, given.arrayValue == nil {
                    errors.append(FieldError(prefix + "documentation", "Give the documentation versions as a list."))
                }
                for (number, version) in versions.enumerated() {
                    switch DocumentationValidator.validate(version, for: model, prefix: "\(prefix)documentation[\(number)].") {
                    case .success(let content): documentation.append(content)
                    case .failure(.invalid(let found)): errors += found
                    case .failure(let other): throw other
                    }
                }
                if errors.isEmpty { drafts.append((String(prefix.dropLast()), model, documentation)) }
            }
            for error in errors { reader.add(error.field, error.message) }
        }
        guard reader.errors.isEmpty else { throw DocumentationError.invalid(reader.errors) }
        return try database.write { connection in
            var conflicts: [FieldError] = []
            for draft in drafts {
                if let existing = try Self.existingName(draft.model.name, connection) {
                    conflicts.append(FieldError(draft.path + ".name", "A model named \(existing) is already registered."))
                }
            }
            guard conflicts.isEmpty else { throw DocumentationError.invalid(conflicts) }
            return try drafts.map { draft in
                let id = try Self.insert(draft.model, connection)
                let versions = try draft.documentation.map { content in
                    try Self.insertVersion(content, modelID: id, model: draft.model, by: actor, at: now, connection)
                }
                return Imported(model: draft.model, versions: versions)
            }
        }
    }

    static func existingName(_ name: String, _ connection: Connection) throws -> String? {
        try connection.scalar("SELECT name FROM models WHERE name = ? COLLATE NOCASE", [.text(name)])?.stringValue
    }

    /// Inserts the model and its `model_created` event; returns the model's row id.
    static func insert(_ model: ModelRecord, _ connection: Connection) throws -> Int64 {
        if let existing = try existingName(model.name, connection) { throw DocumentationError.modelExists(existing) }
        do {
            try connection.run("""
                INSERT INTO models (name, version, release_date, union_market_release_date, retain_until, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(model.name), .text(model.version), .text(model.releaseDate.description),
                      .text(model.unionMarketReleaseDate.description), .text(model.retainUntil.description),
                      .text(UTCTimestamp.format(model.createdAt)), .text(model.createdBy)])
        } catch let error as DatabaseError where error.isConstraint {
            throw DocumentationError.modelExists(model.name)
        }
        let id = connection.lastInsertRowID
        try EventLog.append(connection, caseID: nil, reference: nil, type: "model_created", actor: model.createdBy,
                            occurredAt: model.createdAt, payload: model.eventPayload)
        return id
    }

    /// Inserts the next version of the model and its `documentation_published` event.
    static func insertVersion(_ content: DocumentationContent, modelID: Int64, model: ModelRecord, by actor: String,
                              at now: Int64, _ connection: Connection) throws -> DocumentationVersion {
        let number = (try connection.scalar("SELECT max(number) FROM documentation_versions WHERE model_id = ?",
                                            [.integer(modelID)])?.intValue ?? 0) + 1
        let valuesText = JSONValue.object(content.values).serialized(sortedKeys: true)
        let publicText = DocumentationVersion.publicFieldsText(content.publicFields)
        let sha256 = SHA256.hexHash(DocumentationVersion.canonicalBytes(model: model.name, number: number,
                                                                      publicFieldsText: publicText, valuesText: valuesText))
        try EventLog.append(connection, caseID: nil, reference: nil, type: "documentation_published", actor: actor, occurredAt: now,
                            payload: .object(JSONObject([("model", .string(model.name)), ("version", .number(number)),
                                                         ("sha256", .string(sha256))])))
        let eventID = connection.lastInsertRowID
        try connection.run("""
            INSERT INTO documentation_versions (model_id, number, field_values, public_fields, published_at, published_by,
                                                sha256, retain_until, event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(modelID), .integer(Int64(number)), .text(valuesText), .text(publicText),
                  .text(UTCTimestamp.format(now)), .text(actor), .text(sha256), .text(model.retainUntil.description),
                  .integer(eventID)])
        return DocumentationVersion(model: model.name, number: number, content: content, publishedAt: now, publishedBy: actor,
                                    sha256: sha256, retainUntil: model.retainUntil, integrity: .intact)
    }

    // MARK: Reading

    /// The model named `name` (exactly).
    /// - Throws: `DocumentationError.modelNotFound`.
    public func model(named name: String) throws -> ModelRecord {
        try database.read { connection in try Self.model(named: name, in: connection) }
    }

    /// Every model, by name.
    public func models() throws -> [ModelRecord] {
        try database.read { connection in
            try connection.query(ModelRecord.selectSQL + " ORDER BY name").compactMap(ModelRecord.init(row:))
        }
    }

    /// Every version of the model, oldest first, each checked.
    /// - Throws: `DocumentationError.modelNotFound`.
    public func versions(of model: String) throws -> [DocumentationVersion] {
        try database.read { connection in
            _ = try Self.model(named: model, in: connection)
            return try connection.query(DocumentationVersion.selectSQL + " WHERE m.name = ? ORDER BY v.number", [.text(model)])
                .compactMap(DocumentationVersion.init(row:))
        }
    }

    /// Version `number` of the model, checked.
    /// - Throws: `DocumentationError.modelNotFound`, `.versionNotFound`.
    public func version(of model: String, number: Int) throws -> DocumentationVersion {
        try database.read { connection in try Self.version(of: model, number: number, in: connection) }
    }

    /// The model's latest version, checked, or nil when none is published.
    /// - Throws: `DocumentationError.modelNotFound`.
    public func latestVersion(of model: String) throws -> DocumentationVersion? {
        try database.read { connection in
            _ = try Self.model(named: model, in: connection)
            return try Self.latestVersion(of: model, in: connection)
        }
    }

    /// The changes from version `from` to version `to` of the model (either may be the older).
    public func diff(model: String, from: Int, to: Int) throws -> DocumentationDiff {
        try database.read { connection in
            DocumentationDiff(from: try Self.version(of: model, number: from, in: connection),
                              to: try Self.version(of: model, number: to, in: connection))
        }
    }

    /// Every model with its latest version, by name: what the public catalogue shows (see
    /// `CatalogueEntry.json` for what of it is public).
    public func catalogue() throws -> [CatalogueEntry] {
        try database.read { connection in
            try connection.query(ModelRecord.selectSQL + " ORDER BY name").compactMap(ModelRecord.init(row:)).map { model in
                CatalogueEntry(model: model, latest: try Self.latestVersion(of: model.name, in: connection))
            }
        }
    }

    /// The model named `name`, on a connection the caller holds.
    public static func model(named name: String, in connection: Connection) throws -> ModelRecord {
        guard let (_, model) = try modelRow(named: name, connection) else { throw DocumentationError.modelNotFound(name) }
        return model
    }

    /// Version `number` of the model, checked, on a connection the caller holds.
    public static func version(of model: String, number: Int, in connection: Connection) throws -> DocumentationVersion {
        _ = try Self.model(named: model, in: connection)
        guard let version = try connection.query(DocumentationVersion.selectSQL + " WHERE m.name = ? AND v.number = ?",
                                                 [.text(model), .integer(Int64(number))]).first.flatMap(DocumentationVersion.init(row:)) else {
            throw DocumentationError.versionNotFound(model: model, version: number)
        }
        return version
    }

    static func latestVersion(of model: String, in connection: Connection) throws -> DocumentationVersion? {
        try connection.query(DocumentationVersion.selectSQL + " WHERE m.name = ? ORDER BY v.number DESC LIMIT 1", [.text(model)])
            .first.flatMap(DocumentationVersion.init(row:))
    }

    static func modelRow(named name: String, _ connection: Connection) throws -> (Int64, ModelRecord)? {
        guard let row = try connection.query(ModelRecord.selectSQL + " WHERE name = ?", [.text(name)]).first,
              let id = row.int64("id"), let model = ModelRecord(row: row) else { return nil }
        return (id, model)
    }
}
