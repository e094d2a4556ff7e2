import JSON
import Portal
import Testing

/// A documentation version is checked against the form and its model, with every error by path.
@Suite struct DocumentationValidationTests {
    typealias Fixture = DocumentationFixture

    /// The errors of `body`, or none when it is valid.
    func errors(_ body: JSONValue, model: ModelRecord = Fixture.model) -> [FieldError] {
        switch DocumentationValidator.validate(body, for: model) {
        case .success: []
        case .failure(.invalid(let errors)): errors
        case .failure(let other): [FieldError("?", other.description)]
        }
    }

    func fields(_ body: JSONValue) -> [String] { errors(body).map(\.field) }

    @Test func aCompleteVersionIsAcceptedCleanedAndKeptInTheFormsOrder() throws {
        var values = Fixture.values
        values["model_name"] = "  Example   Model 1 \n"
        values["licence_url"] = " https://example.ai/terms "
        let content = try DocumentationValidator.validate(Fixture.body(values, publicFields: ["licence_url", "model_name"]),
                                                          for: Fixture.model).get()
        #expect(content.values["model_name"] == "Example Model 1")
        #expect(content.values["licence_url"] == "https://example.ai/terms")
        #expect(content.values.keys == DocumentationForm.keys)
        #expect(content.publicFields == ["model_name", "licence_url"], "public fields in the form's order")
        #expect(content.values["training_compute_flops"] == .number("3.8e24"), "numbers keep their literal")
    }

    @Test func onlyTheRequiredFieldsAreEnough() {
        #expect(errors(Fixture.body(Fixture.requiredValues, publicFields: [])).isEmpty)
        #expect(Fixture.requiredValues.count < Fixture.values.count)
    }

    @Test func eachMissingRequiredFieldIsReportedAtItsPath() {
        let found = errors(Fixture.body([:], publicFields: []))
        let required = DocumentationForm.fields.filter(\.required).map { "values." + $0.key }
        #expect(found.map(\.field) == required)
        #expect(found.first?.message == "Give the legal name of the provider: publication needs it.")
        #expect(found.contains(FieldError("values.union_market_release_date", "Give the Union market release date: publication needs it.")))
        // Null, blank text and an empty list count as missing.
        var values = Fixture.values
        values["model_name"] = .null
        values["intended_uses"] = "   "
        values["input_modalities"] = []
        #expect(fields(Fixture.body(values, publicFields: [])) == ["values.model_name", "values.input_modalities", "values.intended_uses"])
    }

    @Test func unknownKeysAreRefusedAtTheirPath() {
        var values = Fixture.values
        values["context_window"] = 100
        let body: JSONValue = .object(JSONObject([("values", .object(values)), ("public_fields", []), ("notes", "x")]))
        #expect(fields(body) == ["notes", "values.context_window"])
        #expect(errors(body).last?.message == "Remove this field: the Model Documentation Form has no field with this key.")
        #expect(fields("not an object") == [""])
        #expect(fields(["public_fields": []]) == ["values"])
    }

