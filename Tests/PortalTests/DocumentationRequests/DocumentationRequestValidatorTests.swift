import JSON
import Portal
import Testing

@Suite struct DocumentationRequestValidatorTests {
    static let validator = DocumentationRequestValidator(models: ["example-model-1"])

    /// The request of the issue's JSON contract.
    static func valid() -> JSONObject {
        JSONObject([
            ("organisation", .object(JSONObject([("legal_name", .string("Example Systems GmbH")), ("country", .string("DE"))]))),
            ("contact", .object(JSONObject([("name", .string("Max Muster")), ("email", .string("max@systems.example"))]))),
            ("ai_system", .object(JSONObject([("name", .string("Claims assistant")),
                                              ("intended_purpose", .string("Summarising insurance claims for adjusters")),
                                              ("high_risk", .string("unsure"))]))),
            ("model", .string("example-model-1")), ("model_version", .string("1.2")),
            ("items", .array([.string("annex_xii_1a"), .string("annex_xii_1g"), .string("annex_xii_2b")])),
            ("question", .string("What is the maximum context length when the model is served through the batch API?")),
            ("confidentiality_undertaking", .bool(true)),
        ])
    }

    static func errors(_ object: JSONObject) -> [String] {
        switch validator.validate(.object(object)) {
        case .success: return []
        case .failure(let failure): return failure.errors.map(\.field)
        }
    }

    static func editing(_ section: String, _ key: String, _ value: JSONValue?) -> JSONObject {
        var object = valid()
        var nested = object[section]?.objectValue ?? JSONObject()
        nested[key] = value
        object[section] = .object(nested)
        return object
    }

    @Test func theContractsExampleIsAccepted() throws {
        let request = try Self.validator.validate(.object(Self.valid())).get()
        #expect(request.organisationName == "Example Systems GmbH")
        #expect(request.items == [.item1a, .item1g, .item2b])
        #expect(request.highRisk == .unsure)
        #expect(request.question != nil)
    }

    @Test(arguments: [("organisation", "legal_name"), ("organisation", "country"), ("contact", "name"), ("contact", "email"),
                      ("ai_system", "name"), ("ai_system", "intended_purpose"), ("ai_system", "high_risk")])
    func eachMissingNestedFieldIsNamedByItsPath(section: String, key: String) {
        #expect(Self.errors(Self.editing(section, key, nil)) == ["\(section).\(key)"])
    }

    @Test(arguments: ["organisation", "contact", "ai_system", "model", "model_version", "confidentiality_undertaking"])
    func eachMissingTopLevelFieldIsNamed(key: String) {
        var object = Self.valid()
        object[key] = nil
        #expect(Self.errors(object) == [key])
    }

    @Test func aFalseConfidentialityUndertakingIsRefused() {
        var object = Self.valid()
        object["confidentiality_undertaking"] = .bool(false)
        #expect(Self.errors(object) == ["confidentiality_undertaking"])
    }

    @Test func neitherItemsNorAQuestionIsRefusedOnItems() {
        var object = Self.valid()
        object["items"] = .array([])
        object["question"] = .null
        #expect(Self.errors(object) == ["items"])
    }

    @Test func aQuestionAloneOrItemsAloneAreEnough() {
        var questionOnly = Self.valid()
        questionOnly["items"] = .array([])
        #expect(Self.errors(questionOnly).isEmpty)
        var itemsOnly = Self.valid()
        itemsOnly["question"] = .string("   ")
        #expect(Self.errors(itemsOnly).isEmpty)
    }

    @Test func anUnknownOrRepeatedItemIsNamedByItsIndex() {
        var object = Self.valid()
        object["items"] = .array([.string("annex_xii_1a"), .string("annex_xii_1a"), .string("annex_xii_3z"), .number(4)])
        #expect(Self.errors(object) == ["items[1]", "items[2]", "items[3]"])
    }

    @Test func aQuestionOverFiveThousandCharactersIsRefused() {
        var object = Self.valid()
        object["question"] = .string(String(repeating: "q", count: 5_001))
        #expect(Self.errors(object) == ["question"])
    }

    @Test func unknownKeysAreRefusedAtEveryLevel() {
        var object = Self.editing("contact", "phone", .string("+49 30 1234"))
        object["priority"] = .string("urgent")
        #expect(Set(Self.errors(object)) == ["contact.phone", "priority"])
    }

    @Test func aModelThatIsNotOfferedIsRefused() {
        var object = Self.valid()
        object["model"] = .string("someone-elses-model")
        #expect(Self.errors(object) == ["model"])
    }

    @Test func aHighRiskAnswerOutsideYesNoUnsureIsRefused() {
        #expect(Self.errors(Self.editing("ai_system", "high_risk", .string("maybe"))) == ["ai_system.high_risk"])
    }

    @Test func aNonObjectBodyIsRefusedAsAWhole() {
        guard case .failure(let failure) = Self.validator.validate(.array([])) else {
            Issue.record("an array was accepted")
            return
        }
        #expect(failure.errors.map(\.field) == [""])
    }
}
