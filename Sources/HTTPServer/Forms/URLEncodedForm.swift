/// `application/x-www-form-urlencoded` bodies (WHATWG URL Standard §5.1), strictly: the body is split
/// on `&` (empty pieces skipped), each piece on its first `=` (no `=` means an empty value), `+` is a
/// space and `%XX` is a byte. Unlike the WHATWG parser, which keeps a malformed `%` literally and
/// replaces invalid UTF-8 with U+FFFD, both are refused with 400 here: a browser never sends them.
///
/// Limits (413, see `FormError`): more than `maxFields` fields, a decoded name longer than
/// `maxNameBytes` or a decoded value longer than `maxFieldBytes`. Too many fields is 413 rather
/// than 400 because the body is well-formed, only larger than this server accepts.
public enum URLEncodedForm {
    /// Parses a complete body into its fields, in order.
    public static func parse(_ body: [UInt8], limits: FormLimits = FormLimits()) throws(FormError) -> [FormField] {
        try body.withUnsafeBufferPointer { (bytes) throws(FormError) -> [FormField] in
            var fields: [FormField] = []
            var start = 0
            while start < bytes.count {
                var end = start, equals = -1
                while end < bytes.count, bytes[end] != 0x26 {
                    if equals < 0, bytes[end] == 0x3D { equals = end }
                    end += 1
                }
                if end > start {
                    guard fields.count < limits.maxFields else {
                        throw .tooLarge("The form has more than \(limits.maxFields) fields.")
                    }
                    let nameEnd = equals < 0 ? end : equals
                    let name = try decode(bytes, start, nameEnd, field: nil)
                    guard name.utf8.count <= limits.maxNameBytes else {
                        throw .tooLarge("A field name is longer than \(FormLimits.describe(bytes: limits.maxNameBytes)).")
                    }
                    let value = equals < 0 ? "" : try decode(bytes, equals + 1, end, field: name)
                    guard value.utf8.count <= limits.maxFieldBytes else {
                        throw .tooLarge("The field \"\(name)\" is longer than \(FormLimits.describe(bytes: limits.maxFieldBytes)).",
                                        field: name)
                    }
                    fields.append(FormField(name: name, value: value))
                }
                start = end + 1
            }
            return fields
        }
    }

    /// Parses the body of `request`, which must be `application/x-www-form-urlencoded`
    /// (with no charset, or charset UTF-8); otherwise 415.
    public static func parse(_ request: Request, limits: FormLimits = FormLimits()) throws(FormError) -> [FormField] {
        guard let type = request.contentType, type.matches("application/x-www-form-urlencoded") else {
            throw .unsupported("Expected application/x-www-form-urlencoded.")
        }
        if let charset = type.parameters["charset"], charset.lowercased() != "utf-8" {
            throw .unsupported("Only UTF-8 forms are accepted.")
        }
        return try parse(request.body, limits: limits)
    }

    /// `bytes[start..<end]` with `+` as space and `%XX` decoded, as UTF-8.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                               field: String?) throws(FormError) -> String {
        let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard piece.contains(where: { $0 == 0x25 || $0 == 0x2B }) else {
            guard let text = String(validating: piece, as: UTF8.self) else {
                throw .malformed("The form is not valid UTF-8.", field: field)
            }
            return text
        }
        var malformed = false
        let decoded = [UInt8](unsafeUninitializedCapacity: piece.count) { out, count in
            var i = 0, o = 0
            while i < piece.count {
                let b = piece[i]
                if b == 0x25 {
                    guard i + 2 < piece.count, let hi = ASCII.hexValue(piece[i + 1]), let lo = ASCII.hexValue(piece[i + 2]) else {
                        malformed = true
                        break
                    }
                    out[o] = UInt8(hi << 4 | lo)
                    i += 3
                } else {
                    out[o] = b == 0x2B ? ASCII.space : b
                    i += 1
                }
                o += 1
            }
            count = o
        }
        guard !malformed else { throw .malformed("The form has a malformed percent-encoding.", field: field) }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw .malformed("The form is not valid UTF-8.", field: field)
        }
        return text
    }
}
