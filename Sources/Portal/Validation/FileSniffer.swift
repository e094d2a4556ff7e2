/// Recognises the kind of an uploaded evidence file from its content alone.
///
/// Accepted kinds, checked in this order:
/// - PDF: "%PDF-" at offset 0 and "%%EOF" within the last 1024 bytes (a file that
///   starts with "%PDF-" without the "%%EOF" is rejected, not taken as text);
/// - PNG: the 8-byte PNG signature followed by a well-formed IHDR chunk (length 13,
///   non-zero size, a valid bit depth and colour type, a correct CRC);
/// - JPEG: FF D8 FF, well-formed marker segments up to a frame header and the start of
///   a scan, and FF D9 at the end (up to 16 trailing zero, CR or LF bytes of padding
///   are allowed);
/// - CSV: text (below) with at least 2 lines whose count of commas, or of semicolons,
///   outside double quotes is the same and at least 1 on each of the first 20 lines
///   (a quoted field may span lines; trailing blank lines are ignored);
/// - plain text: at least 1 byte of valid UTF-8 (an initial byte order mark allowed),
///   with no NUL and no C0 control character other than tab, line feed, carriage
///   return and form feed.
///
/// Rejected whatever else they might pass as: Windows executables ("MZ"), ELF
/// binaries, scripts ("#!"), ZIP archives (and so Office documents), GIF images, and
/// active content that a browser would run — HTML, SVG and XML, recognised at the
/// start of the text after any whitespace, in any case.
public enum FileSniffer {
    /// The kind of `bytes`, or nil when the content is none of the accepted kinds
    /// (e.g. an ELF or PE executable, a ZIP, HTML, an SVG, a GIF, empty data).
    public static func detect(_ bytes: [UInt8]) -> EvidenceFileType? {
        guard !bytes.isEmpty, !hasRejectedSignature(bytes) else { return nil }
        // A file that says it is a PDF but is not a whole one is not taken as text.
        if bytes.starts(with: pdfHeader) { return isPDF(bytes) ? .pdf : nil }
        if isPNG(bytes) { return .png }
        if isJPEG(bytes) { return .jpeg }

        var body = bytes[...]
        if body.starts(with: byteOrderMark) { body = body.dropFirst(byteOrderMark.count) }
        guard !body.isEmpty, isAcceptableText(body), !startsWithMarkup(body) else { return nil }
        return isCSV(body) ? .csv : .plainText
    }

    // MARK: - Rejected content

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static let rejectedSignatures: [[UInt8]] = [
        Array("MZ".utf8),                     // PE (Windows) and DOS executables
        [0x7F] + Array("ELF".utf8),           // ELF executables and libraries
        Array("#!".utf8),                     // scripts
        Array("PK".utf8) + [0x03, 0x04],      // ZIP, and so DOCX, XLSX, JAR, APK
        Array("PK".utf8) + [0x05, 0x06],      // empty ZIP
        Array("PK".utf8) + [0x07, 0x08],      // spanned ZIP
        Array("GIF87a".utf8),
        Array("GIF89a".utf8),
    ]

    private static func hasRejectedSignature(_ bytes: [UInt8]) -> Bool {
        rejectedSignatures.contains { bytes.starts(with: $0) }
    }

    /// Markup a browser would render or run: the spec's HTML, SVG and XML starts, and
    /// the tags the WHATWG MIME Sniffing Standard treats as the start of HTML.
    private static let markupPrefixes: [[UInt8]] = ["<!doctype", "<?xml", "<svg", "<html"].map { Array($0.utf8) }
    private static let markupTags: [[UInt8]] = [
        "<head", "<script", "<iframe", "<h1", "<div", "<font", "<table", "<a", "<style",
        "<title", "<b", "<body", "<br", "<p", "<!--",
    ].map { Array($0.utf8) }

    private static func startsWithMarkup(_ body: ArraySlice<UInt8>) -> Bool {
        let start = body.drop(while: isTextWhitespace)
        if markupPrefixes.contains(where: { hasPrefixIgnoringCase(start, $0) }) { return true }
        return markupTags.contains { tag in
            guard hasPrefixIgnoringCase(start, tag) else { return false }
            guard let next = start.dropFirst(tag.count).first else { return true }
            // "<!--" needs nothing after it; a tag name must end there ("<p>", not "<pre-1990").
            return tag.last == UInt8(ascii: "-") || next == UInt8(ascii: ">") || next == UInt8(ascii: "/")
                || isTextWhitespace(next)
        }
    }

