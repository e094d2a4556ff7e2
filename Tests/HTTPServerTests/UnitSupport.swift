@testable import HTTPServer
import Testing

// MARK: - Framing requests the way the event loop does

/// How the bytes of a connection reach the parser.
enum FeedMode: String, CaseIterable, Sendable {
    /// Everything in one read.
    case allAtOnce
    /// One byte per read, the buffer growing by one each time.
    case byteByByte
}

/// One header field as the handler sees it.
struct Field: Equatable, Sendable, CustomStringConvertible {
    let name: String
    let value: String

    init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    var description: String { "\(name): \(value)" }
}

/// What a framed request looks like once its head is parsed and its body read.
struct ParsedRequest: Equatable, CustomStringConvertible {
    let method: String
    let target: String
    let path: String
    let query: String?
    let version: HTTPVersion
    let fields: HTTPFields
    let body: [UInt8]
    let keepAlive: Bool
    let expectsContinue: Bool

    var headers: [Field] { fields.map { Field($0.name, $0.value) } }
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    static func == (a: ParsedRequest, b: ParsedRequest) -> Bool {
        a.method == b.method && a.target == b.target && a.path == b.path && a.query == b.query
            && a.version == b.version && a.headers == b.headers && a.body == b.body
            && a.keepAlive == b.keepAlive && a.expectsContinue == b.expectsContinue
    }

    var description: String {
        "\(method) \(target) \(version) path=\(path) query=\(query ?? "nil") headers=\(headers) "
            + "body=\(body.count) bytes keepAlive=\(keepAlive) expectsContinue=\(expectsContinue)"
    }
}

/// What framing a connection's bytes produced, one entry per request.
enum ParseOutcome: Equatable, CustomStringConvertible {
    case request(ParsedRequest)
    /// The connection is answered with this status and closed; nothing after it is read.
    case failure(ParseFailure)
    /// The bytes ran out in the middle of a request.
    case incomplete

    var request: ParsedRequest? {
        if case .request(let r) = self { return r }
        return nil
    }

    var status: HTTPStatus? {
        if case .failure(let f) = self { return f.status }
        return nil
    }

    var description: String {
        switch self {
        case .request(let r): return "request(\(r))"
        case .failure(let f): return "failure(\(f.status): \(f.reason))"
        case .incomplete: return "incomplete"
        }
    }
}

/// Drives `HeadScanner`, `RequestHead.parse`, Content-Length and `ChunkedDecoder` exactly as
/// `EventLoop.process` does: empty lines before a request are skipped, the scanner sees the
/// whole unconsumed input on every read, consumed bytes are removed from the front, a body
/// over `bodyLimit` is 413, and the first failure closes the connection.
struct RequestFramer {
    let limits: ParserLimits
    let bodyLimit: Int
    private var input: [UInt8] = []
    private var scanner = HeadScanner()
    private var head: RequestHead?
    private var decoder = ChunkedDecoder()
    private var body: [UInt8] = []
    private(set) var outcomes: [ParseOutcome] = []
    private(set) var closed = false

    init(limits: ParserLimits, bodyLimit: Int) {
        self.limits = limits
        self.bodyLimit = bodyLimit
    }

