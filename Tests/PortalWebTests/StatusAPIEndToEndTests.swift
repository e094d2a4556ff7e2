import Foundation
import HTTPTestSupport
import Testing

/// GET /api/v1/status with `Authorization: Bearer <status token>`, over a real socket.
@Suite struct StatusAPIEndToEndTests {
    /// Files a complaint and returns its receipt.
    func file(_ portal: PortalTestServer, title: String = "Le Livre") throws -> [String: Any] {
        let response = try portal.postComplaint(ComplaintFixture.rightsholder(title: title))
        #expect(response.status == 201, "\(response.text)")
        return try #require(response.jsonObject)
    }

    func status(_ portal: PortalTestServer, authorization: String?) throws -> RawHTTPResponse {
        try portal.get("/api/v1/status", headers: authorization.map { [("Authorization", $0)] } ?? [])
    }

    @Test func statusTokenShowsTheCaseStatusAndDates() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let receipt = try file(portal)
        let token = try #require(receipt["status_token"] as? String)

        let response = try status(portal, authorization: "Bearer \(token)")

        #expect(response.status == 200, "\(response.text)")
        #expect(response.mediaType == "application/json")
        #expect(response.header("Cache-Control") == "no-store")
        let body = try #require(response.jsonObject)
        #expect(body["reference"] as? String == "CPL-2026-000001")
        #expect(body["type"] as? String == "complaint")
        #expect(body["status"] as? String == "received")
        #expect(body["received_at"] as? String == "2026-11-28T10:12:00Z")
        #expect(body["acknowledge_by"] as? String == "2026-12-02T22:59:59Z")
        #expect(body["respond_by"] as? String == "2026-12-28T22:59:59Z")
        #expect(body["status_token"] == nil, "the token is shown only once, on the receipt")
    }

    @Test func eachTokenShowsOnlyItsOwnCase() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let first = try file(portal, title: "First")
        let second = try file(portal, title: "Second")

        for receipt in [second, first] {
            let token = try #require(receipt["status_token"] as? String)
            let response = try status(portal, authorization: "Bearer \(token)")
            #expect(response.jsonObject?["reference"] as? String == receipt["reference"] as? String)
        }
    }

    @Test func bearerSchemeIsCaseInsensitive() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let token = try #require(try file(portal)["status_token"] as? String)

        let response = try status(portal, authorization: "bearer \(token)")

        #expect(response.status == 200)
    }

    @Test func wrongTokenGetsTheSameAnswerAsATokenOfNoCase() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let empty = try PortalTestServer()
        defer { empty.stop() }
        let token = try #require(try file(portal)["status_token"] as? String)
        // The real token with its last character changed: as close to right as a guess can be.
        let nearMiss = String(token.dropLast()) + (token.last == "A" ? "B" : "A")
        let random = "Zm9yZ2VkLXRva2VuLXRoYXQtbWF0Y2hlcy1ub3RoaW5n"

        let answers = [
            try status(portal, authorization: "Bearer \(nearMiss)"),
            try status(portal, authorization: "Bearer \(random)"),
            try status(empty, authorization: "Bearer \(random)"),
            try status(empty, authorization: "Bearer \(token)"),
        ]

        for answer in answers {
            #expect(answer.status == 401)
            #expect(answer.mediaType == "application/problem+json")
            #expect(answer.body == answers[0].body, "\(answer.text) differs from \(answers[0].text)")
            #expect(answer.header("WWW-Authenticate") == answers[0].header("WWW-Authenticate"))
            #expect(answer.jsonObject?["reference"] == nil)
        }
        #expect(answers[0].header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
    }

    @Test(arguments: [nil, "Basic amFuZTpzZWNyZXQ=", "Bearer", "Bearer    "])
    func missingBearerTokenGets401WithAChallenge(_ authorization: String?) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        _ = try file(portal)

        let response = try status(portal, authorization: authorization)

        #expect(response.status == 401)
        #expect(response.mediaType == "application/problem+json")
        #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(response.jsonObject?["reference"] == nil)
    }

    @Test func tokenFromAReplayedReceiptStillWorks() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let body = JSONBody.bytes(ComplaintFixture.rightsholder())
        _ = try portal.postComplaint(body, headers: [("Idempotency-Key", "k-1")])
        let replay = try portal.postComplaint(body, headers: [("Idempotency-Key", "k-1")])
        let token = try #require(replay.jsonObject?["status_token"] as? String)

        let response = try status(portal, authorization: "Bearer \(token)")

        #expect(response.status == 200)
        #expect(response.jsonObject?["reference"] as? String == "CPL-2026-000001")
    }
}
