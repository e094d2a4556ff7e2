/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}

/// The validated request line and header section, before the body is read.
struct RequestHead {
    var method: String
    var target: String
    var path: String
    var query: String?
    var version: HTTPVersion
    var fields: HTTPFields
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool
}

extension RequestHead {
    /// Parses a complete head whose line ends `HeadScanner` found. Every framing rule of
    /// RFC 9112 that the server enforces is checked here, before any handler sees the request.
    static func parse(_ head: UnsafeBufferPointer<UInt8>, lineEnds: [Int]) throws(ParseFailure) -> RequestHead {
        // Request line: method SP target SP version
        let lineEnd = lineEnds[0] - 1
        var i = 0
        while i < lineEnd && ASCII.isTokenChar(head[i]) { i += 1 }
        if i == 0 || i >= lineEnd || head[i] != ASCII.space { throw .badRequest("invalid method") }
        let method = String(decoding: UnsafeBufferPointer(rebasing: head[0..<i]), as: UTF8.self)
        let targetStart = i + 1
        i = targetStart
        while i < lineEnd && ASCII.isTargetByte(head[i]) { i += 1 }
        if i == targetStart || i >= lineEnd || head[i] != ASCII.space { throw .badRequest("invalid request target") }
        let targetBytes = UnsafeBufferPointer(rebasing: head[targetStart..<i])
        let version = try parseVersion(UnsafeBufferPointer(rebasing: head[(i + 1)..<lineEnd]))
        guard let (path, query) = RequestTarget.parse(targetBytes, method: method) else {
            throw .badRequest("invalid request target form")
        }
        let target = String(decoding: targetBytes, as: UTF8.self)

        // Header fields
        var entries: [HTTPFields.Entry] = []
        entries.reserveCapacity(lineEnds.count - 1)
        var hostCount = 0
        var contentLength: Int?
        var transferCodings: [(Int, Int)] = []
        var sawTransferEncoding = false
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false
        var host: (Int, Int)?

        for k in 1..<lineEnds.count {
            let start = lineEnds[k - 1] + 1
            let end = lineEnds[k] - 1  // position of CR
            let first = head[start]
            if first == ASCII.space || first == ASCII.tab { throw .badRequest("obsolete line folding") }
            var j = start
            while j < end && ASCII.isTokenChar(head[j]) { j += 1 }
            if j == end || head[j] != ASCII.colon {
                if j < end && (head[j] == ASCII.space || head[j] == ASCII.tab) {
                    throw .badRequest("whitespace between field name and colon")
                }
                throw .badRequest("invalid field name")
            }
            if j == start { throw .badRequest("empty field name") }
            let nameEnd = j
            var valueStart = j + 1
            var valueEnd = end
            for p in valueStart..<end where !ASCII.isFieldValueByte(head[p]) {
                throw .badRequest("control character in field value")
            }
            while valueStart < valueEnd && (head[valueStart] == ASCII.space || head[valueStart] == ASCII.tab) { valueStart += 1 }
            while valueEnd > valueStart && (head[valueEnd - 1] == ASCII.space || head[valueEnd - 1] == ASCII.tab) { valueEnd -= 1 }
            entries.append(HTTPFields.Entry(nameStart: Int32(start), nameEnd: Int32(nameEnd),
                                            valueStart: Int32(valueStart), valueEnd: Int32(valueEnd)))

            switch nameEnd - start {
            case 4 where ASCII.equalsIgnoringCase(head, start, nameEnd, "host"):
                hostCount += 1
                host = (valueStart, valueEnd)
            case 14 where ASCII.equalsIgnoringCase(head, start, nameEnd, "content-length"):
                if contentLength != nil { throw .badRequest("duplicate Content-Length") }
                contentLength = try parseContentLength(head, valueStart, valueEnd)
            case 17 where ASCII.equalsIgnoringCase(head, start, nameEnd, "transfer-encoding"):
                sawTransferEncoding = true
                try forEachListElement(head, valueStart, valueEnd) { s, e throws(ParseFailure) in transferCodings.append((s, e)) }
            case 10 where ASCII.equalsIgnoringCase(head, start, nameEnd, "connection"):
                try forEachListElement(head, valueStart, valueEnd) { s, e throws(ParseFailure) in
                    if ASCII.equalsIgnoringCase(head, s, e, "close") { connectionClose = true }
                    if ASCII.equalsIgnoringCase(head, s, e, "keep-alive") { connectionKeepAlive = true }
                }
            case 6 where ASCII.equalsIgnoringCase(head, start, nameEnd, "expect"):
                if ASCII.equalsIgnoringCase(head, valueStart, valueEnd, "100-continue") {
                    expectsContinue = true
                } else {
                    throw ParseFailure(status: .expectationFailed, reason: "unsupported expectation")
                }
            default:
                break
            }
        }

        if hostCount > 1 { throw .badRequest("repeated Host") }
        if version == .http1_1 && hostCount == 0 { throw .badRequest("missing Host") }
        if let (s, e) = host {
            for p in s..<e where !isHostByte(head[p]) { throw .badRequest("invalid Host") }
        }

        var framing = BodyFraming.none
        if sawTransferEncoding {
            if contentLength != nil { throw .badRequest("Content-Length with Transfer-Encoding") }
            if version == .http1_0 { throw .badRequest("Transfer-Encoding in HTTP/1.0") }
            framing = try parseTransferCodings(head, transferCodings)
        } else if let length = contentLength {
            framing = length > 0 ? .length(length) : .none
        }

        let keepAlive = version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        return RequestHead(method: method, target: target, path: path, query: query, version: version,
                           fields: HTTPFields(bytes: Array(head), entries: entries), framing: framing,
                           keepAlive: keepAlive, expectsContinue: expectsContinue && version == .http1_1)
    }

