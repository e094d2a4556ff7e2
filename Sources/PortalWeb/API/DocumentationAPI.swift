import HTTPServer
import JSON
import Portal

/// The model documentation registry's API.
///
/// Public, without a token:
/// - `GET /api/v1/documentation-form`: the Model Documentation Form (sections, fields, types,
///   audiences, Annex XII items) — a description of the form, holding no model's data;
/// - `GET /api/v1/models`: the public catalogue — each model with the public fields of its latest
///   documentation version only.
///
/// Staff (`Authorization: Bearer`), any role reads; admins register and publish:
/// - `POST /api/v1/models` (admins) → 201 with the model and `Location`;
/// - `GET /api/v1/models/{model}`: the model and its versions;
/// - `POST /api/v1/models/{model}/documentation` (admins) → 201 with the new version and `Location`;
/// - `GET /api/v1/models/{model}/documentation`: the versions, without their values;
/// - `GET /api/v1/models/{model}/documentation/{version}`: one version, re-checked against its hash;
/// - `GET /api/v1/models/{model}/documentation/{version}/diff/{other}`: what changed from
///   `{version}` to `{other}`.
///
/// A published version is immutable and a model is never deleted: no route changes or deletes
/// either, so PUT, PATCH and DELETE on these paths get the router's 405 with `Allow`.
enum DocumentationAPI {
    /// Publication bodies hold up to ~44 long texts.
    static let publicationBodyLimit = 1 << 20

    static func register(on router: inout Router, context: PortalContext, pages: Pages) {
        let registry = ModelRegistry(database: context.database)
        let form = DocumentationForm.json.serializedBytes()
        router.get("/api/v1/documentation-form", execution: .eventLoop) { _ in
            Response(status: .ok, headers: [HTTPHeader("Content-Type", "application/json"),
                                            HTTPHeader("Cache-Control", "public, max-age=3600")], body: form)
        }
        router.get("/api/v1/models") { _ in
            let entries = try registry.catalogue()
            return APIResponse.json(.object(JSONObject([("models", .array(entries.map(\.json)))])),
                                    headers: [HTTPHeader("Cache-Control", "no-cache")])
        }
        router.post("/api/v1/models", bodyLimit: APIBody.smallLimit) { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .publish)
            let body = try APIBody.read(request)
            let model = try mapped { try registry.createModel(body, by: member.name, at: context.now()) }
            return APIResponse.json(modelJSON(model, versions: []), status: .created,
                                    headers: CaseAPI.noStore + [HTTPHeader("Location", "/api/v1/models/\(model.name)")])
        }
        router.get("/api/v1/models/:model") { request in
            _ = try StaffAuthentication.member(request, context: context, needs: .read)
            let name = request.parameters["model"] ?? ""
            let (model, versions) = try mapped { (try registry.model(named: name), try registry.versions(of: name)) }
            return APIResponse.json(modelJSON(model, versions: versions), headers: CaseAPI.noStore)
        }
        router.post("/api/v1/models/:model/documentation", bodyLimit: publicationBodyLimit) { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .publish)
            let body = try APIBody.read(request)
            let version = try mapped {
                try registry.publish(model: request.parameters["model"] ?? "", body, by: member.name, at: context.now())
            }
            return APIResponse.json(version.json, status: .created, headers: CaseAPI.noStore + [
                HTTPHeader("Location", "/api/v1/models/\(version.model)/documentation/\(version.number)"),
            ])
        }
        router.get("/api/v1/models/:model/documentation") { request in
            _ = try StaffAuthentication.member(request, context: context, needs: .read)
            let name = request.parameters["model"] ?? ""
            let versions = try mapped { try registry.versions(of: name) }
            return APIResponse.json(.object(JSONObject([("model", .string(name)), ("versions", .array(versions.map(\.summaryJSON)))])),
                                    headers: CaseAPI.noStore)
        }
        router.get("/api/v1/models/:model/documentation/:version") { request in
            _ = try StaffAuthentication.member(request, context: context, needs: .read)
            let name = request.parameters["model"] ?? ""
            let number = try versionNumber(request.parameters["version"], model: name)
            let version = try mapped { try registry.version(of: name, number: number) }
            return APIResponse.json(version.json, headers: CaseAPI.noStore)
        }
        router.get("/api/v1/models/:model/documentation/:version/diff/:other") { request in
            _ = try StaffAuthentication.member(request, context: context, needs: .read)
            let name = request.parameters["model"] ?? ""
            let from = try versionNumber(request.parameters["version"], model: name)
            let to = try versionNumber(request.parameters["other"], model: name)
            let diff = try mapped { try registry.diff(model: name, from: from, to: to) }
            return APIResponse.json(diff.json, headers: CaseAPI.noStore)
        }
        ModelsPage.register(on: &router, context: context, pages: pages, registry: registry)
    }

    /// The model with its versions (without their values).
    static func modelJSON(_ model: ModelRecord, versions: [DocumentationVersion]) -> JSONValue {
        guard case .object(var object) = model.json else { return model.json }
        object["versions"] = .array(versions.map(\.summaryJSON))
        return .object(object)
    }

    /// A version number from the path: a whole number from 1, or 404 as for a version that does not exist.
    static func versionNumber(_ text: String?, model: String) throws -> Int {
        guard let text, let number = Int(text), number >= 1, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw APIProblem(DocumentationError.versionNotFound(model: model, version: 0))
        }
        return number
    }

    /// Runs a registry call, turning its refusals into problem documents.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DocumentationError {
            throw APIProblem(error)
        }
    }
}

extension APIProblem {
    /// The problem document for each refusal of the documentation registry.
    init(_ error: DocumentationError) {
        switch error {
        case .invalid(let errors):
            self.init(.unprocessableContent, type: "/problems/invalid-request", title: "The request is incomplete or wrong",
                      detail: "Correct the fields listed in errors and send it again.", errors: errors)
        case .modelExists(let name):
            self.init(.conflict, type: "/problems/model-exists", title: "The model is already registered",
                      detail: "A model named \(name) is already registered; a registered model is never changed or replaced.")
        case .modelNotFound:
            self.init(.notFound, type: "/problems/model-not-found", title: "No such model", detail: "No model has this name.")
        case .versionNotFound:
            self.init(.notFound, type: "/problems/documentation-version-not-found", title: "No such documentation version",
                      detail: "This model has no documentation version with this number.")
        case .tampered(_, _, let detail):
            self.init(.conflict, type: "/problems/documentation-integrity", title: "The documentation version failed its integrity check",
                      detail: "This version cannot be used: \(detail).")
        }
    }
}
