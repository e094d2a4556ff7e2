import Testing
@testable import PortalWeb

/// RFC 4180 fields and formula neutralisation in the CSV export.
@Suite struct CSVTests {
    @Test func plainFieldsAreWrittenAsTheyAre() {
        #expect(CSV.record(["CPL-2026-000001", "complaint", ""]) == "CPL-2026-000001,complaint,\r\n")
    }

    @Test func fieldsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled() {
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("cr\r\nlf") == "\"cr\r\nlf\"")
    }

    @Test func cellsThatASpreadsheetWouldRunAsAFormulaGetAnApostrophe() {
        #expect(CSV.field("=1+1") == "'=1+1")
        #expect(CSV.field("+33 1 23") == "'+33 1 23")
        #expect(CSV.field("-2") == "'-2")
        #expect(CSV.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSV.field("\tx") == "'\tx")
        #expect(CSV.field("=HYPERLINK(\"http://evil.example\",\"x\")") == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")
        #expect(CSV.field("a=b") == "a=b")
    }
}

/// `Content-Disposition: attachment` for stored file names.
@Suite struct ContentDispositionTests {
    @Test func asciiNamesAppearInBothForms() {
        #expect(ContentDisposition.attachment(filename: "evidence.pdf") == "attachment; filename=\"evidence.pdf\"; filename*=UTF-8''evidence.pdf")
    }

    @Test func quotesAndNonASCIIAreReplacedInTheFallbackAndEncodedInTheExactName() {
        #expect(ContentDisposition.attachment(filename: "a\"b é.pdf")
            == "attachment; filename=\"a_b _.pdf\"; filename*=UTF-8''a%22b%20%C3%A9.pdf")
    }
}