    private static func parseVersion(_ v: UnsafeBufferPointer<UInt8>) throws(ParseFailure) -> HTTPVersion {
        guard v.count == 8, v[0] == 0x48, v[1] == 0x54, v[2] == 0x54, v[3] == 0x50, v[4] == 0x2F,
              ASCII.isDigit(v[5]), v[6] == 0x2E, ASCII.isDigit(v[7]) else {
            throw .badRequest("invalid HTTP version")
        }
        let version = HTTPVersion(major: Int(v[5] - 0x30), minor: Int(v[7] - 0x30))
        guard version == .http1_1 || version == .http1_0 else {
            throw ParseFailure(status: .httpVersionNotSupported, reason: "unsupported HTTP version")
        }
        return version
    }

    /// Content-Length = 1*DIGIT: no sign, no hex, no list, no overflow.
    private static func parseContentLength(_ head: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(ParseFailure) -> Int {
        if start == end { throw .badRequest("empty Content-Length") }
        if end - start > 18 { throw .badRequest("Content-Length overflow") }
        var value = 0
        for p in start..<end {
            let b = head[p]
            guard ASCII.isDigit(b) else { throw .badRequest("malformed Content-Length") }
            value = value * 10 + Int(b - 0x30)
        }
        return value
    }

    /// Transfer-Encoding must end in exactly one "chunked"; unknown codings get 501, and so do
    /// known compressions, which this server does not decode.
    private static func parseTransferCodings(_ head: UnsafeBufferPointer<UInt8>, _ codings: [(Int, Int)]) throws(ParseFailure) -> BodyFraming {
        guard !codings.isEmpty else { throw .badRequest("empty Transfer-Encoding") }
        var chunkedAt: Int?
        var other = false
        for (index, (s, e)) in codings.enumerated() {
            var nameEnd = s
            while nameEnd < e && ASCII.isTokenChar(head[nameEnd]) { nameEnd += 1 }
            if nameEnd == s { throw .badRequest("invalid transfer coding") }
            if ASCII.equalsIgnoringCase(head, s, nameEnd, "chunked") {
                if nameEnd != e { throw .badRequest("parameters on chunked") }
                if chunkedAt != nil { throw .badRequest("chunked applied twice") }
                chunkedAt = index
            } else if ASCII.equalsIgnoringCase(head, s, nameEnd, "gzip") || ASCII.equalsIgnoringCase(head, s, nameEnd, "x-gzip")
                        || ASCII.equalsIgnoringCase(head, s, nameEnd, "deflate") || ASCII.equalsIgnoringCase(head, s, nameEnd, "compress")
                        || ASCII.equalsIgnoringCase(head, s, nameEnd, "x-compress") {
                other = true
            } else {
                throw ParseFailure(status: .notImplemented, reason: "unknown transfer coding")
            }
        }
        guard chunkedAt == codings.count - 1 else { throw .badRequest("final transfer coding is not chunked") }
        if other { throw ParseFailure(status: .notImplemented, reason: "unsupported transfer coding") }
        return .chunked
    }

    /// Calls `body` with the bounds of each non-empty element of a comma-separated list.
    private static func forEachListElement(_ head: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                           _ body: (Int, Int) throws(ParseFailure) -> Void) throws(ParseFailure) {
        var s = start
        while s <= end {
            var e = s
            while e < end && head[e] != 0x2C { e += 1 }
            var a = s, b = e
            while a < b && (head[a] == ASCII.space || head[a] == ASCII.tab) { a += 1 }
            while b > a && (head[b - 1] == ASCII.space || head[b - 1] == ASCII.tab) { b -= 1 }
            if a < b { try body(a, b) }
            s = e + 1
        }
    }

    /// uri-host [ ":" port ]: unreserved, sub-delims, pct-encoded, brackets and colon.
    private static func isHostByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x2D, 0x2E, 0x5F, 0x7E, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D, 0x25, 0x3A, 0x5B, 0x5D: return true
        default: return false
        }
    }
}
