/// A parsed Content-Type (RFC 9110 §8.3.1): type/subtype lowercased, parameters with lowercased names,
/// quoted-string values unquoted (backslash escapes removed), token values as sent.
///
/// Strict: no whitespace around `/` or `=`, no empty parameter values outside quotes, no repeated
/// parameter names (a second `boundary` or `charset` would be ambiguous).
public struct MediaType: Sendable, Equatable {
    public let type: String
    public let subtype: String
    public let parameters: [String: String]

    /// Parses a Content-Type field value; nil when malformed.
    public init?(_ headerValue: String) {
        var scanner = HeaderValueScanner(headerValue)
        scanner.skipWhitespace()
        guard let type = scanner.token(lowercased: true), scanner.consume(0x2F),
              let subtype = scanner.token(lowercased: true),
              let list = scanner.parameters(.strict) else { return nil }
        var parameters: [String: String] = [:]
        for (name, value) in list {
            guard parameters.updateValue(value, forKey: name) == nil else { return nil }
        }
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// `type/subtype`, lowercased, without parameters.
    public var essence: String { "\(type)/\(subtype)" }

    /// Whether this is the media type `essence` (case-insensitive, parameters ignored);
    /// `essence` may be `type/*` or `*/*`.
    public func matches(_ essence: String) -> Bool {
        let wanted = essence.lowercased()
        guard let slash = wanted.firstIndex(of: "/") else { return false }
        let wantedType = wanted[..<slash], wantedSubtype = wanted[wanted.index(after: slash)...]
        return (wantedType == "*" || wantedType == type) && (wantedSubtype == "*" || wantedSubtype == subtype)
    }
}

extension Request {
    /// The parsed Content-Type header; nil when it is missing, malformed or sent more than once.
    public var contentType: MediaType? {
        let values = headers.values("Content-Type")
        guard values.count == 1 else { return nil }
        return MediaType(values[0])
    }
}
