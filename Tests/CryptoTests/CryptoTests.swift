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

extension CryptoTests {
    @Test func base64URLDecodeReversesEncodeForEveryLengthUpTo40() {
        for length in 0...40 {
            for _ in 0..<4 {
                let bytes = SecureRandom.bytes(length)
                let text = Base64URL.encode(bytes)
                #expect(Base64URL.decode(text) == bytes, "length \(length): \(text)")
                #expect(Base64URL.decode(Substring(text)) == bytes)
            }
        }
        #expect(Base64URL.decode("") == [])
    }

    @Test func base64URLDecodesKnownVectors() {
        #expect(Base64URL.decode("-_8") == [0xfb, 0xff])
        #expect(Base64URL.decode("Zg") == Array("f".utf8))
        #expect(Base64URL.decode("Zm8") == Array("fo".utf8))
        #expect(Base64URL.decode("Zm9v") == Array("foo".utf8))
        #expect(Base64URL.decode("Zm9vYmFy") == Array("foobar".utf8))
        #expect(Base64URL.decode("8PHy8_T19vf4-fr7_P3-_w") == Array(0xf0...0xff))
        // The whole alphabet, in order: the 48 bytes 0x00 0x10 0x83 ... 0xbf.
        #expect(Base64URL.decode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_").map(Hex.encode)
                == "00108310518720928b30d38f41149351559761969b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3dfbf")
    }

    @Test func base64URLDecodeRejectsPaddingTheStandardAlphabetSpacesAndImpossibleLengths() {
        for bad in ["=", "+", "/", " ", "\n", ".", "é", "\u{0}"] {
            #expect(Base64URL.decode("Zm" + bad + "9v") == nil, "\(bad.debugDescription) inside")
            #expect(Base64URL.decode("Zm9v" + bad) == nil, "\(bad.debugDescription) at the end")
            #expect(Base64URL.decode(bad + "Zm9v") == nil, "\(bad.debugDescription) at the start")
        }
        #expect(Base64URL.decode("Zg==") == nil)
        #expect(Base64URL.decode("Zm8=") == nil)
        #expect(Base64URL.decode("+/8") == nil)  // "-_8" in the standard alphabet
        // Only one text encodes given bytes: spare bits in the last character must be zero.
        #expect(Base64URL.decode("Zh") == nil)  // "Zg" with a spare bit set
        #expect(Base64URL.decode("Zm9") == nil)  // "Zm8" with a spare bit set
        for length in [1, 5, 9, 13, 41] {
            #expect(Base64URL.decode(String(repeating: "A", count: length)) == nil, "length \(length)")
        }
        for length in [2, 3, 4, 6, 7, 8] {
            #expect(Base64URL.decode(String(repeating: "A", count: length)) == [UInt8](repeating: 0, count: length * 3 / 4))
        }
    }
}
