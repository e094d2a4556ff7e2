/// What a handler returns. The server adds Date, Content-Length and Connection.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(status: HTTPStatus = .ok, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a UTF-8 body of the given media type.
    public init(status: HTTPStatus = .ok, contentType: String, body: String, headers: [HTTPHeader] = []) {
        self.init(status: status, headers: [HTTPHeader("Content-Type", contentType)] + headers, body: Array(body.utf8))
    }

    public static func json(_ body: [UInt8], status: HTTPStatus = .ok, headers: [HTTPHeader] = []) -> Response {
        Response(status: status, headers: [HTTPHeader("Content-Type", "application/json")] + headers, body: body)
    }

    public static func text(_ body: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", body: body)
    }

    public static func html(_ body: String, status: HTTPStatus = .ok, headers: [HTTPHeader] = []) -> Response {
        Response(status: status, contentType: "text/html; charset=utf-8", body: body, headers: headers)
    }
}
