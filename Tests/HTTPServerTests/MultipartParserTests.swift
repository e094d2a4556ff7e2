import HTTPServer
import Testing

/// The FormError `work` throws, or nil when it succeeds. (Closures do not infer typed throws,
/// so `work` throws `any Error`; the parsers only ever throw `FormError`.)
private func formError<T>(_ work: () throws -> T) -> FormError? {
    do {
        _ = try work()
        return nil
    } catch {
        return error as? FormError
    }
}

private let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"

private func parse(_ body: String, boundary: String = boundary, limits: FormLimits = FormLimits()) throws(FormError) -> [MultipartPart] {
    try MultipartParser.parse(Array(body.utf8), boundary: boundary, limits: limits)
}

/// A multipart body built the way a browser builds one.
private struct BodyBuilder {
    var bytes: [UInt8] = []

    mutating func part(_ headers: [String], _ content: [UInt8]) {
        bytes += "--\(boundary)\r\n".utf8
        for header in headers { bytes += "\(header)\r\n".utf8 }
        bytes += "\r\n".utf8
        bytes += content
        bytes += "\r\n".utf8
    }

    mutating func field(_ name: String, _ value: String) {
        part(["Content-Disposition: form-data; name=\"\(name)\""], Array(value.utf8))
    }

    mutating func file(_ name: String, _ filename: String, type: String = "application/octet-stream", _ content: [UInt8]) {
        part(["Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"", "Content-Type: \(type)"], content)
    }

    mutating func close() {
        bytes += "--\(boundary)--\r\n".utf8
    }

    func parse(limits: FormLimits = FormLimits()) throws(FormError) -> [MultipartPart] {
        try MultipartParser.parse(bytes, boundary: boundary, limits: limits)
    }
}

/// A body of one part with the given Content-Disposition parameters (after `form-data`).
private func disposition(_ parameters: String, content: String = "x") -> String {
    "--\(boundary)\r\nContent-Disposition: form-data\(parameters)\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
}

/// Deterministic pseudo-random bytes (xorshift64), with CR, LF and near-delimiters mixed in.
private func binaryContent(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        var i = 0
        while i < count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            var word = state
            for _ in 0..<min(8, count - i) {
                buffer[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
        initialized = count
    }
    // Everything that looks like a delimiter but is not one, each fenced by fixed bytes so that the
    // random bytes around it cannot complete it; some one random byte apart, most 4 KiB apart.
    let decoys = ["\r\n", "\r\n--", "\r\n--\(boundary.dropLast())\u{0}", "\r\n--\(boundary)X", "x--\(boundary)\r\n",
                  "x\n--\(boundary)\r\n", "\r--\(boundary)--", "\r\r\n--\(boundary.dropLast())\r\n"]
    var offset = 0
    var index = 0
    while offset + 128 < count {
        let decoy = Array(decoys[index % decoys.count].utf8)
        bytes.replaceSubrange(offset..<offset + decoy.count, with: decoy)
        index += 1
        offset += decoy.count + (index % 7 == 0 ? 4099 : 1)
    }
    return bytes
}

/// `MultipartParser`: browser-style bodies and the ways a hostile body is refused.
@Suite struct MultipartParserTests {
    @Test func aBrowserStyleBodyWithFieldsAndTwoFilesParsesByteForByte() throws {
        // A binary file: every byte value, CR LF pairs, and pieces of the delimiter that are not one.
        var binary: [UInt8] = Array(0...255)
        binary += Array("\r\n\r\n--\r\n--\(boundary.prefix(10))\r\n\(boundary)\r\n-\r\n--\(boundary)-x\r\n".utf8)
        binary += [0x00, 0x0D, 0x0A, 0x0D, 0x0D, 0x0A, 0x2D, 0x2D, 0xFF, 0x0D]
        let text = Array("Line one\r\nLine two\r\n\r\n".utf8)
        var body = BodyBuilder()
        body.field("subject", "Lärm nach 22 Uhr")
        body.field("details", "Seit Wochen.\r\nJede Nacht.")
        body.file("evidence", "recording.bin", binary)
        body.file("evidence", "notes.txt", type: "text/plain", text)
        body.field("consent", "on")
        body.close()

        let parts = try body.parse()
        #expect(parts.map(\.name) == ["subject", "details", "evidence", "evidence", "consent"])
        #expect(parts.map(\.filename) == [nil, nil, "recording.bin", "notes.txt", nil])
        #expect(parts.map(\.isFile) == [false, false, true, true, false])
        #expect(parts.map(\.contentType) == [nil, nil, "application/octet-stream", "text/plain", nil])
        #expect(parts[0].text == "Lärm nach 22 Uhr")
        #expect(parts[1].text == "Seit Wochen.\r\nJede Nacht.")
        #expect(parts[2].body == binary)
        #expect(parts[2].text == nil)
        #expect(parts[3].body == text)
        #expect(parts[4].text == "on")
        #expect(parts[3].headers["content-type"] == "text/plain")
        #expect(parts[3].headers["Content-Disposition"] == "form-data; name=\"evidence\"; filename=\"notes.txt\"")
        #expect(parts[3].headers.count == 2)
    }

    @Test func aJSONPartAndFilesAsTheAPISendsThem() throws {
        let json = #"{"subject":"Noise","works":[{"title":"A"}]}"#
        var body = BodyBuilder()
        body.part(["Content-Disposition: form-data; name=\"complaint\"", "Content-Type: application/json"], Array(json.utf8))
        body.file("files", "a.pdf", type: "application/pdf", Array("%PDF-1.7".utf8))
        body.close()
        let request = Request(method: "POST", target: "/api/v1/complaints",
                              headers: [("Content-Type", "multipart/form-data; boundary=\"\(boundary)\"")], body: body.bytes)
        let parts = try MultipartParser.parse(request)
        #expect(parts.count == 2)
        #expect(parts[0].text == json)
        #expect(parts[0].contentType == "application/json")
        #expect(parts[1].body == Array("%PDF-1.7".utf8))
    }

    @Test func thePreambleAndEpilogueAreIgnored() throws {
        let parts = try parse("This is a preamble.\r\n--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
                              + "--\(boundary)--\r\nThis is the epilogue.\r\n--\(boundary)\r\nnot a part")
        #expect(parts.map(\.name) == ["a"])
        #expect(parts[0].text == "1")
        // The epilogue may also follow without CRLF, or be missing altogether.
        #expect(try parse("--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--\(boundary)--").count == 1)
        #expect(try parse("--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--\(boundary)--tail").count == 1)
    }

    @Test func transportPaddingMayFollowADelimiter() throws {
        let parts = try parse("--\(boundary) \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
                              + "--\(boundary)\t\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n--\(boundary)--")
        #expect(parts.map { $0.text } == ["1", "2"])
    }

    @Test func emptyFormsValuesAndFileInputsParse() throws {
        #expect(try parse("--\(boundary)--\r\n").isEmpty)
        var body = BodyBuilder()
        body.field("empty", "")
        body.file("evidence", "", [])   // a file input with no file chosen
        body.close()
        let parts = try body.parse()
        #expect(parts.map(\.body) == [[], []])
        #expect(parts[1].isFile)
        #expect(parts[1].filename == "")
        // RFC 2046: the CRLF ending the headers may be the delimiter's own, leaving no content.
        let bare = try parse("--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\n--\(boundary)--")
        #expect(bare.count == 1)
        #expect(bare[0].body.isEmpty)
    }

    @Test(arguments: [
        ("report.pdf", "report.pdf"), (#"C:\\Users\\eve\\report.pdf"#, "report.pdf"), (#"C:\Users\eve\report.pdf"#, "report.pdf"),
        ("../../etc/passwd", "passwd"), ("/abs/path/x.png", "x.png"), (#"mixed/dir\file.txt"#, "file.txt"),
        ("dir/..", ""), ("..", ""), (".", ""), ("dir/", ""), ("..hidden", "..hidden"), ("Prüfbericht 2024.pdf", "Prüfbericht 2024.pdf"),
    ])
    func filenamesAreReducedToTheirLastPathSegment(sent: String, kept: String) throws {
        let parts = try parse(disposition("; name=\"f\"; filename=\"\(sent)\""))
        #expect(parts.first?.filename == kept)
    }

    @Test func filenameStarIsDecodedAsRFC5987AndPreferredOverFilename() throws {
        let utf8 = try parse(disposition("; name=\"f\"; filename=\"fallback.pdf\"; filename*=UTF-8''%C3%A9vidence%20n%C2%B01.pdf"))
        #expect(utf8.first?.filename == "évidence n°1.pdf")
        let latin1 = try parse(disposition("; name=f; filename*=iso-8859-1'de'Pr%FCfung.txt"))
        #expect(latin1.first?.filename == "Prüfung.txt")
        let traversal = try parse(disposition("; name=f; filename*=utf-8''..%2F..%2Fetc%2Fpasswd"))
        #expect(traversal.first?.filename == "passwd")
    }

    @Test(arguments: [
        "UTF-8'%C3%A9.txt", "UTF-16''a.txt", "UTF-8''%C3.txt", "UTF-8''%zz.txt", "UTF-8''a b.txt", "UTF-8''a%0Ab.txt",
        "UTF-8''a%00.txt",
    ])
    func malformedFilenameStarIsABadRequest(value: String) {
        let error = formError { try parse(disposition("; name=f; filename*=\"\(value)\"")) }
        #expect(error?.status == .badRequest)
        #expect(error?.field == "f")
    }

    @Test func namesMayBeQuotedWithEscapesOrTokens() throws {
        #expect(try parse(disposition(#"; name="say \"hi\"""#)).first?.name == #"say "hi""#)
        #expect(try parse(disposition(#"; name="back\\slash""#)).first?.name == #"back\slash"#)
        #expect(formError { try parse(disposition("; name=works[0].title")) }?.status == .badRequest)   // "[" is no tchar
        #expect(try parse(disposition(#"; name="works[0].title""#)).first?.name == "works[0].title")
        #expect(try parse(disposition("; NAME=plain-token")).first?.name == "plain-token")
        #expect(try parse(disposition(#"; name="Straße""#)).first?.name == "Straße")
    }

    @Test func aMissingBoundaryIsUnsupportedMediaType() {
        let error = formError { try parse(disposition("; name=a"), boundary: "") }
        #expect(error == FormError(status: .unsupportedMediaType, detail: "multipart/form-data needs a boundary"))
        let withoutBoundary = Request(method: "POST", target: "/", headers: [("Content-Type", "multipart/form-data")],
                                      body: Array(disposition("; name=a").utf8))
        #expect(formError { try MultipartParser.parse(withoutBoundary) } == error)
        let notMultipart = Request(method: "POST", target: "/", headers: [("Content-Type", "application/json")])
        #expect(formError { try MultipartParser.parse(notMultipart) }?.status == .unsupportedMediaType)
    }

    @Test(arguments: [String(repeating: "b", count: 71), "ends with space ", "quote\"", "semi;colon", "tëst", "tab\t"])
    func anInvalidBoundaryIsUnsupportedMediaType(invalid: String) {
        #expect(formError { try parse("--\(invalid)--", boundary: invalid) }?.status == .unsupportedMediaType)
    }

    @Test func boundariesOfSeventyCharactersAndAllBCharsAreAccepted() throws {
        for valid in [String(repeating: "b", count: 70), "'()+_,-./:=? x", "a"] {
            let parts = try parse("--\(valid)\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--\(valid)--", boundary: valid)
            #expect(parts.first?.text == "v", "\(valid)")
        }
    }

    @Test func theBoundaryWithoutALeadingCRLFOrWithMoreAfterItIsContent() throws {
        let content = "x--\(boundary)\r\ny\n--\(boundary)\r\nz\r\n--\(boundary)X\r\n\r\n--\(boundary)-\r\n\r\n--\(boundary)-"
        let parts = try parse(disposition("; name=a", content: content))
        #expect(parts.count == 1)
        #expect(parts[0].text == content)
    }

    @Test(arguments: [
        "", "no delimiter at all", "--\(boundary)", "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\ntruncated",
        "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\ntruncated\r\n--\(boundary)",
        "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\ntruncated\r\n--\(boundary)\r\n",
        "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--\(boundary)-",
        "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n",
        "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\n1\n--\(boundary)--",
        "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--\(boundary)x--",
    ])
    func aMissingCloseDelimiterIsABadRequest(body: String) {
        #expect(formError { try parse(body) }?.status == .badRequest)
    }

    @Test func bareLFInPartHeadersIsABadRequest() {
        let lfHeader = "--\(boundary)\r\nContent-Disposition: form-data; name=a\n\r\n1\r\n--\(boundary)--"
        let lfEmptyLine = "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n\n1\r\n--\(boundary)--"
        let crInside = "--\(boundary)\r\nContent-Disposition: form-data;\r name=a\r\n\r\n1\r\n--\(boundary)--"
        for body in [lfHeader, lfEmptyLine, crInside] {
            #expect(formError { try parse(body) }?.status == .badRequest)
        }
    }

    @Test(arguments: [
        "X-Other: 1", "Content-Disposition: attachment; name=a", "Content-Disposition: form-data",
        "Content-Disposition: form-data; filename=a.txt", "Content-Disposition: form-data; name=a; name=b",
        "Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b",
        "Content-Disposition: form-data; name=\"unterminated", "Content-Disposition: form-data; name",
        "Content-Disposition: form-data name=a", "Content-Disposition: form-data; name=a; filename=\"a\u{1}b\"",
        "Content-Disposition: form-data; name=a\r\n continued: header", "Content-Disposition : form-data; name=a",
        "Content-Disposition: form-data; name=a\r\nBad Name: x", "Content-Disposition: form-data; name=a\r\n: empty",
        "Content-Disposition: form-data; name=\"\u{7F}\"", "Content-Disposition: form-data; name=\"a\u{0}\"",
        "Content-Disposition: form-data; name=a\r\nContent-Type: text/plain\r\nContent-Type: text/html",
        "Content-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: base64",
        "Content-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: quoted-printable",
    ])
    func partHeadersWithoutAValidFormDataDispositionAreBadRequests(headers: String) {
        let body = "--\(boundary)\r\n\(headers)\r\n\r\nvalue\r\n--\(boundary)--\r\n"
        #expect(formError { try parse(body) }?.status == .badRequest)
    }

    @Test func aPartWithoutHeadersIsABadRequest() {
        let error = formError { try parse("--\(boundary)\r\n\r\nvalue\r\n--\(boundary)--\r\n") }
        #expect(error == FormError(status: .badRequest, detail: "A part has no Content-Disposition."))
    }

    @Test func invalidUTF8InAPartHeaderIsABadRequest() {
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"a".utf8)
        body += [0xC3, 0x28]
        body += Array("\"\r\n\r\nv\r\n--\(boundary)--".utf8)
        #expect(formError { try MultipartParser.parse(body, boundary: boundary) }?.status == .badRequest)
    }

    @Test func sevenBitEightBitAndBinaryTransferEncodingsAreAccepted() throws {
        for encoding in ["7bit", "8BIT", "binary"] {
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n"
                + "v\r\n--\(boundary)--"
            #expect(try parse(body).first?.text == "v")
        }
    }

    @Test func moreThanFiveFilesIsContentTooLarge() throws {
        var body = BodyBuilder()
        body.field("subject", "x")
        for i in 1...5 { body.file("evidence", "file\(i).txt", [UInt8(i)]) }
        var closed = body
        closed.close()
        #expect(try closed.parse().filter(\.isFile).count == 5)
        body.file("extra", "file6.txt", [6])
        body.close()
        let error = formError { try body.parse() }
        #expect(error == FormError(status: .contentTooLarge, detail: "The form may carry at most 5 files.", field: "extra"))
    }

    @Test func moreThanTheMaximumPartsIsContentTooLarge() throws {
        var limits = FormLimits()
        limits.maxParts = 3
        var body = BodyBuilder()
        for i in 1...3 { body.field("f\(i)", "\(i)") }
        var closed = body
        closed.close()
        #expect(try closed.parse(limits: limits).count == 3)
        body.field("f4", "4")
        body.close()
        #expect(formError { try body.parse(limits: limits) }?.status == .contentTooLarge)
    }

    @Test func aFileOverTheLimitIsContentTooLargeAndNamesTheField() throws {
        var limits = FormLimits()
        limits.maxFileBytes = 1024
        var atLimit = BodyBuilder()
        atLimit.file("evidence", "a.bin", binaryContent(count: 1024, seed: 1))
        atLimit.close()
        #expect(try atLimit.parse(limits: limits).first?.body.count == 1024)

        var over = BodyBuilder()
        over.field("subject", "x")
        over.file("evidence", "a.bin", binaryContent(count: 1025, seed: 1))
        over.close()
        #expect(formError { try over.parse(limits: limits) }
                == FormError(status: .contentTooLarge, detail: "The file in \"evidence\" is larger than 1 KiB.", field: "evidence"))
        // Also when the body is cut short well past the limit: the file is too large either way.
        var long = BodyBuilder()
        long.file("evidence", "a.bin", binaryContent(count: 4096, seed: 2))
        let truncated = Array(long.bytes.prefix(long.bytes.count - 1000))
        #expect(formError { try MultipartParser.parse(truncated, boundary: boundary, limits: limits) }?.status == .contentTooLarge)
    }

    @Test func aFieldOverTheLimitIsContentTooLarge() throws {
        let longest = String(repeating: "x", count: 64 << 10)
        var atLimit = BodyBuilder()
        atLimit.field("details", longest)
        atLimit.close()
        #expect(try atLimit.parse().first?.text == longest)

        var over = BodyBuilder()
        over.field("details", longest + "x")
        over.close()
        #expect(formError { try over.parse() }
                == FormError(status: .contentTooLarge, detail: "The field \"details\" is longer than 64 KiB.", field: "details"))
    }

    @Test func aFieldNameOverTheLimitIsContentTooLarge() throws {
        #expect(try parse(disposition("; name=\(String(repeating: "n", count: 256))")).count == 1)
        #expect(formError { try parse(disposition("; name=\(String(repeating: "n", count: 257))")) }?.status == .contentTooLarge)
    }

    @Test func partHeadersOverTheLimitAreContentTooLarge() throws {
        var limits = FormLimits()
        limits.maxPartHeaderBytes = 100
        let header = "Content-Disposition: form-data; name=a\r\nX-Pad: "
        // Exactly 100 bytes of header section, the empty line included.
        let fits = header + String(repeating: "p", count: 100 - header.utf8.count - 4) + "\r\n\r\n"
        #expect(try parse("--\(boundary)\r\n\(fits)v\r\n--\(boundary)--", limits: limits).count == 1)
        let tooLong = header + String(repeating: "p", count: 100 - header.utf8.count - 3) + "\r\n\r\n"
        #expect(formError { try parse("--\(boundary)\r\n\(tooLong)v\r\n--\(boundary)--", limits: limits) }?.status
                == .contentTooLarge)
        let endless = "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\n" + String(repeating: "X: y\r\n", count: 2000)
        #expect(formError { try parse(endless) }?.status == .contentTooLarge)
    }

    @Test func aTenMebibyteFileParsesWithTheRightBytes() throws {
        let content = binaryContent(count: 10 << 20, seed: 0x9E37_79B9_7F4A_7C15)
        var body = BodyBuilder()
        body.field("subject", "Evidence")
        body.file("evidence", "video.mp4", type: "video/mp4", content)
        body.field("after", "end")
        body.close()
        let parts = try body.parse()
        #expect(parts.map(\.name) == ["subject", "evidence", "after"])
        #expect(parts[1].body.count == content.count)
        let identical = parts[1].body == content   // not in #expect: a failure would print 10 MiB
        #expect(identical)
        #expect(parts[2].text == "end")

        var over = BodyBuilder()
        over.file("evidence", "video.mp4", content + [0])
        over.close()
        #expect(formError { try over.parse() }?.status == .contentTooLarge)
    }
}
