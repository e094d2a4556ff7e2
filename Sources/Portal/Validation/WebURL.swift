/// An absolute http or https web address, as given for evidence and for the locations of
/// a work.
///
/// Surrounding whitespace is trimmed; then the address must:
/// - start with "http://" or "https://" (the scheme in any case);
/// - have a host: a domain name (dot-separated labels of letters, digits, hyphens and
///   underscores, not starting or ending with a hyphen, whose last label is not all
///   digits; non-ASCII letters of internationalised domain names are accepted), a
///   dotted-decimal IPv4 address, or an IPv6 address in square brackets;
/// - have, if any, a port from 1 to 65535;
/// - have no user name or password ("user:pass@");
/// - contain no whitespace, no control or invisible formatting characters (nor
///   private-use or unassigned code points), and none of ``< > " ` \ ^ { | }``;
/// - be 2048 bytes or fewer.
///
/// The path, query and fragment are otherwise kept as given.
public struct WebURL: Sendable, Hashable, CustomStringConvertible {
    /// The address as given, without surrounding whitespace.
    public let value: String
    /// The host, lowercased; an IPv6 address keeps its square brackets ("[::1]").
    public let host: String

    public var description: String { value }

    /// The longest accepted address, in bytes of UTF-8.
    static let maximumLength = 2048

    private init(value: String, host: String) {
        self.value = value
        self.host = host
    }

    /// Validates `text`, giving the reason, worded for the person who typed it, when it
    /// is not an accepted web address.
    public static func parse(_ text: String) -> Result<WebURL, WebURLError> {
        let value = TextNormalization.trimmed(text)
        guard !value.isEmpty else { return .failure(.empty) }
        guard value.utf8.count <= maximumLength else { return .failure(.tooLong) }
        let scalars = Array(value.unicodeScalars)[...]

        guard let colon = scalars.firstIndex(of: ":") else { return .failure(.scheme) }
        let scheme = String(String.UnicodeScalarView(scalars[..<colon])).lowercased()
        guard scheme == "http" || scheme == "https" else { return .failure(.scheme) }
        let rest = scalars[(colon + 1)...]
        guard rest.starts(with: ["/", "/"] as [Unicode.Scalar]) else { return .failure(.scheme) }

        for scalar in scalars {
            if let failure = scalar.isASCII ? checkASCII(scalar) : check(scalar) { return .failure(failure) }
        }

        // From here on the text has no whitespace, control or invisible characters.

        let authorityStart = rest.startIndex + 2
        let authorityEnd = rest[authorityStart...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" })
            ?? rest.endIndex
        let authority = rest[authorityStart..<authorityEnd]
        guard !authority.isEmpty else { return .failure(.missingHost) }
        guard !authority.contains("@") else { return .failure(.userInfo) }

        let hostPart: ArraySlice<Unicode.Scalar>
        let portPart: ArraySlice<Unicode.Scalar>?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return .failure(.host) }
            hostPart = authority[...close]
            let afterHost = authority[(close + 1)...]
            if afterHost.isEmpty {
                portPart = nil
            } else if afterHost.first == ":" {
                portPart = afterHost.dropFirst()
            } else {
                return .failure(.host)
            }
            guard isIPv6Literal(hostPart.dropFirst().dropLast()) else { return .failure(.host) }
        } else {
            if let portColon = authority.firstIndex(of: ":") {
                hostPart = authority[..<portColon]
                portPart = authority[(portColon + 1)...]
            } else {
                hostPart = authority
                portPart = nil
            }
            guard !hostPart.isEmpty else { return .failure(.missingHost) }
            guard isRegisteredNameOrIPv4(hostPart) else { return .failure(.host) }
        }
        if let portPart, !isValidPort(portPart) { return .failure(.port) }

