import Foundation
import HTTPTestSupport
import JSON
import Portal
import PortalWeb
import SQLite
import Testing

/// Checks a 422 problem document for an incomplete complaint and returns its error fields.
@discardableResult
func expectIncomplete(_ response: RawHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    #expect(response.status == 422, "got \(response.status): \(response.text)", sourceLocation: sourceLocation)
    #expect(response.mediaType == "application/problem+json", sourceLocation: sourceLocation)
    let problem = response.jsonObject
    #expect(problem?["title"] as? String == "The complaint is incomplete", sourceLocation: sourceLocation)
    #expect(problem?["status"] as? Int == 422, sourceLocation: sourceLocation)
    let errors = problem?["errors"] as? [[String: Any]] ?? []
    #expect(!errors.isEmpty, "no errors listed", sourceLocation: sourceLocation)
    for error in errors {
        #expect(!((error["message"] as? String) ?? "").isEmpty, "an error without a message: \(error)", sourceLocation: sourceLocation)
    }
    return response.errorFields
}

/// POST /api/v1/complaints, JSON and multipart, over a real socket.
@Suite struct ComplaintAPIEndToEndTests {
    // MARK: Receipts

    @Test func completeJSONComplaintGetsAReceiptWithTheConfiguredDeadlines() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.postComplaint(ComplaintFixture.rightsholder())

