import JSON
import Portal

/// A registered model and a complete documentation version for it, as an operator would write them.
enum DocumentationFixture {
    /// 2026-11-28T10:12:00Z.
    static let now: Int64 = 1_795_860_720

    static let modelBody: JSONValue = [
        "name": "example-model-1", "version": "1.2", "release_date": "2026-03-01", "union_market_release_date": "2026-03-15",
    ]

    static var model: ModelRecord {
        ModelRecord(name: "example-model-1", version: "1.2", releaseDate: LocalDate(year: 2026, month: 3, day: 1)!,
                    unionMarketReleaseDate: LocalDate(year: 2026, month: 3, day: 15)!, createdAt: now, createdBy: "root")
    }

    /// Every field of the form with a valid value.
    static let values: JSONObject = [
        "provider_legal_name": "Example AI SE", "model_name": "Example Model 1", "model_version": "1.2",
        "model_authenticity": "SHA-256 of the weights archive: 3f5c0e7a; served at https://api.example.ai/v1",
        "release_date": "2026-03-01", "union_market_release_date": "2026-03-15",
        "model_dependencies": ["example-base-1 (2025-11)"],
        "model_architecture": "Decoder-only transformer with grouped-query attention.",
        "design_specification": "A dense model, chosen for predictable latency.",
        "input_modalities": ["text", "images"], "output_modalities": ["text"],
        "input_output_formats": "UTF-8 text; PNG and JPEG images; JSON output on request.",
        "context_window_tokens": 128000, "max_output_tokens": 8192,
        "parameter_range": "50b_to_100b", "parameter_count": 70_000_000_000,
        "distribution_channels": ["Public API", "Enterprise cloud marketplaces"],
        "licence_type": "proprietary", "licence_url": "https://example.ai/terms",
        "acceptable_use_policy_url": "https://example.ai/aup",
        "intended_uses": "General text assistance; not for medical diagnosis.",
        "ai_system_types": "Chat assistants, document summarisation, coding tools.",
        "integration_means": "A REST API with SDKs for Python and TypeScript.",
        "integration_documentation_url": "https://docs.example.ai/",
        "required_hardware": "None on the integrator's side: the model is served by the provider.",
        "external_interaction": "Function calling with JSON schemas.",
        "required_software": "API version 2026-03; Python SDK 3.x.",
        "training_process_description": "Pre-training on next-token prediction, then supervised fine-tuning and RLHF.",
        "training_design_rationale": "Chosen to balance quality and cost.",
        "training_data_types": ["text", "images"], "training_data_provenance": ["web_crawled", "licensed_from_third_parties", "synthetic"],
        "data_acquisition_methods": "The ExampleBot crawler, honouring robots.txt.",
        "training_data_size": "12 trillion tokens of text; 400 million images.",
        "training_data_scope": "Web text in 30 languages, 2010 to 2025.",
        "data_curation_methods": "Deduplication, quality classifiers, filtering of personal data.",
        "unsuitable_data_measures": "Hash matching of known illegal content; blocklists.",
        "bias_detection_measures": "Demographic audits of samples.",
        "training_duration_days": .number("62.5"), "training_hardware": "8,192 accelerators.",
        "training_compute_flops": .number("3.8e24"), "compute_measurement_methodology": "6 x parameters x tokens.",
        "training_energy_mwh": .number("1287.5"), "energy_measurement_methodology": "Metered at the data centre.",
        "inference_compute_flops": .number("1.4e14"),
    ]

    /// Only the fields publication needs.
    static var requiredValues: JSONObject {
        JSONObject(values.filter { DocumentationForm.field($0.key)?.required == true }.map { ($0.key, $0.value) })
    }

    static func body(_ values: JSONObject = values, publicFields: [String] = ["model_name", "context_window_tokens"]) -> JSONValue {
        .object(JSONObject([("values", .object(values)), ("public_fields", .array(publicFields.map { .string($0) }))]))
    }

    static func setting(_ key: String, _ value: JSONValue?) -> JSONObject {
        var copy = values
        copy[key] = value
        return copy
    }
}