    @Test(arguments: [
        ("context_window_tokens", JSONValue.string("128000"), "values.context_window_tokens", "Give this as a whole number, without a fraction or exponent."),
        ("context_window_tokens", .number("1.5e5"), "values.context_window_tokens", "Give this as a whole number, without a fraction or exponent."),
        ("context_window_tokens", .number("0"), "values.context_window_tokens", "Give a whole number of at least 1."),
        ("training_compute_flops", .string("3.8e24"), "values.training_compute_flops", "Give this as a number, e.g. 1200 or 3.8e25."),
        ("training_energy_mwh", .number("-3"), "values.training_energy_mwh", "Give a number of 0 or more."),
        ("release_date", .string("2026-02-30"), "values.release_date", "Give a date that exists, as YYYY-MM-DD, e.g. 2026-03-01."),
        ("licence_url", .string("ftp://example.ai/terms"), "values.licence_url", "Enter a web address starting with http:// or https://."),
        ("licence_type", .string("gpl"), "values.licence_type",
         #"Choose one of "free_and_open_source", "open_weights_restricted", "proprietary", "other"."#),
        ("input_modalities", ["text", "smell"], "values.input_modalities[1]", #"Choose one of "text", "images", "audio", "video", "other"."#),
        ("input_modalities", ["text", "text"], "values.input_modalities[1]", #"Remove this item: "text" is already in the list."#),
        ("distribution_channels", ["API", 3], "values.distribution_channels[1]", "Give this as text."),
        ("distribution_channels", .string("API"), "values.distribution_channels", "Give this as a list of texts."),
        ("model_name", .number("1"), "values.model_name", "Give this as text."),
        ("model_name", .string(String(repeating: "x", count: 201)), "values.model_name", "Write at most 200 characters; you wrote 201."),
    ] as [(String, JSONValue, String, String)])
    func aValueOfTheWrongTypeIsReportedAtItsPath(key: String, value: JSONValue, path: String, message: String) {
        #expect(errors(Fixture.body(Fixture.setting(key, value), publicFields: [])) == [FieldError(path, message)])
    }

    @Test func publicFieldsNameOnlyFieldsForDownstreamProvidersThatHaveAValue() {
        let body = Fixture.body(Fixture.setting("max_output_tokens", nil),
                                publicFields: ["model_name", "training_compute_flops", "no_such_field", "max_output_tokens", "model_name"])
        #expect(errors(body) == [
            FieldError("public_fields[1]", #""training_compute_flops" is for the AI Office and national authorities only: it cannot be made public."#),
            FieldError("public_fields[2]", #"The Model Documentation Form has no field "no_such_field"."#),
            FieldError("public_fields[3]", #""max_output_tokens" has no value in this version: give one, or leave it out of public_fields."#),
            FieldError("public_fields[4]", #""model_name" is already in the list."#),
        ])
        let notAList: JSONValue = ["values": .object(Fixture.values), "public_fields": "model_name"]
        #expect(fields(notAList) == ["public_fields"])
        let absent: JSONValue = ["values": .object(Fixture.values)]
        #expect(errors(absent).isEmpty, "public_fields is optional")
    }

    @Test func theVersionAndDatesMustBeTheModelsRegisteredOnes() {
        var values = Fixture.values
        values["model_version"] = "1.3"
        values["release_date"] = "2026-03-02"
        values["union_market_release_date"] = "2026-03-16"
        #expect(errors(Fixture.body(values)) == [
            FieldError("values.model_version", "Give the model's registered version, 1.2."),
            FieldError("values.release_date", "Give the model's registered release date, 2026-03-01."),
            FieldError("values.union_market_release_date", "Give the model's registered Union market release date, 2026-03-15."),
        ])
    }

    @Test func theParameterCountMustFallInTheParameterRange() {
        var values = Fixture.values
        values["parameter_count"] = 7_300_000_000
        #expect(errors(Fixture.body(values)) == [FieldError("values.parameter_range", #"The parameter count, 7300000000, falls in "1b_to_15b"."#)])
    }

    @Test func everyProblemIsReportedAtOnce() {
        var values = Fixture.setting("model_name", nil)
        values["context_window_tokens"] = "many"
        values["colour"] = "blue"
        #expect(fields(Fixture.body(values, publicFields: ["parameter_count"]))
                == ["values.colour", "values.model_name", "values.context_window_tokens", "public_fields[0]"])
    }

    @Test func thePathsCarryTheCallersPrefix() {
        let result = DocumentationValidator.validate(Fixture.body(Fixture.setting("context_window_tokens", "x"), publicFields: []), for: Fixture.model,
                                                     prefix: "models[0].documentation[1].")
        #expect(result == .failure(.invalid([FieldError("models[0].documentation[1].values.context_window_tokens",
                                                        "Give this as a whole number, without a fraction or exponent.")])))
    }
}

/// Registering a model: its name, version and dates, and how long its documentation is kept.
@Suite struct ModelRecordTests {
    func errors(_ body: JSONValue) -> [FieldError] {
        switch ModelRecord.validate(body, createdAt: DocumentationFixture.now, createdBy: "root") {
        case .success: []
        case .failure(.invalid(let errors)): errors
        case .failure(let other): [FieldError("?", other.description)]
        }
    }

    @Test func aValidModelIsAcceptedWithItsRetentionDate() throws {
        let model = try ModelRecord.validate(DocumentationFixture.modelBody, createdAt: DocumentationFixture.now, createdBy: "root").get()
        #expect(model == DocumentationFixture.model)
        #expect(model.retainUntil.description == "2036-03-15")
    }

    @Test(arguments: ["example-model-1", "Example_Model.2", "a", String(repeating: "m", count: 100)])
    func modelNamesOfLettersDigitsDotsUnderscoresAndHyphensAreAccepted(name: String) {
        #expect(ModelRecord.isValidName(name))
    }

    @Test(arguments: ["", "example model", "modèle", "a/b", "a%20b", String(repeating: "m", count: 101)])
    func otherModelNamesAreRefused(name: String) {
        #expect(!ModelRecord.isValidName(name))
        var body = DocumentationFixture.modelBody.objectValue!
        body["name"] = .string(name)
        #expect(errors(.object(body)).map(\.field) == ["name"])
    }

    @Test func everyMissingOrWrongMemberIsReported() {
        #expect(errors([:]).map(\.field) == ["name", "version", "release_date", "union_market_release_date"])
        let wrong: JSONValue = ["name": "m", "version": "1", "release_date": "01/03/2026", "union_market_release_date": "2026-13-01", "size": 3]
        #expect(errors(wrong).map(\.field) == ["size", "release_date", "union_market_release_date"])
    }

    @Test func aUnionMarketReleaseBeforeTheReleaseIsRefused() {
        let body: JSONValue = ["name": "m", "version": "1", "release_date": "2026-03-01", "union_market_release_date": "2026-02-28"]
        #expect(errors(body) == [FieldError("union_market_release_date",
                                            "The Union market release cannot come before the release date, 2026-03-01.")])
    }

    @Test func documentationIsKeptTenYearsAfterTheUnionMarketReleaseAndNeverLess() {
        #expect(ModelRecord.retention(from: LocalDate(year: 2026, month: 3, day: 15)!) == LocalDate(year: 2036, month: 3, day: 15))
        #expect(ModelRecord.retention(from: LocalDate(year: 2028, month: 2, day: 29)!) == LocalDate(year: 2038, month: 3, day: 1))
        #expect(ModelRecord.retention(from: LocalDate(year: 2028, month: 2, day: 29)!) > LocalDate(year: 2038, month: 2, day: 28)!)
    }
}
