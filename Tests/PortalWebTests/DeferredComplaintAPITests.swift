import Foundation
import HTTPTestSupport
import Portal
import PortalWeb
import SQLite
import Testing

/// POST /api/v1/complaints as a deferred route: answered once the case is durable, from the
/// database's commit thread, over keep-alive connections.
@Suite struct DeferredComplaintAPITests {
    /// A POST on an open keep-alive connection (no `Connection: close`).
    static func post(_ client: RawHTTPClient, _ body: [UInt8], contentType: String? = "application/json",
                     headers: [(String, String)] = []) throws -> RawHTTPResponse {
        var head = "POST /api/v1/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        try client.send(Array(head.utf8) + body)
        return try client.readResponse(timeout: .seconds(20))
    }

    static func get(_ client: RawHTTPClient, _ path: String) throws -> RawHTTPResponse {
        try client.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        return try client.readResponse(timeout: .seconds(20))
    }

    @Test func fortyConcurrentComplaintsOnSeparateKeepAliveConnectionsAllGet201AndAreDurable() throws {
        let portal = try PortalTestServer(settings: WebSettings(submissionsPerHour: 1_000))
        defer { portal.stop() }
        let port = portal.port
        let count = 40
        let clients = try (0..<count).map { _ in try RawHTTPClient(port: port) }
        defer { clients.forEach { $0.close() } }

        struct Answer: Sendable { let index: Int; let status: Int; let reference: String?; let text: String; let followUp: Int }
        let answers = Collected<Answer>()
        let finished = Collected<Int>()
        for (index, client) in clients.enumerated() {
            let body = JSONBody.bytes(ComplaintFixture.rightsholder(title: "Concurrent work \(index)"))
            nonisolated(unsafe) let client = client
            Thread.detachNewThread {
                defer { finished.append(index) }
                do {
                    let response = try Self.post(client, body)
                    // The connection stays usable after a deferred answer.
                    let followUp = (try? Self.get(client, "/healthz").status) ?? -1
                    answers.append(Answer(index: index, status: response.status, reference: response.jsonObject?["reference"] as? String,
                                          text: response.text, followUp: followUp))
                } catch {
                    answers.append(Answer(index: index, status: -1, reference: nil, text: "\(error)", followUp: -1))
                }
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while finished.values.count < count && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
        try #require(finished.values.count == count, "only \(finished.values.count) of \(count) requests finished")

        let all = answers.values
        for answer in all {
            #expect(answer.status == 201, "request \(answer.index): \(answer.status) \(answer.text)")
            #expect(answer.followUp == 200, "request \(answer.index): the keep-alive connection gave \(answer.followUp) afterwards")
        }
        let references = all.compactMap(\.reference)
        #expect(references.count == count)
        #expect(Set(references).count == count, "duplicate references")
        #expect(portal.handlerErrors.isEmpty, "\(portal.handlerErrors)")

        // A connection of its own, opened after the answers: each answered case is on disk.
        let connection = try Connection(path: portal.database.path, readOnly: true)
        defer { try? connection.close() }
        for reference in references {
            let rows = try connection.query("SELECT c.id FROM cases c JOIN complaints p ON p.case_id = c.id WHERE c.reference = ?",
                                            [.text(reference)])
            #expect(rows.count == 1, "case \(reference) answered with 201 but not stored")
        }
        #expect(try connection.scalar("SELECT count(*) FROM cases")?.intValue == count)
    }

    @Test func malformedJSONThroughTheDeferredRouteGets400AndTheConnectionCarriesOn() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let client = try RawHTTPClient(port: portal.port)
        defer { client.close() }

        let bad = try Self.post(client, Array("{\"category\": \"other\" \"model\": 1}".utf8))
        #expect(bad.status == 400, "\(bad.text)")
        #expect(bad.mediaType == "application/problem+json")
        #expect(bad.jsonObject?["status"] as? Int == 400)
        #expect(try portal.count("cases") == 0)

        let good = try Self.post(client, JSONBody.bytes(ComplaintFixture.rightsholder()))
        #expect(good.status == 201, "\(good.text)")
        #expect(good.jsonObject?["reference"] as? String == "CPL-2026-000001")
        #expect(try portal.count("cases") == 1)
        #expect(portal.handlerErrors.isEmpty, "\(portal.handlerErrors)")
    }

    @Test func wrongContentTypeThroughTheDeferredRouteGets415AndNothingIsStored() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let client = try RawHTTPClient(port: portal.port)
        defer { client.close() }

        let response = try Self.post(client, JSONBody.bytes(ComplaintFixture.rightsholder()), contentType: "text/plain")
        #expect(response.status == 415, "\(response.text)")
        #expect(response.mediaType == "application/problem+json")
        #expect(try portal.count("cases") == 0)

        let good = try Self.post(client, JSONBody.bytes(ComplaintFixture.rightsholder()))
        #expect(good.status == 201, "\(good.text)")
    }

    @Test func invalidComplaintThroughTheDeferredRouteGets422AndAReplayGetsTheFirstReceipt() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let client = try RawHTTPClient(port: portal.port)
        defer { client.close() }

        let invalid = try Self.post(client, JSONBody.bytes(ComplaintFixture.removing(ComplaintFixture.rightsholder(), "model")))
        #expect(invalid.status == 422, "\(invalid.text)")
        #expect(invalid.errorFields.contains("model"), "\(invalid.errorFields)")

        let body = JSONBody.bytes(ComplaintFixture.rightsholder())
        let first = try Self.post(client, body, headers: [("Idempotency-Key", "deferred-replay-1")])
        #expect(first.status == 201, "\(first.text)")
        #expect(first.header("Idempotent-Replayed") == nil)
        let again = try Self.post(client, body, headers: [("Idempotency-Key", "deferred-replay-1")])
        #expect(again.status == 201, "\(again.text)")
        #expect(again.header("Idempotent-Replayed") == "true")
        #expect(again.jsonObject?["reference"] as? String == first.jsonObject?["reference"] as? String)
        #expect(again.jsonObject?["status_token"] as? String == first.jsonObject?["status_token"] as? String)
        #expect(try portal.count("cases") == 1)
    }
}
