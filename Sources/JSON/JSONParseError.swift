/// Why and where a JSON body was rejected.
///
/// The description is meant to be returned to API clients as is, for example
/// `line 3, column 14: expected ',' or '}' after an object member, found ']'`.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset (0-based) into the input where the problem is. For `String`
    /// input this is an offset into its UTF-8 encoding.
    public let offset: Int
    /// Line number (1-based); lines end at `\n`, so `\r\n` counts once.
    public let line: Int
    /// Column (1-based), counted in Unicode scalars from the start of the line,
    /// so a multibyte character counts as one column.
    public let column: Int
    /// What is wrong, in plain words, without the position.
    public let reason: String

    /// Creates an error; the parser fills in all fields (public for tests and
    /// for code that re-reports errors).
    public init(offset: Int, line: Int, column: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `"line L, column C: reason"`.
    public var description: String {
        "line \(line), column \(column): \(reason)"
    }
}
