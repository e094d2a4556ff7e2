import Testing
@testable import HTTPServer

/// Size limits: each is enforced with its status as soon as it is exceeded, and the connection is closed.
@Suite struct LimitsEndToEndTests {
    /// A request line of exactly `length` bytes (without CRLF).
    private static func requestLine(length: Int) -> String {
        let fixed = "GET  HTTP/1.1".utf8.count
        return "GET /" + String(repeating: "a", count: length - fixed - 1) + " HTTP/1.1"
    }

    // MARK: Request line and header section

    @Test func requestLineOver8KiBGets414() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected(Self.requestLine(length: 8 * 1024 + 1) + "\r\nHost: x\r\n\r\n", status: 414, server: server)
    }

    @Test func requestLineOf8KiBIsAccepted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Self.requestLine(length: 8 * 1024) + "\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 404)
        #expect(!response.announcesClose)
    }

    @Test func unterminatedRequestLineGets414AsSoonAsItIsTooLong() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /" + String(repeating: "a", count: 9000))
        let response = try client.readResponse(timeout: .seconds(2))
        #expect(response.status == 414)
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func headerSectionOver32KiBGets431() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fields = (0..<40).map { "X-Field-\($0): " + String(repeating: "v", count: 1000) + "\r\n" }.joined()
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n", status: 431, server: server)
    }

    @Test func unterminatedHeaderSectionGets431AsSoonAsItIsTooLarge() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "v", count: 40 * 1024))
        let response = try client.readResponse(timeout: .seconds(2))
        #expect(response.status == 431)
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func headerSectionJustUnder32KiBIsAccepted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        let fields = (0..<31).map { "X-Field-\($0): " + String(repeating: "v", count: 1000) + "\r\n" }.joined()
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n")
        #expect(try client.readResponse().status == 200)
    }

    @Test func moreThan100HeaderFieldsGets431() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fields = (0..<100).map { "X-F\($0): v\r\n" }.joined()  // plus Host: 101 fields
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n", status: 431, server: server)
    }

    @Test func exactly100HeaderFieldsAreAccepted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        let fields = (0..<99).map { "X-F\($0): v\r\n" }.joined()  // plus Host: 100 fields
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n")
        #expect(try client.readResponse().status == 200)
    }

    // MARK: Body

    @Test func contentLengthOverTheDefaultLimitGets413BeforeAnyBodyIsSent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        let start = ContinuousClock.now
        try client.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: \(1024 * 1024 + 1)\r\n\r\n")
        // The header timeout is 10 s by default: an answer within 2 s was not waiting for the body.
        let response = try client.readResponse(timeout: .seconds(2))
        #expect(response.status == 413)
        #expect(ContinuousClock.now - start < .seconds(2))
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func contentTooLargeReachesAClientThatSendsTheBodyAnyway() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        // Like a client that does not use Expect: the whole 2 MiB follows the head at once. The
        // server must read and discard it after answering, or the kernel's reset could destroy the 413.
        try client.send(Array("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: \(2 << 20)\r\n\r\n".utf8)
                        + [UInt8](repeating: 0x62, count: 2 << 20))
        let response = try client.readResponse(timeout: .seconds(2))
        #expect(response.status == 413)
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func bodyOfExactlyTheDefaultLimitIsAccepted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Array("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: \(1 << 20)\r\n\r\n".utf8)
                        + [UInt8](repeating: 0x61, count: 1 << 20))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == String(1 << 20))
    }

    @Test func routeWithARaisedLimitAccepts2MiB() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        let body = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try client.send(Array("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == String(2 << 20))
        // The raised limit is still a limit.
        try client.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: \((4 << 20) + 1)\r\n\r\n")
        let tooLarge = try client.readResponse(timeout: .seconds(2))
        #expect(tooLarge.status == 413)
        EndToEnd.expectClosed(tooLarge, on: client)
    }

    @Test func chunkedBodyGrowingOverTheRouteLimitGets413() throws {
        let server = try TestServer()
        defer { server.stop() }
        let chunk = "200\r\n" + String(repeating: "c", count: 512) + "\r\n"
        let head = "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        // 1024 bytes fit the route's limit exactly ...
        let client = try server.connect()
        try client.send(head + chunk + chunk + "0\r\n\r\n")
        #expect(try client.readResponse().text == "1024")
        // ... one more byte does not.
        try EndToEnd.expectRejected(head + chunk + chunk + "1\r\nc\r\n0\r\n\r\n", status: 413, server: server)
    }

    @Test func chunkSizeOverTheDefaultLimitGets413Immediately() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n")
        let response = try client.readResponse(timeout: .seconds(2))
        #expect(response.status == 413)
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func overlongChunkExtensionGets400() throws {
        let server = try TestServer()
        defer { server.stop() }
        let head = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        try EndToEnd.expectRejected(head + "5;ext=" + String(repeating: "e", count: 2000) + "\r\nhello\r\n0\r\n\r\n",
                                    status: 400, server: server)
        // Even before the line ends.
        let client = try server.connect()
        try client.send(head + "5;ext=" + String(repeating: "e", count: 2000))
        let response = try client.readResponse(timeout: .seconds(2))
        #expect(response.status == 400)
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func chunkExtensionWithinTheLimitIsAccepted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext="
                        + String(repeating: "e", count: 900) + "\r\nhello\r\n0\r\n\r\n")
        #expect(try client.readResponse().text == "hello")
    }

    @Test func oversizedTrailerSectionGets400() throws {
        let server = try TestServer()
        defer { server.stop() }
        let trailers = (0..<20).map { "X-T\($0): " + String(repeating: "t", count: 500) + "\r\n" }.joined()
        try EndToEnd.expectRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"
                                    + trailers + "\r\n", status: 400, server: server)
    }
}
