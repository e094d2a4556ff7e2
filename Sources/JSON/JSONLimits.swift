/// Bounds the parser enforces on untrusted input, so that a hostile or broken
/// client cannot make the server recurse deeply, allocate without bound, or
/// spend quadratic time. Exceeding any of them is a `JSONParseError`.
public struct JSONLimits: Sendable {
    /// Deepest nesting of arrays and objects; `[]` is depth 1, `[[]]` depth 2.
    /// The parser recurses once per level, so this also bounds stack use.
    public var maxDepth = 64
    /// Longest string (keys included), counted in UTF-8 bytes after escapes
    /// are decoded.
    public var maxStringBytes = 1 << 20
    /// Most elements in one array, or members in one object.
    public var maxMembers = 10_000
    /// Longest number literal, in characters. Long literals are never needed
    /// by the portal and would only cost time when converted.
    public var maxNumberLength = 64

    /// The defaults above, suitable for complaint bodies up to about 1 MiB.
    public init() {}
}