    /// One read's worth of bytes.
    mutating func receive<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        guard !closed else { return }
        input.append(contentsOf: bytes)
        process()
    }

    /// The outcomes, ending in `.incomplete` when a request was left unfinished.
    func finish() -> [ParseOutcome] {
        if closed || (head == nil && input.isEmpty) { return outcomes }
        return outcomes + [.incomplete]
    }

    private mutating func fail(_ failure: ParseFailure) {
        outcomes.append(.failure(failure))
        closed = true
    }

    private mutating func process() {
        while !closed {
            if let current = head {
                switch current.framing {
                case .none:
                    complete(current, body: [])
                case .length(let length):
                    guard input.count >= length else { return }
                    complete(current, body: Array(input[..<length]))
                    input.removeFirst(length)
                case .chunked:
                    var decoding = decoder
                    var received = body
                    body = []
                    let limit = bodyLimit, limits = limits
                    let used = input.withUnsafeBufferPointer { buffer in
                        Result { () throws(ParseFailure) -> Int in
                            try decoding.decode(buffer, into: &received, limit: limit, limits: limits)
                        }
                    }
                    decoder = decoding
                    body = received
                    switch used {
                    case .failure(let failure):
                        fail(failure)
                        return
                    case .success(let count):
                        input.removeFirst(count)
                    }
                    guard decoder.isDone else { return }
                    let finished = body
                    body = []
                    decoder = ChunkedDecoder()
                    complete(current, body: finished)
                }
                continue
            }

            if scanner.isFresh {
                while input.count >= 2 && input[0] == ASCII.cr && input[1] == ASCII.lf { input.removeFirst(2) }
                if input.isEmpty || (input.count == 1 && input[0] == ASCII.cr) { return }
            }
            var scanning = scanner
            scanner = HeadScanner()
            let limits = limits
            let scanned = input.withUnsafeBufferPointer { buffer in
                Result { () throws(ParseFailure) -> (head: RequestHead, length: Int)? in
                    guard let length = try scanning.scan(buffer, limits: limits) else { return nil }
                    let head = try RequestHead.parse(UnsafeBufferPointer(rebasing: buffer[0..<length]),
                                                     lineEnds: scanning.lineEnds)
                    return (head, length)
                }
            }
            scanner = scanning
            switch scanned {
            case .failure(let failure):
                fail(failure)
                return
            case .success(nil):
                return
            case .success(let (parsed, headLength)?):
                input.removeFirst(headLength)
                scanner.reset()
                if case .length(let length) = parsed.framing, length > bodyLimit {
                    fail(ParseFailure(status: .contentTooLarge, reason: "Content-Length over limit"))
                    return
                }
                head = parsed
            }
        }
    }

    private mutating func complete(_ head: RequestHead, body: [UInt8]) {
        outcomes.append(.request(ParsedRequest(
            method: head.method, target: head.target, path: head.path, query: head.query,
            version: head.version, fields: head.fields, body: body, keepAlive: head.keepAlive,
            expectsContinue: head.expectsContinue)))
        self.head = nil
        if !head.keepAlive {
            // The response closes the connection: whatever follows is never read.
            closed = true
        }
    }
}

/// Frames `bytes` fed in the given mode.
func frame(_ bytes: [UInt8], _ mode: FeedMode, limits: ParserLimits = ParserLimits(),
           bodyLimit: Int = 1 << 20) -> [ParseOutcome] {
    var framer = RequestFramer(limits: limits, bodyLimit: bodyLimit)
    switch mode {
    case .allAtOnce:
        framer.receive(bytes)
    case .byteByByte:
        for byte in bytes where !framer.closed { framer.receive(CollectionOfOne(byte)) }
    }
    return framer.finish()
}

/// Frames `bytes` fed as the given pieces, one read each.
func frame(pieces: [ArraySlice<UInt8>], limits: ParserLimits = ParserLimits(), bodyLimit: Int = 1 << 20) -> [ParseOutcome] {
    var framer = RequestFramer(limits: limits, bodyLimit: bodyLimit)
    for piece in pieces where !framer.closed { framer.receive(piece) }
    return framer.finish()
}

/// Frames `bytes` all at once and byte by byte, records an issue unless both agree, and
/// returns the outcomes.
func frameBothWays(_ bytes: [UInt8], limits: ParserLimits = ParserLimits(), bodyLimit: Int = 1 << 20,
                   sourceLocation: SourceLocation = #_sourceLocation) -> [ParseOutcome] {
    let whole = frame(bytes, .allAtOnce, limits: limits, bodyLimit: bodyLimit)
    let bytewise = frame(bytes, .byteByByte, limits: limits, bodyLimit: bodyLimit)
    #expect(whole == bytewise, "all at once and byte by byte disagree", sourceLocation: sourceLocation)
    return whole
}

func frameBothWays(_ text: String, limits: ParserLimits = ParserLimits(), bodyLimit: Int = 1 << 20,
                   sourceLocation: SourceLocation = #_sourceLocation) -> [ParseOutcome] {
    frameBothWays(Array(text.utf8), limits: limits, bodyLimit: bodyLimit, sourceLocation: sourceLocation)
}

/// The one outcome of a connection that carries a single request (or a single failure),
/// checked to be the same whether fed all at once or byte by byte.
func parseOne(_ bytes: [UInt8], limits: ParserLimits = ParserLimits(), bodyLimit: Int = 1 << 20,
              sourceLocation: SourceLocation = #_sourceLocation) -> ParseOutcome {
    let outcomes = frameBothWays(bytes, limits: limits, bodyLimit: bodyLimit, sourceLocation: sourceLocation)
    #expect(outcomes.count == 1, "expected one outcome, got \(outcomes)", sourceLocation: sourceLocation)
    return outcomes.first ?? .incomplete
}