        let host = String(String.UnicodeScalarView(hostPart)).lowercased()
        return .success(WebURL(value: value, host: host))
    }

    // MARK: - Characters

    /// RFC 3986 never allows these unencoded; some (the backslash especially) are read
    /// differently by different browsers.
    private static let forbiddenCharacters: Set<Unicode.Scalar> = ["<", ">", "\"", "`", "\\", "^", "{", "|", "}"]

    /// Why `scalar` may not appear in an address, if it may not: whitespace, then invisible,
    /// then forbidden.
    static func check(_ scalar: Unicode.Scalar) -> WebURLError? {
        if scalar.properties.isWhitespace { return .whitespace }
        if isInvisible(scalar) { return .invisibleCharacter }
        if forbiddenCharacters.contains(scalar) { return .forbiddenCharacter }
        return nil
    }

    /// `check` for ASCII, without Unicode property tables (nearly every address is ASCII): the
    /// same answers, since ASCII whitespace is tab to carriage return and space, and ASCII's
    /// only invisible characters are its controls.
    static func checkASCII(_ scalar: Unicode.Scalar) -> WebURLError? {
        switch scalar.value {
        case 0x09...0x0D, 0x20: return .whitespace
        case 0x00...0x1F, 0x7F: return .invisibleCharacter
        case 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: return .forbiddenCharacter  // " < > \ ^ ` { | }
        default: return nil
        }
    }

    /// Control characters, and formatting characters that are invisible on screen (such
    /// as zero-width spaces and right-to-left overrides) and can disguise an address.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return true
        default:
            return false
        }
    }

    // MARK: - Host and port

    private static func isValidPort(_ port: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !port.isEmpty, port.allSatisfy(isDigit) else { return false }
        var number = 0
        for scalar in port {
            number = number * 10 + Int(scalar.value - 0x30)
            if number > 65535 { return false }
        }
        return number >= 1
    }

    /// A domain name, or a dotted-decimal IPv4 address when its last label is numeric.
    private static func isRegisteredNameOrIPv4(_ host: ArraySlice<Unicode.Scalar>) -> Bool {
        guard String(String.UnicodeScalarView(host)).utf8.count <= 253 else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        if let last = labels.last, !last.isEmpty, last.allSatisfy(isDigit) {
            return isIPv4(labels)
        }
        for label in labels {
            guard (1...63).contains(String(String.UnicodeScalarView(label)).utf8.count),
                  label.first != "-", label.last != "-",
                  label.allSatisfy(isHostLabelCharacter)
            else { return false }
        }
        return true
    }

    private static func isHostLabelCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return isDigit(scalar) || isASCIILetter(scalar) || scalar == "-" || scalar == "_"
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// Exactly four decimal numbers 0–255, without leading zeros (which some software
    /// reads as octal).
    private static func isIPv4(_ parts: [ArraySlice<Unicode.Scalar>]) -> Bool {
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
            if part.count > 1 && part.first == "0" { return false }
            let number = part.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
            return number <= 255
        }
    }

    /// RFC 4291 text form: eight groups of one to four hex digits, one "::" standing for
    /// one or more zero groups, and optionally a dotted IPv4 address as the last two
    /// groups. Zone identifiers are not accepted.
    private static func isIPv6Literal(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !text.isEmpty else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: false)
        var compressed = false
        // "::" at the start or end splits into two empty groups.
        if groups.count >= 2, groups[0].isEmpty, groups[1].isEmpty {
            groups.removeFirst()
        } else if groups.first?.isEmpty == true {
            return false  // a single leading colon
        }
        if groups.count >= 2, groups[groups.count - 1].isEmpty, groups[groups.count - 2].isEmpty {
            groups.removeLast()
        } else if groups.last?.isEmpty == true {
            return false  // a single trailing colon
        }

        var count = 0
        for (index, group) in groups.enumerated() {
            if group.isEmpty {
                guard !compressed else { return false }  // "::" twice
                compressed = true
            } else if index == groups.count - 1, group.contains(".") {
                guard isIPv4(group.split(separator: ".", omittingEmptySubsequences: false)) else { return false }
                count += 2
            } else {
                guard (1...4).contains(group.count), group.allSatisfy(isHexDigit) else { return false }
                count += 1
            }
        }
        return compressed ? count <= 7 : count == 8
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    private static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || (scalar >= "a" && scalar <= "f") || (scalar >= "A" && scalar <= "F")
    }
}
