import HTTPServer
import JSON
import Portal

/// An RFC 9457 problem document for the JSON API, with the field errors of a validation failure.
struct APIProblem: HTTPResponseError {
    let status: HTTPStatus
    let type: String
    let title: String
    let detail: String?
    let errors: [FieldError]
    /// Extension members of the problem (RFC 9457, 3.2), e.g. the allowed transitions.
    let extensions: [(String, JSONValue)]
    let headers: [HTTPHeader]

    init(_ status: HTTPStatus, type: String = "about:blank", title: String? = nil, detail: String? = nil,
         errors: [FieldError] = [], extensions: [(String, JSONValue)] = [], headers: [HTTPHeader] = []) {
        self.status = status
        self.type = type
        self.title = title ?? status.reason
        self.detail = detail
        self.errors = errors
        self.extensions = extensions
        self.headers = headers
    }

    func response(for request: Request) -> Response? {
        var object = JSONObject([("type", .string(type)), ("title", .string(title)), ("status", .number(status.code))])
        if let detail { object["detail"] = .string(detail) }
        if !errors.isEmpty {
            object["errors"] = .array(errors.map { .object(JSONObject([("field", .string($0.field)), ("message", .string($0.message))])) })
        }
        for (key, value) in extensions { object[key] = value }
        return Response(status: status,
                        headers: [HTTPHeader("Content-Type", "application/problem+json"), HTTPHeader("Cache-Control", "no-store")] + headers,
                        body: JSONValue.object(object).serializedBytes())
    }

    static func invalidSubmission(_ errors: [FieldError], noun: String) -> APIProblem {
        APIProblem(.unprocessableContent, type: "/problems/invalid-submission", title: "The \(noun) is incomplete",
                   detail: "Correct the fields listed in errors and send the \(noun) again.", errors: errors)
    }
}

/// JSON responses of the API.
enum APIResponse {
    static func json(_ value: JSONValue, status: HTTPStatus = .ok, headers: [HTTPHeader] = []) -> Response {
        Response(status: status, headers: [HTTPHeader("Content-Type", "application/json")] + headers, body: value.serializedBytes())
    }
}
