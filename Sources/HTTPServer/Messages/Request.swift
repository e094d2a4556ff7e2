/// A complete, validated HTTP request as a handler sees it.
public struct Request: Sendable {
    /// The method token, e.g. "GET".
    public let method: String
    /// The request target exactly as received (origin-form, absolute-form or "*").
    public let target: String
    /// The path part of the target, still percent-encoded, e.g. "/api/v1/cases/7".
    public let path: String
    /// The query string without "?", if any.
    public let query: String?
    public let version: HTTPVersion
    public let headers: HTTPFields
    /// The decoded body (chunked framing removed).
    public let body: [UInt8]
    /// Values of the route's `:name` segments, percent-decoded.
    public internal(set) var parameters: [String: String] = [:]
    /// The IP address of the TCP peer.
    public let remoteAddress: String

    public init(method: String, target: String, path: String, query: String?, version: HTTPVersion = .http1_1,
                headers: HTTPFields = HTTPFields([]), body: [UInt8] = [], remoteAddress: String = "127.0.0.1") {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// Builds a request from an origin-form target (tests and in-process callers).
    public init(method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        let (path, query) = RequestTarget.splitQuery(Array(target.utf8))
        self.init(method: method, target: target, path: path, query: query, headers: HTTPFields(headers), body: body)
    }

    /// The query parameters, percent-decoded (`+` as space), in order.
    public var queryItems: [(name: String, value: String)] {
        guard let query else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(Array(parts[0].utf8), plusAsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decode(Array(parts[1].utf8), plusAsSpace: true) ?? String(parts[1])) : ""
            return (name, value)
        }
    }

    /// Whether the request asked for the body to be left out (HEAD).
    public var isHead: Bool { method == "HEAD" }
}
