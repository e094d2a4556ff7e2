/// One part of a `multipart/form-data` body: a field, or a file when it has a filename.
public struct MultipartPart: Sendable {
    /// The field name, from `Content-Disposition: form-data; name="..."`.
    public let name: String
    /// The file name the client sent (`filename*=UTF-8''...` preferred over `filename="..."`),
    /// reduced to its last path segment (after the last `/` or `\`); `.` and `..` become "".
    /// "" also when a browser sends a file input with no file chosen. Untrusted: never use it as a path.
    public let filename: String?
    /// The part's Content-Type header as sent (untrusted; nil when absent).
    public let contentType: String?
    /// All header fields of the part, as sent.
    public let headers: HTTPFields
    /// The content of the part, exactly as sent (no transfer decoding is ever needed: only
    /// 7bit, 8bit and binary are accepted).
    public let body: [UInt8]

    public init(name: String, filename: String? = nil, contentType: String? = nil,
                headers: HTTPFields = HTTPFields([]), body: [UInt8]) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// Whether the part is a file (it has a filename, possibly empty).
    public var isFile: Bool { filename != nil }

    /// The body as UTF-8 text; nil when it is not valid UTF-8.
    public var text: String? { String(validating: body, as: UTF8.self) }
}
