import CCrypto

/// AES-256-GCM through libcrypto, for the few values the server must keep secret yet readable
/// again with a key it derives (a sealed status token for idempotent replays).
public enum AEAD {
    public static let keyBytes = 32
    private static let nonceBytes = 12
    private static let tagBytes = 16

    /// nonce ‖ ciphertext ‖ tag, with a fresh random nonce.
    public static func seal(_ plaintext: [UInt8], key: [UInt8]) -> [UInt8] {
        precondition(key.count == keyBytes, "AES-256-GCM needs a 32-byte key")
        let nonce = SecureRandom.bytes(nonceBytes)
        guard let context = EVP_CIPHER_CTX_new() else { preconditionFailure("EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: plaintext.count + 16)
        var length: Int32 = 0
        var total: Int32 = 0
        var tag = [UInt8](repeating: 0, count: tagBytes)
        let ok = EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1
            && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceBytes), nil) == 1
            && EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1
            && EVP_EncryptUpdate(context, &out, &length, plaintext, Int32(plaintext.count)) == 1
        precondition(ok, "AES-256-GCM encryption failed")
        total = length
        let finished = out.withUnsafeMutableBufferPointer { EVP_EncryptFinal_ex(context, $0.baseAddress! + Int(total), &length) } == 1
            && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagBytes), &tag) == 1
        precondition(finished, "AES-256-GCM encryption failed")
        total += length
        return nonce + out.prefix(Int(total)) + tag
    }

    /// The plaintext, or nil when the data was altered or the key is wrong.
    public static func open(_ sealed: [UInt8], key: [UInt8]) -> [UInt8]? {
        guard key.count == keyBytes, sealed.count >= nonceBytes + tagBytes else { return nil }
        let nonce = Array(sealed.prefix(nonceBytes))
        var tag = Array(sealed.suffix(tagBytes))
        let ciphertext = Array(sealed[nonceBytes..<(sealed.count - tagBytes)])
        guard let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var length: Int32 = 0
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceBytes), nil) == 1,
              EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1,
              EVP_DecryptUpdate(context, &out, &length, ciphertext, Int32(ciphertext.count)) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagBytes), &tag) == 1 else { return nil }
        let total = length
        let verified = out.withUnsafeMutableBufferPointer { EVP_DecryptFinal_ex(context, $0.baseAddress! + Int(total), &length) } == 1
        guard verified else { return nil }
        return Array(out.prefix(Int(total + length)))
    }
}
