import Foundation
import HTTPTestSupport
import Portal
import SQLite
import Testing

/// The model documentation registry over a real socket: admins register models and publish
/// versions; staff read them and their diff; nobody changes or deletes a published version; a
/// version altered behind the portal's back is reported on every read; the public sees only the
/// fields the provider published.
@Suite struct DocumentationRegistryEndToEndTests {
    typealias Body = DocumentationBody

    /// A portal with an admin (`root`), a reviewer (`rita`) and an auditor (`otto`).
    struct Staffed {
        let portal: PortalTestServer
        let admin: StaffCredential
        let reviewer: StaffCredential
        let auditor: StaffCredential

        init() throws {
            portal = try PortalTestServer()
            admin = try portal.staff("root", .admin)
            reviewer = try portal.staff("rita", .reviewer)
            auditor = try portal.staff("otto", .auditor)
        }
    }

    @Test func anAdminPublishesTwoVersionsAndTheDiffShowsWhatChanged() throws {
        let s = try Staffed()
        let model = try s.portal.registerModel(as: s.admin)
        #expect(model["name"] as? String == "example-model-1" && model["version"] as? String == "1.2")
        #expect(model["retain_until"] as? String == "2036-03-15" && model["created_by"] as? String == "root")
        #expect((model["versions"] as? [Any])?.isEmpty == true)

        let firstPublic = ["model_name", "context_window_tokens"]
        let first = try s.portal.publish(publicFields: firstPublic, as: s.admin)
        #expect(first["model"] as? String == "example-model-1" && first["version"] as? Int == 1)
        #expect(first["published_by"] as? String == "root" && first["published_at"] as? String == utc(s.portal.clock.now))
        #expect(first["retain_until"] as? String == "2036-03-15" && first["intact"] as? Bool == true)
        #expect(first["public_fields"] as? [String] == firstPublic)
        #expect(first["sha256"] as? String == Body.expectedSHA256(model: "example-model-1", number: 1, values: Body.values,
                                                                   publicFields: firstPublic))
        #expect((first["values"] as? [String: Any])?.count == Body.values.count)
        let audiences = first["audiences"] as? [String: [String]]
        #expect(audiences?["training_compute_flops"] == ["ai_office", "national_authorities"])
        #expect(audiences?["model_name"] == ["ai_office", "national_authorities", "downstream_providers", "public"])

        s.portal.clock.advance(by: Span.day)
        var values = Body.values
        values["context_window_tokens"] = 200_000
        values["max_output_tokens"] = nil
        values["external_interaction"] = "Function calling with JSON schemas."
        let secondPublic = ["model_name", "licence_url"]
        let second = try s.portal.publish("example-model-1", values, publicFields: secondPublic, as: s.admin)
        #expect(second["version"] as? Int == 2)
        #expect(second["sha256"] as? String == Body.expectedSHA256(model: "example-model-1", number: 2, values: values,
                                                                    publicFields: secondPublic))

        let diff = try #require(try s.portal.staffGet("/api/v1/models/example-model-1/documentation/1/diff/2", as: s.reviewer).jsonObject)
        #expect((diff["from"] as? [String: Any])?["version"] as? Int == 1 && (diff["to"] as? [String: Any])?["version"] as? Int == 2)
        let changes = try #require(diff["changes"] as? [[String: Any]])
        #expect(changes.map { $0["field"] as? String } == ["context_window_tokens", "max_output_tokens", "external_interaction"])
        #expect(changes.map { $0["change"] as? String } == ["changed", "removed", "added"])
        #expect(changes[0]["old"] as? Int == 128_000 && changes[0]["new"] as? Int == 200_000)
        #expect(changes[1]["old"] as? Int == 8192 && changes[1]["new"] == nil)
        #expect(changes[2]["old"] == nil && changes[2]["new"] as? String == "Function calling with JSON schemas.")
        #expect(diff["public_fields"] as? [String: [String]] == ["added": ["licence_url"], "removed": ["context_window_tokens"]])

        let list = try #require(try s.portal.staffGet("/api/v1/models/example-model-1/documentation", as: s.auditor).jsonObject)
        let versions = try #require(list["versions"] as? [[String: Any]])
        #expect(versions.map { $0["version"] as? Int } == [1, 2])
        #expect(versions.map { $0["sha256"] as? String } == [first["sha256"] as? String, second["sha256"] as? String])
        #expect(versions.allSatisfy { $0["values"] == nil && $0["intact"] as? Bool == true })

        let reread = try s.portal.staffGet("/api/v1/models/example-model-1/documentation/1", as: s.auditor)
        #expect(reread.status == 200 && reread.jsonObject?["sha256"] as? String == first["sha256"] as? String)
        #expect((reread.jsonObject?["values"] as? [String: Any])?["context_window_tokens"] as? Int == 128_000)
        let detail = try #require(try s.portal.staffGet("/api/v1/models/example-model-1", as: s.reviewer).jsonObject)
        #expect((detail["versions"] as? [[String: Any]])?.count == 2)

        // Each registration and publication is an event of the audit log, by the admin.
        let events = try s.portal.rows("SELECT type, actor, payload FROM case_events WHERE type NOT LIKE 'token%' ORDER BY id")
        #expect(events.map { $0.string("type") } == ["model_created", "documentation_published", "documentation_published"])
        #expect(events.allSatisfy { $0.string("actor") == "root" })
        #expect(events[2].string("payload") == "{\"model\":\"example-model-1\",\"sha256\":\"\(second["sha256"] as? String ?? "")\",\"version\":2}")
        #expect(try AuditChain.verify(s.portal.database).isIntact)
    }

    @Test func aPublishedVersionCannotBeChangedOrDeletedThroughTheAPI() throws {
        let s = try Staffed()
        try s.portal.registerModel(as: s.admin)
        let published = try s.portal.publish(publicFields: [], as: s.admin)
        let path = "/api/v1/models/example-model-1/documentation/1"
        for method in ["PUT", "PATCH", "DELETE"] {
            let response = try s.portal.staffSend(method, path, method == "DELETE" ? nil : Body.documentation(publicFields: []), as: s.admin)
            #expect(response.status == 405, "\(method): \(response.status) \(response.text)")
            #expect(response.header("Allow") == "GET, HEAD, OPTIONS", "\(method)")
            #expect(response.mediaType == "application/problem+json" && response.jsonObject?["status"] as? Int == 405, "\(method)")
            #expect(response.jsonObject?["detail"] as? String == "\(method) is not accepted here; this resource accepts GET, HEAD, OPTIONS.")
        }
        let deleteModel = try s.portal.staffSend("DELETE", "/api/v1/models/example-model-1", nil, as: s.admin)
        #expect(deleteModel.status == 405 && deleteModel.header("Allow") == "GET, HEAD, OPTIONS")
        let replaceAll = try s.portal.staffSend("PUT", "/api/v1/models/example-model-1/documentation", Body.documentation(publicFields: []),
                                                as: s.admin)
        #expect(replaceAll.status == 405 && replaceAll.header("Allow") == "GET, HEAD, OPTIONS, POST")
        let deleteAll = try s.portal.staffSend("DELETE", "/api/v1/models/example-model-1/documentation", nil, as: s.admin)
        #expect(deleteAll.status == 405)

        let after = try #require(try s.portal.staffGet(path, as: s.admin).jsonObject)
        #expect(after["sha256"] as? String == published["sha256"] as? String && after["intact"] as? Bool == true)
        #expect(try s.portal.count("documentation_versions") == 1)
        #expect(try s.portal.count("models") == 1)
    }

    @Test func theDatabaseRefusesToUpdateOrDeleteAPublishedVersionOrItsModel() throws {
        let s = try Staffed()
        try s.portal.registerModel(as: s.admin)
        try s.portal.publish(publicFields: [], as: s.admin)
        let statements = [
            ("UPDATE documentation_versions SET field_values = '{}'", "immutable"),
            ("DELETE FROM documentation_versions", "kept at least 10 years"),
            ("UPDATE models SET union_market_release_date = '2020-01-01', retain_until = '2030-01-01'", "not changed"),
            ("DELETE FROM models", "kept at least 10 years"),
        ]
        for (sql, reason) in statements {
            let error = #expect(throws: DatabaseError.self, "\(sql)") { try s.portal.database.write { try $0.run(sql) } }
            #expect(error?.message.contains(reason) == true, "\(sql): \(error?.message ?? "")")
        }
        let version = try #require(try s.portal.staffGet("/api/v1/models/example-model-1/documentation/1", as: s.admin).jsonObject)
        #expect(version["intact"] as? Bool == true)
    }

    @Test func tamperingWithAVersionsStoredValuesIsReportedWhenItIsRead() throws {
        let s = try Staffed()
        try s.portal.registerModel(as: s.admin)
        let published = try s.portal.publish(publicFields: ["model_name", "context_window_tokens"], as: s.admin)
        let sha256 = try #require(published["sha256"] as? String)
        try s.portal.tamper("UPDATE documentation_versions SET field_values = replace(field_values, '128000', '1000000')")

        let response = try s.portal.staffGet("/api/v1/models/example-model-1/documentation/1", as: s.reviewer)
        #expect(response.status == 200)
        let version = try #require(response.jsonObject)
        #expect(version["intact"] as? Bool == false)
        #expect(version["sha256"] as? String == sha256, "the hash recorded at publication is kept")
        let computed = try #require(version["computed_sha256"] as? String)
        #expect(computed != sha256 && isLowercaseHex(computed, count: 64))
        #expect((version["integrity_problem"] as? String)?.contains("changed after it was published") == true)
        let list = try #require(try s.portal.staffGet("/api/v1/models/example-model-1/documentation", as: s.reviewer).jsonObject)
        #expect((list["versions"] as? [[String: Any]])?.first?["intact"] as? Bool == false)

        // The public catalogue stops showing the altered values.
        let catalogue = try #require(try s.portal.get("/api/v1/models").jsonObject)
        let documentation = try #require(((catalogue["models"] as? [[String: Any]])?.first)?["documentation"] as? [String: Any])
        #expect(documentation["intact"] as? Bool == false && (documentation["values"] as? [String: Any])?.isEmpty == true)
        #expect(try s.portal.get("/models").text.contains("failed its integrity check"))

        // The publication's event still holds the original hash, so the audit chain is intact:
        // it is the registry's check against that hash that catches the change.
        #expect(try AuditChain.verify(s.portal.database).isIntact)
        #expect(try DocumentationIntegrity.verify(s.portal.database).map(\.version) == [1])

        // Rewriting the recorded hash as well breaks the chain at the publication's event.
        try s.portal.tamper("UPDATE documentation_versions SET sha256 = '\(computed)'")
        let rewritten = try #require(try s.portal.staffGet("/api/v1/models/example-model-1/documentation/1", as: s.reviewer).jsonObject)
        #expect(rewritten["intact"] as? Bool == false && rewritten["recorded_sha256"] as? String == sha256)
        try s.portal.tamper("UPDATE case_events SET payload = replace(payload, '\(sha256)', '\(computed)')")
        let chain = try AuditChain.verify(s.portal.database)
        #expect(chain.firstMismatch?.type == "documentation_published")
        #expect(chain.firstMismatch?.reason == AuditVerification.Mismatch.contentReason)
    }

    @Test func onlyAdminsRegisterAndPublishWhileEveryRoleReads() throws {
        let s = try Staffed()
        try s.portal.registerModel(as: s.admin)
        for staff in [s.reviewer, s.auditor] {
            let register = try s.portal.staffSend("POST", "/api/v1/models", ["name": "other-model", "version": "1",
                                                  "release_date": "2026-01-01", "union_market_release_date": "2026-01-01"], as: staff)
            #expect(register.status == 403, "\(staff.name): \(register.text)")
            let publish = try s.portal.staffSend("POST", "/api/v1/models/example-model-1/documentation",
                                                 Body.documentation(publicFields: []), as: staff)
            #expect(publish.status == 403 && publish.jsonObject?["type"] as? String == "/problems/insufficient-role")
            #expect((publish.jsonObject?["detail"] as? String)?.contains("publish") == true)
        }
        #expect(try s.portal.count("documentation_versions") == 0)
        #expect(try s.portal.count("models") == 1)
        try s.portal.publish(publicFields: [], as: s.admin)
        for staff in [s.reviewer, s.auditor, s.admin] {
            #expect(try s.portal.staffGet("/api/v1/models/example-model-1/documentation/1", as: staff).status == 200)
        }
        // Without a token: 401 on the staff routes, the public ones answer.
        for path in ["/api/v1/models/example-model-1", "/api/v1/models/example-model-1/documentation",
                     "/api/v1/models/example-model-1/documentation/1", "/api/v1/models/example-model-1/documentation/1/diff/1"] {
            let response = try s.portal.staffGet(path, as: nil)
            #expect(response.status == 401 && response.header("WWW-Authenticate") != nil, "\(path)")
        }
        #expect(try s.portal.staffSend("POST", "/api/v1/models", Body.model, as: nil).status == 401)
        for path in ["/api/v1/models", "/api/v1/documentation-form", "/models"] {
            #expect(try s.portal.get(path).status == 200, "\(path)")
        }
    }

    @Test func anIncompleteVersionGets422WithEveryFieldPathAndNothingIsStored() throws {
        let s = try Staffed()
        try s.portal.registerModel(as: s.admin)
        var values = Body.values
        values["model_name"] = nil
        values["context_window_tokens"] = "a lot"
        values["input_modalities"] = ["text", "telepathy"]
        values["release_date"] = "2026-03-02"
        values["favourite_colour"] = "blue"
        let response = try s.portal.staffSend("POST", "/api/v1/models/example-model-1/documentation",
                                              Body.documentation(values, publicFields: ["training_compute_flops"]), as: s.admin)
        #expect(response.status == 422 && response.mediaType == "application/problem+json")
        // Unknown keys first, then each field in the form's order, then the checks against the
        // registered model, then public_fields.
        #expect(response.errorFields == ["values.favourite_colour", "values.model_name", "values.input_modalities[1]",
                                         "values.context_window_tokens", "values.release_date", "public_fields[0]"])
        #expect(response.errorMessage(for: "values.release_date") == "Give the model's registered release date, 2026-03-01.")
        #expect(try s.portal.count("documentation_versions") == 0)

        let badModel = try s.portal.staffSend("POST", "/api/v1/models", ["name": "bad name", "version": "1", "release_date": "2026-05-01",
                                              "union_market_release_date": "2026-04-01"], as: s.admin)
        #expect(badModel.status == 422 && badModel.errorFields == ["name", "union_market_release_date"])
        let notJSON = try s.portal.send("POST", "/api/v1/models", headers: [s.admin.authorization, ("Content-Type", "application/json")],
                                        body: Array("{".utf8))
        #expect(notJSON.status == 400)
    }

    @Test func aDuplicateModelGets409AndUnknownModelsAndVersions404() throws {
        let s = try Staffed()
        let created = try s.portal.staffSend("POST", "/api/v1/models", Body.model, as: s.admin)
        #expect(created.status == 201 && created.header("Location") == "/api/v1/models/example-model-1")
        var upper = Body.model
        upper["name"] = "EXAMPLE-model-1"
        for body in [Body.model, upper] {
            let again = try s.portal.staffSend("POST", "/api/v1/models", body, as: s.admin)
            #expect(again.status == 409 && again.jsonObject?["type"] as? String == "/problems/model-exists")
        }
        let published = try s.portal.staffSend("POST", "/api/v1/models/example-model-1/documentation",
                                               Body.documentation(publicFields: []), as: s.admin)
        #expect(published.status == 201 && published.header("Location") == "/api/v1/models/example-model-1/documentation/1")
        let notFound: [(String, String)] = [
            ("/api/v1/models/no-such-model", "/problems/model-not-found"),
            ("/api/v1/models/no-such-model/documentation", "/problems/model-not-found"),
            ("/api/v1/models/no-such-model/documentation/1", "/problems/model-not-found"),
            ("/api/v1/models/example-model-1/documentation/2", "/problems/documentation-version-not-found"),
            ("/api/v1/models/example-model-1/documentation/0", "/problems/documentation-version-not-found"),
            ("/api/v1/models/example-model-1/documentation/one", "/problems/documentation-version-not-found"),
            ("/api/v1/models/example-model-1/documentation/1/diff/3", "/problems/documentation-version-not-found"),
        ]
        for (path, type) in notFound {
            let response = try s.portal.staffGet(path, as: s.reviewer)
            #expect(response.status == 404 && response.jsonObject?["type"] as? String == type, "\(path): \(response.text)")
        }
        let publishToNothing = try s.portal.staffSend("POST", "/api/v1/models/no-such-model/documentation",
                                                      Body.documentation(publicFields: []), as: s.admin)
        #expect(publishToNothing.status == 404)
    }

    @Test func thePublicCatalogueShowsOnlyThePublishedFields() throws {
        let s = try Staffed()
        try s.portal.registerModel(as: s.admin)
        try s.portal.registerModel(["name": "example-model-0", "version": "0.9", "release_date": "2025-01-10",
                                    "union_market_release_date": "2025-02-01"], as: s.admin)
        try s.portal.publish(publicFields: ["model_name", "input_modalities", "licence_url", "context_window_tokens"], as: s.admin)

        let json = try s.portal.get("/api/v1/models")
        #expect(json.status == 200 && json.mediaType == "application/json")
        let models = try #require(json.jsonObject?["models"] as? [[String: Any]])
        #expect(models.map { $0["name"] as? String } == ["example-model-0", "example-model-1"])
        #expect(models[0]["documentation"] is NSNull)
        let entry = models[1]
        #expect(entry["version"] as? String == "1.2" && entry["release_date"] as? String == "2026-03-01"
                && entry["union_market_release_date"] as? String == "2026-03-15")
        let documentation = try #require(entry["documentation"] as? [String: Any])
        #expect(documentation["version"] as? Int == 1 && isLowercaseHex(documentation["sha256"] as? String ?? "", count: 64))
        let values = try #require(documentation["values"] as? [String: Any])
        #expect(Set(values.keys) == ["model_name", "input_modalities", "licence_url", "context_window_tokens"])
        #expect(values["context_window_tokens"] as? Int == 128_000)
        #expect(documentation["public_fields"] as? [String] == ["model_name", "input_modalities", "context_window_tokens", "licence_url"])
        for secret in ["3.8e24", "ExampleBot", "Demographic audits", "Chat assistants", "root"] {
            #expect(!json.text.contains(secret), "\(secret) is not public")
        }

        let page = try s.portal.get("/models")
        #expect(page.status == 200 && page.mediaType == "text/html")
        #expect(page.header("Content-Security-Policy") != nil)
        for shown in ["example-model-1", "example-model-0", "Example Model 1", "<li>Images</li>", "128000",
                      #"<a href="https://example.ai/terms">"#, "No documentation is published for this model yet.",
                      documentation["sha256"] as? String ?? "?"] {
            #expect(page.text.contains(shown), "\(shown)")
        }
        for secret in ["3.8e24", "ExampleBot", "Demographic audits", "Chat assistants", "Example AI SE"] {
            #expect(!page.text.contains(secret), "\(secret) is not public")
        }
        #expect(try s.portal.get("/").text.contains(#"<a href="/models">"#), "the contact point links to the catalogue")
    }

    @Test func theDocumentationFormIsServedToAnyoneAsJSON() throws {
        let portal = try PortalTestServer()
        let response = try portal.get("/api/v1/documentation-form")
        #expect(response.status == 200 && response.mediaType == "application/json")
        let form = try #require(response.jsonObject)
        let sections = try #require(form["sections"] as? [[String: Any]])
        #expect(sections.count == 8 && sections.first?["key"] as? String == "general_information")
        let fields = sections.flatMap { $0["fields"] as? [[String: Any]] ?? [] }
        #expect(fields.map { $0["key"] as? String ?? "" } == DocumentationForm.keys)
        #expect((form["annex_xii_items"] as? [[String: Any]])?.count == 11)
    }
}
