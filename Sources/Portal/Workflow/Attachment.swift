import SQLite

/// An evidence file of a case, as stored.
public struct Attachment: Sendable {
    public let id: Int64
    public let position: Int
    public let filename: String
    public let mediaType: String
    public let size: Int
    public let sha256: String
    public let content: [UInt8]

    /// The attachment `id` of the case `caseID`, with its content.
    static func load(caseID: Int64, id: Int64, _ connection: Connection) throws -> Attachment {
        guard let row = try connection.query("""
            SELECT id, position, filename, media_type, size, sha256, content FROM attachments WHERE case_id = ? AND id = ?
            """, [.integer(caseID), .integer(id)]).first, let attachment = Attachment(row: row) else {
            throw WorkflowError.attachmentNotFound
        }
        return attachment
    }

    init?(row: Row) {
        guard let id = row.int64("id"), let position = row.int("position"), let filename = row.string("filename"),
              let mediaType = row.string("media_type"), let size = row.int("size"), let sha256 = row.string("sha256") else { return nil }
        self.id = id
        self.position = position
        self.filename = filename
        self.mediaType = mediaType
        self.size = size
        self.sha256 = sha256
        self.content = row.blob("content") ?? []
    }
}
