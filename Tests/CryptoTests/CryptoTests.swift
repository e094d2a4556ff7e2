import Testing
@testable import Crypto

/// The libcrypto wrappers, against published test vectors.
@Suite struct CryptoTests {
    @Test func sha256MatchesTheFIPSVectors() {
        #expect(SHA256.hexHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexHash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func hmacSHA256MatchesRFC4231TestCase2() {
        let tag = HMACSHA256.authenticationCode(for: Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8))
        #expect(Hex.encode(tag) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.isValid(tag, for: Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
        #expect(!HMACSHA256.isValid(tag, for: Array("what do ya want for nothing!".utf8), key: Array("Jefe".utf8)))
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([], []))
    }

    @Test func randomTokensCarryTheAskedBitsAndDoNotRepeat() {
        let tokens = (0..<1000).map { _ in SecureRandom.token(bits: 128) }
        #expect(Set(tokens).count == 1000)
        #expect(tokens.allSatisfy { $0.count == 22 })  // 16 bytes in unpadded base64url
        #expect(tokens.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
    }

    @Test func base64URLEncodesWithoutPadding() {
        #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
        #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
        #expect(Base64URL.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
    }
}

extension CryptoTests {
    @Test func aeadSealsAndOpensAndRefusesTamperingOrTheWrongKey() {
        let key = SecureRandom.bytes(32)
        let sealed = AEAD.seal(Array("status-token-123".utf8), key: key)
        #expect(AEAD.open(sealed, key: key) == Array("status-token-123".utf8))
        #expect(AEAD.open(sealed, key: SecureRandom.bytes(32)) == nil)
        var tampered = sealed
        tampered[14] ^= 1
        #expect(AEAD.open(tampered, key: key) == nil)
        #expect(AEAD.seal(Array("same".utf8), key: key) != AEAD.seal(Array("same".utf8), key: key), "a fresh nonce each time")
    }
}
