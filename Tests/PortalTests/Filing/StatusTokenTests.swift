import Crypto
import Foundation
import SQLite
import Testing
@testable import Portal

/// Status tokens name their case (`StatusToken`): 32 random bytes and the case id masked with the
/// first six of them, 51 base64url characters; `CaseStore.status` reads the case by that id and
/// compares the whole token's hash.
@Suite struct StatusTokenTests {
    static let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// `token` with the character at `offset` replaced by another base64url character.
    func changing(_ token: String, at offset: Int) -> String {
        var characters = Array(token)
        characters[offset] = characters[offset] == "A" ? "B" : "A"
        return String(characters)
    }

    /// The random part of a token (its first 32 bytes).
    func secret(of token: String) throws -> [UInt8] {
        let bytes = try #require(Base64URL.decode(token))
        return Array(bytes.prefix(StatusToken.secretByteCount))
    }

    @Test func aNewCasesTokenIs51Base64URLCharactersNamesItsCaseAndOpensIt() throws {
        let fixture = try FilingTestDesk()
        try fixture.file(FilingTestDesk.complaint(title: "Before"))
        let receipt = try fixture.file(FilingTestDesk.complaint(title: "Quixotic Almanac"))
        let id = try #require(try fixture.caseID(receipt.reference))
        let token = receipt.statusToken

        #expect(token.count == 51)
        #expect(token.utf8.count == 51)
        #expect(token.allSatisfy { Self.alphabet.contains($0) })
        #expect(Base64URL.decode(token)?.count == 38)
        #expect(StatusToken.caseID(in: token) == id)

        let status = try #require(try fixture.store.status(token: token))
        #expect(status.id == id)
        #expect(status.reference == receipt.reference)
        let byReference = try #require(try fixture.store.status(reference: receipt.reference, token: token))
        #expect(byReference.id == id)
        #expect(byReference == status)
        // Only its hash is stored.
        let stored = try fixture.database.read {
            try $0.scalar("SELECT status_token_hash FROM cases WHERE id = ?", [.integer(id)])?.stringValue
        }
        #expect(stored == SHA256.hexHash(token))
    }