    private static func hasPrefixIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercasePrefix: [UInt8]) -> Bool {
        guard bytes.count >= lowercasePrefix.count else { return false }
        return zip(bytes, lowercasePrefix).allSatisfy { byte, expected in
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            return lowered == expected
        }
    }

    private static func isTextWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    // MARK: - PDF

    private static let pdfHeader = Array("%PDF-".utf8)

    private static func isPDF(_ bytes: [UInt8]) -> Bool {
        guard bytes.starts(with: pdfHeader) else { return false }
        let tail = bytes.suffix(1024)
        let marker = Array("%%EOF".utf8)
        guard tail.count >= marker.count else { return false }
        var index = tail.startIndex
        while index <= tail.endIndex - marker.count {
            if tail[index..<(index + marker.count)].elementsEqual(marker) { return true }
            index += 1
        }
        return false
    }

    // MARK: - PNG

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    private static func isPNG(_ bytes: [UInt8]) -> Bool {
        // signature (8), IHDR length (4), type (4), data (13), CRC (4)
        guard bytes.count >= 33, bytes.starts(with: pngSignature) else { return false }
        guard readUInt32(bytes, at: 8) == 13, bytes[12..<16].elementsEqual(Array("IHDR".utf8)) else { return false }
        let width = readUInt32(bytes, at: 16), height = readUInt32(bytes, at: 20)
        guard (1...0x7FFF_FFFF).contains(width), (1...0x7FFF_FFFF).contains(height) else { return false }
        let bitDepth = bytes[24], colourType = bytes[25]
        let allowedDepths: [UInt8]
        switch colourType {
        case 0: allowedDepths = [1, 2, 4, 8, 16]  // greyscale
        case 3: allowedDepths = [1, 2, 4, 8]      // palette
        case 2, 4, 6: allowedDepths = [8, 16]     // RGB, greyscale with alpha, RGBA
        default: return false
        }
        guard allowedDepths.contains(bitDepth),
              bytes[26] == 0, bytes[27] == 0, bytes[28] <= 1  // compression, filter, interlace
        else { return false }
        return crc32(bytes[12..<29]) == readUInt32(bytes, at: 29)
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The CRC-32 of ISO 3309 used by PNG chunks.
    private static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1)))
            }
        }
        return ~crc
    }

    // MARK: - JPEG

    /// How many zero, CR or LF bytes may follow the end-of-image marker.
    private static let maximumJPEGPadding = 16

    private static func isJPEG(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF else { return false }
        var end = bytes.count
        while bytes.count - end < maximumJPEGPadding, end > 0,
              bytes[end - 1] == 0x00 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D {
            end -= 1
        }
        guard end >= 6, bytes[end - 2] == 0xFF, bytes[end - 1] == 0xD9 else { return false }
        let imageEnd = end - 2  // where the end-of-image marker starts

        // Walk the marker segments from after SOI to the first scan.
        var index = 2
        var sawFrameHeader = false
        while index < imageEnd {
            guard bytes[index] == 0xFF else { return false }
            while index < imageEnd && bytes[index] == 0xFF { index += 1 }  // fill bytes
            guard index < imageEnd else { return false }
            let marker = bytes[index]
            index += 1
            switch marker {
            case 0x01, 0xD0...0xD7:
                continue  // markers without a segment
            case 0x00, 0xD8, 0xD9:
                return false
            default:
                guard index + 2 <= imageEnd else { return false }
                let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
                guard length >= 2, index + length <= imageEnd else { return false }
                if marker == 0xDA { return sawFrameHeader }  // start of scan
                if (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
                    sawFrameHeader = true
                }
                index += length
            }
        }
        return false
    }

    // MARK: - Text and CSV

    /// Valid UTF-8 without NUL or C0 controls other than tab, LF, CR and form feed.
    private static func isAcceptableText(_ body: ArraySlice<UInt8>) -> Bool {
        var iterator = body.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value < 0x20 {
                    switch scalar.value {
                    case 0x09, 0x0A, 0x0C, 0x0D: break
                    default: return false
                    }
                }
            case .emptyInput:
                return true
            case .error:
                return false
            }
        }
    }

    private static let maximumCSVLinesChecked = 20

    private static func isCSV(_ body: ArraySlice<UInt8>) -> Bool {
        [UInt8(ascii: ","), UInt8(ascii: ";")].contains { delimiter in
            guard let counts = delimiterCounts(body, delimiter: delimiter), counts.count >= 2,
                  let first = counts.first, first >= 1
            else { return false }
            return counts.allSatisfy { $0 == first }
        }
    }

    /// The number of `delimiter`s outside double quotes on each of the first lines
    /// (records), or nil when a line is blank or a quote is left open.
    private static func delimiterCounts(_ body: ArraySlice<UInt8>, delimiter: UInt8) -> [Int]? {
        let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var records: [Int?] = []  // nil: a blank line
        var count = 0, recordIsEmpty = true, inQuotes = false, atFieldStart = true
        var index = body.startIndex
        while index < body.endIndex && records.count < maximumCSVLinesChecked {
            let byte = body[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < body.endIndex && body[index + 1] == quote {
                        index += 1  // an escaped quote
                    } else {
                        inQuotes = false
                    }
                }
            } else if byte == lineFeed || byte == carriageReturn {
                if byte == carriageReturn && index + 1 < body.endIndex && body[index + 1] == lineFeed {
                    index += 1
                }
                records.append(recordIsEmpty ? nil : count)
                count = 0
                recordIsEmpty = true
                atFieldStart = true
                index += 1
                continue
            } else if byte == quote && atFieldStart {
                inQuotes = true
                atFieldStart = false
            } else if byte == delimiter {
                count += 1
                atFieldStart = true
            } else {
                atFieldStart = false
            }
            recordIsEmpty = false
            index += 1
        }
        if records.count < maximumCSVLinesChecked {
            guard !inQuotes else { return nil }
            if !recordIsEmpty { records.append(count) }
        }
        while records.last == .some(nil) { records.removeLast() }
        var counts: [Int] = []
        for record in records {
            guard let record else { return nil }
            counts.append(record)
        }
        return counts
    }
}
