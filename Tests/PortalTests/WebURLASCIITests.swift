@testable import Portal
import Testing

/// The parser checks ASCII characters without Unicode tables; it must answer exactly as the
/// Unicode properties do.
struct WebURLASCIITests {
    @Test func asciiCheckAgreesWithTheUnicodePropertiesForEveryASCIICharacter() throws {
        for value in UInt32(0)...0x7F {
            let scalar = try #require(Unicode.Scalar(value))
            #expect(WebURL.checkASCII(scalar) == WebURL.check(scalar), "U+\(String(value, radix: 16)) differs")
        }
    }

    @Test func controlCharactersAndForbiddenCharactersAreStillRefused() {
        #expect(WebURL.checkASCII("\u{0}") == .invisibleCharacter)
        #expect(WebURL.checkASCII("\u{7F}") == .invisibleCharacter)
        #expect(WebURL.checkASCII("\t") == .whitespace)
        #expect(WebURL.checkASCII("|") == .forbiddenCharacter)
        #expect(WebURL.checkASCII("~") == nil)
    }
}
