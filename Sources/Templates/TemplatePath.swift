/// The name in a variable or section tag: `.` (the current item) or a dotted name.
struct TemplatePath: Sendable, Equatable {
    /// The dot-separated parts of the name; empty for the implicit iterator `.`.
    let components: [String]

    /// Parses a trimmed tag name: `.`, or non-empty parts separated by single dots.
    ///
    /// Returns `nil` for an invalid name (empty, `a..b`, `.a`, `a.`, or holding whitespace).
    init?(_ name: String) {
        if name == "." {
            components = []
            return
        }
        let parts = name.utf8.split(separator: ASCII.dot, omittingEmptySubsequences: false)
        guard !parts.isEmpty,
              parts.allSatisfy({ !$0.isEmpty && !$0.contains(where: ASCII.isWhitespace) })
        else { return nil }
        components = parts.map { String(decoding: $0, as: UTF8.self) }
    }
}
