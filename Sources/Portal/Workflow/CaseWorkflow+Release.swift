import JSON
import SQLite

extension CaseWorkflow {
    /// The documentation audience of the party of `type`'s cases: what a release to them may
    /// contain, as its type describes it (`CaseType.releaseAudience`): a documentation request comes
    /// from a downstream provider, an authority request from the AI Office or a national competent
    /// authority (its recorded `authority`); other types receive no releases (nil).
    public static func requesterAudience(of record: CaseRecord) -> DocumentationAudience? {
        record.type.releaseAudience.audience(of: record.submission)
    }

    /// Releases documentation to the party of an open case (`POST /api/v1/cases/{reference}/releases`).
    ///
    /// The body is `{"documentation_version": N, "fields": ["model_name", …], "items": ["annex_xii_1a", …],
    /// "answer": "…"}`: `fields` names fields of the form; `items` stands for every field answering
    /// those Annex XII items that has a value in the version (an item none of whose fields has a value
    /// is refused). Either or both may be given, merged without repetition; an `answer` (to the
    /// request's question) may be given alone. Every field released must be meant for `audience`
    /// (default: `requesterAudience(of:)`) and have a value in the version: otherwise 422 naming each
    /// such field — nothing is silently dropped. The version must belong to the request's model and be
    /// intact (`DocumentationError.tampered` otherwise). The release and its `released` event are one
    /// write transaction.
    /// - Throws: `WorkflowError` (`.caseNotFound`, `.preconditionFailed`, `.conflict` for a closed
    ///   case or one that takes no releases, `.invalid`), `DocumentationError.tampered`.
    public func release(reference: String, request body: JSONValue, by staff: StaffMember, ifMatch: String?, now: Int64,
                        audience: DocumentationAudience? = nil) throws -> (record: CaseRecord, release: Release) {
        try database.write { connection in
            guard let record = try CaseRecord.load(reference: reference, connection) else { throw WorkflowError.caseNotFound }
            if let ifMatch, !EntityTag.ifMatch(ifMatch, accepts: record.etag) {
                throw WorkflowError.preconditionFailed(currentETag: record.etag)
            }
            guard let audience = audience ?? Self.requesterAudience(of: record) else {
                throw WorkflowError.conflict("A \(record.type.displayName.lowercased()) takes no releases of documentation.")
            }
            guard record.type.lifecycle.isOpen(record.status) else {
                throw WorkflowError.conflict("This case is closed; reopen it before releasing documentation to \(record.type.partyDescription).")
            }
            let release = try Self.insertRelease(record, body: body, audience: audience, by: staff, now: now, connection)
            guard let updated = try CaseRecord.load(id: record.id, connection) else { throw WorkflowError.caseNotFound }
            return (updated, release)
        }
    }

    /// The releases of a case, oldest first.
    public func releases(reference: String) throws -> [Release] {
        try database.read { connection in
            guard let record = try CaseRecord.load(reference: reference, connection) else { throw WorkflowError.caseNotFound }
            return try Release.all(caseID: record.id, connection)
        }
    }

