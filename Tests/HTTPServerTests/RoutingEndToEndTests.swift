#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HTTPServer

/// What the responder makes of well-framed requests: target forms, OPTIONS, 404/405, error formats and headers.
@Suite struct RoutingEndToEndTests {
    @Test func absoluteFormTargetIsRouted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET http://example.com/healthz HTTP/1.1\r\nHost: example.com\r\n\r\n"
                        + "GET HTTP://example.com:8080/hello?x=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n")
        let first = try client.readResponse()
        #expect(first.status == 200)
        #expect(first.text == "ok")
        let second = try client.readResponse()
        #expect(second.status == 200)
        #expect(second.text == "hello, world")
    }

    @Test func optionsAsteriskListsEveryMethod() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        let allow = Set((response.header("Allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: " ") })
        #expect(allow == ["GET", "HEAD", "OPTIONS", "POST"])
        #expect(response.header("Content-Length") == "0")
    }

    @Test func optionsOnAKnownPathAnswersAllow() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("OPTIONS /echo HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.header("Allow") == "OPTIONS, POST")
    }

    @Test func otherMethodOnAKnownPathGets405WithAllowAndKeepsTheConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET, HEAD, OPTIONS")
        #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
        // The page says which methods the resource takes.
        #expect(response.text.contains("DELETE is not accepted here; this resource accepts GET, HEAD, OPTIONS."))
        #expect(!response.announcesClose)
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
    }

    @Test func unknownPathGets404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\nPOST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
        let first = try client.readResponse()
        let second = try client.readResponse()
        #expect(first.status == 404)
        #expect(second.status == 404)
        #expect(first.header("Content-Type") == "text/html; charset=utf-8")
        #expect(first.text.contains("404 Not Found"))
        #expect(first.header("Allow") == nil)
    }

    @Test func errorsUnderAPIPrefixAreProblemJSON() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /api/missing HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "DELETE /api/items HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /api/conflict HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "POST /api/items HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
        let notFound = try client.readResponse()
        #expect(notFound.status == 404)
        #expect(notFound.header("Content-Type") == "application/problem+json")
        #expect(notFound.text.contains("\"status\":404"))
        let notAllowed = try client.readResponse()
        #expect(notAllowed.status == 405)
        #expect(notAllowed.header("Content-Type") == "application/problem+json")
        #expect(notAllowed.text.contains("\"status\":405"))
        #expect(notAllowed.header("Allow") == "GET, HEAD, OPTIONS")
        let conflict = try client.readResponse()
        #expect(conflict.status == 409)
        #expect(conflict.header("Content-Type") == "application/problem+json")
        #expect(conflict.text.contains("\"status\":409"))
        #expect(conflict.text.contains("\"detail\":\"x\""))
        let tooLarge = try client.readResponse()
        #expect(tooLarge.status == 413)
        #expect(tooLarge.header("Content-Type") == "application/problem+json")
        #expect(tooLarge.text.contains("\"status\":413"))
        EndToEnd.expectClosed(tooLarge, on: client)
    }

    @Test func framingErrorsUnderAPIPrefixAreProblemJSONToo() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /api/items HTTP/1.1\r\nHost : x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.text.contains("\"status\":400"))
        EndToEnd.expectClosed(response, on: client)

        let page = try server.connect()
        try page.send("GET /page HTTP/1.1\r\nHost : x\r\n\r\n")
        let html = try page.readResponse()
        #expect(html.status == 400)
        #expect(html.header("Content-Type") == "text/html; charset=utf-8")
    }

    @Test func httpErrorThrownByAHandlerBecomesItsStatus() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /conflict HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 409)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.text.contains("409 Conflict"))
        #expect(response.text.contains("<p>x</p>"))
        #expect(!response.announcesClose)
    }

    @Test func plainErrorThrownByAHandlerIs500WithoutInternalDetails() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\nGET /api/fail HTTP/1.1\r\nHost: x\r\n\r\n")
        let html = try client.readResponse()
        let json = try client.readResponse()
        #expect(html.status == 500)
        #expect(json.status == 500)
        #expect(json.header("Content-Type") == "application/problem+json")
        #expect(json.text.contains("\"status\":500"))
        for response in [html, json] {
            #expect(!response.text.contains("secret"))
            #expect(!response.text.contains("InternalFailure"))
            #expect(!response.text.contains("corrupt"))
        }
        // The details go to the application log instead.
        #expect(server.probe.errorLog.withLock { $0 }.filter { $0.contains("secret-internal-detail") }.count == 2)
    }

    @Test func handlerHeadersCannotSplitOrReframeTheResponse() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /unsafe-headers HTTP/1.1\r\nHost: x\r\n\r\n" + EndToEnd.followUp)
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "body")
        #expect(response.header("X-Fine") == "yes")
        #expect(response.header("Set-Cookie") == nil)
        #expect(response.header("X-Split") == nil)
        #expect(response.header("X-Nul") == nil)
        #expect(response.values("Content-Length") == ["4"])
        #expect(response.header("Transfer-Encoding") == nil)
        #expect(!response.announcesClose)
        #expect(response.values("Date").count == 1 && response.header("Date") != "yesterday")
        // The framing held: the next response parses.
        #expect(try client.readResponse().text == "ok")
    }

    @Test func responsesCarryDateAndNoServerHeader() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
        for response in [try client.readResponse(), try client.readResponse()] {
            let date = try #require(response.header("Date"))
            let parsed = try #require(HTTPDate.parse(date), "Date is not an IMF-fixdate: \(date)")
            let now = Int(time(nil))
            #expect(abs(parsed - now) <= 5)
            #expect(response.values("Date").count == 1)
            #expect(response.header("Server") == nil)
            #expect(response.values("Content-Length").count == 1)
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
