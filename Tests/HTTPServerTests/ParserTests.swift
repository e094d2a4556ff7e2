@testable import HTTPServer
import Testing

/// The request parser: `HeadScanner` + `RequestHead.parse` + body framing, driven as the event
/// loop drives them. Every case is framed both all at once and one byte at a time, and the two
/// must agree (see `parseOne` / `frameBothWays`).
@Suite struct ParserTests {
    // MARK: Accepted requests

    @Test func simpleGetYieldsMethodPathQueryVersionAndHeaders() throws {
        let request = try #require(parseOne(
            "GET /cases/7?sort=date&page=2 HTTP/1.1\r\nHost: example.com\r\nAccept: text/html\r\n\r\n").request)
        #expect(request.method == "GET")
        #expect(request.target == "/cases/7?sort=date&page=2")
        #expect(request.path == "/cases/7")
        #expect(request.query == "sort=date&page=2")
        #expect(request.version == .http1_1)
        #expect(request.headers == [Field("Host", "example.com"), Field("Accept", "text/html")])
        #expect(request.body.isEmpty)
        #expect(request.keepAlive)
        #expect(!request.expectsContinue)
    }

    @Test func targetWithoutQueryHasNilQueryAndEmptyQueryIsEmptyString() throws {
        let plain = try #require(parseOne(getRequest(target: "/a")).request)
        #expect(plain.path == "/a")
        #expect(plain.query == nil)
        let empty = try #require(parseOne(getRequest(target: "/a?")).request)
        #expect(empty.path == "/a")
        #expect(empty.query == "")
    }

    @Test func postWithContentLengthReadsExactlyThatManyBytesAndTheNextRequestFollows() throws {
        let text = "POST /submit HTTP/1.1\r\nHost: example.com\r\nContent-Length: 11\r\n\r\nhello worldGET /next HTTP/1.1\r\nHost: example.com\r\n\r\n"
        let outcomes = frameBothWays(text)
        try #require(outcomes.count == 2)
        let post = try #require(outcomes[0].request)
        #expect(post.method == "POST")
        #expect(post.bodyText == "hello world")
        let next = try #require(outcomes[1].request)
        #expect(next.method == "GET")
        #expect(next.path == "/next")
        #expect(next.body.isEmpty)
    }

    @Test func contentLengthBodyStillArrivingIsIncomplete() {
        let outcomes = frameBothWays("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
        #expect(outcomes == [.incomplete])
    }

    @Test func contentLengthZeroMeansAnEmptyBody() throws {
        let request = try #require(parseOne("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").request)
        #expect(request.body.isEmpty)
    }

    @Test func chunkedBodyWithExtensionsAndTrailersIsDecodedAndTrailersDropped() throws {
        let text = chunkedPost("5;name=value\r\nhello\r\n6 ;a;b=\"q;x\"\r\n world\r\nA\r\n, chunked!\r\n0;last\r\nX-Checksum: abc\r\nX-Other:\t1 \r\n\r\n")
            + "GET /after HTTP/1.1\r\nHost: example.com\r\n\r\n"
        let outcomes = frameBothWays(text)
        try #require(outcomes.count == 2)
        let post = try #require(outcomes[0].request)
        #expect(post.bodyText == "hello world, chunked!")
        #expect(!post.fields.contains("X-Checksum"), "trailers are validated and dropped, never merged into the headers")
        #expect(post.fields["Transfer-Encoding"] == "chunked")
        #expect(try #require(outcomes[1].request).path == "/after")
    }

    @Test func chunkedBodyIsTheSameWhereverTheReadsAreSplit() throws {
        let bytes = Array((chunkedPost("3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: v\r\n\r\n")
            + "GET /second HTTP/1.1\r\nHost: example.com\r\n\r\n").utf8)
        let expected = frame(bytes, .allAtOnce)
        try #require(expected.count == 2)
        #expect(expected[0].request?.bodyText == "abc0123456789abcdef")
        for split in 0...bytes.count {
            let outcomes = frame(pieces: [bytes[..<split], bytes[split...]])
            #expect(outcomes == expected, "split at \(split)")
        }
    }

    @Test func transferEncodingChunkedIsCaseInsensitiveAndMayCarryOWSAndEmptyElements() throws {
        let request = try #require(parseOne(
            "POST / HTTP/1.1\r\nHost: x\r\ntransfer-ENCODING:  , CHUNKED \r\n\r\n3\r\nabc\r\n0\r\n\r\n").request)
        #expect(request.bodyText == "abc")
    }

    @Test(arguments: [
        // (version, Connection header or nil, keep-alive?)
        ("HTTP/1.1", nil, true),
        ("HTTP/1.1", "close", false),
        ("HTTP/1.1", "Close", false),
        ("HTTP/1.1", "keep-alive, close", false),
        ("HTTP/1.1", "upgrade", true),
        ("HTTP/1.0", nil, false),
        ("HTTP/1.0", "keep-alive", true),
        ("HTTP/1.0", "Keep-Alive", true),
        ("HTTP/1.0", "foo ,  keep-alive", true),
        ("HTTP/1.0", "keep-alive, close", false),
        ("HTTP/1.0", "close", false),
    ] as [(String, String?, Bool)])
    func keepAliveFollowsVersionDefaultAndConnectionTokens(version: String, connection: String?, keepAlive: Bool) throws {
        let request = try #require(parseOne(getRequest(connection.map { ["Connection: \($0)"] } ?? [], version: version)).request)
        #expect(request.keepAlive == keepAlive)
        #expect(request.version == (version == "HTTP/1.0" ? .http1_0 : .http1_1))
    }

    @Test func closedConnectionIgnoresPipelinedBytesAfterTheRequest() {
        let outcomes = frameBothWays(getRequest(["Connection: close"]) + "GARBAGE\r\n\r\n")
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.request?.keepAlive == false)
    }

    @Test func http10RequestNeedsNoHost() throws {
        let request = try #require(parseOne("GET /old HTTP/1.0\r\n\r\n").request)
        #expect(request.version == .http1_0)
        #expect(request.headers.isEmpty)
        #expect(!request.keepAlive)
    }

    @Test(arguments: [
        // (target, path, query)
        ("http://example.com:8080/a/b?q=1", "/a/b", "q=1"),
        ("https://example.com/secure", "/secure", nil),
        ("HTTP://EXAMPLE.COM/Upper", "/Upper", nil),
        ("http://example.com", "/", nil),
        ("http://example.com?x=1", "/", "x=1"),
    ] as [(String, String, String?)])
    func absoluteFormTargetKeepsOnlyPathAndQuery(target: String, path: String, query: String?) throws {
        let request = try #require(parseOne(getRequest(target: target)).request)
        #expect(request.target == target)
        #expect(request.path == path)
        #expect(request.query == query)
    }

    @Test func optionsAsteriskIsAccepted() throws {
        let request = try #require(parseOne("OPTIONS * HTTP/1.1\r\nHost: example.com\r\n\r\n").request)
        #expect(request.method == "OPTIONS")
        #expect(request.target == "*")
        #expect(request.path == "*")
        #expect(request.query == nil)
    }

    @Test(arguments: ["*", "cases", "/a#fragment", "ftp://example.com/", "http:///no-authority", "http:/x"])
    func targetThatIsNoneOfTheFormsIsRejected(target: String) {
        #expect(parseOne(getRequest(target: target)).status == .badRequest)
    }

    @Test func leadingEmptyLinesBeforeARequestAreIgnored() throws {
        let outcomes = frameBothWays("\r\n\r\n" + getRequest(target: "/first") + "\r\n" + getRequest(target: "/second") + "\r\n\r\n")
        #expect(outcomes.map { $0.request?.path } == ["/first", "/second"])
    }

    @Test func headerNamesAreCaseInsensitiveAndValuesTrimmedOfOWS() throws {
        let request = try #require(parseOne(
            "GET / HTTP/1.1\r\nhOsT:   example.com \t\r\nX-Pad:\t  a  b \t \r\nX-Empty:\r\nX-Spaces:    \r\ncontent-LENGTH: 2\r\n\r\nok").request)
        #expect(request.fields["HOST"] == "example.com")
        #expect(request.fields["host"] == "example.com")
        #expect(request.fields["x-pad"] == "a  b", "inner whitespace is kept, only leading and trailing OWS goes")
        #expect(request.fields["X-Empty"] == "")
        #expect(request.fields["X-Spaces"] == "")
        #expect(request.bodyText == "ok", "Content-Length is recognised whatever the case of its name")
        #expect(request.headers.map(\.name) == ["hOsT", "X-Pad", "X-Empty", "X-Spaces", "content-LENGTH"])
    }

    @Test func repeatedFieldsKeepEveryValueInOrder() throws {
        let request = try #require(parseOne(getRequest(["Accept: a", "X-Other: 1", "accept: b"])).request)
        #expect(request.fields.values("Accept") == ["a", "b"])
        #expect(request.fields["ACCEPT"] == "a")
    }

    @Test func fieldValuesMayCarryObsText() throws {
        let bytes = Array("GET / HTTP/1.1\r\nHost: x\r\nX-Name: caf".utf8) + [0xC3, 0xA9, 0xFF] + Array("\r\n\r\n".utf8)
        let request = try #require(parseOne(bytes).request)
        #expect(request.fields.contains("X-Name"))
    }

    @Test(arguments: ["100-continue", "100-Continue"])
    func expect100ContinueIsHonouredOnHTTP11(value: String) throws {
        let request = try #require(parseOne("POST / HTTP/1.1\r\nHost: x\r\nExpect: \(value)\r\nContent-Length: 2\r\n\r\nhi").request)
        #expect(request.expectsContinue)
        #expect(request.bodyText == "hi")
    }

    @Test func expect100ContinueIsIgnoredOnHTTP10() throws {
        let request = try #require(parseOne("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi").request)
        #expect(!request.expectsContinue)
    }

    @Test func requestLineOfExactlyTheLimitIsAccepted() throws {
        let prefix = "GET /", suffix = " HTTP/1.1"
        let target = "/" + String(repeating: "a", count: ParserLimits().maxRequestLineBytes - prefix.count - suffix.count)
        let request = try #require(parseOne(getRequest(target: target)).request)
        #expect(request.path == target)
    }

    @Test func hundredFieldsAreAccepted() throws {
        let lines = (1..<100).map { "X-Field-\($0): \($0)" }  // plus Host = 100
        let request = try #require(parseOne(getRequest(lines)).request)
        #expect(request.fields.count == 100)
    }

    @Test func headerSectionJustUnderTheLimitIsAccepted() throws {
        let value = String(repeating: "v", count: ParserLimits().maxHeaderBytes - 200)
        let request = try #require(parseOne(getRequest(["X-Big: " + value])).request)
        #expect(request.fields["X-Big"]?.count == value.count)
    }

    // MARK: Framing conflicts and Content-Length

    @Test(arguments: [
        ["Content-Length: 5", "Transfer-Encoding: chunked"],
        ["Transfer-Encoding: chunked", "Content-Length: 5"],
        ["Content-Length: 0", "Transfer-Encoding: chunked"],
    ])
    func rejectsContentLengthWithTransferEncoding(lines: [String]) {
        let text = "POST / HTTP/1.1\r\nHost: x\r\n" + lines.map { $0 + "\r\n" }.joined() + "\r\n0\r\n\r\n"
        #expect(parseOne(text).status == .badRequest)
    }

    @Test(arguments: [["Content-Length: 5", "Content-Length: 5"], ["Content-Length: 5", "content-length: 6"]])
    func rejectsDuplicateContentLength(lines: [String]) {
        let text = "POST / HTTP/1.1\r\nHost: x\r\n" + lines.map { $0 + "\r\n" }.joined() + "\r\nhello"
        #expect(parseOne(text).status == .badRequest)
    }

    @Test(arguments: ["+5", "-5", "0x5", "5, 6", "5, 5", "5,", "", "   ", "5 5", "5a", "1e3", "٥",
                      "9223372036854775808", "99999999999999999999", "1000000000000000000000000"])
    func rejectsMalformedContentLength(value: String) {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(value)\r\n\r\nhello"
        #expect(parseOne(text).status == .badRequest)
    }

    @Test func contentLengthOverTheBodyLimitIs413BeforeTheBodyArrives() {
        #expect(parseOne("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n", bodyLimit: 100).status == .contentTooLarge)
        #expect(parseOne("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999999999\r\n\r\n").status == .contentTooLarge)
        #expect(parseOne("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + String(repeating: "b", count: 100),
                         bodyLimit: 100).request?.body.count == 100)
    }

    // MARK: Transfer-Encoding

    @Test(arguments: [
        ("gzip", 400),              // final coding is not chunked
        ("chunked, gzip", 400),
        ("chunked, chunked", 400),  // chunked twice
        ("chunked;foo=bar", 400),
        ("", 400),
        ("  ,  ", 400),
        ("gzip, chunked", 501),     // a compression this server does not decode
        ("deflate, chunked", 501),
        ("identity", 501),          // unknown codings
        ("foo", 501),
        ("foo, chunked", 501),
        ("chunked, foo", 501),
    ])
    func rejectsTransferEncodingThatIsNotJustChunked(value: String, status: Int) {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(value)\r\n\r\n0\r\n\r\n"
        #expect(parseOne(text).status?.code == status)
    }

    @Test func rejectsChunkedSpreadOverTwoTransferEncodingFields() {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        #expect(parseOne(text).status == .badRequest)
    }

    @Test func rejectsTransferEncodingOnHTTP10() {
        #expect(parseOne("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").status == .badRequest)
    }

    // MARK: Malformed header fields

    @Test(arguments: ["Host : example.com", "Host\t: example.com", "X-A : b"])
    func rejectsWhitespaceBetweenFieldNameAndColon(line: String) {
        let text = "GET / HTTP/1.1\r\n" + (line.hasPrefix("Host") ? "" : "Host: x\r\n") + line + "\r\n\r\n"
        #expect(parseOne(text).status == .badRequest)
    }

    @Test(arguments: [" continued", "\tcontinued"])
    func rejectsObsoleteLineFolding(continuation: String) {
        #expect(parseOne(getRequest(["X-A: b", continuation])).status == .badRequest)
        // A folded line straight after the request line as well.
        #expect(parseOne("GET / HTTP/1.1\r\n\(continuation)\r\nHost: x\r\n\r\n").status == .badRequest)
    }

    @Test(arguments: ["a\rb", "\r", "a\u{0}b", "\u{0}", "a\u{1}b", "a\u{7F}b", "a\u{1F}", "a\u{8}b"])
    func rejectsControlCharactersInAFieldValue(value: String) {
        #expect(parseOne(getRequest(["X-A: " + value])).status == .badRequest)
    }

    @Test(arguments: ["X\u{1}A: b", ": b", "X-A", "X(A): b", "X-Ä: b", "X\u{7F}: b"])
    func rejectsInvalidFieldNames(line: String) {
        #expect(parseOne(getRequest([line])).status == .badRequest)
    }

    @Test(arguments: [
        "GET / HTTP/1.1\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n",
        "\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
    ])
    func rejectsBareLF(text: String) {
        #expect(parseOne(text).status == .badRequest)
    }

    // MARK: Host

    @Test func rejectsMissingHostOnHTTP11() {
        #expect(parseOne("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n").status == .badRequest)
    }

    @Test(arguments: [["Host: a.example", "Host: b.example"], ["Host: a.example", "host: a.example"]])
    func rejectsRepeatedHost(lines: [String]) {
        #expect(parseOne("GET / HTTP/1.1\r\n" + lines.map { $0 + "\r\n" }.joined() + "\r\n").status == .badRequest)
    }

    @Test(arguments: ["a b", "ex/ample", "ex@mple", "exa\"mple"])
    func rejectsHostWithBytesOutsideTheURIGrammar(host: String) {
        #expect(parseOne("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n").status == .badRequest)
    }

    @Test(arguments: ["example.com", "example.com:8080", "[::1]:8080", "127.0.0.1", ""])
    func acceptsHostForms(host: String) throws {
        let request = try #require(parseOne("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n").request)
        #expect(request.fields["Host"] == host)
    }

    // MARK: Request line

    @Test(arguments: ["G@T / HTTP/1.1", " / HTTP/1.1", "GET\t/ HTTP/1.1", "GET  / HTTP/1.1", "GET", "GET /", "GET / ",
                      "GET /a b HTTP/1.1", "GÉT / HTTP/1.1"])
    func rejectsMalformedRequestLine(line: String) {
        #expect(parseOne(line + "\r\nHost: x\r\n\r\n").status == .badRequest)
    }

    @Test(arguments: ["PATCH", "M-SEARCH", "X~CUSTOM!"])
    func acceptsAnyTokenAsMethod(method: String) throws {
        #expect(try #require(parseOne("\(method) / HTTP/1.1\r\nHost: x\r\n\r\n").request).method == method)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0"])
    func rejectsUnsupportedVersionWith505(version: String) {
        #expect(parseOne("GET / \(version)\r\nHost: x\r\n\r\n").status == .httpVersionNotSupported)
    }

    @Test(arguments: ["HTTP/1.1x", "HTTP/11", "http/1.1", "HTTP/1.", "HTTP/1.1 ", "HTTX/1.1", "HTTP/1,1", "HTTP/a.b", "HTTP/1.10"])
    func rejectsMalformedVersionWith400(version: String) {
        #expect(parseOne("GET / \(version)\r\nHost: x\r\n\r\n").status == .badRequest)
    }

    // MARK: Size limits

    @Test func rejectsRequestLineOverTheLimitWith414() {
        let target = "/" + String(repeating: "a", count: ParserLimits().maxRequestLineBytes - "GET / HTTP/1.1".count + 1)
        #expect(parseOne(getRequest(target: target)).status == .uriTooLong)
    }

    @Test func rejectsOverlongRequestLineWith414BeforeItsCRLFArrives() {
        let partial = "GET /" + String(repeating: "a", count: ParserLimits().maxRequestLineBytes + 10)
        #expect(parseOne(partial).status == .uriTooLong, "no CRLF yet: must not wait for one")
        #expect(parseOne("\r\n" + partial).status == .uriTooLong)
    }

    @Test func rejectsHeaderSectionOverTheLimitWith431() {
        let value = String(repeating: "v", count: ParserLimits().maxHeaderBytes)
        #expect(parseOne(getRequest(["X-Big: " + value])).status == .requestHeaderFieldsTooLarge)
        // The same bytes spread over many fields.
        let lines = (0..<40).map { "X-\($0): " + String(repeating: "v", count: 1000) }
        #expect(parseOne(getRequest(lines)).status == .requestHeaderFieldsTooLarge)
    }

    @Test func rejectsOverlongHeaderSectionWith431BeforeItEnds() {
        let partial = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "v", count: ParserLimits().maxHeaderBytes + 10)
        #expect(parseOne(partial).status == .requestHeaderFieldsTooLarge, "no end of line yet: must not wait for one")
    }

    @Test func rejectsMoreThanAHundredFieldsWith431() {
        let lines = (1...100).map { "X-Field-\($0): \($0)" }  // plus Host = 101
        #expect(parseOne(getRequest(lines)).status == .requestHeaderFieldsTooLarge)
    }

    @Test func limitsAreConfigurable() {
        var limits = ParserLimits()
        limits.maxRequestLineBytes = 20
        limits.maxHeaderFields = 2
        #expect(parseOne(getRequest(target: "/0123456789"), limits: limits).status == .uriTooLong)
        #expect(parseOne(getRequest(["A: 1", "B: 2"]), limits: limits).status == .requestHeaderFieldsTooLarge)
        #expect(parseOne(getRequest(["A: 1"]), limits: limits).request != nil)
    }

    // MARK: Expect

    @Test(arguments: ["something", "100-continue, foo", "200-ok"])
    func rejectsUnsupportedExpectationWith417(value: String) {
        #expect(parseOne("POST / HTTP/1.1\r\nHost: x\r\nExpect: \(value)\r\nContent-Length: 0\r\n\r\n").status == .expectationFailed)
    }

    // MARK: Chunked bodies inside a request

    @Test(arguments: ["-5", "+5", "0x5", "5_0", "", " 5", "g", "5 5", "10000000000000000", "FFFFFFFFFFFFFFFFF",
                      "8000000000000000"])
    func rejectsBadChunkSize(size: String) {
        #expect(parseOne(chunkedPost("\(size)\r\nhello\r\n0\r\n\r\n")).status == .badRequest)
    }

    @Test(arguments: ["5\r\nhelloX\r\n0\r\n\r\n", "5\r\nhello\n0\r\n\r\n", "5\r\nhello world\r\n0\r\n\r\n", "5\r\nhello0\r\n\r\n"])
    func rejectsMissingCRLFAfterChunkData(body: String) {
        #expect(parseOne(chunkedPost(body)).status == .badRequest)
    }

    @Test func rejectsOverlongChunkExtensionWith400() {
        let ext = ";name=" + String(repeating: "x", count: ParserLimits().maxChunkLineBytes)
        #expect(parseOne(chunkedPost("5\(ext)\r\nhello\r\n0\r\n\r\n")).status == .badRequest)
        #expect(parseOne(chunkedPost("5\(ext)")).status == .badRequest, "no end of line yet: must not wait for one")
    }

    @Test func rejectsChunkedBodyOverTheLimitWith413() {
        let body = "40\r\n" + String(repeating: "a", count: 64) + "\r\n" + "40\r\n" + String(repeating: "b", count: 64) + "\r\n0\r\n\r\n"
        #expect(parseOne(chunkedPost(body), bodyLimit: 100).status == .contentTooLarge)
        #expect(parseOne(chunkedPost(body), bodyLimit: 128).request?.body.count == 128)
        #expect(parseOne(chunkedPost("7FFFFFFFFFFFFFFF\r\n")).status == .contentTooLarge)
    }

    @Test func chunkedBodyStillArrivingIsIncomplete() {
        #expect(frameBothWays(chunkedPost("5\r\nhello\r\n")) == [.incomplete])
        #expect(frameBothWays(chunkedPost("5\r\nhello\r\n0\r\n")) == [.incomplete], "the trailer section's empty line is required")
    }
}
