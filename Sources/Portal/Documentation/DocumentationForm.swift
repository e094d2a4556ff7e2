import JSON

/// The Model Documentation Form of the GPAI Code of Practice (Transparency chapter, Measure 1.1)
/// as data: its fields, grouped by the form's sections, each with its type, whether publication
/// needs it, its audiences and the AI Act Annex XII item it answers.
///
/// Audiences follow the form: what Annex XII lists (general description, architecture and
/// parameter range, modalities and sizes, distribution, licence, use, integration, training data
/// type, provenance and curation) is for the AI Office, the national competent authorities and
/// downstream providers; the design specification, exact parameter count, training process, the
/// other data fields, computational resources and energy consumption are for the AI Office and
/// national competent authorities only.
///
/// Keys are stable: they are stored in published versions and named in requests and releases, so
/// a key is never renamed or given another meaning; fields are only added.
public enum DocumentationForm {
    /// Longest text of a short field (names, versions) and of a descriptive one.
    public static let shortText = 200
    public static let longText = 20_000

    public static let modalities: [DocumentationOption] = [
        DocumentationOption("text", "Text"), DocumentationOption("images", "Images"), DocumentationOption("audio", "Audio"),
        DocumentationOption("video", "Video"), DocumentationOption("other", "Other"),
    ]

    /// The parameter ranges of the form, with the bounds `parameter_count` must fall in.
    public static let parameterRanges: [(option: DocumentationOption, range: Range<Int>)] = [
        (DocumentationOption("under_1b", "Fewer than 1 billion"), 1..<1_000_000_000),
        (DocumentationOption("1b_to_15b", "1 to 15 billion"), 1_000_000_000..<15_000_000_000),
        (DocumentationOption("15b_to_50b", "15 to 50 billion"), 15_000_000_000..<50_000_000_000),
        (DocumentationOption("50b_to_100b", "50 to 100 billion"), 50_000_000_000..<100_000_000_000),
        (DocumentationOption("100b_to_500b", "100 to 500 billion"), 100_000_000_000..<500_000_000_000),
        (DocumentationOption("500b_to_1t", "500 billion to 1 trillion"), 500_000_000_000..<1_000_000_000_000),
        (DocumentationOption("over_1t", "1 trillion or more"), 1_000_000_000_000..<Int.max),
    ]

    public static let licenceTypes: [DocumentationOption] = [
        DocumentationOption("free_and_open_source", "Free and open-source licence"),
        DocumentationOption("open_weights_restricted", "Weights available under a licence with restrictions"),
        DocumentationOption("proprietary", "Proprietary licence or terms of service"),
        DocumentationOption("other", "Other"),
    ]

    public static let provenances: [DocumentationOption] = [
        DocumentationOption("web_crawled", "Web crawling"),
        DocumentationOption("licensed_from_third_parties", "Data licensed or obtained from third parties"),
        DocumentationOption("user_data", "Data from users or the provider's own services"),
        DocumentationOption("synthetic", "Synthetic data"),
        DocumentationOption("publicly_available_datasets", "Publicly available datasets"),
        DocumentationOption("other", "Other"),
    ]

    private static let authorities: Set<DocumentationAudience> = [.aiOffice, .nationalAuthorities]
    private static let downstream: Set<DocumentationAudience> = [.aiOffice, .nationalAuthorities, .downstreamProviders]

