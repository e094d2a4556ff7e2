/// Why a form body was refused, with the HTTP status it stands for:
/// - 400 Bad Request: the body is malformed (syntax, encoding, a missing close delimiter,
///   a part without `Content-Disposition: form-data; name=...`, an unsupported transfer encoding);
/// - 413 Content Too Large: a count or size in `FormLimits` was exceeded (too many fields, parts or
///   files, a file, field value, field name or part header section too large); `field` names the
///   field concerned when there is one;
/// - 415 Unsupported Media Type: the request is not of the expected media type, or a multipart body
///   has no valid boundary.
///
/// `detail` is a sentence safe to show the client.
public struct FormError: HTTPResponseError, Equatable {
    public let status: HTTPStatus
    public let detail: String?
    /// The name of the field the error is about, if any.
    public let field: String?

    public init(status: HTTPStatus, detail: String?, field: String? = nil) {
        self.status = status
        self.detail = detail
        self.field = field
    }

    /// 400: the body does not follow its format.
    static func malformed(_ detail: String, field: String? = nil) -> FormError {
        FormError(status: .badRequest, detail: detail, field: field)
    }

    /// 413: a limit of `FormLimits` was exceeded.
    static func tooLarge(_ detail: String, field: String? = nil) -> FormError {
        FormError(status: .contentTooLarge, detail: detail, field: field)
    }

    /// 415: the media type or its boundary is not acceptable.
    static func unsupported(_ detail: String) -> FormError {
        FormError(status: .unsupportedMediaType, detail: detail)
    }
}
