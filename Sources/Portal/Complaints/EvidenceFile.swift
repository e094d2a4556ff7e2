import Crypto

/// An evidence file as received: its type recognised from its content, its name only for display.
public struct EvidenceFile: Sendable, Equatable {
    public static let maxFiles = 5
    public static let maxBytes = 10 << 20

    public let filename: String
    public let type: EvidenceFileType
    public let bytes: [UInt8]
    public let sha256: String

    public init(filename: String, type: EvidenceFileType, bytes: [UInt8]) {
        self.filename = filename
        self.type = type
        self.bytes = bytes
        self.sha256 = SHA256.hexHash(bytes)
    }
}