    /// Every field, in the form's order.
    public static let fields: [DocumentationField] = {
        var fields: [DocumentationField] = []
        var section = DocumentationSection.generalInformation
        func add(_ key: String, _ label: String, _ type: DocumentationFieldType, required: Bool = true,
                 authoritiesOnly: Bool = false, annex: AnnexXIIItem? = nil, _ hint: String) {
            fields.append(DocumentationField(key: key, label: label, hint: hint, section: section, type: type, required: required,
                                             audiences: authoritiesOnly ? authorities : downstream, annexXII: annex))
        }
        let short = DocumentationFieldType.text(maxLength: shortText)
        let long = DocumentationFieldType.text(maxLength: longText)

        section = .generalInformation
        add("provider_legal_name", "Legal name of the provider", short, "The provider's legal name, as registered.")
        add("model_name", "Model name", short, "The model's unique name, including the family it belongs to where there is one.")
        add("model_version", "Model version", short, "The version this documentation describes; the same as the model's registered version.")
        add("model_authenticity", "Model authenticity", long,
            "Evidence of the model's provenance and authenticity: a secure hash of the distributed weights, or the address of the endpoint that serves it.")
        add("release_date", "Release date", .date, annex: .item1c, "The date the model was first released anywhere; the model's registered release date.")
        add("union_market_release_date", "Union market release date", .date, annex: .item1c,
            "The date the model was placed on the Union market; the model's registered date. Documentation is kept for 10 years after it.")
        add("model_dependencies", "Model dependencies", .list(options: nil), required: false,
            "If the model is a modification or fine-tuning of other general-purpose AI models: each of them, with its version.")

        section = .modelProperties
        add("model_architecture", "Model architecture", long, annex: .item1f,
            "A general description of the architecture, e.g. a decoder-only transformer with a mixture of experts.")
        add("design_specification", "Design specification of the model", long, authoritiesOnly: true,
            "The key design choices of the model, with their rationale and assumptions.")
        add("input_modalities", "Input modalities", .list(options: modalities), annex: .item1g, "What the model takes as input.")
        add("output_modalities", "Output modalities", .list(options: modalities), annex: .item1g, "What the model produces.")
        add("input_output_formats", "Input and output formats", long, required: false, annex: .item1g,
            "The formats of inputs and outputs, e.g. UTF-8 text, PNG or JPEG images, structured JSON output.")
        add("context_window_tokens", "Maximum input size (context window, tokens)", .integer, annex: .item2b,
            "The longest input the model accepts, in tokens.")
        add("max_output_tokens", "Maximum output size (tokens)", .integer, required: false, annex: .item2b,
            "The longest output the model produces in one answer, in tokens.")
        add("parameter_range", "Number of parameters (range)", .choice(parameterRanges.map(\.option)), annex: .item1f,
            "The range the total number of parameters falls in.")
        add("parameter_count", "Total number of parameters", .integer, authoritiesOnly: true,
            "The total number of parameters, with at least two significant figures.")

        section = .distributionAndLicences
        add("distribution_channels", "Methods of distribution", .list(options: nil), annex: .item1c,
            "How the model is made available, e.g. a public API, enterprise or subscription access, downloadable weights, integrated products.")
        add("licence_type", "Licence type", .choice(licenceTypes), annex: .item1h, "The kind of licence the model is made available under.")
        add("licence_url", "Licence", .url, annex: .item1h, "The address of the licence or terms under which the model may be used.")

        section = .use
        add("acceptable_use_policy_url", "Acceptable use policy", .url, annex: .item1b, "The address of the acceptable use policy.")
        add("intended_uses", "Intended uses", long, annex: .item1a,
            "The tasks the model is intended to perform, and the uses that are restricted or prohibited.")
        add("ai_system_types", "Type and nature of AI systems", long, annex: .item1a,
            "The type and nature of the AI systems the model can be integrated into, e.g. chat assistants, document processing, agents.")
        add("integration_means", "Technical means for integration", long, annex: .item2a,
            "The instructions for use, infrastructure and tools needed to integrate the model into an AI system.")
        add("integration_documentation_url", "Instructions for use", .url, required: false, annex: .item2a,
            "The address of the technical documentation for integrators.")
        add("required_hardware", "Required hardware", long, required: false, annex: .item1d,
            "The hardware the model needs, where the integrator runs it.")
        add("external_interaction", "Interaction with other hardware and software", long, required: false, annex: .item1d,
            "How the model interacts, or can be used to interact, with hardware or software that is not part of it, e.g. tool use or function calling.")
        add("required_software", "Required software and versions", long, required: false, annex: .item1e,
            "The versions of the software needed to use the model, e.g. SDKs, inference libraries, API versions.")

        section = .trainingProcess
        add("training_process_description", "Design specification of the training process", long, authoritiesOnly: true,
            "The main steps of the training process, with the methods and techniques used, e.g. pre-training, fine-tuning, reinforcement learning from human feedback.")
        add("training_design_rationale", "Decision rationale", long, authoritiesOnly: true,
            "How and why the key design choices of the training were made.")

        section = .data
        add("training_data_types", "Data type and modality", .list(options: modalities), annex: .item2c,
            "The kinds of data used for training, testing and validation.")
        add("training_data_provenance", "Data provenance", .list(options: provenances), annex: .item2c, "Where the data came from.")
        add("data_acquisition_methods", "How the data was obtained and selected", long, authoritiesOnly: true,
            "The methods used to obtain and select the data, including a description of the crawlers used and their settings.")
        add("training_data_size", "Size of the data", long, authoritiesOnly: true,
            "The amount of data, in units suited to each modality, e.g. 15 trillion tokens of text.")
        add("training_data_scope", "Scope and main characteristics of the data", long, authoritiesOnly: true,
            "The domains, languages, geography and periods the data covers.")
        add("data_curation_methods", "Data curation methodologies", long, annex: .item2c,
            "How the data was cleaned, filtered, deduplicated and otherwise prepared.")
        add("unsuitable_data_measures", "Measures against unsuitable data", long, authoritiesOnly: true,
            "The measures taken to detect and remove unsuitable data, e.g. illegal content or personal data.")
        add("bias_detection_measures", "Measures to detect identifiable biases", long, authoritiesOnly: true,
            "The measures taken to detect and address identifiable biases in the data.")

        section = .computationalResources
        add("training_duration_days", "Training time (days)", .number, authoritiesOnly: true,
            "The wall-clock duration of training, in days.")
        add("training_hardware", "Training hardware", long, required: false, authoritiesOnly: true,
            "The kind and number of hardware units used for training.")
        add("training_compute_flops", "Computation used for training (FLOPs)", .number, authoritiesOnly: true,
            "The amount of computation used for training, in floating-point operations, at least to its order of magnitude, e.g. 3.8e25.")
        add("compute_measurement_methodology", "Measurement methodology (computation)", long, authoritiesOnly: true,
            "How the amount of computation was measured or estimated.")

        section = .energyConsumption
        add("training_energy_mwh", "Energy used for training (MWh)", .number, required: false, authoritiesOnly: true,
            "The energy used for training, in megawatt-hours; an estimate where it was not measured.")
        add("energy_measurement_methodology", "Measurement methodology (energy)", long, required: false, authoritiesOnly: true,
            "How the energy was measured or estimated, and what it leaves out.")
        add("inference_compute_flops", "Benchmarked computation for inference (FLOPs)", .number, required: false, authoritiesOnly: true,
            "The computation used for inference on a stated benchmark task, in floating-point operations, with the task described in the methodology.")
        return fields
    }()

