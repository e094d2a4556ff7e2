import Foundation
import HTTPTestSupport
import Portal
import PortalWeb
import SQLite
import Testing

/// Releases of documentation to a requester (issue 5, point 6) over a real socket: the values are
/// frozen with their own SHA-256 (recomputed here, not by the portal's code), a downstream provider
/// never receives a field meant only for the authorities, and releasing is audited.
@Suite struct ReleaseEndToEndTests {
    struct Setup {
        let portal: PortalTestServer
        let admin: StaffCredential
        let reviewer: StaffCredential
        let request: FiledComplaint
        let documentationSHA256: String
    }

    static let answer = "Through the batch API the context window is 128,000 tokens as well."

    /// A model with one published version and an open documentation request for it.
    static func setUp() throws -> Setup {
        let portal = try PortalTestServer()
        let admin = try portal.staff("root", .admin)
        let reviewer = try portal.staff("alice", .reviewer)
        try portal.registerModel(as: admin)
        let version = try portal.publish(publicFields: ["model_name"], as: admin)
        let request = try portal.fileDocumentationRequest(DocumentationRequestEndToEndTests.request())
        return Setup(portal: portal, admin: admin, reviewer: reviewer, request: request,
                     documentationSHA256: try #require(version["sha256"] as? String))
    }

    func release(_ s: Setup, _ body: [String: Any], ifMatch: String? = nil) throws -> RawHTTPResponse {
        try s.portal.staffPost("/api/v1/cases/\(s.request.reference)/releases", body, as: s.reviewer, ifMatch: ifMatch)
    }

    func partyGet(_ s: Setup, _ path: String, token: String? = nil) throws -> RawHTTPResponse {
        try s.portal.get(path, headers: [("Authorization", "Bearer \(token ?? s.request.statusToken)")])
    }

    @Test func aReleaseIsFrozenHashedAndReadWithTheStatusToken() throws {
        let s = try Self.setUp()
        let created = try release(s, ["documentation_version": 1, "fields": ["model_name", "context_window_tokens"],
                                      "items": ["annex_xii_1g"], "answer": Self.answer])
        #expect(created.status == 201, "\(created.text)")
        let staffView = try #require(created.jsonObject)
        let id = try #require(staffView["id"] as? Int)
        #expect(created.header("Location") == "/api/v1/cases/\(s.request.reference)/releases/\(id)")
        #expect(staffView["released_by"] as? String == "alice")

        let read = try partyGet(s, "/api/v1/status/releases/\(id)")
        #expect(read.status == 200, "\(read.text)")
        let party = try #require(read.jsonObject)
        #expect(party["released_by"] == nil, "no staff names for the requester")
        #expect(party["model"] as? String == "example-model-1")
        #expect(party["documentation_version"] as? Int == 1)
        #expect(party["documentation_sha256"] as? String == s.documentationSHA256)
        #expect(party["answer"] as? String == Self.answer)
        let fields = party["fields"] as? [[String: Any]] ?? []
        let keys = fields.compactMap { $0["key"] as? String }
        // annex_xii_1g is answered by the modalities and their formats; form order, no repetition.
        #expect(keys == ["model_name", "input_modalities", "output_modalities", "input_output_formats", "context_window_tokens"], "\(keys)")
        #expect(fields.allSatisfy { ($0["label"] as? String)?.isEmpty == false })
        let published = DocumentationBody.values
        var released: [String: Any] = [:]
        for key in keys { released[key] = published[key] }
        #expect(fields.first { $0["key"] as? String == "context_window_tokens" }?["value"] as? Int == 128000)
        #expect(fields.first { $0["key"] as? String == "model_name" }?["value"] as? String == "Example Model 1")

        // The release's SHA-256, recomputed from the published values by the test's own encoder.
        let canonical = "{\"answer\":" + DocumentationBody.encode(Self.answer) + ",\"case\":" + DocumentationBody.encode(s.request.reference)
            + ",\"documentation_sha256\":" + DocumentationBody.encode(s.documentationSHA256) + ",\"documentation_version\":1"
            + ",\"fields\":" + DocumentationBody.encode(released) + ",\"model\":\"example-model-1\"}"
        #expect(party["sha256"] as? String == TestSHA256.hex(Array(canonical.utf8)))
        #expect(staffView["sha256"] as? String == party["sha256"] as? String)

        // The status lists it; the staff list has it; the audit log has its event.
        let status = try s.portal.partyStatus(s.request)
        let links = status["releases"] as? [[String: Any]] ?? []
        #expect(links.count == 1)
        #expect(links.first?["href"] as? String == "/api/v1/status/releases/\(id)")
        #expect(links.first?["sha256"] as? String == party["sha256"] as? String)
        let list = try s.portal.staffGet("/api/v1/cases/\(s.request.reference)/releases", as: s.admin)
        #expect(list.status == 200)
        #expect((list.jsonObject?["releases"] as? [[String: Any]])?.count == 1)
        let events = try s.portal.caseDetail(s.request.reference, as: s.admin)["events"] as? [[String: Any]] ?? []
        let event = try #require(events.last)
        #expect(event["type"] as? String == "released")
        #expect(event["actor"] as? String == "alice")
        let payload = event["payload"] as? [String: Any] ?? [:]
        #expect(payload["release_id"] as? Int == id)
        #expect(payload["sha256"] as? String == party["sha256"] as? String)
        #expect(payload["fields"] as? [String] == keys)
        #expect(try s.portal.rows("SELECT event_id FROM releases").first?.int64("event_id") == (event["id"] as? Int).map(Int64.init))

        // Stored for good: the triggers refuse to change or delete it.
        #expect(throws: (any Error).self) { try s.portal.tamperRelease("UPDATE releases SET answer = 'x'") }
        #expect(throws: (any Error).self) { try s.portal.tamperRelease("DELETE FROM releases") }
    }

    @Test func aReleaseForAnotherCaseOrWithoutTheTokenIsNotShown() throws {
        let s = try Self.setUp()
        let other = try s.portal.fileDocumentationRequest(DocumentationRequestEndToEndTests.request(organisation: "Other Systems AG"))
        let created = try release(s, ["documentation_version": 1, "fields": ["model_name"]])
        let id = try #require(created.jsonObject?["id"] as? Int)
        let foreign = try partyGet(s, "/api/v1/status/releases/\(id)", token: other.statusToken)
        let unknown = try partyGet(s, "/api/v1/status/releases/999")
        #expect(foreign.status == 404)
        #expect(unknown.status == 404)
        #expect(foreign.text == unknown.text, "another case's release gets the same answer as an unknown one")
        #expect(try s.portal.get("/api/v1/status/releases/\(id)").status == 401)
    }

    @Test func anAIOfficeOnlyFieldIsRefusedForADownstreamProviderNamingItAndNothingIsStored() throws {
        let s = try Self.setUp()
        let response = try release(s, ["documentation_version": 1,
                                       "fields": ["model_name", "context_window_tokens", "input_modalities", "training_compute_flops",
                                                  "training_energy_mwh"]])
        #expect(response.status == 422, "\(response.text)")
        let errors = response.jsonObject?["errors"] as? [[String: Any]] ?? []
        #expect(errors.compactMap { $0["field"] as? String } == ["fields[3]", "fields[4]"])
        let message = errors.first?["message"] as? String ?? ""
        #expect(message.contains("training_compute_flops") && message == "\"training_compute_flops\" is meant for the AI Office and national competent authorities only; a downstream provider may not receive it.", "\(message)")
        #expect(try s.portal.count("releases") == 0)
        #expect(try s.portal.rows("SELECT id FROM case_events WHERE type = 'released'").isEmpty)
    }

    @Test func unknownFieldsItemsAndVersionsAndEmptyReleasesAre422() throws {
        let s = try Self.setUp()
        let unknownField = try release(s, ["documentation_version": 1, "fields": ["model_name", "favourite_colour"]])
        #expect(unknownField.status == 422)
        #expect((unknownField.jsonObject?["errors"] as? [[String: Any]])?.first?["field"] as? String == "fields[1]")
        let unknownItem = try release(s, ["documentation_version": 1, "items": ["annex_xii_9z"]])
        #expect(unknownItem.status == 422)
        let unknownVersion = try release(s, ["documentation_version": 7, "fields": ["model_name"]])
        #expect(unknownVersion.status == 422, "\(unknownVersion.text)")
        #expect((unknownVersion.jsonObject?["errors"] as? [[String: Any]])?.first?["field"] as? String == "documentation_version")
        let empty = try release(s, ["documentation_version": 1])
        #expect(empty.status == 422)
        let unknownCase = try s.portal.staffPost("/api/v1/cases/DOC-2026-000999/releases", ["documentation_version": 1, "fields": ["model_name"]],
                                                 as: s.reviewer)
        #expect(unknownCase.status == 404)
        #expect(try s.portal.count("releases") == 0)
    }

    @Test func anAnswerAloneIsAReleaseAndAnAuditorMayNotRelease() throws {
        let s = try Self.setUp()
        let auditor = try s.portal.staff("audrey", .auditor)
        let refused = try s.portal.staffPost("/api/v1/cases/\(s.request.reference)/releases",
                                             ["documentation_version": 1, "answer": Self.answer], as: auditor)
        #expect(refused.status == 403)
        let stale = try release(s, ["documentation_version": 1, "answer": Self.answer], ifMatch: "\"0000\"")
        #expect(stale.status == 412)
        let response = try release(s, ["documentation_version": 1, "answer": Self.answer])
        #expect(response.status == 201, "\(response.text)")
        #expect((response.jsonObject?["fields"] as? [Any])?.isEmpty == true)
    }

    @Test func releasingOnAClosedCaseIs409() throws {
        let s = try Self.setUp()
        try s.portal.move(s.request.reference, WorkflowBody.review, as: s.reviewer)
        try s.portal.move(s.request.reference, ["to": "closed", "outcome": "fulfilled", "decision": DocumentationRequestEndToEndTests.decision],
                          as: s.reviewer)
        let response = try release(s, ["documentation_version": 1, "fields": ["model_name"]])
        #expect(response.status == 409, "\(response.text)")
        #expect(try s.portal.count("releases") == 0)
    }

    @Test func aVersionWhoseStoredValuesWereTamperedIsNotReleased() throws {
        let s = try Self.setUp()
        try s.portal.tamper("UPDATE documentation_versions SET field_values = replace(field_values, '128000', '256000')")
        let response = try release(s, ["documentation_version": 1, "fields": ["context_window_tokens"]])
        #expect(response.status == 409, "\(response.text)")
        #expect(response.jsonObject?["type"] as? String == "/problems/documentation-integrity")
        #expect(try s.portal.count("releases") == 0)
    }

    @Test func aReleaseChangedBehindThePortalsBackIsReportedByTheAuditCheck() throws {
        let s = try Self.setUp()
        let created = try release(s, ["documentation_version": 1, "fields": ["model_name", "context_window_tokens"]])
        let id = try #require(created.jsonObject?["id"] as? Int)
        let before = try s.portal.get("/api/v1/audit/verify", headers: [("Authorization", "Bearer \(s.admin.token)")])
        #expect(before.jsonObject?["intact"] as? Bool == true, "\(before.text)")
        try s.portal.tamperRelease("""
            DROP TRIGGER IF EXISTS releases_no_update;
            """)
        try s.portal.tamperRelease("UPDATE releases SET field_values = replace(field_values, '128000', '999999')")
        let after = try s.portal.get("/api/v1/audit/verify", headers: [("Authorization", "Bearer \(s.admin.token)")])
        #expect(after.status == 200)
        let body = try #require(after.jsonObject)
        #expect(body["intact"] as? Bool == false)
        let findings = body["release_findings"] as? [[String: Any]] ?? []
        #expect(findings.first?["release_id"] as? Int == id)
        #expect(findings.first?["case"] as? String == s.request.reference)
    }

    @Test func theStatusPageShowsTheReleaseWithLabelsValuesAndHashes() throws {
        let s = try Self.setUp()
        let created = try release(s, ["documentation_version": 1, "fields": ["model_name", "context_window_tokens"], "answer": Self.answer])
        let sha256 = try #require(created.jsonObject?["sha256"] as? String)
        let page = try s.portal.checkStatus(reference: s.request.reference, code: s.request.statusToken)
        #expect(page.status == 200, "\(page.text)")
        expectWellFormedPortalPage(page, "the status page with a release")
        #expect(page.text.contains("Documentation released to you"))
        #expect(page.text.contains("Example Model 1") && page.text.contains("128000"))
        #expect(page.text.contains(sha256) && page.text.contains(s.documentationSHA256))
        #expect(page.text.contains("Through the batch API the context window is 128,000 tokens as well."))
        #expect(!page.text.contains("training_compute_flops"))
    }
}

extension PortalTestServer {
    /// Runs `sql` on a connection of its own, leaving the releases' triggers in place.
    func tamperRelease(_ sql: String) throws {
        let connection = try Connection(path: database.path)
        defer { try? connection.close() }
        try connection.run(sql)
    }
}
