import HTTPServer
import JSON

/// The JSON body of an API request: 415 for another media type, 400 when it does not parse.
enum APIBody {
    /// Bodies of staff and status requests are small; a larger one gets 413 from the server.
    static let smallLimit = 64 << 10

    static func read(_ request: Request) throws -> JSONValue {
        guard let type = request.contentType, type.matches("application/json") else {
            throw APIProblem(.unsupportedMediaType, detail: "Send the body as application/json.")
        }
        return try ComplaintAPI.parseJSON(request.body)
    }
}
