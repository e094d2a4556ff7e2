/// Normalisation used for duplicate detection and for storing text safely.
public enum TextNormalization {
    /// Cleans a free text field before it is stored:
    /// - line breaks ("\r\n", a lone "\r", and the Unicode line and paragraph
    ///   separators) become "\n", and are kept: a run of whitespace holding one line
    ///   break becomes "\n", one holding two or more becomes "\n\n" (one blank line
    ///   between paragraphs), so spaces at the ends of lines go;
    /// - every other run of whitespace — spaces, tabs, no-break and other Unicode
    ///   spaces, vertical tabs and form feeds — becomes one space;
    /// - control characters are removed, and so are the invisible formatting
    ///   characters that can disguise text: bidirectional embeddings, overrides and
    ///   isolates, zero-width spaces, word joiners, invisible operators, byte order
    ///   marks and interlinear annotations (zero-width joiners and non-joiners, which
    ///   some scripts and emoji need, are kept);
    /// - whitespace at the start and end is removed.
    /// `text` without leading and trailing Unicode whitespace, otherwise as typed.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    public static func cleanText(_ text: String) -> String {
        if isAlreadyClean(text) { return text }
        var output = String.UnicodeScalarView()
        var pendingSpace = false
        var pendingLineBreaks = 0
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            if previousWasCarriageReturn && scalar == "\n" {
                previousWasCarriageReturn = false
                continue  // the "\n" of a "\r\n" already counted
            }
            previousWasCarriageReturn = scalar == "\r"
            if isLineBreak(scalar) {
                pendingLineBreaks += 1
            } else if isWhitespace(scalar) {
                pendingSpace = true
            } else if !isRemoved(scalar) {
                if !output.isEmpty {
                    if pendingLineBreaks > 0 {
                        output.append(contentsOf: pendingLineBreaks > 1 ? "\n\n".unicodeScalars : "\n".unicodeScalars)
                    } else if pendingSpace {
                        output.append(" ")
                    }
                }
                pendingSpace = false
                pendingLineBreaks = 0
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// A key for finding duplicates: `cleanText`, then lowercased, then without any
    /// whitespace or punctuation (the Unicode punctuation categories: hyphens, dashes,
    /// brackets, quotation marks, apostrophes, "!", "?", ".", ",", "&", "@", "#", "/",
    /// ...). "Le Livre!" and " le  livre" give the same key, "lelivre". Symbols such as
    /// "+", "$" and "€" are kept, so "C++" and "C" differ. Accents are kept too ("café"
    /// and "cafe" differ).
    public static func comparisonKey(_ text: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in cleanText(text).lowercased().unicodeScalars
        where !isWhitespace(scalar) && !isPunctuation(scalar) {
            key.append(scalar)
        }
        return String(key)
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Control characters that are not whitespace, and invisible formatting characters
    /// that can make stored text read differently from what it holds.
    /// Printable ASCII with single spaces between words and none at the ends: the usual case,
    /// returned as it is without rebuilding the string.
    private static func isAlreadyClean(_ text: String) -> Bool {
        var previousWasSpace = true
        for byte in text.utf8 {
            if byte == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else if byte > 0x20 && byte < 0x7F {
                previousWasSpace = false
            } else {
                return false
            }
        }
        return !previousWasSpace || text.isEmpty
    }

    // ASCII, nearly all of what people type here, is answered without the Unicode property
    // tables, which cost a lookup per character.

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    private static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        if scalar.properties.generalCategory == .control { return true }
        switch scalar.value {
        case 0x200B,            // zero width space
             0x202A...0x202E,   // bidirectional embeddings and overrides
             0x2060...0x2064,   // word joiner, invisible operators
             0x2066...0x2069,   // bidirectional isolates
             0xFEFF,            // byte order mark, zero width no-break space
             0xFFF9...0xFFFB:   // interlinear annotations
            return true
        default:
            return false
        }
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            // The ASCII characters in Unicode's punctuation categories; $ + < = > ^ ` | ~ are symbols.
            switch scalar {
            case "!", "\"", "#", "%", "&", "'", "(", ")", "*", ",", "-", ".", "/", ":", ";", "?", "@", "[", "\\", "]", "_", "{", "}":
                return true
            default:
                return false
            }
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
