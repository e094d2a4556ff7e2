import CCrypto

/// Random bytes from the system CSPRNG (libcrypto's RAND_bytes), for tokens and secrets.
public enum SecureRandom {
    /// `count` random bytes. Traps if the CSPRNG fails, since continuing with weak tokens is worse.
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "the system CSPRNG failed")
        return out
    }

    /// A URL-safe token carrying `bits` of randomness (rounded up to whole bytes).
    public static func token(bits: Int = 256) -> String {
        Base64URL.encode(bytes((bits + 7) / 8))
    }
}
