/// An error that knows the HTTP status it stands for. Handlers throw these for client errors;
/// any other error becomes a 500 whose details stay in the log.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    /// A sentence safe to show the client.
    var detail: String? { get }
    /// Extra headers, e.g. Retry-After or Allow.
    var headers: [HTTPHeader] { get }
    /// A complete response of the layer's own making (e.g. a form shown again), or nil for the
    /// server's standard error page or problem document.
    func response(for request: Request) -> Response?
}

extension HTTPResponseError {
    public var detail: String? { nil }
    public var headers: [HTTPHeader] { [] }
    public func response(for request: Request) -> Response? { nil }
}

/// A plain HTTP error with a status and an optional detail.
public struct HTTPError: HTTPResponseError, Equatable {
    public let status: HTTPStatus
    public let detail: String?
    public let headers: [HTTPHeader]

    public init(_ status: HTTPStatus, detail: String? = nil, headers: [HTTPHeader] = []) {
        self.status = status
        self.detail = detail
        self.headers = headers
    }
}
