#if canImport(Glibc)
import Glibc
#endif

/// A failure of the test client itself (not of the server under test).
public struct RawHTTPClientError: Error, CustomStringConvertible {
    public let description: String
}

/// One response as it came off the wire.
public struct RawHTTPResponse: Sendable {
    public struct Field: Sendable {
        public let name: String
        public let value: String
    }

    public let version: String
    public let status: Int
    public let reason: String
    public let fields: [Field]
    public let body: [UInt8]

    /// The first value of `name`, compared case-insensitively.
    public func header(_ name: String) -> String? { values(name).first }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        let lower = name.lowercased()
        return fields.filter { $0.name.lowercased() == lower }.map(\.value)
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Whether the response announced that the server closes the connection after it.
    public var announcesClose: Bool {
        values("Connection").contains { value in
            value.split(separator: ",").contains { $0.trimmingSpaces.lowercased() == "close" }
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}

/// A deliberately dumb HTTP/1.1 client on raw POSIX sockets: it sends exactly the bytes it is
/// given and parses what comes back strictly, so tests see the server's real framing. Every
/// read waits with `poll` and a deadline, so no test can hang on a silent server.
public final class RawHTTPClient {
    public private(set) var fd: Int32
    /// Received bytes not yet handed out as a response.
    private var pending: [UInt8] = []
    /// The peer closed (recv returned 0) or reset the connection.
    public private(set) var peerClosed = false
    /// The close was a reset (ECONNRESET) rather than an orderly FIN.
    public private(set) var peerReset = false

    /// Connects to 127.0.0.1:`port`; throws when the connection is refused.
    public init(port: Int) throws {
        switch Self.open(port: port) {
        case .success(let fd): self.fd = fd
        case .failure(let error): throw error
        }
    }

    deinit { close() }

    /// The errno of a refused or failed connect, or nil when a connection was established
    /// (and closed again at once).
    public static func connectErrno(port: Int) -> Int32? {
        switch open(port: port) {
        case .success(let fd):
            _ = Glibc.close(fd)
            return nil
        case .failure(let error):
            return error.errno
        }
    }

    private struct ConnectFailure: Error, CustomStringConvertible {
        let errno: Int32
        var description: String { "connect failed: " + String(cString: strerror(errno)) }
    }

    private static func open(port: Int) -> Result<Int32, ConnectFailure> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(ConnectFailure(errno: errno)) }
        // Sends never block for long: a server that stops reading fails the test instead.
        var sendTimeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        // Each small write leaves as its own segment, so "many small writes" really are.
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                Glibc.connect(fd, sa, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            let error = errno
            _ = Glibc.close(fd)
            return .failure(ConnectFailure(errno: error))
        }
        return .success(fd)
    }

    /// Half-closes: the server reads end of stream, the client can still read.
    public func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    public func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    // MARK: Sending

