/// An email address as a person types it into the complaint form or sends it through
/// the API.
///
/// The text is trimmed of surrounding whitespace, then must have:
/// - exactly one "@";
/// - a local part of 1–64 bytes made of atext (letters, digits and
///   ``!#$%&'*+-/=?^_`{|}~``) and dots, with no leading, trailing or double dot.
///   Quoted local parts and non-ASCII (unicode) characters are rejected;
/// - a domain of 1–253 bytes, of at least two dot-separated labels, each 1–63 ASCII
///   letters, digits or hyphens, not starting or ending with a hyphen, and a last label
///   (the top-level domain) that is not all digits. Internationalised domains are
///   accepted in their punycode ("xn--") form;
/// - 254 bytes at most in total.
///
/// Equality compares `value` exactly; compare `normalized` to treat addresses that
/// differ only in the case of the domain as the same.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as typed, without surrounding whitespace.
    public let value: String

    /// Validates `text`; nil when it is not an email address in the accepted format.
    public init?(_ text: String) {
        let trimmed = TextNormalization.trimmed(text)
        let bytes = Array(trimmed.utf8)
        guard !bytes.isEmpty, bytes.count <= 254 else { return nil }

        var atIndex: Int?
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "@") {
            guard atIndex == nil else { return nil }  // more than one "@"
            atIndex = index
        }
        guard let at = atIndex else { return nil }

        guard EmailAddress.isValidLocalPart(bytes[..<at]),
              EmailAddress.isValidDomain(bytes[(at + 1)...]) else { return nil }
        value = trimmed
    }

    /// The address with its domain lowercased (the local part is kept as typed, since
    /// its case may matter to the receiving server).
    public var normalized: String {
        guard let at = value.utf8.firstIndex(of: UInt8(ascii: "@")) else { return value }
        let local = value.utf8[..<at]
        let domain = value.utf8[at...].map { byte -> UInt8 in
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
        }
        return String(decoding: Array(local) + domain, as: UTF8.self)
    }

    public var description: String { value }

    // MARK: - Rules

    private static func isValidLocalPart(_ local: ArraySlice<UInt8>) -> Bool {
        guard (1...64).contains(local.count),
              local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return false }
        var previous: UInt8 = 0
        for byte in local {
            if byte == UInt8(ascii: ".") {
                if previous == UInt8(ascii: ".") { return false }
            } else if !isAtext(byte) {
                return false
            }
            previous = byte
        }
        return true
    }

    private static func isValidDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        guard (1...253).contains(domain.count) else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count),
                  label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                  label.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        let topLevel = labels[labels.count - 1]
        return !topLevel.allSatisfy(isDigit)
    }

    /// RFC 5322 atext: ASCII letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    private static func isAtext(_ byte: UInt8) -> Bool {
        if isLetterOrDigit(byte) { return true }
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"),
             UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        isDigit(byte)
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

}
