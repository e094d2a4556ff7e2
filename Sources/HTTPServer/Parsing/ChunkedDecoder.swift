/// Decodes a chunked body (RFC 9112 §7.1) incrementally: call `decode` with whatever bytes
/// have arrived; it consumes what it can and appends the data to `body`. Trailers are
/// validated and dropped.
struct ChunkedDecoder {
    private enum State {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(bytes: Int)
        case done
    }

    private var state = State.size
    /// Bytes of an unfinished size or trailer line already searched for LF, so that a line
    /// arriving byte by byte is not searched again from its start on every call.
    private var searched = 0
    var isDone: Bool { if case .done = state { return true } else { return false } }

    /// Consumes bytes from `buffer`; returns how many. Throws 413 when `body` would exceed `limit`.
    mutating func decode(_ buffer: UnsafeBufferPointer<UInt8>, into body: inout [UInt8], limit: Int,
                         limits: ParserLimits) throws(ParseFailure) -> Int {
        var pos = 0
        while pos < buffer.count {
            switch state {
            case .size:
                guard let lf = findLF(buffer, from: pos) else {
                    if buffer.count - pos > limits.maxChunkLineBytes { throw .badRequest("chunk line too long") }
                    return pos
                }
                if lf - pos > limits.maxChunkLineBytes { throw .badRequest("chunk line too long") }
                if lf == pos || buffer[lf - 1] != ASCII.cr { throw .badRequest("bare LF in chunk line") }
                let size = try parseSizeLine(buffer, pos, lf - 1)
                pos = lf + 1
                if size == 0 {
                    state = .trailers(bytes: 0)
                } else {
                    if size > limit - body.count { throw ParseFailure(status: .contentTooLarge, reason: "chunked body over limit") }
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, buffer.count - pos)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[pos..<(pos + take)]))
                pos += take
                state = remaining == take ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                if buffer.count - pos < 2 {
                    if buffer[pos] != ASCII.cr { throw .badRequest("missing CRLF after chunk data") }
                    return pos
                }
                if buffer[pos] != ASCII.cr || buffer[pos + 1] != ASCII.lf { throw .badRequest("missing CRLF after chunk data") }
                pos += 2
                state = .size
            case .trailers(let seen):
                guard let lf = findLF(buffer, from: pos) else {
                    if seen + buffer.count - pos > limits.maxTrailerBytes { throw .badRequest("trailer section too large") }
                    return pos
                }
                if lf == pos || buffer[lf - 1] != ASCII.cr { throw .badRequest("bare LF in trailer") }
                let total = seen + lf + 1 - pos
                if total > limits.maxTrailerBytes { throw .badRequest("trailer section too large") }
                if lf - 1 == pos {
                    pos = lf + 1
                    state = .done
                    return pos
                }
                try validateTrailerField(buffer, pos, lf - 1)
                pos = lf + 1
                state = .trailers(bytes: total)
            case .done:
                return pos
            }
        }
        return pos
    }

    /// The LF ending the line that starts at `from`; remembers how far it looked when there is none yet.
    private mutating func findLF(_ buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from + searched
        while i < buffer.count {
            if buffer[i] == ASCII.lf {
                searched = 0
                return i
            }
            i += 1
        }
        searched = buffer.count - from
        return nil
    }

    /// chunk-size [ chunk-ext ]: 1*HEXDIG, then optional `;name[=value]` extensions, which are ignored.
    private func parseSizeLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(ParseFailure) -> Int {
        var i = start
        var size = 0
        while i < end, let digit = ASCII.hexValue(b[i]) {
            if size > (Int.max >> 4) { throw .badRequest("chunk size overflow") }
            size = size << 4 | digit
            i += 1
        }
        if i == start { throw .badRequest("invalid chunk size") }
        // Only BWS and extensions may follow.
        while i < end && (b[i] == ASCII.space || b[i] == ASCII.tab) { i += 1 }
        if i == end { return size }
        if b[i] != 0x3B { throw .badRequest("invalid chunk size") }
        for p in i..<end where !ASCII.isFieldValueByte(b[p]) { throw .badRequest("control character in chunk extension") }
        return size
    }

    private func validateTrailerField(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(ParseFailure) {
        if b[start] == ASCII.space || b[start] == ASCII.tab { throw .badRequest("obsolete line folding in trailer") }
        var j = start
        while j < end && ASCII.isTokenChar(b[j]) { j += 1 }
        if j == start || j == end || b[j] != ASCII.colon { throw .badRequest("invalid trailer field") }
        for p in (j + 1)..<end where !ASCII.isFieldValueByte(b[p]) { throw .badRequest("control character in trailer") }
    }
}