    @Test func everyCaseFiledOpensWithItsOwnTokenOnly() throws {
        let fixture = try FilingTestDesk()
        let receipts = try (0..<5).map { try fixture.file(FilingTestDesk.complaint(title: "Work \($0)")) }
        for (index, receipt) in receipts.enumerated() {
            #expect(try fixture.store.status(token: receipt.statusToken)?.reference == receipt.reference)
            for other in receipts where other.reference != receipt.reference {
                #expect(try fixture.store.status(reference: other.reference, token: receipt.statusToken) == nil,
                        "token \(index) opened \(other.reference)")
            }
        }
    }

    @Test func tokensOfTwoSuccessiveCasesDifferFromTheirFirstCharactersOn() throws {
        let fixture = try FilingTestDesk()
        let a = try fixture.file(FilingTestDesk.complaint(title: "First"))
        let b = try fixture.file(FilingTestDesk.complaint(title: "Second"))
        #expect(a.statusToken.prefix(8) != b.statusToken.prefix(8))
        // The id part is masked too: successive ids do not show as nearly equal tails.
        #expect(a.statusToken.suffix(8) != b.statusToken.suffix(8))
    }

    @Test func theRandomPartOfOneCaseWithTheIdOfAnotherOpensNothing() throws {
        let fixture = try FilingTestDesk()
        let a = try fixture.file(FilingTestDesk.complaint(title: "First"))
        let b = try fixture.file(FilingTestDesk.complaint(title: "Second"))
        let idA = try #require(try fixture.caseID(a.reference))
        let forged = StatusToken.make(caseID: idA, secret: try secret(of: b.statusToken))

        #expect(StatusToken.caseID(in: forged) == idA)
        #expect(forged != a.statusToken)
        #expect(try fixture.store.status(token: forged) == nil)
        #expect(try fixture.store.status(reference: a.reference, token: forged) == nil)
        #expect(try fixture.store.status(reference: b.reference, token: forged) == nil)
    }

    @Test func aWellFormedTokenNamingACaseThatDoesNotExistOpensNothing() throws {
        let fixture = try FilingTestDesk()
        let receipt = try fixture.file()
        let id = try #require(try fixture.caseID(receipt.reference))
        for missing in [id + 1, id + 1000, Int64(1) << 40] {
            let token = StatusToken.make(caseID: missing, secret: StatusToken.secret())
            #expect(token.count == 51)
            #expect(try fixture.store.status(token: token) == nil)
        }
        // The random part of the real token, with the id of a case yet to be filed.
        let next = StatusToken.make(caseID: id + 1, secret: try secret(of: receipt.statusToken))
        #expect(try fixture.store.status(token: next) == nil)
        // And it does not open the case filed with that id later.
        let later = try fixture.file(FilingTestDesk.complaint(title: "Later"))
        #expect(try fixture.caseID(later.reference) == id + 1)
        #expect(try fixture.store.status(token: next) == nil)
    }

    @Test func a51CharacterStringWithACharacterOutsideBase64URLOpensNothing() throws {
        let fixture = try FilingTestDesk()
        let receipt = try fixture.file()
        let token = receipt.statusToken
        for bad: Character in ["=", "+", "/", " ", ".", "é"] {
            var characters = Array(token)
            characters[10] = bad
            let text = String(characters)
            #expect(StatusToken.caseID(in: text) == nil)
            #expect(try fixture.store.status(token: text) == nil)
            #expect(try fixture.store.status(reference: receipt.reference, token: text) == nil)
        }
        #expect(try fixture.store.status(token: String(repeating: "=", count: 51)) == nil)
    }

    @Test func aTokenLongerThan256CharactersOpensNothing() throws {
        let fixture = try FilingTestDesk()
        let receipt = try fixture.file()
        let long = receipt.statusToken + String(repeating: "A", count: 300)
        #expect(long.utf8.count > StatusToken.maximumLength)
        #expect(try fixture.store.status(token: long) == nil)
        #expect(try fixture.store.status(reference: receipt.reference, token: long) == nil)
        #expect(try fixture.store.status(token: String(repeating: "A", count: 10_000)) == nil)
        #expect(try fixture.store.status(token: "") == nil)
        #expect(try fixture.store.status(reference: receipt.reference, token: "") == nil)
    }

    @Test func theRightTokenWithOneCharacterChangedOpensNothing() throws {
        let fixture = try FilingTestDesk()
        let receipt = try fixture.file()
        let token = receipt.statusToken
        for offset in [0, 5, 31, 42, 43, 45, 49, 50] {
            let changed = changing(token, at: offset)
            #expect(changed != token)
            #expect(try fixture.store.status(token: changed) == nil, "changed at \(offset)")
            #expect(try fixture.store.status(reference: receipt.reference, token: changed) == nil, "changed at \(offset)")
        }
        // Dropping or adding a character.
        #expect(try fixture.store.status(token: String(token.dropLast())) == nil)
        #expect(try fixture.store.status(token: token + "A") == nil)
        #expect(try fixture.store.status(token: token)?.reference == receipt.reference)
    }

    @Test func theTokenOfOneCaseWithTheReferenceOfAnotherOpensNothing() throws {
        let fixture = try FilingTestDesk()
        let a = try fixture.file(FilingTestDesk.complaint(title: "First"))
        let b = try fixture.file(FilingTestDesk.complaint(title: "Second"))
        #expect(try fixture.store.status(reference: b.reference, token: a.statusToken) == nil)
        #expect(try fixture.store.status(reference: a.reference, token: b.statusToken) == nil)
        #expect(try fixture.store.status(reference: "CPL-2026-999999", token: a.statusToken) == nil)
        #expect(try fixture.store.status(reference: a.reference, token: a.statusToken)?.reference == a.reference)
    }

    @Test func caseIDInTokenRoundTripsIdsUpTo2To48Minus1() {
        for id: Int64 in [1, 2, 255, 256, 65_535, 65_536, 1 << 32, (1 << 48) - 1] {
            for _ in 0..<8 {
                let token = StatusToken.make(caseID: id, secret: StatusToken.secret())
                #expect(token.utf8.count == 51)
                #expect(StatusToken.caseID(in: token) == id, "id \(id)")
            }
        }
        // The same secret with an all-zero or all-ones first six bytes.
        for fill: UInt8 in [0x00, 0xFF] {
            let secret = [UInt8](repeating: fill, count: 32)
            #expect(StatusToken.caseID(in: StatusToken.make(caseID: 256, secret: secret)) == 256)
        }
    }

    @Test func caseIDInTokenIsNilForLegacyTokensEmptyTextAnIDOfZeroAndNonTokens() {
        #expect(StatusToken.caseID(in: SecureRandom.token(bits: 256)) == nil)
        #expect(SecureRandom.token(bits: 256).count == 43)
        #expect(StatusToken.caseID(in: "") == nil)
        let secret = StatusToken.secret()
        let zero = Base64URL.encode(secret + Array(secret.prefix(6)))  // id 0 once unmasked
        #expect(zero.count == 51)
        #expect(StatusToken.caseID(in: zero) == nil)
        #expect(StatusToken.caseID(in: String(repeating: "A", count: 51)) == nil)  // all zero: id 0
        #expect(StatusToken.caseID(in: String(repeating: "A", count: 50)) == nil)
        #expect(StatusToken.caseID(in: String(repeating: "A", count: 52)) == nil)
        let token = StatusToken.make(caseID: 7, secret: secret)
        #expect(StatusToken.caseID(in: String(token.dropLast())) == nil)
        #expect(StatusToken.caseID(in: token + "A") == nil)
        #expect(StatusToken.caseID(in: "=" + token.dropFirst()) == nil)
    }
}
