/// Who may receive a field of the Model Documentation Form.
///
/// The Code's form marks each field for the AI Office (AIO), the national competent authorities
/// (NCA) and/or downstream providers (DP): those are a field's fixed audiences
/// (`DocumentationField.audiences`). `public` is never a default: the operator adds it per
/// documentation version, field by field (`DocumentationVersion.publicFields`), and only to a field
/// meant for downstream providers — information kept for the authorities is never published.
public enum DocumentationAudience: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The EU AI Office (AI Act Articles 91 and 75(3)).
    case aiOffice = "ai_office"
    /// The national competent authorities.
    case nationalAuthorities = "national_authorities"
    /// Providers of AI systems who integrate the model (AI Act Article 53(1)(b), Annex XII).
    case downstreamProviders = "downstream_providers"
    /// Everyone: the public catalogue at `/models`, for the fields the operator chose to publish.
    case `public` = "public"

    /// In words, for pages and messages.
    public var label: String {
        switch self {
        case .aiOffice: "AI Office"
        case .nationalAuthorities: "National competent authorities"
        case .downstreamProviders: "Downstream providers"
        case .public: "The public (where the provider publishes it)"
        }
    }

    /// The order of `allCases`: authorities first, the public last.
    public static func < (lhs: DocumentationAudience, rhs: DocumentationAudience) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
