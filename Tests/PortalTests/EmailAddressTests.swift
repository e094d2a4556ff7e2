import Portal
import Testing

struct EmailAddressTests {
    /// A domain of `length` bytes: labels of up to 63 "d"s, then ".org".
    private static func domain(length: Int) -> String {
        var domain = ""
        var remaining = length - 3  // "org"
        while remaining > 0 {
            let label = min(63, remaining - 1)
            domain += String(repeating: "d", count: label) + "."
            remaining -= label + 1
        }
        return domain + "org"
    }

    static let validAddresses: [String] = [
        "jane@example.org",
        "Jane.Doe@Example.ORG",
        "j@x.io",
        "o'brien@example.ie",
        "first.last+complaints@sub.example.co.uk",
        "a!#$%&'*+-/=?^_`{|}~b@example.com",
        "rights-team@publisher-1.example",
        "user@xn--bcher-kva.example",
        "user@example.xn--p1ai",
        "jane@1.example.com",
        "jane@example.org2",
        String(repeating: "a", count: 64) + "@example.org",
        "jane@" + String(repeating: "l", count: 63) + ".org",
        String(repeating: "a", count: 64) + "@" + domain(length: 189),  // 254 bytes
    ]

    @Test(arguments: validAddresses)
    func acceptsAddressInTheUsualFormat(_ text: String) throws {
        let address = try #require(EmailAddress(text))
        #expect(address.value == text)
        #expect(address.description == text)
    }

    static let invalidAddresses: [String] = [
        "",
        "   ",
        "jane",
        "jane@example",
        "@example.org",
        "jane@",
        "jane@@example.org",
        "ja@ne@example.org",
        "a..b@x.org",
        ".a@x.org",
        "a.@x.org",
        "a@-x.org",
        "a@x-.org",
        "a@x.123",
        "a@1.2.3.4",
        "a b@x.org",
        "jane@ex ample.org",
        "jane\n@example.org",
        "jane@exa_mple.org",
        "jane@example..org",
        "jane@.example.org",
        "jane@example.org.",
        "jane@example.-org",
        "\"jane\"@example.org",
        "\"jane doe\"@example.org",
        "jane(comment)@example.org",
        "jane,doe@example.org",
        "jane@[192.168.0.1]",
        "jané@example.org",
        "用户@example.org",
        "jane@exämple.org",
        "jane@example.org\u{0}",
        "jane\u{200B}@example.org",
        "<jane@example.org>",
        "Jane Doe <jane@example.org>",
        "mailto:jane@example.org",
        String(repeating: "a", count: 65) + "@example.org",
        "jane@" + String(repeating: "l", count: 64) + ".org",
        String(repeating: "a", count: 64) + "@" + domain(length: 190),  // 255 bytes
        "a@" + domain(length: 254),
    ]

    @Test(arguments: invalidAddresses)
    func rejectsAddressNotInTheUsualFormat(_ text: String) {
        #expect(EmailAddress(text) == nil)
    }

    @Test func testHelperBuildsDomainsOfTheRequestedLength() {
        #expect(Self.domain(length: 189).utf8.count == 189)
        #expect(Self.domain(length: 190).utf8.count == 190)
        #expect(Self.domain(length: 254).utf8.count == 254)
    }

    @Test(arguments: [
        ("  jane@example.org", "jane@example.org"),
        ("jane@example.org \n", "jane@example.org"),
        ("\tjane@example.org\u{00A0}", "jane@example.org"),
    ])
    func trimsSurroundingWhitespace(_ text: String, _ expected: String) throws {
        let address = try #require(EmailAddress(text))
        #expect(address.value == expected)
    }

    @Test(arguments: [
        ("Jane.Doe@Example.ORG", "Jane.Doe@example.org"),
        ("jane@example.org", "jane@example.org"),
        ("JANE@XN--BCHER-KVA.EXAMPLE", "JANE@xn--bcher-kva.example"),
    ])
    func normalizedLowercasesTheDomainOnly(_ text: String, _ expected: String) throws {
        #expect(try #require(EmailAddress(text)).normalized == expected)
    }

    @Test func addressesDifferingOnlyInDomainCaseShareTheirNormalizedForm() throws {
        let typed = try #require(EmailAddress("jane@Example.org"))
        let stored = try #require(EmailAddress("jane@example.org"))
        #expect(typed != stored)
        #expect(typed.normalized == stored.normalized)
        #expect(try #require(EmailAddress(" jane@example.org ")) == stored)
    }
}
