import Foundation
import HTTPTestSupport
import SQLite
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A 201 is sent only once the case is durable: killing the server right after it loses nothing.
@Suite struct DurabilityEndToEndTests {
    @Test func complaintAnsweredWith201SurvivesSIGKILLOfTheServer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("portal.sqlite").path
        let portal = try PortalProcess(arguments: ["--host", "127.0.0.1", "--database", path, "--migrations", Repository.migrations,
                                                    "--public", Repository.root.appendingPathComponent("Public").path])

        // Three complaints on one keep-alive connection; the server dies right after the third 201.
        let client = try RawHTTPClient(port: portal.port)
        var receipts: [[String: Any]] = []
        let bodies: [(contentType: String, bytes: [UInt8])] = [
            ("application/json", JSONBody.bytes(ComplaintFixture.rightsholder(title: "First"))),
            ("application/json", JSONBody.bytes(ComplaintFixture.representative())),
            { let m = MultipartBody(complaint: ComplaintFixture.rightsholder(title: "Third"),
                                    files: [("log.pdf", "application/pdf", EvidenceSamples.pdf)])
              return (m.contentType, m.bytes) }(),
        ]
        var lastStatus = 0
        for body in bodies {
            try client.send(Array("POST /api/v1/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \(body.contentType)\r\nContent-Length: \(body.bytes.count)\r\n\r\n".utf8) + body.bytes)
            let response = try client.readResponse(timeout: .seconds(10))
            lastStatus = response.status
            if response.status != 201 { break }
            receipts.append(try #require(response.jsonObject))
        }
        portal.killAbruptly()
        client.close()

        #expect(lastStatus == 201, "stderr: \(portal.standardError)")
        #expect(portal.process.terminationReason == .uncaughtSignal)
        #expect(portal.process.terminationStatus == SIGKILL)
        try #require(receipts.count == 3)

        let database = try Database(path: path, readers: 1)
        defer { database.close() }
        for (index, receipt) in receipts.enumerated() {
            let reference = try #require(receipt["reference"] as? String)
            #expect(reference.hasSuffix("-00000\(index + 1)"), "\(reference)")
            let rows = try database.read { try $0.query("SELECT id, status, received_at FROM cases WHERE reference = ?", [.text(reference)]) }
            let row = try #require(rows.first, "case \(reference) lost after SIGKILL")
            #expect(row.string("status") == "received")
            #expect(row.string("received_at") == receipt["received_at"] as? String)
            let events = try database.read {
                try $0.query("SELECT type, hash FROM case_events WHERE case_id = ?", [row["id"] ?? .null])
            }
            #expect(events.map { $0.string("type") } == ["submitted"], "submitted event of \(reference)")
        }
        let attachments = try database.read { try $0.scalar("SELECT count(*) FROM attachments")?.intValue }
        #expect(attachments == 1)
    }
}
