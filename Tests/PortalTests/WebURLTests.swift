import Portal
import Testing

struct WebURLTests {
    // The messages a member of the public sees.
    static let schemeMessage = "Enter a web address starting with http:// or https://"
    static let emptyMessage = "Enter a web address, like https://example.com/page"
    static let tooLongMessage = "Web address must be 2,048 characters or fewer"
    static let missingHostMessage =
        "Enter a web address with a website name after http:// or https://, like https://example.com"
    static let hostMessage = "Enter a web address with a valid website name, like https://example.com"
    static let portMessage = "Enter a web address with a port number between 1 and 65535, or without a port"
    static let userInfoMessage = "Enter a web address without a user name or password"
    static let whitespaceMessage = "Enter a web address without spaces or line breaks"
    static let invisibleMessage =
        "Enter a web address without invisible characters – try typing it rather than pasting it"
    static let forbiddenMessage = "Enter a web address without any of these characters: < > \" ` \\ ^ { | }"

    private static func message(_ text: String) -> String? {
        if case .failure(let error) = WebURL.parse(text) { return error.message }
        return nil
    }

    /// An https address of exactly `length` bytes.
    private static func address(length: Int) -> String {
        let start = "https://example.com/"
        return start + String(repeating: "p", count: length - start.utf8.count)
    }

    static let validAddresses: [String] = [
        "https://publisher.example/le-livre",
        "https://[::1]:8080/p",
        "HTTPS://X.ORG",
        "Http://x.org",
        "http://x.org",
        "https://x.org/",
        "https://x.org:443/",
        "https://x.org:1",
        "https://x.org:65535/a",
        "https://x.org:08080/",
        "https://www.example.com/path/to/page.html?q=le+livre&page=2#chapter-3",
        "https://example.com?q=1",
        "https://example.com#top",
        "https://example.com/a@b",
        "https://example.com/%E2%82%AC/100%25",
        "https://example.com/wiki/Émile_Zola",
        "https://fr.example/livres/l'étranger_(roman)",
        "https://bücher.example/",
        "https://xn--bcher-kva.example/",
        "https://my_blog.blogspot.example/",
        "http://localhost:8080/",
        "https://192.168.0.1/",
        "https://8.8.8.8",
        "http://[2001:db8::1]/",
        "http://[2001:DB8:0:0:8:800:200C:417A]/",
        "http://[::ffff:192.0.2.1]/",
        "http://[::]/",
        "http://[1::]/",
        "https://example.com/path;params=1,2",
        "https://example.com/search?q=[a]",
        address(length: 2048),
    ]

    @Test(arguments: validAddresses)
    func acceptsAbsoluteHTTPAddress(_ text: String) throws {
        let url = try WebURL.parse(text).get()
        #expect(url.value == text)
        #expect(url.description == text)
    }

    @Test(arguments: [
        ("https://publisher.example/le-livre", "publisher.example"),
        ("HTTPS://X.ORG", "x.org"),
        ("https://Publisher.Example:8443/Le-Livre", "publisher.example"),
        ("https://[::1]:8080/p", "[::1]"),
        ("http://[2001:DB8::1]", "[2001:db8::1]"),
        ("https://192.168.0.1/", "192.168.0.1"),
        ("https://x.org?q", "x.org"),
        ("https://x.org#f", "x.org"),
        ("https://BÜCHER.example/", "bücher.example"),
    ])
    func exposesTheLowercasedHost(_ text: String, _ host: String) throws {
        #expect(try WebURL.parse(text).get().host == host)
    }

    @Test(arguments: [
        ("  https://x.org/page  ", "https://x.org/page"),
        ("https://x.org/page\n", "https://x.org/page"),
        ("\thttps://x.org/page\r\n", "https://x.org/page"),
    ])
    func trimsSurroundingWhitespace(_ text: String, _ expected: String) throws {
        #expect(try WebURL.parse(text).get().value == expected)
    }

    @Test(arguments: [
        "ftp://x",
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "mailto:jane@example.org",
        "file:///etc/passwd",
        "www.example.com",
        "example.com/page",
        "//example.com/page",
        "/le-livre",
        "https:example.com",
        "http:/example.com",
        "https//example.com",
        "http s://example.com",
        "httpx://example.com",
        "ws://example.com",
    ])
    func asksForHTTPWhenTheSchemeIsMissingOrOther(_ text: String) {
        #expect(Self.message(text) == Self.schemeMessage)
    }

