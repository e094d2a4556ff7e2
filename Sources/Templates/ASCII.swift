/// The ASCII bytes the template parser and HTML escaper look for.
enum ASCII {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let dot = UInt8(ascii: ".")

    /// Spaces and tabs: what may surround a standalone tag on its line.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// Blanks and line breaks: what may pad a name inside a tag.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        isBlank(byte) || byte == newline || byte == carriageReturn
    }
}