    /// Sends all of `bytes` in one call sequence (one write as far as the kernel allows).
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw RawHTTPClientError(description: "send failed after \(offset) of \(bytes.count) bytes: "
                                         + String(cString: strerror(errno)))
            }
            offset += n
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends `bytes` as many small writes (sizes cycling through `sizes`) with a pause between them.
    public func sendInPieces(_ bytes: [UInt8], sizes: [Int] = [1, 2, 3], pause: Duration = .milliseconds(1)) throws {
        var offset = 0
        var k = 0
        while offset < bytes.count {
            let size = min(sizes[k % sizes.count], bytes.count - offset)
            try send(Array(bytes[offset..<(offset + size)]))
            offset += size
            k += 1
            if offset < bytes.count { Self.pause(pause) }
        }
    }

    public func sendInPieces(_ text: String, sizes: [Int] = [1, 2, 3], pause: Duration = .milliseconds(1)) throws {
        try sendInPieces(Array(text.utf8), sizes: sizes, pause: pause)
    }

    /// Sends and reports whether the kernel took the bytes (false once the peer is gone).
    @discardableResult
    public func trySend(_ bytes: [UInt8]) -> Bool { (try? send(bytes)) != nil }

    // MARK: Receiving

    /// Whether something (bytes or end of stream) can be read within `timeout`.
    public func hasInput(within timeout: Duration) -> Bool {
        if !pending.isEmpty || peerClosed { return true }
        return poll(milliseconds: Self.milliseconds(timeout))
    }

    /// Reads one complete response. A HEAD response, 1xx, 204 and 304 have no body; otherwise
    /// the body is framed by chunked coding, Content-Length, or the end of the stream.
    public func readResponse(toHead: Bool = false, timeout: Duration = .seconds(5)) throws -> RawHTTPResponse {
        let deadline = ContinuousClock.now + timeout
        var headEnd: Int?
        while true {
            headEnd = Self.find([13, 10, 13, 10], in: pending)
            if headEnd != nil { break }
            if peerClosed {
                throw RawHTTPClientError(description: "connection closed before a complete response head; got \(Self.show(pending))")
            }
            guard receiveMore(until: deadline) else {
                throw RawHTTPClientError(description: "no complete response head within \(timeout); got \(Self.show(pending))")
            }
        }
        let headLength = headEnd! + 4
        let lines = Self.splitLines(Array(pending[0..<headEnd!]))
        let statusParts = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]),
              statusParts[1].count == 3 else {
            throw RawHTTPClientError(description: "malformed status line: \(lines[0])")
        }
        var fields: [RawHTTPResponse.Field] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                throw RawHTTPClientError(description: "malformed header line: \(line)")
            }
            fields.append(.init(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].trimmingSpaces)))
        }
        pending.removeFirst(headLength)
        let partial = RawHTTPResponse(version: String(statusParts[0]), status: status,
                                      reason: statusParts.count > 2 ? String(statusParts[2]) : "", fields: fields, body: [])

        var body: [UInt8] = []
        if toHead || status < 200 || status == 204 || status == 304 {
            // no body
        } else if let te = partial.header("Transfer-Encoding"), te.lowercased().hasSuffix("chunked") {
            body = try readChunkedBody(until: deadline)
        } else if let lengthText = partial.header("Content-Length") {
            guard let length = Int(lengthText), length >= 0 else {
                throw RawHTTPClientError(description: "malformed Content-Length: \(lengthText)")
            }
            while pending.count < length {
                if peerClosed { throw RawHTTPClientError(description: "connection closed with \(pending.count) of \(length) body bytes") }
                guard receiveMore(until: deadline) else {
                    throw RawHTTPClientError(description: "body incomplete within \(timeout): \(pending.count) of \(length) bytes")
                }
            }
            body = Array(pending[0..<length])
            pending.removeFirst(length)
        } else {
            while !peerClosed {
                guard receiveMore(until: deadline) else {
                    throw RawHTTPClientError(description: "body without length did not end within \(timeout)")
                }
            }
            body = pending
            pending = []
        }
        return RawHTTPResponse(version: partial.version, status: status, reason: partial.reason, fields: fields, body: body)
    }

    private func readChunkedBody(until deadline: ContinuousClock.Instant) throws -> [UInt8] {
        var body: [UInt8] = []
        func line() throws -> String {
            while true {
                if let end = Self.find([13, 10], in: pending) {
                    let text = String(decoding: pending[0..<end], as: UTF8.self)
                    pending.removeFirst(end + 2)
                    return text
                }
                if peerClosed || !receiveMore(until: deadline) {
                    throw RawHTTPClientError(description: "chunked response incomplete")
                }
            }
        }
        while true {
            let sizeText = try line().split(separator: ";")[0]
            guard let size = Int(sizeText, radix: 16) else { throw RawHTTPClientError(description: "bad chunk size \(sizeText)") }
            if size == 0 {
                while try !line().isEmpty {}
                return body
            }
            while pending.count < size + 2 {
                if peerClosed || !receiveMore(until: deadline) {
                    throw RawHTTPClientError(description: "chunked response incomplete")
                }
            }
            body += pending[0..<size]
            pending.removeFirst(size + 2)
        }
    }

    /// Reads until the peer closes (FIN or reset) or `timeout` passes. Returns whatever bytes
    /// arrived (including unparsed leftovers) and whether the peer closed.
    public func readToEnd(timeout: Duration = .seconds(2)) -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        while !peerClosed {
            if !receiveMore(until: deadline) { break }
        }
        let bytes = pending
        pending = []
        return (bytes, peerClosed)
    }

    /// Waits up to `deadline` for input and appends it; false when nothing came in time.
    private func receiveMore(until deadline: ContinuousClock.Instant) -> Bool {
        if peerClosed { return false }
        let remaining = deadline - ContinuousClock.now
        guard poll(milliseconds: remaining > .zero ? Self.milliseconds(remaining) : 0) else { return false }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                pending += chunk[0..<n]
                return true
            }
            if n == 0 {
                peerClosed = true
                return true
            }
            switch errno {
            case EINTR: continue
            case EAGAIN: return true
            case ECONNRESET:
                peerClosed = true
                peerReset = true
                return true
            default:
                peerClosed = true
                return true
            }
        }
    }

    private func poll(milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let deadline = ContinuousClock.now + .milliseconds(Int(milliseconds))
        var wait = milliseconds
        while true {
            let r = Glibc.poll(&entry, 1, wait)
            if r > 0 { return true }
            if r == 0 { return false }
            guard errno == EINTR else { return true }  // let recv report the error
            let left = deadline - ContinuousClock.now
            wait = left > .zero ? Self.milliseconds(left) : 0
        }
    }

    // MARK: Helpers

    public static func milliseconds(_ d: Duration) -> Int32 {
        let (seconds, attoseconds) = d.components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }

    public static func pause(_ d: Duration) {
        let (seconds, attoseconds) = d.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    public static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = 0
        outer: while i <= haystack.count - needle.count {
            for k in 0..<needle.count where haystack[i + k] != needle[k] {
                i += 1
                continue outer
            }
            return i
        }
        return nil
    }

    /// Lines split on CRLF only (a bare LF stays inside its line, which then fails to parse).
    public static func splitLines(_ bytes: [UInt8]) -> [Substring] {
        var lines: [Substring] = []
        var start = 0
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 13 && bytes[i + 1] == 10 {
                lines.append(Substring(String(decoding: bytes[start..<i], as: UTF8.self)))
                start = i + 2
                i += 2
            } else {
                i += 1
            }
        }
        lines.append(Substring(String(decoding: bytes[start...], as: UTF8.self)))
        return lines
    }

    public static func show(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(300), as: UTF8.self)
        return "\"" + text.replacingCRLF() + "\"" + (bytes.count > 300 ? "… (\(bytes.count) bytes)" : "")
    }
}

extension String {
    fileprivate func replacingCRLF() -> String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
