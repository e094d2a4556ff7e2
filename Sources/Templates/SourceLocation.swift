/// A 1-based line and column in a template's source, for error messages.
struct SourceLocation: Equatable {
    /// The 1-based line number.
    let line: Int
    /// The 1-based column, counted in Unicode scalars.
    let column: Int

    /// The location of the UTF-8 byte at `offset` in `source`.
    ///
    /// Scans from the start: only used when reporting an error.
    init(of offset: Int, in source: [UInt8]) {
        var line = 1
        var column = 1
        for byte in source[..<min(offset, source.count)] {
            if byte == ASCII.newline {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // not a UTF-8 continuation byte
                column += 1
            }
        }
        self.line = line
        self.column = column
    }
}
