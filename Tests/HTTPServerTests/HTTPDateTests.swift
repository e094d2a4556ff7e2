#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPServer
import Testing

@Suite struct HTTPDateTests {
    @Test(arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),  // the RFC 9110 example
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_709_164_799, "Wed, 28 Feb 2024 23:59:59 GMT"),
        (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 GMT"),
        (2_147_483_648, "Tue, 19 Jan 2038 03:14:08 GMT"),  // past 32-bit time_t
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
    ])
    func formatsIMFFixdate(seconds: Int, text: String) {
        #expect(HTTPDate.format(seconds) == text)
        #expect(HTTPDate.parse(text) == seconds)
    }

    @Test(arguments: [0, 1, 59, 86_399, 86_400, 784_111_777, 1_000_000_000, 1_700_000_000, 4_102_444_800])
    func parseInvertsFormat(seconds: Int) {
        #expect(HTTPDate.parse(HTTPDate.format(seconds)) == seconds)
        #expect(HTTPDate.format(seconds).utf8.count == 29)
    }

    @Test(arguments: [
        "Sunday, 06-Nov-94 08:49:37 GMT",   // RFC 850
        "Sun Nov  6 08:49:37 1994",         // asctime
        "Sun Nov 06 08:49:37 1994 GMT",
    ])
    func rejectsObsoleteDateForms(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test(arguments: [
        "",
        "yesterday",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 gmt",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun,  6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08-49-37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT ",
        " Sun, 06 Nov 1994 08:49:37 GMT",
        "Sun 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37+GMT",
        "Sun, 0x Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 199x 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:3 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT; length=12",
        "Sun, -6 Nov 1994 08:49:37 GMT",
    ])
    func rejectsGarbage(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func dateHeaderLineIsACompleteFieldLineForNow() throws {
        var cache = DateHeaderCache()
        let line = cache.current()
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix("Date: "))
        #expect(text.hasSuffix(" GMT\r\n"))
        #expect(line.count == "Date: ".utf8.count + 29 + 2)
        let seconds = try #require(HTTPDate.parse(String(decoding: line[6..<(line.count - 2)], as: UTF8.self)))
        let now = Int(time(nil))
        #expect(abs(now - seconds) <= 2)
    }
}
