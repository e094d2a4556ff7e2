import JSON
import Portal
import Testing

/// The Model Documentation Form as data: faithful to the Code's form and consistent with itself.
@Suite struct DocumentationFormTests {
    @Test func everyAnnexXIIItemIsAnsweredByAtLeastOneField() {
        for item in AnnexXIIItem.allCases {
            #expect(!DocumentationForm.fields(answering: item).isEmpty, "no field answers \(item.rawValue)")
        }
        #expect(AnnexXIIItem.allCases.map(\.rawValue) == [
            "annex_xii_1a", "annex_xii_1b", "annex_xii_1c", "annex_xii_1d", "annex_xii_1e", "annex_xii_1f", "annex_xii_1g",
            "annex_xii_1h", "annex_xii_2a", "annex_xii_2b", "annex_xii_2c",
        ])
    }

    @Test func noTrainingComputeOrEnergyFieldReachesDownstreamProviders() {
        let authoritiesOnly: [DocumentationSection] = [.trainingProcess, .computationalResources, .energyConsumption]
        for field in DocumentationForm.fields where authoritiesOnly.contains(field.section) {
            #expect(field.audiences == [.aiOffice, .nationalAuthorities], "\(field.key) reaches \(field.audiences)")
            #expect(!field.mayBePublic && field.annexXII == nil, "\(field.key)")
        }
        for key in ["training_compute_flops", "training_energy_mwh", "parameter_count", "design_specification", "data_acquisition_methods"] {
            #expect(DocumentationForm.field(key)?.audiences.contains(.downstreamProviders) == false, "\(key)")
        }
    }

    @Test func theFieldsTheFormMarksForDownstreamProvidersReachThem() {
        for key in ["provider_legal_name", "model_name", "model_version", "release_date", "union_market_release_date",
                    "model_dependencies", "model_architecture", "input_modalities", "output_modalities", "context_window_tokens",
                    "parameter_range", "distribution_channels", "licence_type", "acceptable_use_policy_url", "intended_uses",
                    "ai_system_types", "integration_means", "required_hardware", "required_software", "training_data_types",
                    "training_data_provenance", "data_curation_methods"] {
            #expect(DocumentationForm.field(key)?.audiences == [.aiOffice, .nationalAuthorities, .downstreamProviders], "\(key)")
        }
    }

    @Test func keysAreUniqueSnakeCase() {
        let keys = DocumentationForm.fields.map(\.key)
        #expect(Set(keys).count == keys.count)
        for key in keys {
            let bytes = Array(key.utf8)
            #expect((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) && bytes.last != UInt8(ascii: "_")
                    && bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") }
                    && !key.contains("__"), "\(key) is not snake_case")
        }
        #expect(DocumentationForm.keys == keys)
        #expect(keys.allSatisfy { DocumentationForm.field($0)?.key == $0 })
    }

    @Test func everyFieldIsForTheAuthoritiesAndNoneIsPublicByDefault() {
        for field in DocumentationForm.fields {
            #expect(field.audiences.isSuperset(of: [.aiOffice, .nationalAuthorities]), "\(field.key)")
            #expect(!field.audiences.contains(.public), "\(field.key)")
            #expect(field.mayBePublic == field.audiences.contains(.downstreamProviders))
        }
        #expect(DocumentationForm.fields(for: .public).isEmpty)
    }

    @Test func onlyFieldsMeantForDownstreamProvidersAnswerAnAnnexXIIItem() {
        for field in DocumentationForm.fields where field.annexXII != nil {
            #expect(field.audiences.contains(.downstreamProviders), "\(field.key) answers \(field.annexXII!.rawValue)")
        }
    }

    @Test func theFormHasItsEightSectionsInOrderAndAbout30To45Fields() {
        #expect(DocumentationForm.sections.map(\.section.rawValue) == [
            "general_information", "model_properties", "distribution_and_licences", "use", "training_process", "data",
            "computational_resources", "energy_consumption",
        ])
        #expect(DocumentationForm.sections.allSatisfy { !$0.fields.isEmpty })
        #expect((30...45).contains(DocumentationForm.fields.count))
        // Fields are listed section by section.
        let order = DocumentationForm.fields.map { DocumentationSection.allCases.firstIndex(of: $0.section)! }
        #expect(order == order.sorted())
    }

    @Test func theTypesAreTheOnesTheFormNeeds() {
        func type(_ key: String) -> String? { DocumentationForm.field(key)?.type.name }
        #expect(type("model_name") == "text")
        #expect(type("release_date") == "date" && type("union_market_release_date") == "date")
        #expect(type("context_window_tokens") == "integer")
        #expect(type("training_compute_flops") == "number", "FLOPs do not fit a 64-bit whole number")
        #expect(type("licence_url") == "url")
        #expect(type("input_modalities") == "list" && type("distribution_channels") == "list")
        #expect(type("parameter_range") == "choice" && type("licence_type") == "choice")
        for field in DocumentationForm.fields {
            if let options = field.type.options {
                #expect(!options.isEmpty && Set(options.map(\.value)).count == options.count, "\(field.key)")
            }
        }
    }

    @Test func parameterRangesFollowEachOtherWithoutGaps() {
        let ranges = DocumentationForm.parameterRanges.map(\.range)
        #expect(ranges.first?.lowerBound == 1)
        for (lower, upper) in zip(ranges, ranges.dropFirst()) { #expect(lower.upperBound == upper.lowerBound) }
    }

    @Test func theJSONDescriptionListsEverySectionFieldAudienceAndItem() throws {
        let json = DocumentationForm.json
        let sections = try #require(json["sections"]?.arrayValue)
        let fields = sections.flatMap { $0["fields"]?.arrayValue ?? [] }
        #expect(fields.compactMap { $0["key"]?.stringValue } == DocumentationForm.keys)
        let flops = try #require(fields.first { $0["key"] == "training_compute_flops" })
        #expect(flops["audiences"] == ["ai_office", "national_authorities"])
        #expect(flops["may_be_public"] == false && flops["annex_xii"] == .null && flops["type"] == "number")
        let window = try #require(fields.first { $0["key"] == "context_window_tokens" })
        #expect(window["audiences"] == ["ai_office", "national_authorities", "downstream_providers"])
        #expect(window["annex_xii"] == "annex_xii_2b" && window["required"] == true && window["may_be_public"] == true)
        let range = try #require(fields.first { $0["key"] == "parameter_range" })
        #expect(range["options"]?.arrayValue?.first?["value"] == "under_1b")
        #expect(json["audiences"]?.arrayValue?.compactMap { $0["value"]?.stringValue }
                == ["ai_office", "national_authorities", "downstream_providers", "public"])
        let items = try #require(json["annex_xii_items"]?.arrayValue)
        #expect(items.count == 11)
        #expect(items.first?["number"] == "1(a)" && items.last?["number"] == "2(c)")
        #expect(items.allSatisfy { ($0["fields"]?.arrayValue ?? []).count >= 1 })
    }
}
