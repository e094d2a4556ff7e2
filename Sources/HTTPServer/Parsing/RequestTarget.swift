/// The three request-target forms a server sees (RFC 9112 §3.2).
enum RequestTarget {
    /// Splits a target into path and query. Absolute-form targets lose scheme and authority.
    /// Returns nil for a target that is none of origin-form, absolute-form or "*".
    static func parse(_ target: UnsafeBufferPointer<UInt8>, method: String) -> (path: String, query: String?)? {
        guard let first = target.first else { return nil }
        if target.count == 1 && first == 0x2A {  // "*"
            return method == "OPTIONS" ? ("*", nil) : nil
        }
        if target.contains(0x23) { return nil }  // a fragment is never sent
        if first == 0x2F { return splitQuery(Array(target)) }
        // absolute-form: http://authority/path?query
        let lower = target.prefix(8).map(ASCII.lowercase)
        let schemeLength: Int
        if lower.starts(with: Array("http://".utf8)) { schemeLength = 7 }
        else if lower.starts(with: Array("https://".utf8)) { schemeLength = 8 }
        else { return nil }
        var i = schemeLength
        while i < target.count && target[i] != 0x2F && target[i] != 0x3F { i += 1 }
        if i == schemeLength { return nil }  // empty authority
        let rest = Array(target[i...])
        if rest.isEmpty { return ("/", nil) }
        if rest[0] == 0x3F { return splitQuery([0x2F] + rest) }
        return splitQuery(rest)
    }

    static func splitQuery(_ bytes: [UInt8]) -> (path: String, query: String?) {
        if let q = bytes.firstIndex(of: 0x3F) {
            return (String(decoding: bytes[..<q], as: UTF8.self), String(decoding: bytes[(q + 1)...], as: UTF8.self))
        }
        return (String(decoding: bytes, as: UTF8.self), nil)
    }

    /// The origin-form path of a request line that may be invalid: the bytes between the first
    /// and second space, up to "?". Only used to choose the format of an error answer.
    static func roughPath(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let line = bytes.prefix(while: { $0 != ASCII.cr && $0 != ASCII.lf }).prefix(8192)
        guard let space = line.firstIndex(of: ASCII.space) else { return nil }
        let target = line[(space + 1)...].prefix(while: { $0 != ASCII.space && $0 != 0x3F })
        guard target.first == 0x2F else { return nil }
        return String(decoding: target, as: UTF8.self)
    }
}
