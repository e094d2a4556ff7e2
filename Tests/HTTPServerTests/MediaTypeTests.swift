import HTTPServer
import Testing

/// `MediaType`: Content-Type values parsed per RFC 9110 §8.3.1, strictly.
@Suite struct MediaTypeTests {
    @Test func typeAndSubtypeAreLowercasedAndParameterValuesKeptAsSent() throws {
        let type = try #require(MediaType("Text/HTML; Charset=UTF-8"))
        #expect(type.type == "text")
        #expect(type.subtype == "html")
        #expect(type.parameters == ["charset": "UTF-8"])
        #expect(type.essence == "text/html")
    }

    @Test func aTypeWithoutParametersHasNone() throws {
        let type = try #require(MediaType("application/x-www-form-urlencoded"))
        #expect(type.essence == "application/x-www-form-urlencoded")
        #expect(type.parameters.isEmpty)
    }

    @Test func quotedParameterValuesAreUnquotedAndUnescaped() throws {
        let type = try #require(MediaType(#"multipart/form-data; boundary="a b\"c\\d"; other="""#))
        #expect(type.parameters["boundary"] == #"a b"c\d"#)
        #expect(type.parameters["other"] == "")
        // A quoted-pair escapes any character, as RFC 9110 says.
        #expect(MediaType(#"text/plain; x="\a\;""#)?.parameters["x"] == "a;")
        // Non-ASCII (obs-text) is allowed inside quotes.
        #expect(MediaType(#"text/plain; title="Prüfung""#)?.parameters["title"] == "Prüfung")
    }

    @Test func semicolonsTolerateSpacesTabsAndEmptyParameters() throws {
        let type = try #require(MediaType(" \tapplication/json ;charset=utf-8 ;\t q=1 ;; ; \t"))
        #expect(type.essence == "application/json")
        #expect(type.parameters == ["charset": "utf-8", "q": "1"])
    }

    @Test func aBrowserMultipartContentTypeYieldsItsBoundary() throws {
        let type = try #require(MediaType("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"))
        #expect(type.matches("multipart/form-data"))
        #expect(type.parameters["boundary"] == "----WebKitFormBoundary7MA4YWxkTrZu0gW")
    }

    @Test func matchesComparesTheEssenceIgnoringCaseAndAllowsWildcards() throws {
        let type = try #require(MediaType("multipart/form-data; boundary=x"))
        #expect(type.matches("MULTIPART/Form-Data"))
        #expect(type.matches("multipart/*"))
        #expect(type.matches("*/*"))
        #expect(!type.matches("multipart/mixed"))
        #expect(!type.matches("text/form-data"))
        #expect(!type.matches("multipart"))
    }

    @Test(arguments: [
        "", " ", "text", "text/", "/html", "text /html", "text/ html", "text/html x", "te\u{1}xt/html",
        "tëxt/html", "text/html;charset", "text/html; charset=", "text/html; charset = utf-8",
        "text/html; charset =utf-8", "text/html; charset= utf-8", "text/html; a=b c", "text/html; a=b,c=d",
        #"text/html; a="unterminated"#, #"text/html; a="ends in backslash\"#, "text/html; a=\"bell\u{7}\"",
        "text/html; a=\"line\r\nbreak\"", "text/html; a=1; A=2", "text/html; a=\"x\"y", "text/html, text/plain",
    ])
    func malformedValuesAreRejected(value: String) {
        #expect(MediaType(value) == nil)
    }

    @Test func theRequestContentTypeComesFromItsHeader() {
        let request = Request(method: "POST", target: "/", headers: [("content-type", "Multipart/Form-Data; boundary=\"xyz\"")])
        #expect(request.contentType == MediaType("multipart/form-data; boundary=xyz"))
        #expect(Request(method: "POST", target: "/").contentType == nil)
        #expect(Request(method: "POST", target: "/", headers: [("Content-Type", "nonsense")]).contentType == nil)
    }

    @Test func twoContentTypeHeadersAreAmbiguousAndGiveNone() {
        let request = Request(method: "POST", target: "/", headers: [
            ("Content-Type", "multipart/form-data; boundary=a"), ("Content-Type", "multipart/form-data; boundary=b"),
        ])
        #expect(request.contentType == nil)
    }
}
