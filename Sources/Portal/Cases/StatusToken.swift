import Crypto

/// The secret a party follows its case with, without an account: 51 characters of unpadded
/// base64url encoding 256 bits from the system CSPRNG followed by the case's id (6 bytes,
/// big-endian, masked with the first six random bytes so that every token looks alike).
///
/// The id says which case to read, so a status check is a lookup by primary key followed by a
/// constant-time comparison of the SHA-256 of the whole token with `cases.status_token_hash`: no
/// index of token hashes, whose random keys cost every filing a write in the middle of a large
/// index. Tokens made before migration 0009 are the 256 random bits alone (43 characters) and are
/// found through `legacy_status_tokens`.
enum StatusToken {
    /// The longest token a status check looks at; anything longer is no token of ours.
    static let maximumLength = 256
    /// How many random bytes a token carries.
    static let secretByteCount = 32
    private static let idByteCount = 6
    private static let length = (secretByteCount + idByteCount) * 4 / 3 + 1

    /// The random part of a token, made before the case (and so its id) exists.
    static func secret() -> [UInt8] {
        SecureRandom.bytes(secretByteCount)
    }

    /// The token of the case `caseID` (at most 2⁴⁸ − 1) with the random part `secret`.
    static func make(caseID: Int64, secret: [UInt8]) -> String {
        precondition(caseID > 0 && caseID >> (8 * idByteCount) == 0, "a case id beyond what a status token can name")
        precondition(secret.count == secretByteCount)
        let id = (0..<idByteCount).map { UInt8(truncatingIfNeeded: caseID >> (8 * (idByteCount - 1 - $0))) ^ secret[$0] }
        return Base64URL.encode(secret + id)
    }

    /// The case id a token names, or nil for a token of the older form or for anything that is
    /// not a token at all.
    static func caseID(in token: String) -> Int64? {
        guard token.utf8.count == length, let bytes = Base64URL.decode(token),
              bytes.count == secretByteCount + idByteCount else { return nil }
        let id = (0..<idByteCount).reduce(Int64(0)) { $0 << 8 | Int64(bytes[secretByteCount + $1] ^ bytes[$1]) }
        return id > 0 ? id : nil
    }
}
