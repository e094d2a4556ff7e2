import Portal
import Testing

@Suite struct StaffNameTests {
    @Test(arguments: ["a", "alice", "alice.smith", "a_b-c.d", "0ps", "9", "me2", "nonexistent", "mee",
                      String(repeating: "z", count: 64)])
    func lowercaseNamesOfLettersDigitsDotsUnderscoresAndHyphensAreAccepted(name: String) {
        #expect(StaffName.problem(with: name) == nil)
        #expect(StaffName.isValid(name))
    }

    @Test(arguments: ["", "Alice", "ALICE", "-a", ".a", "_a", "a b", "a/b", "a@b", "é", "a\u{0}", "a\n",
                      String(repeating: "z", count: 65)])
    func otherNamesAreRefusedWithAReason(name: String) {
        #expect(StaffName.problem(with: name) != nil)
        #expect(!StaffName.isValid(name))
    }

    @Test func meAndNoneAreReservedBecauseQueueFiltersGiveThemAMeaning() throws {
        let me = try #require(StaffName.problem(with: "me"))
        #expect(me.contains("reserved") && me.contains("the caller"))
        let none = try #require(StaffName.problem(with: "none"))
        #expect(none.contains("reserved") && none.contains("unassigned"))
        #expect(throws: StaffTokenError.invalidName(me)) { try StaffName.validate("me") }
    }

    @Test func reasonsSayWhatIsWrong() {
        #expect(StaffName.problem(with: "")?.contains("empty") == true)
        #expect(StaffName.problem(with: String(repeating: "a", count: 65))?.contains("64") == true)
        #expect(StaffName.problem(with: "Alice")?.contains("lowercase") == true)
        #expect(StaffName.problem(with: "-alice")?.contains("start") == true)
    }

    @Test func errorDescriptionsNameTheProblem() {
        #expect(StaffTokenError.nameInUse("alice").description.contains("alice"))
        #expect(StaffTokenError.notFound("bob").description == "no active staff token named bob")
        #expect(StaffTokenError.invalidName("too long").description == "invalid staff name: too long")
    }
}

@Suite struct StaffRoleTests {
    @Test func everyRoleReadsButOnlyReviewersAndAdminsTriage() {
        #expect(StaffRole.allCases.allSatisfy { $0.canRead })
        #expect(StaffRole.reviewer.canTriage && StaffRole.admin.canTriage)
        #expect(!StaffRole.auditor.canTriage)
    }

    @Test func onlyAdminsReopenAndManageTokens() {
        #expect(StaffRole.allCases.filter { $0.canReopen } == [.admin])
        #expect(StaffRole.allCases.filter { $0.canManageTokens } == [.admin])
    }

    @Test func auditorsChangeNothing() {
        let auditor = StaffRole.auditor
        #expect(!auditor.canTriage && !auditor.canReopen && !auditor.canManageTokens)
    }

    @Test func rolesAreSpelledAsTheSchemaChecksThem() {
        #expect(StaffRole.allCases.map(\.rawValue) == ["reviewer", "admin", "auditor"])
        #expect(StaffRole(rawValue: "Admin") == nil)
    }
}