    private static let fieldsByKey: [String: DocumentationField] =
        Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0) })

    /// The field with this key, or nil.
    public static func field(_ key: String) -> DocumentationField? {
        fieldsByKey[key]
    }

    /// Every key, in the form's order.
    public static let keys: [String] = fields.map(\.key)

    /// The fields of each section, in the form's order.
    public static var sections: [(section: DocumentationSection, fields: [DocumentationField])] {
        DocumentationSection.allCases.map { section in (section, fields.filter { $0.section == section }) }
    }

    /// The fields that answer `item`.
    public static func fields(answering item: AnnexXIIItem) -> [DocumentationField] {
        fields.filter { $0.annexXII == item }
    }

    /// The fields meant for `audience` by default (none for `.public`, which is chosen per version).
    public static func fields(for audience: DocumentationAudience) -> [DocumentationField] {
        fields.filter { $0.audiences.contains(audience) }
    }

    /// The position of `key` in the form, for sorting keys in the form's order (unknown keys last).
    public static func position(of key: String) -> Int {
        positions[key] ?? Int.max
    }

    private static let positions: [String: Int] = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })

    /// `GET /api/v1/documentation-form`: the form, its audiences, the Annex XII items and every
    /// field by section.
    public static var json: JSONValue {
        .object(JSONObject([
            ("form", .string("Model Documentation Form")),
            ("source", .string("EU General-Purpose AI Code of Practice, Transparency chapter, Measure 1.1; AI Act Annex XII")),
            ("audiences", .array(DocumentationAudience.allCases.map { audience in
                .object(JSONObject([("value", .string(audience.rawValue)), ("label", .string(audience.label))]))
            })),
            ("annex_xii_items", .array(AnnexXIIItem.allCases.map { item in
                .object(JSONObject([("value", .string(item.rawValue)), ("number", .string(item.number)), ("text", .string(item.text)),
                                    ("fields", .array(fields(answering: item).map { .string($0.key) }))]))
            })),
            ("sections", .array(sections.map { entry in
                .object(JSONObject([("key", .string(entry.section.rawValue)), ("title", .string(entry.section.title)),
                                    ("fields", .array(entry.fields.map(\.json)))]))
            })),
        ]))
    }
}
