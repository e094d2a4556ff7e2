@testable import HTTPServer
import Testing

/// `ChunkedDecoder` on its own: every case is decoded all at once and one byte at a time,
/// and the two must agree (see `decodeChunkedBothWays`).
@Suite struct ChunkedDecoderTests {
    private func decoded(_ body: String, leftover: String = "") -> ChunkedOutcome {
        .decoded(body: Array(body.utf8), leftover: Array(leftover.utf8))
    }

    @Test func decodesChunksAndStopsRightAfterTheEmptyTrailerLine() {
        #expect(decodeChunkedBothWays("5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\nNEXT") == decoded("hello world", leftover: "NEXT"))
    }

    @Test func emptyBodyIsJustTheLastChunk() {
        #expect(decodeChunkedBothWays("0\r\n\r\n") == decoded(""))
        #expect(decodeChunkedBothWays("000\r\n\r\n") == decoded(""))
    }

    @Test func hexSizesAreCaseInsensitiveAndMayHaveLeadingZeros() {
        let sixteen = String(repeating: "x", count: 16)
        let twentySix = String(repeating: "y", count: 26)
        #expect(decodeChunkedBothWays("10\r\n\(sixteen)\r\n1a\r\n\(twentySix)\r\n1A\r\n\(twentySix)\r\n0000000001\r\nz\r\n0\r\n\r\n")
                == decoded(sixteen + twentySix + twentySix + "z"))
    }

    @Test func chunkExtensionsAreIgnored() {
        #expect(decodeChunkedBothWays("5;a=b;c\r\nhello\r\n5 ; q=\"x;y\"\r\nthere\r\n0;end=1\r\n\r\n") == decoded("hellothere"))
    }

    @Test func trailerFieldsAreValidatedAndDropped() {
        #expect(decodeChunkedBothWays("3\r\nabc\r\n0\r\nX-Checksum: 1234\r\nX-Empty:\r\n\r\n") == decoded("abc"))
    }

    @Test func dataMayContainCRLFAndZeroBytes() {
        #expect(decodeChunkedBothWays("8\r\n\u{0}\r\n0\r\n\r\n\r\n0\r\n\r\n") == decoded("\u{0}\r\n0\r\n\r\n"))
    }

    @Test func decodesTheSameWhereverTheInputIsSplitInTwo() {
        let bytes = Array("4;e=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nT: 1\r\n\r\nrest".utf8)
        let expected = decodeChunked(bytes, .allAtOnce)
        #expect(expected == decoded("Wikipedia in\r\n\r\nchunks.", leftover: "rest"))
        for split in 0...bytes.count {
            var decoder = ChunkedDecoder()
            var body: [UInt8] = []
            var input: [UInt8] = []
            var failure: ParseFailure?
            for piece in [bytes[..<split], bytes[split...]] where !decoder.isDone && failure == nil {
                input += piece
                let used = input.withUnsafeBufferPointer { buffer in
                    Result { () throws(ParseFailure) -> Int in
                        try decoder.decode(buffer, into: &body, limit: 1 << 20, limits: ParserLimits())
                    }
                }
                switch used {
                case .success(let count): input.removeFirst(count)
                case .failure(let f): failure = f
                }
            }
            #expect(failure == nil, "split at \(split)")
            #expect(decoder.isDone, "split at \(split)")
            #expect(body == Array("Wikipedia in\r\n\r\nchunks.".utf8), "split at \(split)")
        }
    }

    @Test func decodeReturnsZeroForAnEmptyBufferAndNeverConsumesPastTheEnd() {
        var decoder = ChunkedDecoder()
        var body: [UInt8] = []
        let none: [UInt8] = []
        let used = none.withUnsafeBufferPointer { buffer in
            Result { () throws(ParseFailure) -> Int in try decoder.decode(buffer, into: &body, limit: 10, limits: ParserLimits()) }
        }
        #expect(used == .success(0))
        #expect(!decoder.isDone)
        let done: [UInt8] = Array("0\r\n\r\n0\r\n\r\n".utf8)
        let first = done.withUnsafeBufferPointer { buffer in
            Result { () throws(ParseFailure) -> Int in try decoder.decode(buffer, into: &body, limit: 10, limits: ParserLimits()) }
        }
        #expect(first == .success(5), "stops after the first chunked body")
        #expect(decoder.isDone)
    }

    @Test func incompleteBodyKeepsWhatWasDecodedSoFar() {
        #expect(decodeChunkedBothWays("5\r\nhello\r\n3\r\nab") == .incomplete(body: Array("helloab".utf8)))
        #expect(decodeChunkedBothWays("5\r\nhello\r\n0\r\nX-T: 1\r\n") == .incomplete(body: Array("hello".utf8)))
    }

    // MARK: Rejections

    @Test(arguments: ["-5", "+5", "0x5", "5_0", "", " 5", "\t5", "g", "5 5", "5,6", "5=",
                      "10000000000000000", "FFFFFFFFFFFFFFFFF", "8000000000000000", "1234567890abcdef0"])
    func rejectsBadChunkSize(size: String) {
        #expect(decodeChunkedBothWays("\(size)\r\nhello\r\n0\r\n\r\n").status == .badRequest)
    }

    @Test func largestRepresentableSizeIsOverTheLimitNotAnOverflow() {
        #expect(decodeChunkedBothWays("7fffffffffffffff\r\n").status == .contentTooLarge)
        #expect(decodeChunkedBothWays("0000000000000000000000000000000005\r\nhello\r\n0\r\n\r\n") == decoded("hello"))
    }

    @Test(arguments: ["5\r\nhelloX\r\n0\r\n\r\n", "5\r\nhello\n0\r\n\r\n", "5\r\nhello\rX0\r\n\r\n",
                      "5\r\nhello world\r\n0\r\n\r\n", "5\r\nhello0\r\n\r\n"])
    func rejectsMissingCRLFAfterChunkData(body: String) {
        #expect(decodeChunkedBothWays(body).status == .badRequest)
    }

    @Test(arguments: ["5\nhello\r\n0\r\n\r\n", "\nhello", "5\r\nhello\r\n0\n\r\n", "5\r\nhello\r\n0\r\n\n",
                      "5\r\nhello\r\n0\r\nX-T: 1\n\r\n"])
    func rejectsBareLF(body: String) {
        #expect(decodeChunkedBothWays(body).status == .badRequest)
    }

    @Test(arguments: ["5;a=\u{0}\r\nhello\r\n0\r\n\r\n", "5;a=\u{1}b\r\nhello\r\n0\r\n\r\n", "5;\u{7F}\r\nhello\r\n0\r\n\r\n",
                      "5;a\rb\r\nhello\r\n0\r\n\r\n"])
    func rejectsControlCharactersInChunkExtensions(body: String) {
        #expect(decodeChunkedBothWays(body).status == .badRequest)
    }

    @Test func rejectsOverlongChunkLineWhetherOrNotItsEndHasArrived() {
        let limits = ParserLimits()
        let ext = ";e=" + String(repeating: "x", count: limits.maxChunkLineBytes)
        #expect(decodeChunkedBothWays("5\(ext)\r\nhello\r\n0\r\n\r\n").status == .badRequest)
        #expect(decodeChunkedBothWays("5\(ext)").status == .badRequest)
        // Within the limit the same kind of extension is fine.
        #expect(decodeChunkedBothWays("5;e=" + String(repeating: "x", count: 900) + "\r\nhello\r\n0\r\n\r\n") == decoded("hello"))
    }

    @Test(arguments: [" X-T: 1", "\tX-T: 1", "X-T : 1", "X-T", ": 1", "X-T: a\u{0}b", "X-T: a\u{7F}", "X-T: a\rb", "X@T: 1"])
    func rejectsMalformedTrailerField(line: String) {
        #expect(decodeChunkedBothWays("3\r\nabc\r\n0\r\n\(line)\r\n\r\n").status == .badRequest)
    }

    @Test func rejectsTrailerSectionOverTheLimitWhetherOrNotItsEndHasArrived() {
        let limits = ParserLimits()
        let big = "X-Big: " + String(repeating: "t", count: limits.maxTrailerBytes)
        #expect(decodeChunkedBothWays("0\r\n\(big)\r\n\r\n").status == .badRequest)
        #expect(decodeChunkedBothWays("0\r\n\(big)").status == .badRequest)
        let many = (0..<10).map { "X-\($0): " + String(repeating: "t", count: 1000) + "\r\n" }.joined()
        #expect(decodeChunkedBothWays("0\r\n\(many)\r\n").status == .badRequest)
    }

    @Test func rejectsBodyOverTheLimitWith413() {
        #expect(decodeChunkedBothWays("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", limit: 10).status == .contentTooLarge)
        #expect(decodeChunkedBothWays("b\r\nhello world\r\n0\r\n\r\n", limit: 10).status == .contentTooLarge)
        #expect(decodeChunkedBothWays("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", limit: 10) == decoded("helloworld"))
    }
}
