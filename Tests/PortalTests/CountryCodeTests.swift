import Portal
import Testing

struct CountryCodeTests {
    static let euMemberStates = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ]

    @Test(arguments: euMemberStates + ["GB", "US", "XK", "CH", "NO", "UA", "JP", "AX", "AQ", "ZW", "AD", "TW", "PS"])
    func acceptsAssignedCode(_ code: String) {
        #expect(CountryCode.isValid(code))
        #expect(CountryCode.name(of: code) != nil)
    }

    @Test(arguments: [
        "fr", "Fr", "fR",        // must be uppercase
        "UK",                    // the United Kingdom is GB
        "EL",                    // the EU's abbreviation for Greece; ISO uses GR
        "EU", "UN",              // reserved, not countries
        "ZZ", "AA", "QO", "XX",  // user-assigned or unassigned
        "YU", "CS", "AN",        // withdrawn
        "", "F", "FRA", "FR ", " FR", "F R", "1A", "12",
        "ＦＲ",                   // full-width letters
        "ÉS",
    ])
    func rejectsAnythingElse(_ code: String) {
        #expect(!CountryCode.isValid(code))
        #expect(CountryCode.name(of: code) == nil)
    }

    @Test(arguments: [
        ("FR", "France"),
        ("GB", "United Kingdom"),
        ("DE", "Germany"),
        ("XK", "Kosovo"),
        ("AX", "Åland Islands"),
        ("CI", "Côte d'Ivoire"),
        ("KR", "South Korea"),
        ("NL", "Netherlands"),
        ("GR", "Greece"),
    ])
    func givesTheEnglishShortName(_ code: String, _ name: String) {
        #expect(CountryCode.name(of: code) == name)
    }

    @Test func listsThe249AssignedCodesAndKosovo() {
        #expect(CountryCode.all.count == 250)
        #expect(Set(CountryCode.all.map(\.code)).count == 250)
        #expect(Set(CountryCode.all.map(\.name)).count == 250)
        #expect(CountryCode.all.contains { $0.code == "XK" && $0.name == "Kosovo" })
    }

    @Test func everyListedCodeIsValidAndNamed() {
        for entry in CountryCode.all {
            #expect(CountryCode.isValid(entry.code), "\(entry.code)")
            #expect(CountryCode.name(of: entry.code) == entry.name)
            #expect(!entry.name.isEmpty)
            #expect(entry.name.first?.isWhitespace == false && entry.name.last?.isWhitespace == false)
        }
    }

    @Test func everyEUMemberStateIsListed() {
        let codes = Set(CountryCode.all.map(\.code))
        #expect(Set(Self.euMemberStates).isSubset(of: codes))
    }

    /// Lowercase, with the accented letters that occur in the names folded.
    private static func readingOrderKey(_ name: String) -> String {
        let folds: [Character: Character] = ["å": "a", "ç": "c", "é": "e", "ô": "o", "ü": "u"]
        return String(name.lowercased().map { folds[$0] ?? $0 })
    }

    @Test func isSortedByNameIgnoringCaseAndAccents() {
        let keys = CountryCode.all.map { Self.readingOrderKey($0.name) }
        #expect(keys == keys.sorted())
        #expect(CountryCode.all.prefix(3).map(\.name) == ["Afghanistan", "Åland Islands", "Albania"])
        #expect(CountryCode.all.last?.name == "Zimbabwe")
    }

    @Test(arguments: [
        ("Costa Rica", "Côte d'Ivoire"),
        ("Côte d'Ivoire", "Croatia"),
        ("Curaçao", "Cyprus"),
        ("Réunion", "Romania"),
        ("Saint Barthélemy", "Saint Helena, Ascension and Tristan da Cunha"),
        ("Tunisia", "Türkiye"),
        ("Türkiye", "Turkmenistan"),
        ("United Arab Emirates", "United Kingdom"),
    ])
    func placesNamesInReadingOrder(_ earlier: String, _ later: String) throws {
        let names = CountryCode.all.map(\.name)
        let first = try #require(names.firstIndex(of: earlier))
        let second = try #require(names.firstIndex(of: later))
        #expect(first < second)
    }
}
