/// The items of AI Act Annex XII — the information a provider of a general-purpose AI model gives
/// downstream providers who integrate the model into their AI systems. A documentation request
/// names the items it wants; `DocumentationForm.fields(answering:)` gives the fields answering one.
public enum AnnexXIIItem: String, Sendable, Hashable, CaseIterable, Comparable {
    case item1a = "annex_xii_1a"
    case item1b = "annex_xii_1b"
    case item1c = "annex_xii_1c"
    case item1d = "annex_xii_1d"
    case item1e = "annex_xii_1e"
    case item1f = "annex_xii_1f"
    case item1g = "annex_xii_1g"
    case item1h = "annex_xii_1h"
    case item2a = "annex_xii_2a"
    case item2b = "annex_xii_2b"
    case item2c = "annex_xii_2c"

    /// How Annex XII numbers it: "1(a)" … "2(c)".
    public var number: String {
        let suffix = rawValue.dropFirst("annex_xii_".count)
        return "\(suffix.prefix(1))(\(suffix.dropFirst()))"
    }

    /// What the item asks for, in the Annex's words.
    public var text: String {
        switch self {
        case .item1a: "The tasks that the model is intended to perform and the type and nature of AI systems into which it can be integrated"
        case .item1b: "The acceptable use policies applicable"
        case .item1c: "The date of release and methods of distribution"
        case .item1d: "How the model interacts, or can be used to interact, with hardware or software that is not part of the model itself, where applicable"
        case .item1e: "The versions of relevant software related to the use of the model, where applicable"
        case .item1f: "The architecture and number of parameters"
        case .item1g: "The modality (e.g. text, image) and format of inputs and outputs"
        case .item1h: "The licence for the model"
        case .item2a: "The technical means (e.g. instructions for use, infrastructure, tools) required for the model to be integrated into AI systems"
        case .item2b: "The modality (e.g. text, image), format and maximum size (e.g. context window length) of inputs and outputs"
        case .item2c: "Information on the data used for training, testing and validation, where applicable, including the type and provenance of data and curation methodologies"
        }
    }

    /// In the Annex's order.
    public static func < (lhs: AnnexXIIItem, rhs: AnnexXIIItem) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