func parseOne(_ text: String, limits: ParserLimits = ParserLimits(), bodyLimit: Int = 1 << 20,
              sourceLocation: SourceLocation = #_sourceLocation) -> ParseOutcome {
    parseOne(Array(text.utf8), limits: limits, bodyLimit: bodyLimit, sourceLocation: sourceLocation)
}

/// A GET for `/` on HTTP/1.1 with a Host and the given extra header lines (each without CRLF).
func getRequest(_ extraHeaderLines: [String] = [], target: String = "/", version: String = "HTTP/1.1") -> String {
    var text = "GET \(target) \(version)\r\nHost: example.com\r\n"
    for line in extraHeaderLines { text += line + "\r\n" }
    return text + "\r\n"
}

/// A POST with a chunked body made of `chunkedBody` (already in chunked syntax).
func chunkedPost(_ chunkedBody: String, extraHeaderLines: [String] = []) -> String {
    var text = "POST /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n"
    for line in extraHeaderLines { text += line + "\r\n" }
    return text + "\r\n" + chunkedBody
}

// MARK: - Decoding chunked bodies directly

/// What a chunked body decoded to.
enum ChunkedOutcome: Equatable, CustomStringConvertible {
    /// The body, and the bytes after the chunked body that were left unconsumed.
    case decoded(body: [UInt8], leftover: [UInt8])
    case failure(ParseFailure)
    /// The bytes ran out before the last chunk and trailers; `body` is what was decoded so far.
    case incomplete(body: [UInt8])

    var status: HTTPStatus? {
        if case .failure(let f) = self { return f.status }
        return nil
    }

    var description: String {
        switch self {
        case .decoded(let body, let leftover):
            return "decoded(\(String(decoding: body, as: UTF8.self).debugDescription), leftover: \(String(decoding: leftover, as: UTF8.self).debugDescription))"
        case .failure(let f): return "failure(\(f.status): \(f.reason))"
        case .incomplete(let body): return "incomplete(\(body.count) bytes)"
        }
    }
}

/// Feeds `bytes` to a `ChunkedDecoder` the way the event loop does: each call sees all the
/// unconsumed input, and the consumed prefix is removed.
func decodeChunked(_ bytes: [UInt8], _ mode: FeedMode, limit: Int = 1 << 20,
                   limits: ParserLimits = ParserLimits()) -> ChunkedOutcome {
    var decoder = ChunkedDecoder()
    var body: [UInt8] = []
    var input: [UInt8] = []
    let reads: [ArraySlice<UInt8>] = mode == .allAtOnce ? [bytes[...]] : bytes.indices.map { bytes[$0...$0] }
    var next = reads.makeIterator()
    while !decoder.isDone, let read = next.next() {
        input += read
        let used = input.withUnsafeBufferPointer { buffer in
            Result { () throws(ParseFailure) -> Int in try decoder.decode(buffer, into: &body, limit: limit, limits: limits) }
        }
        switch used {
        case .failure(let failure): return .failure(failure)
        case .success(let count): input.removeFirst(count)
        }
    }
    guard decoder.isDone else { return .incomplete(body: body) }
    while let read = next.next() { input += read }
    return .decoded(body: body, leftover: input)
}

/// Decodes both ways, records an issue unless they agree, and returns the outcome.
func decodeChunkedBothWays(_ text: String, limit: Int = 1 << 20, limits: ParserLimits = ParserLimits(),
                           sourceLocation: SourceLocation = #_sourceLocation) -> ChunkedOutcome {
    let bytes = Array(text.utf8)
    let whole = decodeChunked(bytes, .allAtOnce, limit: limit, limits: limits)
    let bytewise = decodeChunked(bytes, .byteByByte, limit: limit, limits: limits)
    #expect(whole == bytewise, "all at once and byte by byte disagree", sourceLocation: sourceLocation)
    return whole
}

// MARK: - Router matches

extension Router.Match {
    var route: Route? {
        if case .found(let route, _) = self { return route }
        return nil
    }

    var parameters: [String: String]? {
        if case .found(_, let parameters) = self { return parameters }
        return nil
    }

    var allow: [String]? {
        if case .methodNotAllowed(let allow) = self { return allow }
        return nil
    }

    var isNotFound: Bool {
        if case .notFound = self { return true }
        return false
    }
}
