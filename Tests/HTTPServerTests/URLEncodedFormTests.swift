import HTTPServer
import Testing

/// The FormError `work` throws, or nil when it succeeds. (Closures do not infer typed throws,
/// so `work` throws `any Error`; the parsers only ever throw `FormError`.)
private func formError<T>(_ work: () throws -> T) -> FormError? {
    do {
        _ = try work()
        return nil
    } catch {
        return error as? FormError
    }
}

private func parse(_ body: String, limits: FormLimits = FormLimits()) throws(FormError) -> [FormField] {
    try URLEncodedForm.parse(Array(body.utf8), limits: limits)
}

private func fields(_ pairs: KeyValuePairs<String, String>) -> [FormField] {
    pairs.map { FormField(name: $0.key, value: $0.value) }
}

/// `URLEncodedForm`: bodies as browsers send them, and the ways a hostile one is refused.
/// Too many fields is 413 (the body is well-formed but larger than accepted), as are other limits.
@Suite struct URLEncodedFormTests {
    @Test func plusIsASpaceAndPercentEscapesAreUTF8Bytes() throws {
        #expect(try parse("name=J%C3%BCrgen+M%C3%BCller&note=50%25+off%2B+%26+more%3D&caf%C3%A9=%e2%82%ac")
                == fields(["name": "Jürgen Müller", "note": "50% off+ & more=", "café": "€"]))
    }

    @Test func emptyValuesMissingEqualsAndEmptyPiecesAreHandledAsWHATWGSays() throws {
        #expect(try parse("a=&b&=c&&d=e=f&") == fields(["a": "", "b": "", "": "c", "d": "e=f"]))
        #expect(try parse("") == [])
        #expect(try parse("&&&") == [])
    }

    @Test func repeatedNamesAreKeptInOrder() throws {
        #expect(try parse("tag=a&other=x&tag=b&tag=a") == fields(["tag": "a", "other": "x", "tag": "b", "tag": "a"]))
    }

    @Test func structuredLookingNamesArePreservedLiterally() throws {
        #expect(try parse("works%5B0%5D.title=First&works[1].title=Second&a.b%5B%5D=c")
                == fields(["works[0].title": "First", "works[1].title": "Second", "a.b[]": "c"]))
    }

    @Test func newlinesAndUnicodeInValuesSurvive() throws {
        #expect(try parse("text=line+1%0D%0Aline+2%09%F0%9F%98%80") == fields(["text": "line 1\r\nline 2\t😀"]))
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "a=%%41", "%G1=x", "a=100%", "a=%4x&b=c"])
    func malformedPercentEscapesAreBadRequests(body: String) {
        let error = formError { try parse(body) }
        #expect(error?.status == .badRequest)
        #expect(error?.detail?.contains("percent") == true)
    }

    @Test func invalidUTF8IsABadRequestWhetherEscapedOrRaw() {
        for body in ["a=%FF", "a=%C3", "%C3%28=x", "a=%ED%A0%80"] {
            #expect(formError { try parse(body) }?.status == .badRequest, "\(body)")
        }
        let raw: [UInt8] = Array("a=".utf8) + [0xFF, 0xFE]
        #expect(formError { try URLEncodedForm.parse(raw) }?.status == .badRequest)
    }

    @Test func moreFieldsThanTheLimitIsContentTooLarge() throws {
        var limits = FormLimits()
        limits.maxFields = 3
        #expect(try parse("a=1&b=2&&c=3&", limits: limits).count == 3)
        let error = formError { try parse("a=1&b=2&c=3&d=4", limits: limits) }
        #expect(error?.status == .contentTooLarge)
        #expect(error?.detail == "The form has more than 3 fields.")
    }

    @Test func theDefaultFieldLimitIsAThousand() throws {
        let body = Array(repeating: "x=1", count: 1000).joined(separator: "&")
        #expect(try parse(body).count == 1000)
        #expect(formError { try parse(body + "&y=2") }?.status == .contentTooLarge)
    }

    @Test func aValueOverTheFieldLimitIsContentTooLargeAndNamesTheField() throws {
        var limits = FormLimits()
        limits.maxFieldBytes = 8
        // The decoded length counts: "%41" is one byte.
        #expect(try parse("ok=%41%41%41%41%41%41%41%41", limits: limits) == fields(["ok": "AAAAAAAA"]))
        let error = formError { try parse("ok=1&description=123456789", limits: limits) }
        #expect(error == FormError(status: .contentTooLarge, detail: "The field \"description\" is longer than 8 bytes.",
                                   field: "description"))
    }

    @Test func aNameOverTheNameLimitIsContentTooLarge() throws {
        let long = String(repeating: "n", count: 257)
        #expect(try parse(String(long.dropLast()) + "=v").count == 1)
        #expect(formError { try parse(long + "=v") }?.status == .contentTooLarge)
    }

    @Test func aRequestMustBeURLEncodedUTF8() throws {
        func request(_ type: String?) -> Request {
            Request(method: "POST", target: "/complaints", headers: type.map { [("Content-Type", $0)] } ?? [],
                    body: Array("subject=Noise&details=Loud+music".utf8))
        }
        #expect(try URLEncodedForm.parse(request("application/x-www-form-urlencoded"))
                == fields(["subject": "Noise", "details": "Loud music"]))
        #expect(try URLEncodedForm.parse(request("Application/X-WWW-Form-URLEncoded; charset=UTF-8")).count == 2)
        #expect(formError { try URLEncodedForm.parse(request(nil)) }?.status == .unsupportedMediaType)
        #expect(formError { try URLEncodedForm.parse(request("text/plain")) }?.status == .unsupportedMediaType)
        #expect(formError { try URLEncodedForm.parse(request("application/x-www-form-urlencoded; charset=iso-8859-1")) }?.status
                == .unsupportedMediaType)
    }
}
