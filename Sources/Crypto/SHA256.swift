import CCrypto

/// SHA-256 through the system libcrypto: migration checksums, token hashes, file digests.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        input.withUnsafeBufferPointer { inBuf in
            digest.withUnsafeMutableBufferPointer { out in
                _ = CCrypto.SHA256(inBuf.baseAddress, inBuf.count, out.baseAddress)
            }
        }
        return digest
    }

    /// The digest of a string's UTF-8 bytes, as lowercase hex.
    public static func hexHash(_ string: String) -> String {
        Hex.encode(hash(Array(string.utf8)))
    }

    /// The digest as lowercase hex.
    public static func hexHash<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        Hex.encode(hash(bytes))
    }
}
