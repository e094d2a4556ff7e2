import Foundation
import HTTPTestSupport
import Portal
import Testing

/// GET /api/v1/cases/{reference}/attachments/{id} over a real socket: the evidence file as a
/// download that no browser renders, and an `attachment_downloaded` event naming who took it.
@Suite struct AttachmentDownloadEndToEndTests {
    private func fileWithEvidence(_ portal: PortalTestServer, files: [(String, String, [UInt8])]) throws -> FiledComplaint {
        let response = try portal.postComplaint(MultipartBody(complaint: ComplaintFixture.rightsholder(), files: files))
        try #require(response.status == 201, "\(response.text)")
        let receipt = try #require(response.jsonObject)
        return FiledComplaint(reference: try #require(receipt["reference"] as? String),
                              statusToken: try #require(receipt["status_token"] as? String), receipt: receipt)
    }

    @Test func attachmentDownloadsAsAnUnsniffableFileAndIsLoggedWithTheStaffName() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try fileWithEvidence(portal, files: [("crawl-log.pdf", "application/pdf", EvidenceSamples.pdf),
                                                         ("screenshot.png", "image/png", EvidenceSamples.png)])
        let detail = try portal.caseDetail(filed.reference, as: alice)
        let attachments = try #require(detail["attachments"] as? [[String: Any]])
        try #require(attachments.count == 2)
        let pdf = attachments[0]
        #expect(pdf["filename"] as? String == "crawl-log.pdf")
        #expect(pdf["media_type"] as? String == "application/pdf")
        #expect(pdf["size"] as? Int == EvidenceSamples.pdf.count)
        #expect(pdf["sha256"] as? String == TestSHA256.hex(EvidenceSamples.pdf))
        #expect(pdf["content"] == nil, "metadata only")
        let href = try #require(pdf["href"] as? String)
        let id = try #require(pdf["id"] as? Int)
        #expect(href == "/api/v1/cases/\(filed.reference)/attachments/\(id)")
        portal.clock.advance(by: Span.hour)

        let download = try portal.staffGet(href, as: alice)

        #expect(download.status == 200, "\(download.text)")
        #expect(download.body == EvidenceSamples.pdf)
        #expect(download.header("Content-Type") == "application/pdf")
        let disposition = try #require(download.header("Content-Disposition"))
        #expect(disposition.hasPrefix("attachment"), "\(disposition)")
        #expect(disposition.contains("filename=\"crawl-log.pdf\""), "\(disposition)")
        #expect(download.header("X-Content-Type-Options") == "nosniff")
        #expect(download.header("Cache-Control") == "no-store")
        let events = try portal.caseDetail(filed.reference, as: alice).events
        let logged = try #require(events.last)
        #expect(logged["type"] as? String == "attachment_downloaded")
        #expect(logged["actor"] as? String == "alice")
        #expect(logged["occurred_at"] as? String == utc(portal.clock.now))
        let payload = logged["payload"] as? [String: Any]
        #expect(payload?["attachment_id"] as? Int == id)
        #expect(payload?["sha256"] as? String == TestSHA256.hex(EvidenceSamples.pdf))
        IndependentChain.expectChained(events, reference: filed.reference)

        // The second file, by an auditor: read access, and logged too.
        let carol = try portal.staff("carol", .auditor)
        let png = try portal.staffGet(try #require(attachments[1]["href"] as? String), as: carol)
        #expect(png.status == 200)
        #expect(png.body == EvidenceSamples.png)
        #expect(png.header("Content-Type") == "image/png")
        #expect(png.header("Content-Disposition")?.contains("screenshot.png") == true)
        let after = try portal.caseDetail(filed.reference, as: carol).events
        #expect(after.filter { $0["type"] as? String == "attachment_downloaded" }.compactMap { $0["actor"] as? String } == ["alice", "carol"])
        // A download changes the ETag (it is an event) but not the case's status.
        #expect(try portal.caseDetail(filed.reference, as: carol)["status"] as? String == "received")
        #expect((try portal.partyStatus(filed)["messages"] as? [Any])?.isEmpty == true, "downloads are not shown to the complainant")
    }

    @Test func attachmentOfAnotherCaseOrWithoutATokenIsNotServed() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let withFile = try fileWithEvidence(portal, files: [("crawl-log.pdf", "application/pdf", EvidenceSamples.pdf)])
        let other = try portal.fileComplaint(ComplaintFixture.rightsholder(title: "Another Book"))
        let href = try #require((try portal.caseDetail(withFile.reference, as: alice)["attachments"] as? [[String: Any]])?.first?["href"] as? String)
        let id = try #require(href.split(separator: "/").last)
        let before = try portal.count("case_events")

        let crossed = try portal.staffGet("/api/v1/cases/\(other.reference)/attachments/\(id)", as: alice)
        let anonymous = try portal.get(href)
        let withStatusToken = try portal.get(href, headers: [("Authorization", "Bearer \(withFile.statusToken)")])

        #expect(crossed.status == 404, "\(crossed.text)")
        #expect(crossed.body != EvidenceSamples.pdf)
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(withStatusToken.status == 401)
        #expect(try portal.count("case_events") == before, "no download was logged")
    }

    @Test func attachmentWithANonASCIINameGetsAnRFC6266Disposition() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let alice = try portal.staff("alice", .reviewer)
        let filed = try fileWithEvidence(portal, files: [("journal d'exploration été.pdf", "application/pdf", EvidenceSamples.pdf)])
        let attachment = try #require((try portal.caseDetail(filed.reference, as: alice)["attachments"] as? [[String: Any]])?.first)
        let stored = try #require(attachment["filename"] as? String)

        let download = try portal.staffGet(try #require(attachment["href"] as? String), as: alice)

        #expect(download.status == 200)
        let disposition = try #require(download.header("Content-Disposition"))
        #expect(disposition.hasPrefix("attachment;"), "\(disposition)")
        #expect(disposition.contains("filename*=UTF-8''"), "\(disposition)")
        // The ASCII fallback holds no raw quote that would end the parameter early.
        let fallback = try #require(disposition.components(separatedBy: "filename=\"").dropFirst().first?.components(separatedBy: "\";").first)
        #expect(!fallback.contains("\""), "\(disposition)")
        #expect(fallback.unicodeScalars.allSatisfy { $0.isASCII }, "\(disposition)")
        // The exact name comes back from filename*.
        let encoded = try #require(disposition.components(separatedBy: "filename*=UTF-8''").last)
        #expect(encoded.removingPercentEncoding == stored, "\(disposition) for \(stored)")
    }
}