        #expect(response.status == 201, "\(response.text)")
        #expect(response.mediaType == "application/json")
        #expect(response.header("Cache-Control") == "no-store")
        let receipt = try #require(response.jsonObject)
        #expect(receipt["reference"] as? String == "CPL-2026-000001")
        #expect(receipt["status"] as? String == "received")
        #expect(receipt["received_at"] as? String == "2026-11-28T10:12:00Z")
        #expect(receipt["acknowledge_by"] as? String == "2026-12-02T22:59:59Z")
        #expect(receipt["respond_by"] as? String == "2026-12-28T22:59:59Z")
        let token = try #require(receipt["status_token"] as? String)
        #expect(token.count >= 22, "a token of at least 128 bits needs 22 base64url characters; got \(token.count)")
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") },
                "not base64url: \(token)")
        #expect(portal.handlerErrors.isEmpty)
    }

    @Test func receiptIsStoredWithTheCaseAndTheTokenOnlyAsItsHash() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let receipt = try #require(try portal.postComplaint(ComplaintFixture.rightsholder()).jsonObject)
        let token = try #require(receipt["status_token"] as? String)

        let row = try #require(try portal.rows("SELECT * FROM cases").first)
        #expect(try portal.count("cases") == 1)
        #expect(row.string("reference") == "CPL-2026-000001")
        #expect(row.string("type") == "complaint")
        #expect(row.string("status") == "received")
        #expect(row.string("received_at") == "2026-11-28T10:12:00Z")
        #expect(row.string("acknowledge_by") == "2026-12-02T22:59:59Z")
        #expect(row.string("respond_by") == "2026-12-28T22:59:59Z")
        #expect(row.string("status_token_hash") == TestSHA256.hex(Array(token.utf8)))
        for value in row.values {
            #expect(!(value.stringValue ?? "").contains(token), "the status token is stored in clear")
        }
        let complaint = try #require(try portal.rows("SELECT * FROM complaints").first)
        #expect(complaint.string("role") == "rightsholder")
        #expect(complaint.string("complainant_email") == "jane@example.org")
        #expect(complaint.string("rightsholder_name") == "Example Publishing SA")
        #expect(complaint.string("category") == "robots_txt_ignored")
        #expect(complaint.string("model") == "example-model-1")
        #expect(complaint.int("work_count") == 1)
    }

    @Test func referencesAreSequentialAndEachCaseHasItsOwnToken() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let first = try #require(try portal.postComplaint(ComplaintFixture.rightsholder(title: "First Book")).jsonObject)
        let second = try #require(try portal.postComplaint(ComplaintFixture.rightsholder(title: "Second Book")).jsonObject)

        #expect(first["reference"] as? String == "CPL-2026-000001")
        #expect(second["reference"] as? String == "CPL-2026-000002")
        #expect(first["status_token"] as? String != nil)
        #expect(first["status_token"] as? String != second["status_token"] as? String)
        #expect(try portal.count("cases") == 2)
    }

    @Test func representativeWithAMandateIsAcceptedForTheRightsholderItRepresents() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.postComplaint(ComplaintFixture.representative())

        #expect(response.status == 201, "\(response.text)")
        let complaint = try #require(try portal.rows("SELECT role, rightsholder_name FROM complaints").first)
        #expect(complaint.string("role") == "representative")
        #expect(complaint.string("rightsholder_name") == "Example Publishing SA")
    }

    // MARK: Evidence files

    @Test func multipartComplaintWithAPDFStoresTheFileWithItsHashAndType() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let body = MultipartBody(complaint: ComplaintFixture.rightsholder(),
                                 files: [("crawl-log.pdf", "application/pdf", EvidenceSamples.pdf)])
        let response = try portal.postComplaint(body)

        #expect(response.status == 201, "\(response.text)")
        #expect(response.jsonObject?["reference"] as? String == "CPL-2026-000001")
        let rows = try portal.rows("""
            SELECT a.filename, a.media_type, a.size, a.sha256, a.content FROM attachments a
            JOIN cases c ON c.id = a.case_id WHERE c.reference = 'CPL-2026-000001'
            """)
        #expect(rows.count == 1)
        let attachment = try #require(rows.first)
        #expect(attachment.string("filename") == "crawl-log.pdf")
        #expect(attachment.string("media_type") == "application/pdf")
        #expect(attachment.int("size") == EvidenceSamples.pdf.count)
        #expect(attachment.string("sha256") == TestSHA256.hex(EvidenceSamples.pdf))
        #expect(attachment.blob("content") == EvidenceSamples.pdf)
    }

    @Test func pngNamedAsAPDFIsAcceptedAndStoredAsPNG() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let body = MultipartBody(complaint: ComplaintFixture.rightsholder(),
                                 files: [("evidence.pdf", "application/pdf", EvidenceSamples.png)])
        let response = try portal.postComplaint(body)

        #expect(response.status == 201, "\(response.text)")
        let attachment = try #require(try portal.rows("SELECT filename, media_type, sha256 FROM attachments").first)
        #expect(attachment.string("media_type") == "image/png")
        #expect(attachment.string("filename") == "evidence.pdf")
        #expect(attachment.string("sha256") == TestSHA256.hex(EvidenceSamples.png))
    }

    @Test func executableNamedAsAPDFIsRefusedAndNothingIsStored() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let body = MultipartBody(complaint: ComplaintFixture.rightsholder(),
                                 files: [("evidence.pdf", "application/pdf", EvidenceSamples.elf)])
        let response = try portal.postComplaint(body)

        #expect(expectIncomplete(response) == ["files[0]"])
        #expect(try portal.count("cases") == 0)
        #expect(try portal.count("attachments") == 0)
    }

    @Test func fileOfElevenMiBGets413AndNothingIsStored() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let body = MultipartBody(complaint: ComplaintFixture.rightsholder(),
                                 files: [("large.pdf", "application/pdf", EvidenceSamples.pdf(size: 11 << 20))])
        let response = try portal.postComplaint(body)

        #expect(response.status == 413, "\(response.text)")
        #expect(response.mediaType == "application/problem+json")
        #expect(try portal.count("cases") == 0)
    }

    @Test func fileOfExactlyTenMiBIsAccepted() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let file = EvidenceSamples.pdf(size: 10 << 20)
        let response = try portal.postComplaint(MultipartBody(complaint: ComplaintFixture.rightsholder(),
                                                              files: [("limit.pdf", "application/pdf", file)]))

        #expect(response.status == 201, "\(response.text)")
        #expect(try portal.rows("SELECT size FROM attachments").first?.int("size") == 10 << 20)
    }

    @Test func sixFilesAreRefusedAndFiveAreAccepted() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let file = ("evidence.pdf", "application/pdf", EvidenceSamples.pdf)

        let six = try portal.postComplaint(MultipartBody(complaint: ComplaintFixture.rightsholder(),
                                                         files: Array(repeating: file, count: 6)))
        #expect(six.status == 413, "\(six.text)")
        #expect(six.mediaType == "application/problem+json")
        #expect(try portal.count("cases") == 0)

        let five = try portal.postComplaint(MultipartBody(complaint: ComplaintFixture.rightsholder(),
                                                          files: Array(repeating: file, count: 5)))
        #expect(five.status == 201, "\(five.text)")
        #expect(try portal.count("attachments") == 5)
    }

    @Test func multipartWithoutAComplaintPartIsRefused() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let body = MultipartBody(parts: [.init(name: "files", filename: "evidence.pdf", contentType: "application/pdf",
                                               bytes: EvidenceSamples.pdf)])
        let response = try portal.postComplaint(body)

        #expect(expectIncomplete(response) == ["complaint"])
        #expect(try portal.count("cases") == 0)
    }

    // MARK: Validation

    static let requiredFields = [
        "complainant.name", "complainant.email", "complainant.country", "complainant.role",
        "works", "works[0].title", "works[0].type", "works[0].rights_reservation",
        "category", "model", "description", "declarations.good_faith", "declarations.accurate_and_complete",
    ]

    @Test(arguments: requiredFields)
    func eachMissingRequiredFieldGetsItsOwnErrorWithItsPath(_ path: String) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.postComplaint(ComplaintFixture.removing(ComplaintFixture.rightsholder(), path))

        #expect(expectIncomplete(response) == [path])
        #expect(try portal.count("cases") == 0)
    }

    @Test(arguments: ["complainant.name", "works[0].title", "description"])
    func blankTextCountsAsMissing(_ path: String) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.postComplaint(ComplaintFixture.setting(ComplaintFixture.rightsholder(), path, " \t\n "))

        #expect(expectIncomplete(response) == [path])
    }

    @Test func emptyComplaintListsEveryMissingFieldAtOnce() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let fields = expectIncomplete(try portal.postComplaint([String: Any]()))

        #expect(Set(fields) == ["complainant", "works", "category", "model", "description",
                                "declarations.good_faith", "declarations.accurate_and_complete"])
    }

    @Test func declarationsMustBeTrueNotJustPresent() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let complaint = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "declarations",
                                                 ["good_faith": false, "accurate_and_complete": "yes"])
        #expect(Set(expectIncomplete(try portal.postComplaint(complaint)))
                == ["declarations.good_faith", "declarations.accurate_and_complete"])
    }

    @Test func descriptionUnderFiftyCharactersIsRefusedAndFiftyIsAccepted() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let short = try portal.postComplaint(ComplaintFixture.setting(ComplaintFixture.rightsholder(), "description",
                                                                      String(repeating: "a", count: 49)))
        #expect(expectIncomplete(short) == ["description"])
        #expect(short.errorMessage(for: "description")?.contains("50") == true)

        let enough = try portal.postComplaint(ComplaintFixture.setting(ComplaintFixture.rightsholder(), "description",
                                                                       String(repeating: "a", count: 50)))
        #expect(enough.status == 201, "\(enough.text)")
    }

    @Test func representativeWithoutAMandateIsRefused() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let complaint = ComplaintFixture.removing(ComplaintFixture.representative(), "rightsholder.mandate")
        #expect(expectIncomplete(try portal.postComplaint(complaint)) == ["rightsholder.mandate"])
        #expect(try portal.count("cases") == 0)
    }

    @Test(arguments: ["representative", "cmo"])
    func complainantActingForARightsholderMustNameIt(_ role: String) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        var complaint = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "complainant.role", role)
        complaint["rightsholder"] = nil
        #expect(Set(expectIncomplete(try portal.postComplaint(complaint))) == ["rightsholder.name", "rightsholder.mandate"])
    }

    @Test func rightsholderBlockFromAPlainRightsholderIsRefused() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let complaint = ComplaintFixture.setting(ComplaintFixture.representative(), "complainant.role", "rightsholder")
        #expect(expectIncomplete(try portal.postComplaint(complaint)) == ["rightsholder"])
    }

    @Test(arguments: ["ftp://publisher.example/logs.txt", "javascript:alert(1)"])
    func evidenceURLThatIsNotHTTPIsRefusedWithItsIndex(_ url: String) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let complaint = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "evidence_urls",
                                                 ["https://publisher.example/ok", url, "http://publisher.example/also-ok"])
        #expect(expectIncomplete(try portal.postComplaint(complaint)) == ["evidence_urls[1]"])
        #expect(try portal.count("cases") == 0)
    }

    @Test func observationDateInTheFutureIsRefusedAndTodayIsAccepted() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        // The clock is 2026-11-28 in Brussels.
        let tomorrow = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "observed_on", "2026-11-29")
        #expect(expectIncomplete(try portal.postComplaint(tomorrow)) == ["observed_on"])

        let today = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "observed_on", "2026-11-28")
        let accepted = try portal.postComplaint(today)
        #expect(accepted.status == 201, "\(accepted.text)")
    }

    @Test func observationDateFollowsTheOperatorsTimeZoneNotUTC() throws {
        // 2026-11-28T23:30:00Z is already 2026-11-29 in Brussels.
        let portal = try PortalTestServer(clock: TestClock(TestClock.fixedNow + 13 * 3600 + 18 * 60))
        defer { portal.stop() }

        let response = try portal.postComplaint(ComplaintFixture.setting(ComplaintFixture.rightsholder(), "observed_on", "2026-11-29"))

        #expect(response.status == 201, "\(response.text)")
        #expect(response.jsonObject?["acknowledge_by"] as? String == "2026-12-03T22:59:59Z")
    }

    @Test func unknownModelIsRefusedAndTheWordUnknownIsAccepted() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let other = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "model", "someone-elses-model")
        #expect(expectIncomplete(try portal.postComplaint(other)) == ["model"])

        let unknown = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "model", "unknown")
        let accepted = try portal.postComplaint(unknown)
        #expect(accepted.status == 201, "\(accepted.text)")
    }

    @Test func unknownTopLevelFieldIsRefused() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let complaint = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "priority", "urgent")
        #expect(expectIncomplete(try portal.postComplaint(complaint)) == ["priority"])
        #expect(try portal.count("cases") == 0)
    }

    @Test func fiftyWorksAreAcceptedAndFiftyOneAreRefused() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        func works(_ count: Int) -> [[String: Any]] {
            (1...count).map { ["title": "Volume \($0)", "type": "text", "rights_reservation": "terms"] }
        }

        let tooMany = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "works", works(51))
        #expect(expectIncomplete(try portal.postComplaint(tooMany)) == ["works"])

        let most = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "works", works(50))
        let accepted = try portal.postComplaint(most)
        #expect(accepted.status == 201, "\(accepted.text)")
        #expect(try portal.rows("SELECT work_count FROM complaints").first?.int("work_count") == 50)
    }

    @Test func twentyEvidenceURLsAreAcceptedAndTwentyOneAreRefused() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        func urls(_ count: Int) -> [String] { (1...count).map { "https://publisher.example/evidence/\($0)" } }

        let tooMany = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "evidence_urls", urls(21))
        #expect(expectIncomplete(try portal.postComplaint(tooMany)) == ["evidence_urls"])

        let most = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "evidence_urls", urls(20))
        #expect(try portal.postComplaint(most).status == 201)
    }

    /// The largest complaint the validator accepts: 50 works with the longest titles and
    /// locations, and the longest description (about 150 KB of JSON).
    static func largestValidComplaint() -> [String: Any] {
        let works: [[String: Any]] = (1...50).map { i in
            ["title": "Volume \(i) " + String(repeating: "t", count: 490), "type": "text",
             "identifier": "ISBN 978-2-1234-5680-3 " + String(repeating: "i", count: 170),
             "location": "https://publisher.example/" + String(repeating: "p", count: 2000) + "/\(i)",
             "rights_reservation": "robots_txt"]
        }
        var complaint = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "works", works)
        complaint["description"] = String(repeating: "The crawler fetched our pages. ", count: 645)
        return complaint
    }

    @Test func largestValidComplaintIsAcceptedAsJSONAndAsAMultipartPart() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let complaint = Self.largestValidComplaint()
        #expect(JSONBody.bytes(complaint).count > 128 << 10)

        let asJSON = try portal.postComplaint(complaint)
        #expect(asJSON.status == 201, "\(asJSON.status) \(asJSON.text.prefix(300))")

        let asPart = try portal.postComplaint(MultipartBody(complaint: complaint,
                                                            files: [("log.pdf", "application/pdf", EvidenceSamples.pdf)]))
        #expect(asPart.status == 201, "the same complaint with a file: \(asPart.status) \(asPart.text.prefix(300))")
    }

    @Test(arguments: ["application/json; charset=utf-8", "Application/JSON"])
    func jsonMediaTypeIsMatchedWithParametersAndInAnyCase(_ contentType: String) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.postComplaint(JSONBody.bytes(ComplaintFixture.rightsholder()), contentType: contentType)

        #expect(response.status == 201, "\(response.text)")
    }

    // MARK: Bodies the API cannot read

    @Test func malformedJSONGets400WithTheLineAndColumn() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let body = "{\n  \"category\": \"other\",\n  \"model\": \"unknown\" \"description\": \"x\"\n}"
        let response = try portal.postComplaint(Array(body.utf8))

        #expect(response.status == 400)
        #expect(response.mediaType == "application/problem+json")
        let detail = try #require(response.jsonObject?["detail"] as? String)
        #expect(detail.hasPrefix("line 3, column 22"), "detail: \(detail)")
        #expect(try portal.count("cases") == 0)
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded", nil])
    func bodyThatIsNeitherJSONNorMultipartGets415(_ contentType: String?) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let body = JSONBody.bytes(ComplaintFixture.rightsholder())

        let response = try portal.send("POST", "/api/v1/complaints",
                                       headers: contentType.map { [("Content-Type", $0)] } ?? [], body: body)

        #expect(response.status == 415, "\(response.text)")
        #expect(response.mediaType == "application/problem+json")
        #expect(try portal.count("cases") == 0)
    }

    @Test func jsonBodyOverOneMiBGets413AndOneMiBIsAccepted() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let complaint = JSONBody.bytes(ComplaintFixture.rightsholder())
        // Whitespace after a valid complaint: only the size can be wrong.
        let exact = complaint + [UInt8](repeating: UInt8(ascii: " "), count: (1 << 20) - complaint.count)

        let over = try portal.postComplaint(exact + [UInt8(ascii: " ")])
        #expect(over.status == 413, "\(over.text)")
        #expect(over.mediaType == "application/problem+json")
        #expect(try portal.count("cases") == 0)

        let limit = try portal.postComplaint(exact)
        #expect(limit.status == 201, "\(limit.text)")
    }

    // MARK: Idempotency

    @Test func replayedIdempotencyKeyReturnsTheFirstReceipt() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let body = JSONBody.bytes(ComplaintFixture.rightsholder())
        let key = [("Idempotency-Key", "3f0c1d9e-retry-of-complaint-1")]

        let first = try portal.postComplaint(body, headers: key)
        portal.clock.advance(by: 90)
        let replay = try portal.postComplaint(body, headers: key)

        #expect(first.status == 201)
        #expect(first.header("Idempotent-Replayed") == nil)
        #expect(replay.status == 201, "\(replay.text)")
        #expect(replay.header("Idempotent-Replayed") == "true")
        #expect(replay.header("Cache-Control") == "no-store")
        let a = try #require(first.jsonObject), b = try #require(replay.jsonObject)
        #expect(b["reference"] as? String == "CPL-2026-000001")
        #expect(b["status_token"] as? String == a["status_token"] as? String)
        #expect(b["received_at"] as? String == a["received_at"] as? String)
        #expect(b["acknowledge_by"] as? String == a["acknowledge_by"] as? String)
        #expect(b["respond_by"] as? String == a["respond_by"] as? String)
        #expect(try portal.count("cases") == 1)
        #expect(try portal.count("case_events") == 1)
    }

    @Test func idempotencyKeyReusedForADifferentComplaintIsRefused() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let key = [("Idempotency-Key", "key-used-twice")]

        let first = try portal.postComplaint(ComplaintFixture.rightsholder(), headers: key)
        let changed = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "description",
                                               "A different complaint: the crawler also ignored our TDM-Rep header in November.")
        let second = try portal.postComplaint(changed, headers: key)

        #expect(first.status == 201)
        #expect(second.status == 422, "\(second.text)")
        #expect(second.mediaType == "application/problem+json")
        #expect(second.jsonObject?["status_token"] == nil)
        #expect(try portal.count("cases") == 1)

        let fresh = try portal.postComplaint(changed, headers: [("Idempotency-Key", "another-key")])
        #expect(fresh.jsonObject?["reference"] as? String == "CPL-2026-000002")
    }

    @Test(arguments: [String(repeating: "k", count: 256), "has space"])
    func malformedIdempotencyKeyGets400AndNothingIsStored(_ key: String) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.postComplaint(ComplaintFixture.rightsholder(), headers: [("Idempotency-Key", key)])

        #expect(response.status == 400, "\(response.text)")
        #expect(response.mediaType == "application/problem+json")
        #expect(try portal.count("cases") == 0)
    }

    // MARK: Duplicates

    @Test func identicalComplaintIsStoredAndFlaggedWithTheFirstReference() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let first = try portal.postComplaint(ComplaintFixture.rightsholder(title: "Le Livre"))
        let again = try portal.postComplaint(ComplaintFixture.rightsholder(title: "  le   LIVRE "))
        let other = try portal.postComplaint(ComplaintFixture.rightsholder(title: "Un Autre Livre"))

        #expect(first.status == 201)
        #expect(again.status == 201, "a repeat is stored for a person to judge, never refused")
        #expect(other.status == 201)
        let rows = try portal.rows("SELECT reference, duplicate_of FROM cases ORDER BY id")
        #expect(rows.map { $0.string("reference") } == ["CPL-2026-000001", "CPL-2026-000002", "CPL-2026-000003"])
        #expect(rows.map { $0.string("duplicate_of") } == [nil, "CPL-2026-000001", nil])
        let event = try #require(try portal.rows("""
            SELECT e.payload FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.reference = 'CPL-2026-000002'
            """).first)
        #expect(event.string("payload")?.contains("\"possible_duplicate_of\":\"CPL-2026-000001\"") == true)
    }

    @Test func repeatWithWorksInAnotherOrderAndANewDescriptionIsFlaggedButAnotherCategoryIsNot() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let a: [String: Any] = ["title": "Tome I", "type": "text", "rights_reservation": "robots_txt"]
        let b: [String: Any] = ["title": "Cover Art", "type": "image", "rights_reservation": "terms"]
        let first = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "works", [a, b])
        var repeated = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "works", [b, a])
        repeated["description"] = "Writing again: the crawler is still fetching the same two works every night in November."
        let otherCategory = ComplaintFixture.setting(first, "category", "infringing_output")

        for complaint in [first, repeated, otherCategory] {
            #expect(try portal.postComplaint(complaint).status == 201)
        }

        #expect(try portal.rows("SELECT duplicate_of FROM cases ORDER BY id").map { $0.string("duplicate_of") }
                == [nil, "CPL-2026-000001", nil])
    }

    @Test func sameWorksFromAnotherRightsholderAreNotFlagged() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        _ = try portal.postComplaint(ComplaintFixture.rightsholder())
        let other = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "complainant.organisation", "Another Publisher SARL")
        #expect(try portal.postComplaint(other).status == 201)

        #expect(try portal.rows("SELECT duplicate_of FROM cases ORDER BY id").map { $0.string("duplicate_of") } == [nil, nil])
    }

    // MARK: The event log

    @Test func eachCaseHasASubmittedEventHashChainedToThePreviousOne() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        for title in ["One", "Two", "Three"] {
            #expect(try portal.postComplaint(ComplaintFixture.rightsholder(title: title)).status == 201)
        }

        let references = try verifyEventChain(portal)
        #expect(references == ["CPL-2026-000001", "CPL-2026-000002", "CPL-2026-000003"])
    }

    /// Checks that every event is a `submitted` event whose hash recomputes from the previous
    /// event's hash and its own content, and returns the case references in event order.
    func verifyEventChain(_ portal: PortalTestServer, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String?] {
        let events = try portal.rows("""
            SELECT e.*, c.reference FROM case_events e LEFT JOIN cases c ON c.id = e.case_id ORDER BY e.id
            """)
        var previous = EventLog.genesis
        for event in events {
            #expect(event.string("type") == "submitted", sourceLocation: sourceLocation)
            #expect(event.string("actor") == "complainant", sourceLocation: sourceLocation)
            #expect(event.string("occurred_at") == "2026-11-28T10:12:00Z", sourceLocation: sourceLocation)
            let hash = try #require(event.string("hash"), sourceLocation: sourceLocation)
            #expect(isLowercaseHex(hash, count: 64), "hash \(hash)", sourceLocation: sourceLocation)
            #expect(event.string("previous_hash") == previous, sourceLocation: sourceLocation)
            let payload = try JSONParser.parse(try #require(event.string("payload"), sourceLocation: sourceLocation))
            let recomputed = EventLog.chainHash(previous: previous, reference: event.string("reference"),
                                                type: "submitted", actor: "complainant",
                                                occurredAt: try #require(event.string("occurred_at"), sourceLocation: sourceLocation),
                                                payload: payload)
            #expect(recomputed == hash, sourceLocation: sourceLocation)
            previous = hash
        }
        return events.map { $0.string("reference") }
    }

    @Test func concurrentSubmissionsGetDistinctSequentialReferencesAndAnUnbrokenChain() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let port = portal.port
        let responses = Collected<RawHTTPResponse>()
        let failures = Collected<String>()

        DispatchQueue.concurrentPerform(iterations: 16) { i in
            do {
                let body = JSONBody.bytes(ComplaintFixture.rightsholder(title: "Concurrent \(i)"))
                responses.append(try PortalTestServer.send(port: port, "POST", "/api/v1/complaints",
                                                           headers: [("Content-Type", "application/json")], body: body))
            } catch {
                failures.append("\(error)")
            }
        }

        #expect(failures.values.isEmpty, "\(failures.values)")
        #expect(responses.values.map(\.status) == Array(repeating: 201, count: 16))
        let references = Set(responses.values.compactMap { $0.jsonObject?["reference"] as? String })
        #expect(references == Set((1...16).map { String(format: "CPL-2026-%06d", $0) }))
        let chained = try verifyEventChain(portal)
        #expect(chained.count == 16)
        #expect(Set(chained.compactMap { $0 }) == references)
    }

    @Test func concurrentRetriesWithOneIdempotencyKeyFileOneCase() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let port = portal.port
        let body = JSONBody.bytes(ComplaintFixture.rightsholder())
        let responses = Collected<RawHTTPResponse>()

        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if let response = try? PortalTestServer.send(port: port, "POST", "/api/v1/complaints",
                                                         headers: [("Content-Type", "application/json"),
                                                                   ("Idempotency-Key", "double-click")], body: body) {
                responses.append(response)
            }
        }

        let answers = responses.values
        #expect(answers.map(\.status) == Array(repeating: 201, count: 8))
        #expect(Set(answers.compactMap { $0.jsonObject?["reference"] as? String }) == ["CPL-2026-000001"])
        #expect(Set(answers.compactMap { $0.jsonObject?["status_token"] as? String }).count == 1)
        #expect(answers.filter { $0.header("Idempotent-Replayed") == "true" }.count == 7)
        #expect(try portal.count("cases") == 1)
        #expect(try portal.count("case_events") == 1)
    }

    @Test func submittedEventRecordsTheSubmissionAndAttachmentHashes() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let body = MultipartBody(complaint: ComplaintFixture.rightsholder(),
                                 files: [("log.pdf", "application/pdf", EvidenceSamples.pdf)])
        #expect(try portal.postComplaint(body).status == 201)

        let row = try #require(try portal.rows("SELECT c.submission, e.payload FROM cases c JOIN case_events e ON e.case_id = c.id").first)
        let payload = try #require((try? JSONSerialization.jsonObject(with: Data((row.string("payload") ?? "").utf8))) as? [String: Any])
        let submission = try JSONParser.parse(try #require(row.string("submission")))
        #expect(payload["submission_sha256"] as? String == TestSHA256.hex(submission.serializedBytes(sortedKeys: true)))
        let attachments = payload["attachments"] as? [[String: Any]]
        #expect(attachments?.first?["sha256"] as? String == TestSHA256.hex(EvidenceSamples.pdf))
        #expect(attachments?.first?["media_type"] as? String == "application/pdf")
    }

    @Test func caseEventsRefuseUpdateAndDelete() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        #expect(try portal.postComplaint(ComplaintFixture.rightsholder()).status == 201)
        let before = try portal.rows("SELECT * FROM case_events")

        #expect(throws: (any Error).self) {
            try portal.database.write { try $0.run("UPDATE case_events SET actor = 'staff', hash = 'x'") }
        }
        #expect(throws: (any Error).self) {
            try portal.database.write { try $0.run("DELETE FROM case_events") }
        }

        #expect(try portal.rows("SELECT * FROM case_events") == before)
        #expect(before.count == 1)
    }
}

/// The per-address limit on complaint submissions.
@Suite struct ComplaintRateLimitEndToEndTests {
    @Test func twentyFirstSubmissionFromOneAddressWithinAnHourGets429() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        for i in 1...20 {
            let response = try portal.postComplaint(ComplaintFixture.rightsholder(title: "Work \(i)"))
            #expect(response.status == 201, "submission \(i): \(response.status) \(response.text)")
        }
        portal.clock.advance(by: 600)
        let refused = try portal.postComplaint(ComplaintFixture.rightsholder(title: "Work 21"))

        #expect(refused.status == 429)
        #expect(refused.mediaType == "application/problem+json")
        // The oldest of the twenty leaves the window 3000 s from now.
        #expect(refused.header("Retry-After") == "3000")
        #expect(try portal.count("cases") == 20)

        portal.clock.advance(by: 3000)
        let later = try portal.postComplaint(ComplaintFixture.rightsholder(title: "Work 21"))
        #expect(later.status == 201, "an hour after the first submission the address may submit again: \(later.text)")
    }

    @Test func behindATrustedProxyTheLimitAppliesPerForwardedClient() throws {
        let portal = try PortalTestServer(settings: WebSettings(trustedProxies: ["127.0.0.1"]))
        defer { portal.stop() }
        let busy = [("X-Forwarded-For", "203.0.113.7")]

        for i in 1...20 {
            let response = try portal.postComplaint(ComplaintFixture.rightsholder(title: "Work \(i)"), headers: busy)
            #expect(response.status == 201, "submission \(i): \(response.status)")
        }
        let refused = try portal.postComplaint(ComplaintFixture.rightsholder(title: "Work 21"), headers: busy)
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") == "3600")

        let other = try portal.postComplaint(ComplaintFixture.rightsholder(title: "Work 21"),
                                             headers: [("X-Forwarded-For", "198.51.100.23")])
        #expect(other.status == 201, "another client behind the proxy is not limited: \(other.text)")
    }

    @Test func forgedLeftmostForwardedAddressDoesNotEscapeTheLimit() throws {
        let portal = try PortalTestServer(settings: WebSettings(submissionsPerHour: 2, trustedProxies: ["127.0.0.1"]))
        defer { portal.stop() }

        // The proxy appends the real client; whatever the client sent before it is not believed.
        var statuses: [Int] = []
        for forged in ["10.0.0.1", "10.0.0.2", "10.0.0.3"] {
            statuses.append(try portal.postComplaint(ComplaintFixture.rightsholder(title: forged),
                                                     headers: [("X-Forwarded-For", "\(forged), 203.0.113.7")]).status)
        }
        #expect(statuses == [201, 201, 429])
    }

    @Test func forwardedForFromAnUntrustedPeerIsIgnored() throws {
        let portal = try PortalTestServer(settings: WebSettings(submissionsPerHour: 2))
        defer { portal.stop() }

        var statuses: [Int] = []
        for client in ["192.0.2.1", "192.0.2.2", "192.0.2.3"] {
            statuses.append(try portal.postComplaint(ComplaintFixture.rightsholder(title: client),
                                                     headers: [("X-Forwarded-For", client)]).status)
        }
        #expect(statuses == [201, 201, 429])
    }
}
