/// Bounds on what a form body may contain. The server has already limited the body's total size;
/// these limits bound what the parsers build from it. Exceeding any of them is a 413 `FormError`.
public struct FormLimits: Sendable {
    /// The most fields an `application/x-www-form-urlencoded` body may have.
    public var maxFields = 1000
    /// The most parts (fields and files together) a `multipart/form-data` body may have.
    public var maxParts = 100
    /// The most file parts (parts with a `filename`) a `multipart/form-data` body may have.
    public var maxFileParts = 5
    /// The largest file part body, in bytes.
    public var maxFileBytes = 10 << 20
    /// The largest non-file part body or urlencoded field value (after decoding), in bytes.
    public var maxFieldBytes = 64 << 10
    /// The largest header section of one multipart part, CRLFs and the empty line included, in bytes.
    public var maxPartHeaderBytes = 8 << 10
    /// The longest field name (after decoding), in UTF-8 bytes.
    public var maxNameBytes = 256

    public init() {}

    /// "10 MiB", "64 KiB" or "1000 bytes", for error details.
    static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
