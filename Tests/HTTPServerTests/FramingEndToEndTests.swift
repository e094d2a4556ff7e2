import Testing
@testable import HTTPServer

/// RFC 9112 framing rules, spoken over a real socket: every ambiguous or malformed message is
/// answered with its status and the connection is closed, so nothing after it can be smuggled.
@Suite struct FramingEndToEndTests {
    // MARK: Content-Length and Transfer-Encoding

    @Test func rejectsContentLengthWithTransferEncoding() throws {
        let server = try TestServer()
        defer { server.stop() }
        for request in [
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
        ] {
            try EndToEnd.expectRejected(request, status: 400, server: server)
        }
    }

    @Test func rejectsDuplicateContentLength() throws {
        let server = try TestServer()
        defer { server.stop() }
        for (first, second) in [("5", "6"), ("5", "5")] {
            try EndToEnd.expectRejected(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(first)\r\nContent-Length: \(second)\r\n\r\nhello",
                status: 400, server: server)
        }
    }

    @Test(arguments: ["+5", "-5", "0x5", "5, 6", "5,5", "5 5", "5.0", "", "99999999999999999999999", "9223372036854775808"])
    func rejectsMalformedContentLength(_ value: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(value)\r\n\r\nhello",
                                    status: 400, server: server)
    }

    @Test(arguments: ["chunked, gzip", "chunked, chunked", "gzip", "chunked;q=1", ", "])
    func rejectsTransferEncodingWhoseFinalCodingIsNotChunked(_ value: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(value)\r\n\r\n0\r\n\r\n", status: 400, server: server)
    }

    @Test(arguments: ["foo", "foo, chunked", "gzip, chunked"])
    func answersUnknownOrUndecodedTransferCodingWith501(_ value: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(value)\r\n\r\n0\r\n\r\n",
                                    status: 501, server: server)
    }

    @Test func rejectsTransferEncodingOnHTTP10() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                                    status: 400, server: server)
    }

    // MARK: Header syntax

    @Test func rejectsWhitespaceBetweenFieldNameAndColon() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A\t: b\r\n\r\n", status: 400, server: server)
    }

    @Test func rejectsObsoleteLineFolding() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tfolded\r\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\n Host: x\r\n\r\n", status: 400, server: server)
    }

    @Test(arguments: ["a\rb", "a\u{0}b", "a\u{01}b", "a\u{7F}b", "a\u{1B}b", "\u{0B}"])
    func rejectsControlCharacterInFieldValue(_ value: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Value: \(value)\r\n\r\n", status: 400, server: server)
    }

    @Test func rejectsInvalidFieldName() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\nX(A): b\r\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\n: b\r\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\nno-colon\r\n\r\n", status: 400, server: server)
    }

    @Test func rejectsBareLFLineEndings() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\nHost: x\n\n", status: 400, server: server)
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: x\r\n\n", status: 400, server: server)
    }

    // MARK: Host

    @Test func rejectsHTTP11RequestWithoutHost() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nAccept: */*\r\n\r\n", status: 400, server: server)
    }

    @Test func rejectsRepeatedHost() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", status: 400, server: server)
    }

    @Test func rejectsInvalidHostValue() throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected("GET /healthz HTTP/1.1\r\nHost: a/b\r\n\r\n", status: 400, server: server)
    }

    // MARK: Request line

    @Test(arguments: ["GE T /healthz HTTP/1.1", "G@T /healthz HTTP/1.1", " GET /healthz HTTP/1.1", "GET  /healthz HTTP/1.1",
                      "G(T) /healthz HTTP/1.1", "GET /healthz  HTTP/1.1", "GET /heal\u{7F}thz HTTP/1.1", "GET /healthz#frag HTTP/1.1",
                      "GET healthz HTTP/1.1", "GET * HTTP/1.1"])
    func rejectsInvalidRequestLine(_ line: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected(line + "\r\nHost: x\r\n\r\n", status: 400, server: server)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.1"])
    func answersUnsupportedHTTPVersionWith505(_ version: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz \(version)\r\nHost: x\r\n\r\n", status: 505, server: server)
    }

    @Test(arguments: ["HTTP/1.10", "http/1.1", "HTTP/1", "HTTP/11", "HTTP/1.1 ", "HTTP/a.b", "HTTPS/1.1", ""])
    func rejectsMalformedHTTPVersion(_ version: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("GET /healthz \(version)\r\nHost: x\r\n\r\n", status: 400, server: server)
    }

    // MARK: Chunked bodies

    @Test(arguments: ["-5", "+5", "0x5", "5_0", "ffffffffffffffffff", "", " 5", "5 x", "g"])
    func rejectsBadChunkSize(_ size: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\nhello\r\n0\r\n\r\n",
            status: 400, server: server)
    }

    @Test(arguments: ["5\r\nhelloXY0\r\n\r\n", "5\r\nhello\n0\r\n\r\n", "5\r\nhello0\r\n\r\n", "3\r\nhello\r\n0\r\n\r\n"])
    func rejectsMissingCRLFAfterChunkData(_ body: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try EndToEnd.expectRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body,
                                    status: 400, server: server)
    }

    @Test func rejectsBareLFInChunkLineAndTrailers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let head = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        try EndToEnd.expectRejected(head + "5\nhello\r\n0\r\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected(head + "0\r\nX-Checksum: 1\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected(head + "0\r\n folded: 1\r\n\r\n", status: 400, server: server)
        try EndToEnd.expectRejected(head + "0\r\nX-Checksum: \u{01}\r\n\r\n", status: 400, server: server)
    }
}