    private static func insertRelease(_ record: CaseRecord, body: JSONValue, audience: DocumentationAudience, by staff: StaffMember,
                                      now: Int64, _ connection: Connection) throws -> Release {
        guard let object = body.objectValue else { throw WorkflowError.invalid([FieldError("", "Send a JSON object.")]) }
        var reader = FieldReader()
        reader.refuseUnknownKeys(object, known: ["documentation_version", "fields", "items", "answer"], what: "a release")
        let number = reader.integer(object["documentation_version"], "documentation_version", in: 1...1_000_000,
                                    missing: "Give the number of the documentation version to release from.")
        let fieldNames = strings(object["fields"], "fields", &reader)
        let itemNames = strings(object["items"], "items", &reader)
        let question = record.submission["question"]?.stringValue
        var answer: String?
        if let value = object["answer"], !value.isNull {
            if question == nil {
                reader.add("answer", "The request asked no question; release fields or items only.")
            } else {
                answer = reader.text(value, "answer", max: 20_000, missing: "Write the answer to the request's question.")
            }
        }
        if (fieldNames ?? []).isEmpty, (itemNames ?? []).isEmpty, answer == nil, reader.errors.isEmpty {
            reader.add("fields", "Name the fields (or the Annex XII items) to release, or give the answer to the request's question.")
        }
        guard reader.errors.isEmpty, let number else { throw WorkflowError.invalid(reader.errors) }

        guard let modelName = record.submission["model"]?.stringValue else {
            throw WorkflowError.conflict("The request names no model to release documentation of.")
        }
        let version: DocumentationVersion
        do {
            version = try ModelRegistry.version(of: modelName, number: number, in: connection)
        } catch DocumentationError.modelNotFound {
            throw WorkflowError.conflict("The request's model, \(modelName), is not in the model registry; register it and publish its documentation first.")
        } catch DocumentationError.versionNotFound {
            throw WorkflowError.invalid([FieldError("documentation_version", "\(modelName) has no documentation version \(number).")])
        }
        try version.requireIntact()

        let audienceWords = switch audience {
        case .aiOffice: "the AI Office"
        case .nationalAuthorities: "a national competent authority"
        case .downstreamProviders: "a downstream provider"
        case .public: "the public"
        }
        func refusal(_ field: DocumentationField) -> String {
            let meant = field.audiences.sorted().map { audience in
                switch audience {
                case .aiOffice: "the AI Office"
                case .nationalAuthorities: "national competent authorities"
                case .downstreamProviders: "downstream providers"
                case .public: "the public"
                }
            }
            return "\"\(field.key)\" is meant for \(meant.joined(separator: " and ")) only; \(audienceWords) may not receive it."
        }
        var keys: [String] = []
        for (index, name) in (fieldNames ?? []).enumerated() {
            let path = "fields[\(index)]"
            guard let field = DocumentationForm.field(name) else {
                reader.add(path, "\"\(name)\" is not a field of the Model Documentation Form.")
                continue
            }
            if !version.audiences(of: name).contains(audience) {
                reader.add(path, refusal(field))
            } else if version.values[name] == nil {
                reader.add(path, "\"\(name)\" has no value in documentation version \(number) of \(modelName).")
            } else if !keys.contains(name) {
                keys.append(name)
            }
        }
        for (index, name) in (itemNames ?? []).enumerated() {
            let path = "items[\(index)]"
            guard let item = AnnexXIIItem(rawValue: name) else {
                reader.add(path, "\"\(name)\" is not an Annex XII item (annex_xii_1a … annex_xii_1h, annex_xii_2a … annex_xii_2c).")
                continue
            }
            let answering = DocumentationForm.fields(answering: item).filter { version.values[$0.key] != nil }
            if answering.isEmpty {
                reader.add(path, "No field answering Annex XII item \(item.number) has a value in documentation version \(number) of \(modelName).")
            }
            for field in answering {
                if !version.audiences(of: field.key).contains(audience) {
                    reader.add(path, refusal(field))
                } else if !keys.contains(field.key) {
                    keys.append(field.key)
                }
            }
        }
        guard reader.errors.isEmpty else { throw WorkflowError.invalid(reader.errors) }

        let fields = DocumentationVersion.inFormOrder(JSONObject(keys.compactMap { key in version.values[key].map { (key, $0) } }))
        let released = Set(fields.keys.compactMap { DocumentationForm.field($0)?.annexXII })
        let items = AnnexXIIItem.allCases.filter(released.contains)
        let sha256 = Release.sha256(reference: record.reference, model: version.model, documentationVersion: number,
                                    documentationSHA256: version.sha256, fields: fields, answer: answer)
        // The event names the release and the release its event: the id is taken inside this write
        // transaction, which no other writer interleaves with.
        let id = (try connection.scalar("SELECT ifnull(max(id), 0) + 1 FROM releases")?.intValue).map(Int64.init) ?? 1
        try EventLog.append(connection, caseID: record.id, reference: record.reference, type: CaseEventType.released, actor: staff.name,
                            occurredAt: now, payload: .object(JSONObject([
                                ("release_id", .number(Int(id))), ("sha256", .string(sha256)), ("model", .string(version.model)),
                                ("documentation_version", .number(number)), ("documentation_sha256", .string(version.sha256)),
                                ("fields", .array(fields.keys.map { .string($0) })), ("answered", .bool(answer != nil)),
                            ])))
        let eventID = connection.lastInsertRowID
        try connection.run("""
            INSERT INTO releases (id, case_id, model, documentation_version, items, field_values, answer, sha256, documentation_sha256,
                                  released_at, released_by, event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(id), .integer(record.id), .text(version.model), .integer(Int64(number)),
                  .text(JSONValue.array(items.map { .string($0.rawValue) }).serialized(sortedKeys: true)),
                  .text(JSONValue.object(fields).serialized(sortedKeys: true)), answer.map { .text($0) } ?? .null,
                  .text(sha256), .text(version.sha256), .text(UTCTimestamp.format(now)), .text(staff.name), .integer(eventID)])
        return Release(id: id, caseID: record.id, reference: record.reference, model: version.model, documentationVersion: number,
                       documentationSHA256: version.sha256, items: items, fields: fields, answer: answer, sha256: sha256,
                       releasedAt: now, releasedBy: staff.name, eventID: eventID, intact: true)
    }

    private static func strings(_ value: JSONValue?, _ field: String, _ reader: inout FieldReader) -> [String]? {
        guard let value, !value.isNull else { return nil }
        guard let array = value.arrayValue else {
            reader.add(field, "Give \(field) as a list of texts.")
            return nil
        }
        if array.count > 200 { reader.add(field, "List at most 200.") }
        var names: [String] = []
        for (index, element) in array.prefix(200).enumerated() {
            guard let text = element.stringValue else {
                reader.add("\(field)[\(index)]", "Give each entry as a text.")
                continue
            }
            names.append(text)
        }
        return names
    }
}