    @Test(arguments: [
        ("", emptyMessage),
        ("   \n", emptyMessage),
        ("https://", missingHostMessage),
        ("https:///path", missingHostMessage),
        ("https://?q", missingHostMessage),
        ("https://:443/", missingHostMessage),
        ("https://user:pw@x.org", userInfoMessage),
        ("https://user@x.org/", userInfoMessage),
        ("https://@x.org", userInfoMessage),
        ("https://publisher.example@evil.example/", userInfoMessage),
        ("http://x.org:99999", portMessage),
        ("http://x.org:65536", portMessage),
        ("http://x.org:0", portMessage),
        ("http://x.org:", portMessage),
        ("http://x.org:80a/", portMessage),
        ("http://x.org:-1", portMessage),
        ("http://x.org:+80", portMessage),
        ("http://x.org:99999999999999999999999", portMessage),
        ("https://[::1]:", portMessage),
        ("https://x .org", whitespaceMessage),
        ("https://x.org/le livre", whitespaceMessage),
        ("https://x.org/a\tb", whitespaceMessage),
        ("https://x.org/a\nb", whitespaceMessage),
        ("https://x.org/a\u{00A0}b", whitespaceMessage),
        ("https://x.org/a\u{3000}b", whitespaceMessage),
        ("https://x.org/\u{0}", invisibleMessage),
        ("https://x.org/\u{7}", invisibleMessage),
        ("https://x.org/\u{7F}", invisibleMessage),
        ("https://x.org/a\u{85}b", whitespaceMessage),
        ("https://x.org/\u{200B}", invisibleMessage),
        ("https://x.org/\u{202E}fdp.exe", invisibleMessage),
        ("https://x.org/\u{FEFF}", invisibleMessage),
        ("https://x.org/\u{E000}", invisibleMessage),
        ("https://x.org/a\u{2028}b", whitespaceMessage),
        ("https://x.org/<script>", forbiddenMessage),
        ("https://x.org/\"quoted\"", forbiddenMessage),
        ("https://x.org\\@evil.example/", forbiddenMessage),
        ("https://x.org/a{b}", forbiddenMessage),
        ("https://x.org/a|b", forbiddenMessage),
        ("https://x.org/a^b", forbiddenMessage),
        ("https://x.org/`b`", forbiddenMessage),
        ("https://-x.org", hostMessage),
        ("https://x-.org", hostMessage),
        ("https://x..org", hostMessage),
        ("https://.x.org", hostMessage),
        ("https://x.org.", hostMessage),
        ("https://x.123", hostMessage),
        ("https://ex!ample.com", hostMessage),
        ("https://ex%41mple.com", hostMessage),
        ("https://ex~ample.com", hostMessage),
        ("https://" + String(repeating: "l", count: 64) + ".org", hostMessage),
        ("https://256.1.1.1/", hostMessage),
        ("https://1.2.3/", hostMessage),
        ("https://1.2.3.4.5/", hostMessage),
        ("https://01.2.3.4/", hostMessage),
        ("https://0x7f.0.0.1/", hostMessage),
        ("https://2130706433/", hostMessage),
        ("https://::1/", missingHostMessage),
        ("https://[::1/", hostMessage),
        ("https://[::1]x/", hostMessage),
        ("https://[]/", hostMessage),
        ("https://[1:2:3:4:5:6:7:8:9]/", hostMessage),
        ("https://[1:2:3:4:5:6:7]/", hostMessage),
        ("https://[1::2::3]/", hostMessage),
        ("https://[:::]/", hostMessage),
        ("https://[:1]/", hostMessage),
        ("https://[1:]/", hostMessage),
        ("https://[12345::]/", hostMessage),
        ("https://[g::1]/", hostMessage),
        ("https://[::256.0.0.1]/", hostMessage),
        ("https://[fe80::1%25eth0]/", hostMessage),
        ("https://[v1.future]/", hostMessage),
        ("https://[example.com]/", hostMessage),
        ("https://example.com:8080:90/", portMessage),
        (address(length: 2049), tooLongMessage),
    ])
    func explainsWhatIsWrong(_ text: String, _ expected: String) {
        #expect(Self.message(text) == expected)
    }

    @Test func testHelperBuildsAddressesOfTheRequestedLength() {
        #expect(Self.address(length: 2048).utf8.count == 2048)
        #expect(Self.address(length: 2049).utf8.count == 2049)
    }

    @Test func aMultibyteCharacterCountsAsItsUTF8Bytes() {
        let almost = Self.address(length: 2047)
        #expect(Self.message(almost + "é") == Self.tooLongMessage)  // 2049 bytes
        #expect(Self.message(almost + "e") == nil)
    }

    @Test func errorsAreEqualWhenTheirMessagesAre() {
        let first = WebURL.parse("ftp://x"), second = WebURL.parse("gopher://y")
        guard case .failure(let a) = first, case .failure(let b) = second else {
            Issue.record("expected two failures")
            return
        }
        #expect(a == b)
        #expect(a.message == Self.schemeMessage)
    }

    @Test func addressesAreEqualWhenTheirTextIs() throws {
        let a = try WebURL.parse("https://x.org/a").get()
        let b = try WebURL.parse(" https://x.org/a ").get()
        let c = try WebURL.parse("https://X.org/a").get()
        #expect(a == b)
        #expect(a != c)
        #expect(a.host == c.host)
        #expect(Set([a, b, c]).count == 2)
    }
}
