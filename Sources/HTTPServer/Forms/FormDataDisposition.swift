/// The Content-Disposition of a multipart/form-data part (RFC 7578 §4.2): `form-data` with a `name`
/// and, for a file, a `filename` and/or a `filename*` (RFC 8187 ext-value, UTF-8 or ISO-8859-1).
struct FormDataDisposition {
    let name: String
    let filename: String?

    /// Parses the field value; 400 when it is not `form-data` with a name, repeats a parameter,
    /// or has a malformed or control-character-bearing filename.
    init(_ value: String) throws(FormError) {
        var scanner = HeaderValueScanner(value)
        guard scanner.token(lowercased: true) == "form-data" else {
            throw .malformed("A part's Content-Disposition is not form-data.")
        }
        guard let list = scanner.parameters(.tspecialsOnly) else {
            throw .malformed("A part has a malformed Content-Disposition.")
        }
        var parameters: [String: String] = [:]
        for (name, value) in list {
            guard parameters.updateValue(value, forKey: name) == nil else {
                throw .malformed("A part's Content-Disposition repeats the parameter \(name).")
            }
        }
        guard let name = parameters["name"] else {
            throw .malformed("A part's Content-Disposition has no name.")
        }
        self.name = name
        if let extended = parameters["filename*"] {
            guard let decoded = Self.decodeExtValue(extended) else {
                throw .malformed("The filename* of a part is malformed.", field: name)
            }
            filename = try Self.lastSegment(decoded, field: name)
        } else if let plain = parameters["filename"] {
            filename = try Self.lastSegment(plain, field: name)
        } else {
            filename = nil
        }
    }

    /// The part after the last `/` or `\`; "" for `.` and `..`; 400 for control characters.
    private static func lastSegment(_ filename: String, field: String) throws(FormError) -> String {
        guard !filename.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .malformed("The filename of a part contains control characters.", field: field)
        }
        let segment = filename.split(separator: "/", omittingEmptySubsequences: false).last!
            .split(separator: "\\", omittingEmptySubsequences: false).last!
        return segment == "." || segment == ".." ? "" : String(segment)
    }

    /// RFC 8187 §3.2: `charset "'" [ language ] "'" value-chars`, value-chars being attr-chars and
    /// `%XX`; UTF-8 or ISO-8859-1 (case-insensitive). nil when malformed or not in that charset.
    static func decodeExtValue(_ value: String) -> String? {
        let parts = value.utf8.split(separator: 0x27, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let charset = String(decoding: parts[0].map(ASCII.lowercase), as: UTF8.self)
        guard charset == "utf-8" || charset == "iso-8859-1",
              parts[1].allSatisfy({ ASCII.isTokenChar($0) && $0 != 0x27 }) else { return nil }
        var bytes: [UInt8] = []
        let chars = Array(parts[2])
        bytes.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            let b = chars[i]
            if b == 0x25 {
                guard i + 2 < chars.count, let hi = ASCII.hexValue(chars[i + 1]), let lo = ASCII.hexValue(chars[i + 2]) else {
                    return nil
                }
                bytes.append(UInt8(hi << 4 | lo))
                i += 3
            } else {
                guard isAttrChar(b) else { return nil }
                bytes.append(b)
                i += 1
            }
        }
        if charset == "utf-8" { return String(validating: bytes, as: UTF8.self) }
        var latin1 = ""
        latin1.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
        return latin1
    }

    /// attr-char (RFC 8187 §3.2.1): ALPHA / DIGIT / ! # $ & + - . ^ _ ` | ~
    private static func isAttrChar(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x21, 0x23, 0x24, 0x26, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: return true
        default: return false
        }
    }
}
