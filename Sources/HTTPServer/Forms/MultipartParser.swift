/// `multipart/form-data` bodies (RFC 7578 over RFC 2046 §5.1.1), strictly and in bounded work.
///
/// The body is `[preamble CRLF] --boundary` then, for each part, transport padding (spaces and tabs),
/// CRLF, header lines ending in CRLF, an empty line, the content, and `CRLF --boundary`; after the
/// last part `--` closes the body and whatever follows (the epilogue) is ignored. `CRLF --boundary`
/// followed by anything but padding + CRLF or `--` is content, as is `--boundary` without the CRLF
/// (except right after a part's headers, where RFC 2046 lets their last CRLF serve the delimiter:
/// a part with no content).
///
/// Refused with 400: no delimiter or no close delimiter, header lines not ending in CRLF (bare LF),
/// obsolete line folding, header names that are not tokens, values with control characters or
/// invalid UTF-8, a part without exactly one `Content-Disposition: form-data; name=...`, a repeated
/// Content-Type or Content-Transfer-Encoding, or a transfer encoding other than 7bit, 8bit or binary.
/// Refused with 413 (see `FormLimits`): too many parts or file parts, a file or field content too
/// large, a field name too long, a part header section too large. Refused with 415: no valid boundary.
///
/// Delimiters are found with `memchr` (linear time); each part's content is copied once.
public enum MultipartParser {
    /// Parses a multipart/form-data body with the boundary from the request's Content-Type.
    public static func parse(_ body: [UInt8], boundary: String, limits: FormLimits = FormLimits()) throws(FormError) -> [MultipartPart] {
        guard !boundary.isEmpty else { throw .unsupported("multipart/form-data needs a boundary") }
        guard isValidBoundary(boundary) else { throw .unsupported("The multipart/form-data boundary is invalid.") }
        let delimiter: [UInt8] = [ASCII.cr, ASCII.lf, 0x2D, 0x2D] + Array(boundary.utf8)
        return try body.withUnsafeBufferPointer { (bytes) throws(FormError) -> [MultipartPart] in
            try delimiter.withUnsafeBufferPointer { (delimiter) throws(FormError) -> [MultipartPart] in
                try MultipartReader(bytes: bytes, delimiter: delimiter, limits: limits).parts()
            }
        }
    }

    /// Parses the body of `request`, which must be `multipart/form-data` with a boundary; otherwise 415.
    public static func parse(_ request: Request, limits: FormLimits = FormLimits()) throws(FormError) -> [MultipartPart] {
        guard let type = request.contentType, type.matches("multipart/form-data") else {
            throw .unsupported("Expected multipart/form-data.")
        }
        return try parse(request.body, boundary: type.parameters["boundary"] ?? "", limits: limits)
    }

    /// RFC 2046: 1 to 70 bchars (DIGIT ALPHA ' ( ) + _ , - . / : = ? and space), not ending in a space.
    static func isValidBoundary(_ boundary: String) -> Bool {
        let bytes = boundary.utf8
        guard (1...70).contains(bytes.count), bytes.last != ASCII.space else { return false }
        return bytes.allSatisfy { b in
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
            case 0x27, 0x28, 0x29, 0x2B, 0x5F, 0x2C, 0x2D, 0x2E, 0x2F, 0x3A, 0x3D, 0x3F, ASCII.space: return true
            default: return false
            }
        }
    }
}

