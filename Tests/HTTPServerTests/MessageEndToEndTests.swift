import HTTPTestSupport
import Testing
@testable import HTTPServer

/// Well-formed traffic: persistence, pipelining, bodies however they are framed or split, 100-continue and HEAD.
@Suite struct MessageEndToEndTests {
    // MARK: Persistence

    @Test func http10WithoutHostIsAnsweredAndClosed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /healthz HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "ok")
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func http10WithKeepAliveStaysOpen() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let first = try client.readResponse()
        #expect(first.status == 200)
        #expect(first.header("Connection")?.lowercased() == "keep-alive")
        try client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let second = try client.readResponse()
        #expect(second.status == 200)
        #expect(second.text == "hello, world")
        try client.send("GET /healthz HTTP/1.0\r\n\r\n")
        EndToEnd.expectClosed(try client.readResponse(), on: client)
    }

    @Test func http11KeepsTheConnectionOpenBetweenRequests() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try client.readResponse()
        #expect(first.status == 200)
        #expect(!first.announcesClose)
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
        let second = try client.readResponse()
        #expect(second.status == 200)
        #expect(second.text == "abc")
        #expect(!client.hasInput(within: .milliseconds(50)), "server sent or closed after a keep-alive response")
    }

    @Test func http11ConnectionCloseIsHonoured() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func emptyLinesBeforeARequestAreIgnored() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
    }

    // MARK: Pipelining

    @Test func threePipelinedRequestsInOneWriteAreAnsweredInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
                        + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try client.readResponse()
        let second = try client.readResponse()
        let third = try client.readResponse()
        #expect(first.status == 200 && first.text == "ok")
        #expect(second.status == 200 && second.text == "hello world")
        #expect(second.header("X-Body-Length") == "11")
        #expect(third.status == 200 && third.text == "hello, world")
        #expect(!client.hasInput(within: .milliseconds(50)), "extra bytes or a close after the third response")
    }

    @Test func pipelinedRequestsAfterAChunkedBodyAndAWorkerHandlerAreNotLost() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                        + "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nwxyz"
                        + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let texts = try (0..<4).map { _ in try client.readResponse() }
        #expect(texts.map(\.status) == [200, 200, 200, 200])
        #expect(texts.map(\.text) == ["abc", "slow done", "wxyz", "ok"])
        EndToEnd.expectClosed(texts[3], on: client)
    }

    @Test func hundredsOfPipelinedRequestsInOneWriteAreAllAnswered() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        // Far more than one read's worth, alternating loop and worker handlers.
        var burst = ""
        for i in 0..<400 {
            burst += i % 2 == 0 ? "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                                : "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(String(i).utf8.count)\r\n\r\n\(i)"
        }
        try client.send(burst)
        for i in 0..<400 {
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == (i % 2 == 0 ? "hello, world" : String(i)), "response \(i)")
            if response.status != 200 { break }
        }
        #expect(!client.hasInput(within: .milliseconds(50)))
    }

    @Test func pipelinedRequestsAreNotLostWhileTheClientIsSlowToReadLargeResponses() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        // 24 × 256 KiB of responses: the server's output backs up while the requests are still unread.
        try client.send(String(repeating: "GET /large HTTP/1.1\r\nHost: x\r\n\r\n", count: 23)
                        + "GET /large HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(client.hasInput(within: .seconds(2)))
        RawHTTPClient.pause(.milliseconds(100))  // let the server fill the socket buffers before reading
        var count = 0
        for _ in 0..<24 {
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == TestServer.largeBody)
            count += 1
        }
        #expect(count == 24)
        EndToEnd.expectClosed(client)
    }

    @Test func requestsAfterConnectionCloseAreNotAnswered() throws {
        let server = try TestServer()
        defer { server.stop() }
        for first in ["GET /healthz", "GET /hello"] {  // answered on the loop, on a worker
            let client = try server.connect()
            try client.send(first + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + EndToEnd.followUp)
            let response = try client.readResponse()
            #expect(response.status == 200)
            EndToEnd.expectClosed(response, on: client)
        }
    }

    @Test func requestFollowedByHalfCloseIsStillAnswered() throws {
        let server = try TestServer()
        defer { server.stop() }
        for target in ["/healthz", "/slow"] {  // answered on the loop, on a worker
            let client = try server.connect()
            try client.send("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
            client.shutdownWrite()
            let response = try client.readResponse(timeout: .seconds(3))
            #expect(response.status == 200)
            EndToEnd.expectClosed(client)
        }
    }

    // MARK: Bodies

    @Test func chunkedBodyWithExtensionsAndTrailersIsDecoded() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=value\r\nhello\r\n"
                        + "1 ; quoted=\"a b\"\r\n \r\n"
                        + "A\r\n0123456789\r\n"
                        + "0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hello 0123456789")
        #expect(response.header("X-Trailer-Seen") == "no", "trailer fields must not reach the handler")
        // The connection is still usable: the decoder consumed exactly the chunked body.
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().text == "ok")
    }

    @Test func transferEncodingIsCaseInsensitive() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ChUnKeD\r\n\r\n2\r\nok\r\n0\r\n\r\n")
        #expect(try client.readResponse().text == "ok")
    }

    @Test func requestArrivingInManySmallWritesIsAssembled() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        let body = String(repeating: "0123456789", count: 10)
        try client.sendInPieces("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + body)
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == body)
    }

    @Test func chunkedRequestArrivingInManySmallWritesIsAssembled() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.sendInPieces("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "7;ext=1\r\nchunked\r\n1\r\n \r\n10\r\nbody in pieces!!\r\n0\r\nX-Checksum: 1\r\n\r\n"
                                + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "chunked body in pieces!!")
        #expect(try client.readResponse().text == "ok")
    }

    @Test func zeroContentLengthIsAnEmptyBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.header("X-Body-Length") == "0")
        #expect(try client.readResponse().text == "ok")
    }

    // MARK: 100-continue

    @Test func expectContinueGets100BeforeTheFinalResponse() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        let interim = try client.readResponse(timeout: .seconds(2))
        #expect(interim.status == 100)
        #expect(interim.version == "HTTP/1.1")
        #expect(interim.body.isEmpty)
        try client.send("hello")
        let final = try client.readResponse()
        #expect(final.status == 200)
        #expect(final.text == "hello")
    }

    @Test func expectContinueWithTooLargeContentLengthGets413Without100() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n")
        let response = try client.readResponse(timeout: .seconds(2))
        #expect(response.status == 413)
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func unsupportedExpectationGets417() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\na",
                                    status: 417, server: server)
    }

    // MARK: HEAD

    @Test func headGetsTheGetHeadersWithoutABody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\nHEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "HEAD /nowhere HTTP/1.1\r\nHost: x\r\n\r\n" + EndToEnd.followUp)
        let head = try client.readResponse(toHead: true)
        let get = try client.readResponse()
        let head2 = try client.readResponse(toHead: true)
        let missing = try client.readResponse(toHead: true)
        let last = try client.readResponse()
        #expect(missing.status == 404)
        #expect(Int(missing.header("Content-Length") ?? "") ?? 0 > 0, "a HEAD 404 announces the error page's length")
        #expect(last.status == 200 && last.text == "ok")
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == String("hello, world".utf8.count))
        #expect(head.header("Content-Type") == get.header("Content-Type"))
        #expect(get.status == 200)
        #expect(get.text == "hello, world")
        #expect(head2.status == 200)
        #expect(head2.header("Content-Length") == "2")
        #expect(!client.hasInput(within: .milliseconds(50)), "a HEAD response carried a body")
    }
}
