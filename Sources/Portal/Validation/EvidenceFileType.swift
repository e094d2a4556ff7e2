/// The kind of an evidence file, recognised by its content (magic bytes and structure)
/// by ``FileSniffer``, never by its name or the Content-Type the client sent.
public enum EvidenceFileType: String, Sendable, CaseIterable {
    case pdf
    case png
    case jpeg
    case plainText = "text"
    case csv

    /// The media type to serve the file with.
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .plainText: "text/plain; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        }
    }

    /// The file name extension to store and serve the file with, without the dot.
    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .png: "png"
        case .jpeg: "jpg"
        case .plainText: "txt"
        case .csv: "csv"
        }
    }
}