/// One pass over a multipart body held in memory.
private struct MultipartReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// CR LF "--" boundary.
    let delimiter: UnsafeBufferPointer<UInt8>
    let limits: FormLimits

    /// What a delimiter line leads to.
    enum Continuation {
        /// Another part, whose headers start at the index.
        case part(headersStart: Int)
        /// The close delimiter: the epilogue follows.
        case close
    }

    func parts() throws(FormError) -> [MultipartPart] {
        var continuation: Continuation
        if let atStart = dashBoundary(at: 0) {
            continuation = atStart
        } else if let first = nextDelimiter(from: 0, to: bytes.count) {
            continuation = first.continuation
        } else {
            throw .malformed("The multipart body has no boundary delimiter.")
        }

        var parts: [MultipartPart] = []
        var fileCount = 0
        while case .part(let headersStart) = continuation {
            guard parts.count < limits.maxParts else {
                throw .tooLarge("The form has more than \(limits.maxParts) parts.")
            }
            let (headers, contentStart) = try readHeaders(from: headersStart)
            let head = try PartHead(headers)
            let name = head.disposition.name
            guard name.utf8.count <= limits.maxNameBytes else {
                throw .tooLarge("A field name is longer than \(FormLimits.describe(bytes: limits.maxNameBytes)).")
            }
            let isFile = head.disposition.filename != nil
            if isFile {
                fileCount += 1
                guard fileCount <= limits.maxFileParts else {
                    throw .tooLarge("The form may carry at most \(limits.maxFileParts) files.", field: name)
                }
            }
            let limit = isFile ? limits.maxFileBytes : limits.maxFieldBytes
            // The content may be at most `limit` bytes, so the delimiter must start by contentStart + limit.
            let windowEnd = limit >= bytes.count - contentStart ? bytes.count : contentStart + limit + 1
            // The CRLF ending the headers may double as the delimiter's (RFC 2046): no content at all.
            let emptyEnd = dashBoundary(at: contentStart).map { (start: contentStart, continuation: $0) }
            guard let end = emptyEnd ?? nextDelimiter(from: contentStart, to: windowEnd) else {
                guard windowEnd < bytes.count else {
                    throw .malformed("The multipart body has no close delimiter.")
                }
                throw isFile
                    ? .tooLarge("The file in \"\(name)\" is larger than \(FormLimits.describe(bytes: limit)).", field: name)
                    : .tooLarge("The field \"\(name)\" is longer than \(FormLimits.describe(bytes: limit)).", field: name)
            }
            parts.append(MultipartPart(name: name, filename: head.disposition.filename, contentType: head.contentType,
                                       headers: headers,
                                       body: Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<end.start]))))
            continuation = end.continuation
        }
        return parts
    }

    /// What follows a `--boundary` (without CRLF) at `index`; nil when there is none or it is not a delimiter line.
    private func dashBoundary(at index: Int) -> Continuation? {
        let count = delimiter.count - 2
        guard bytes.count - index >= count else { return nil }
        for k in 0..<count where bytes[index + k] != delimiter[k + 2] { return nil }
        return continuation(at: index + count)
    }

    /// What follows a `--boundary` that ends just before `index`; nil when it is not a delimiter line.
    private func continuation(at index: Int) -> Continuation? {
        if index + 1 < bytes.count, bytes[index] == 0x2D, bytes[index + 1] == 0x2D { return .close }
        var i = index
        while i < bytes.count, bytes[i] == ASCII.space || bytes[i] == ASCII.tab { i += 1 }
        guard i + 1 < bytes.count, bytes[i] == ASCII.cr, bytes[i + 1] == ASCII.lf else { return nil }
        return .part(headersStart: i + 2)
    }

    /// The first `CRLF --boundary` that starts in `from..<to` and is a delimiter line.
    private func nextDelimiter(from: Int, to: Int) -> (start: Int, continuation: Continuation)? {
        var i = from
        while let found = ByteSearch.firstIndex(of: delimiter, in: bytes, from: i, to: to) {
            if let continuation = continuation(at: found + delimiter.count) { return (found, continuation) }
            i = found + 1
        }
        return nil
    }

    /// The header lines from `start` to the empty line, and where the content starts.
    private func readHeaders(from start: Int) throws(FormError) -> (HTTPFields, contentStart: Int) {
        let limitEnd = limits.maxPartHeaderBytes >= bytes.count - start ? bytes.count : start + limits.maxPartHeaderBytes
        var entries: [HTTPFields.Entry] = []
        var lineStart = start
        while true {
            guard let lf = ByteSearch.firstIndex(of: ASCII.lf, in: bytes, from: lineStart, to: limitEnd) else {
                guard limitEnd == bytes.count else {
                    throw .tooLarge("The headers of a part are larger than \(FormLimits.describe(bytes: limits.maxPartHeaderBytes)).")
                }
                throw .malformed("The multipart body ends inside the headers of a part.")
            }
            guard lf > lineStart, bytes[lf - 1] == ASCII.cr else {
                throw .malformed("A header line of a part does not end with CRLF.")
            }
            let lineEnd = lf - 1
            if lineEnd == lineStart {
                let fields = HTTPFields(bytes: Array(UnsafeBufferPointer(rebasing: bytes[start..<lf + 1])), entries: entries)
                return (fields, lf + 1)
            }
            var i = lineStart
            while i < lineEnd, ASCII.isTokenChar(bytes[i]) { i += 1 }
            guard i > lineStart, i < lineEnd, bytes[i] == ASCII.colon else {
                throw .malformed("A part has a malformed header line.")
            }
            let nameEnd = i
            i += 1
            while i < lineEnd, bytes[i] == ASCII.space || bytes[i] == ASCII.tab { i += 1 }
            var valueEnd = lineEnd
            while valueEnd > i, bytes[valueEnd - 1] == ASCII.space || bytes[valueEnd - 1] == ASCII.tab { valueEnd -= 1 }
            var ascii = true
            for j in i..<valueEnd {
                let b = bytes[j]
                guard ASCII.isFieldValueByte(b) else {
                    throw .malformed("A header of a part contains control characters.")
                }
                if b >= 0x80 { ascii = false }
            }
            if !ascii, String(validating: UnsafeBufferPointer(rebasing: bytes[i..<valueEnd]), as: UTF8.self) == nil {
                throw .malformed("A header of a part is not valid UTF-8.")
            }
            entries.append(HTTPFields.Entry(nameStart: Int32(lineStart - start), nameEnd: Int32(nameEnd - start),
                                            valueStart: Int32(i - start), valueEnd: Int32(valueEnd - start)))
            lineStart = lf + 1
        }
    }
}

/// The headers of a part that the parser interprets.
private struct PartHead {
    let disposition: FormDataDisposition
    let contentType: String?

    init(_ headers: HTTPFields) throws(FormError) {
        let dispositions = headers.values("Content-Disposition")
        guard dispositions.count == 1 else {
            throw .malformed(dispositions.isEmpty ? "A part has no Content-Disposition."
                                                  : "A part has more than one Content-Disposition.")
        }
        disposition = try FormDataDisposition(dispositions[0])
        let types = headers.values("Content-Type")
        guard types.count <= 1 else {
            throw .malformed("A part has more than one Content-Type.", field: disposition.name)
        }
        contentType = types.first
        let encodings = headers.values("Content-Transfer-Encoding")
        guard encodings.count <= 1 else {
            throw .malformed("A part has more than one Content-Transfer-Encoding.", field: disposition.name)
        }
        if let encoding = encodings.first, !["7bit", "8bit", "binary"].contains(encoding.lowercased()) {
            throw .malformed("Only 7bit, 8bit and binary parts are accepted.", field: disposition.name)
        }
    }
}
