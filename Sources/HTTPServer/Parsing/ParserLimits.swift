/// Size limits applied while framing a request.
public struct ParserLimits: Sendable, Equatable {
    /// Longest request line (method, target, version); longer gets 414.
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header section after the request line; larger gets 431.
    public var maxHeaderBytes = 32 * 1024
    /// Most header fields; more gets 431.
    public var maxHeaderFields = 100
    /// Longest chunk-size line including extensions; longer gets 400.
    public var maxChunkLineBytes = 1024
    /// Largest trailer section of a chunked body; larger gets 400.
    public var maxTrailerBytes = 8 * 1024

    public init() {}
}
