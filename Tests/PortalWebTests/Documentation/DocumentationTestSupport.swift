import Foundation
import HTTPTestSupport
import Portal
import SQLite
import Testing

/// A JSON number written exactly as given (JSONSerialization would rewrite `3.8e24`).
struct NumberLiteral {
    let text: String
    init(_ text: String) { self.text = text }
}

/// Requests and checks for the documentation registry's end-to-end tests, with JSON written and
/// hashed by the test itself rather than by the portal's code.
enum DocumentationBody {
    static var model: [String: Any] { [
        "name": "example-model-1", "version": "1.2", "release_date": "2026-03-01", "union_market_release_date": "2026-03-15",
    ] }

    /// Every field of the form, with a value.
    static var values: [String: Any] { [
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
        "required_software": "API version 2026-03; Python SDK 3.x.",
        "training_process_description": "Pre-training on next-token prediction, then supervised fine-tuning and RLHF.",
        "training_design_rationale": "Chosen to balance quality and cost.",
        "training_data_types": ["text", "images"], "training_data_provenance": ["web_crawled", "synthetic"],
        "data_acquisition_methods": "The ExampleBot crawler, honouring robots.txt.",
        "training_data_size": "12 trillion tokens of text; 400 million images.",
        "training_data_scope": "Web text in 30 languages, 2010 to 2025.",
        "data_curation_methods": "Deduplication, quality classifiers, filtering of personal data.",
        "unsuitable_data_measures": "Hash matching of known illegal content; blocklists.",
        "bias_detection_measures": "Demographic audits of samples.",
        "training_duration_days": NumberLiteral("62.5"), "training_hardware": "8,192 accelerators.",
        "training_compute_flops": NumberLiteral("3.8e24"), "compute_measurement_methodology": "6 x parameters x tokens.",
        "training_energy_mwh": NumberLiteral("1287.5"),
    ] }

    static func documentation(_ values: [String: Any] = values, publicFields: [String]) -> [String: Any] {
        ["values": values, "public_fields": publicFields]
    }

    /// JSON text: keys sorted by their UTF-8 bytes when `sorted`, no whitespace, strings escaped
    /// as the portal escapes them (`IndependentChain.string`), numbers as written.
    static func encode(_ value: Any, sorted: Bool = true) -> String {
        switch value {
        case let literal as NumberLiteral: return literal.text
        case let text as String: return IndependentChain.string(text)
        case let flag as Bool: return flag ? "true" : "false"
        case let number as Int: return String(number)
        case let array as [Any]: return "[" + array.map { encode($0, sorted: sorted) }.joined(separator: ",") + "]"
        case let object as [String: Any]:
            let keys = sorted ? object.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } : Array(object.keys)
            return "{" + keys.map { IndependentChain.string($0) + ":" + encode(object[$0]!, sorted: sorted) }.joined(separator: ",") + "}"
        default: return "null"
        }
    }

    /// The SHA-256 the portal must record for version `number` of `model`: over
    /// `{"model","public_fields","values","version"}` in canonical form, as docs/documentation.md states it.
    static func expectedSHA256(model: String, number: Int, values: [String: Any], publicFields: [String]) -> String {
        let text = "{\"model\":" + encode(model) + ",\"public_fields\":" + encode(publicFields) + ",\"values\":" + encode(values)
            + ",\"version\":" + String(number) + "}"
        return TestSHA256.hex(Array(text.utf8))
    }
}

extension PortalTestServer {
    /// A request with a JSON body written by `DocumentationBody.encode`.
    func staffSend(_ method: String, _ path: String, _ body: [String: Any]?, as staff: StaffCredential?) throws -> RawHTTPResponse {
        var headers: [(String, String)] = []
        if let staff { headers.append(staff.authorization) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try send(method, path, headers: headers, body: body.map { Array(DocumentationBody.encode($0, sorted: false).utf8) })
    }

    /// Registers the model of `DocumentationBody.model` (or `body`), which must succeed.
    @discardableResult
    func registerModel(_ body: [String: Any] = DocumentationBody.model, as staff: StaffCredential,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let response = try staffSend("POST", "/api/v1/models", body, as: staff)
        try #require(response.status == 201, "\(response.status) \(response.text)", sourceLocation: sourceLocation)
        return try #require(response.jsonObject, sourceLocation: sourceLocation)
    }

    /// Publishes a version of `model`, which must succeed.
    @discardableResult
    func publish(_ model: String = "example-model-1", _ values: [String: Any] = DocumentationBody.values, publicFields: [String],
                 as staff: StaffCredential, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let response = try staffSend("POST", "/api/v1/models/\(model)/documentation",
                                     DocumentationBody.documentation(values, publicFields: publicFields), as: staff)
        try #require(response.status == 201, "\(response.status) \(response.text)", sourceLocation: sourceLocation)
        return try #require(response.jsonObject, sourceLocation: sourceLocation)
    }

    /// Changes the database behind the portal's back, as someone with write access to its file could:
    /// drops the registry's and the audit log's triggers on a connection of its own, then runs `sql`.
    func tamper(_ sql: String) throws {
        let connection = try Connection(path: database.path)
        try connection.execute("""
            DROP TRIGGER IF EXISTS documentation_versions_no_update; DROP TRIGGER IF EXISTS documentation_versions_no_delete;
            DROP TRIGGER IF EXISTS case_events_no_update
            """)
        try connection.run(sql)
        try connection.close()
    }
}
