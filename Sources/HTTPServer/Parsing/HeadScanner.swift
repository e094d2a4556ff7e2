#if canImport(Glibc)
import Glibc
#endif

/// Finds the end of a request's head as bytes arrive, remembering where each line ends so
/// that feeding byte by byte costs no more than feeding all at once. Enforces the size limits
/// (414, 431) as soon as they are exceeded and rejects a bare LF.
struct HeadScanner {
    private(set) var lineEnds: [Int] = []   // offsets of each line's LF, relative to the head start
    private var scanned = 0

    /// Whether nothing of the current head has been looked at yet.
    var isFresh: Bool { scanned == 0 }

    mutating func reset() {
        lineEnds.removeAll(keepingCapacity: true)
        scanned = 0
    }

    /// Returns the length of the head (through the empty line) once it is complete, nil while more is needed.
    mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>, limits: ParserLimits) throws(ParseFailure) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        while scanned < buffer.count {
            guard let found = memchr(base + scanned, Int32(ASCII.lf), buffer.count - scanned) else {
                scanned = buffer.count
                try checkIncompleteLimits(buffer.count, limits: limits)
                return nil
            }
            let lf = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if lf == 0 || buffer[lf - 1] != ASCII.cr { throw .badRequest("bare LF") }
            let lineStart = lineEnds.last.map { $0 + 1 } ?? 0
            if lineEnds.isEmpty && lf - 1 > limits.maxRequestLineBytes {
                throw ParseFailure(status: .uriTooLong, reason: "request line too long")
            }
            scanned = lf + 1
            if lf - 1 == lineStart {
                if lineEnds.isEmpty { throw .badRequest("empty request line") }
                return lf + 1
            }
            lineEnds.append(lf)
            if lineEnds.count - 1 > limits.maxHeaderFields {
                throw ParseFailure(status: .requestHeaderFieldsTooLarge, reason: "too many header fields")
            }
            if let first = lineEnds.first, lf - first > limits.maxHeaderBytes {
                throw ParseFailure(status: .requestHeaderFieldsTooLarge, reason: "header section too large")
            }
        }
        try checkIncompleteLimits(buffer.count, limits: limits)
        return nil
    }

    private func checkIncompleteLimits(_ count: Int, limits: ParserLimits) throws(ParseFailure) {
        if let first = lineEnds.first {
            if count - first > limits.maxHeaderBytes + 2 {
                throw ParseFailure(status: .requestHeaderFieldsTooLarge, reason: "header section too large")
            }
        } else if count > limits.maxRequestLineBytes + 2 {
            throw ParseFailure(status: .uriTooLong, reason: "request line too long")
        }
    }
}
