import Crypto

/// A client's promise that two requests are the same submission (`Idempotency-Key` header, or the
/// one-time token of a form). Stored only as a keyed hash; it also seals the status token so a
/// replay can show the first receipt again, token included.
public struct IdempotencyKey: Sendable, Equatable {
    public let scope: String
    public let value: String

    public static let maxLength = 255

    public init?(scope: String, value: String) {
        guard !value.isEmpty, value.utf8.count <= Self.maxLength,
              value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        self.scope = scope
        self.value = value
    }

    func storedHash(secret: [UInt8]) -> String {
        Hex.encode(HMACSHA256.authenticationCode(for: Array("key:\(scope):\(value)".utf8), key: secret))
    }

    func sealingKey(secret: [UInt8]) -> [UInt8] {
        HMACSHA256.authenticationCode(for: Array("seal:\(scope):\(value)".utf8), key: secret)
    }
}
