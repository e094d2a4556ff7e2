import Crypto
import Foundation
import JSON
import Portal
import SQLite
import Synchronization
import Testing

/// Creating, listing, revoking and authenticating staff tokens against a real migrated database.
@Suite struct StaffTokensTests {
    /// 2026-11-28T10:12:00Z.
    static let now: Int64 = 1_795_860_720

    @Test func createdTokenHasThePrefixAnd256BitsOfBase64URL() throws {
        let fixture = try StaffTestDatabase()
        let token = try StaffTokens(database: fixture.database).create(name: "alice", role: .reviewer, actor: "cli", at: Self.now)
        #expect(token.hasPrefix("cpst_"))
        #expect(token.utf8.count == 48)
        let body = token.dropFirst(5)
        #expect(body.count == 43, "43 unpadded base64url characters carry 256 bits")
        #expect(body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(StaffTokens.isWellFormed(token))
    }

    @Test func everyCreatedTokenIsDifferent() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        let created = try (0..<20).map { try tokens.create(name: "user\($0)", role: .auditor, actor: "cli", at: Self.now) }
        #expect(Set(created).count == created.count)
    }

    @Test func createdTokenAuthenticatesAsItsNameAndRole() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        let alice = try tokens.create(name: "alice", role: .reviewer, actor: "cli", at: Self.now)
        let root = try tokens.create(name: "root.admin", role: .admin, actor: "cli", at: Self.now)
        let audit = try tokens.create(name: "audit-1", role: .auditor, actor: "root.admin", at: Self.now)
        #expect(try tokens.authenticate(alice) == StaffMember(name: "alice", role: .reviewer))
        #expect(try tokens.authenticate(root) == StaffMember(name: "root.admin", role: .admin))
        #expect(try tokens.authenticate(audit) == StaffMember(name: "audit-1", role: .auditor))
    }

    @Test func onlyTheSHA256OfTheTokenIsStored() throws {
        let fixture = try StaffTestDatabase()
        let token = try StaffTokens(database: fixture.database).create(name: "alice", role: .admin, actor: "cli", at: Self.now)
        let stored = try fixture.database.read { try $0.scalar("SELECT token_hash FROM staff_tokens WHERE name = 'alice'")?.stringValue }
        #expect(stored == SHA256.hexHash(token))

        try fixture.checkpoint()
        let bytes = try fixture.fileBytes()
        #expect(bytes.contains(bytes: Array(SHA256.hexHash(token).utf8)), "the hash is in the file, so the search works")
        #expect(!bytes.contains(bytes: Array(token.utf8)))
        #expect(!bytes.contains(bytes: Array(token.dropFirst(5).utf8)), "not even without its prefix")
        #expect(!bytes.contains(bytes: Array(token.dropFirst(5).prefix(16).utf8)), "nor a part of it")
    }

    @Test func createAppendsTokenCreatedWithNameRoleAndActor() throws {
        let fixture = try StaffTestDatabase()
        let token = try StaffTokens(database: fixture.database).create(name: "alice", role: .reviewer, actor: "root", at: Self.now)
        let events = try fixture.events()
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.type == "token_created")
        #expect(event.actor == "root")
        #expect(event.occurredAt == "2026-11-28T10:12:00Z")
        #expect(event.payload == #"{"name":"alice","role":"reviewer"}"#)
        #expect(!event.payload.contains(token) && !event.payload.contains(SHA256.hexHash(token)))
    }

    @Test func aSecondActiveTokenWithTheSameNameIsRefusedAndChangesNothing() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        let first = try tokens.create(name: "alice", role: .reviewer, actor: "cli", at: Self.now)
        #expect(throws: StaffTokenError.nameInUse("alice")) {
            try tokens.create(name: "alice", role: .admin, actor: "cli", at: Self.now + 1)
        }
        #expect(try tokens.list().count == 1)
        #expect(try fixture.events().count == 1, "no event for a refused creation")
        #expect(try tokens.authenticate(first) == StaffMember(name: "alice", role: .reviewer))
    }

    @Test func revokedTokenNoLongerAuthenticates() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        let token = try tokens.create(name: "alice", role: .admin, actor: "cli", at: Self.now)
        try tokens.revoke(name: "alice", actor: "root", at: Self.now + 60)
        #expect(try tokens.authenticate(token) == nil)
        #expect(try tokens.list() == [StaffTokenRecord(name: "alice", role: .admin, createdAt: Self.now, revokedAt: Self.now + 60)])
    }

    @Test func revokeAppendsTokenRevokedWithNameRoleAndActor() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        _ = try tokens.create(name: "bob", role: .auditor, actor: "cli", at: Self.now)
        try tokens.revoke(name: "bob", actor: "root", at: Self.now + 60)
        let events = try fixture.events()
        #expect(events.map(\.type) == ["token_created", "token_revoked"])
        #expect(events[1].actor == "root")
        #expect(events[1].occurredAt == "2026-11-28T10:13:00Z")
        #expect(events[1].payload == #"{"name":"bob","role":"auditor"}"#)
    }

    @Test func revokingAnUnknownOrAlreadyRevokedNameFailsWithNotFound() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        #expect(throws: StaffTokenError.notFound("nobody")) { try tokens.revoke(name: "nobody", actor: "cli", at: Self.now) }
        _ = try tokens.create(name: "alice", role: .reviewer, actor: "cli", at: Self.now)
        try tokens.revoke(name: "alice", actor: "cli", at: Self.now)
        #expect(throws: StaffTokenError.notFound("alice")) { try tokens.revoke(name: "alice", actor: "cli", at: Self.now) }
        #expect(try fixture.events().count == 2, "failed revocations append nothing")
    }

    @Test func aRevokedNameCanBeGivenToANewToken() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        let old = try tokens.create(name: "alice", role: .reviewer, actor: "cli", at: Self.now)
        try tokens.revoke(name: "alice", actor: "cli", at: Self.now + 10)
        let new = try tokens.create(name: "alice", role: .admin, actor: "cli", at: Self.now + 20)
        #expect(try tokens.authenticate(old) == nil)
        #expect(try tokens.authenticate(new) == StaffMember(name: "alice", role: .admin))
        #expect(try tokens.list() == [
            StaffTokenRecord(name: "alice", role: .reviewer, createdAt: Self.now, revokedAt: Self.now + 10),
            StaffTokenRecord(name: "alice", role: .admin, createdAt: Self.now + 20, revokedAt: nil),
        ])
        // Revoking by name reaches the active one only.
        try tokens.revoke(name: "alice", actor: "cli", at: Self.now + 30)
        #expect(try tokens.list().allSatisfy { !$0.isActive })
    }

    @Test func listShowsActiveAndRevokedTokensByCreationTimeThenInsertion() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        _ = try tokens.create(name: "late", role: .auditor, actor: "cli", at: Self.now + 100)
        _ = try tokens.create(name: "early", role: .admin, actor: "cli", at: Self.now)
        _ = try tokens.create(name: "same-time", role: .reviewer, actor: "cli", at: Self.now + 100)
        try tokens.revoke(name: "early", actor: "cli", at: Self.now + 200)
        #expect(try tokens.list().map(\.name) == ["early", "late", "same-time"])
        #expect(try tokens.list().map(\.isActive) == [false, true, true])
    }

    @Test func recordJSONHasNameRoleAndTimesButNeverTheHash() throws {
        let active = StaffTokenRecord(name: "alice", role: .reviewer, createdAt: Self.now, revokedAt: nil)
        #expect(active.json.serialized(sortedKeys: true)
                == #"{"created_at":"2026-11-28T10:12:00Z","name":"alice","revoked_at":null,"role":"reviewer"}"#)
        let revoked = StaffTokenRecord(name: "bob", role: .auditor, createdAt: Self.now, revokedAt: Self.now + 60)
        #expect(revoked.json.serialized(sortedKeys: true)
                == #"{"created_at":"2026-11-28T10:12:00Z","name":"bob","revoked_at":"2026-11-28T10:13:00Z","role":"auditor"}"#)
    }

    @Test(arguments: ["", "me", "none", "Alice", "-alice", ".alice", "_alice", "al ice", "alice!", "élise",
                      String(repeating: "a", count: 65)])
    func invalidOrReservedNamesAreRefusedAndStoreNothing(name: String) throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        #expect {
            try tokens.create(name: name, role: .reviewer, actor: "cli", at: Self.now)
        } throws: { error in
            guard case StaffTokenError.invalidName = error else { return false }
            return true
        }
        #expect(try tokens.list().isEmpty)
        #expect(try fixture.events().isEmpty)
    }

    @Test func wrongGarbageAndOverlongTokensDoNotAuthenticate() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        let token = try tokens.create(name: "alice", role: .admin, actor: "cli", at: Self.now)
        let lastFlipped = String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")
        let presented = [
            "", "cpst_", "Bearer " + token, token + " ", " " + token, token.uppercased(), lastFlipped,
            String(token.dropFirst(5)), "cpst-" + token.dropFirst(5), token + "A", String(token.dropLast()),
            "cpst_" + String(repeating: "A", count: 43), "cpst_" + String(repeating: "!", count: 43),
            SHA256.hexHash(token), String(repeating: "x", count: 10_000), token + String(repeating: "A", count: 300),
            "cpst_\u{0}" + token.dropFirst(6),
        ]
        for candidate in presented {
            #expect(try tokens.authenticate(candidate) == nil, "\(candidate.prefix(60))")
        }
        #expect(try tokens.authenticate(token) != nil, "the real token still works")
    }

    @Test func aTokenPresentedToAnotherDatabaseDoesNotAuthenticate() throws {
        let first = try StaffTestDatabase(), second = try StaffTestDatabase()
        let token = try StaffTokens(database: first.database).create(name: "alice", role: .admin, actor: "cli", at: Self.now)
        #expect(try StaffTokens(database: second.database).authenticate(token) == nil)
    }

    @Test func concurrentCreationsOfOneNameLeaveExactlyOneActiveToken() throws {
        let fixture = try StaffTestDatabase()
        let tokens = StaffTokens(database: fixture.database)
        let created = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if (try? tokens.create(name: "alice", role: .reviewer, actor: "cli", at: Self.now)) != nil {
                created.add(1, ordering: .relaxed)
            }
        }
        #expect(created.load(ordering: .relaxed) == 1)
        #expect(try tokens.list().count == 1)
        #expect(try fixture.events().count == 1)
    }
}
