import JSON

/// A validated documentation request from a downstream provider (Transparency chapter, Measure 1.2):
/// who asks, for which AI system, about which model, and which Annex XII items or question.
public struct DocumentationRequest: Sendable, Equatable {
    /// Whether the AI system being built may be high-risk (AI Act Article 6).
    public enum HighRisk: String, Sendable, CaseIterable {
        case yes, no, unsure
    }

    public let organisationName: String
    public let country: String
    public let contactName: String
    /// Normalised (`EmailAddress.normalized`).
    public let contactEmail: String
    public let aiSystemName: String
    public let intendedPurpose: String
    public let highRisk: HighRisk
    public let model: String
    public let modelVersion: String
    /// Distinct, in the order given.
    public let items: [AnnexXIIItem]
    public let question: String?

    /// The canonical submission stored in `cases.submission`, in the shape of the JSON contract.
    public var json: JSONValue {
        var object = JSONObject([
            ("organisation", .object(JSONObject([("legal_name", .string(organisationName)), ("country", .string(country))]))),
            ("contact", .object(JSONObject([("name", .string(contactName)), ("email", .string(contactEmail))]))),
            ("ai_system", .object(JSONObject([("name", .string(aiSystemName)), ("intended_purpose", .string(intendedPurpose)),
                                              ("high_risk", .string(highRisk.rawValue))]))),
            ("model", .string(model)), ("model_version", .string(modelVersion)),
            ("items", .array(items.map { .string($0.rawValue) })),
        ])
        if let question { object["question"] = .string(question) }
        object["confidentiality_undertaking"] = .bool(true)
        return .object(object)
    }
}
