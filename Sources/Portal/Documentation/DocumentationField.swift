import JSON

/// One allowed value of a `choice` field or of a `list` field with fixed options.
public struct DocumentationOption: Sendable, Hashable {
    /// What is sent and stored, e.g. `web_crawled`.
    public let value: String
    /// What a person reads, e.g. "Web crawling".
    public let label: String

    public init(_ value: String, _ label: String) {
        self.value = value
        self.label = label
    }
}

/// What a field's value is, and so how it is validated.
public enum DocumentationFieldType: Sendable, Hashable {
    /// Text, cleaned like every text of the portal (`TextNormalization.cleanText`), of at most
    /// `maxLength` characters.
    case text(maxLength: Int)
    /// A whole number of at least 1 (counts: tokens, parameters).
    case integer
    /// A non-negative decimal number, exponent allowed (`3.8e25`), kept exactly as written
    /// (FLOPs and MWh do not fit a whole number, or are estimates).
    case number
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// An absolute http(s) address (`WebURL`).
    case url
    /// A list of texts (at most `DocumentationFieldType.maxListItems`, each at most
    /// `maxListItemLength` characters); with options, each item is one of them, at most once.
    case list(options: [DocumentationOption]?)
    /// One of the options.
    case choice([DocumentationOption])

    public static let maxListItems = 50
    public static let maxListItemLength = 500

    /// The type's name in the JSON description of the form: `text`, `integer`, `number`, `date`,
    /// `url`, `list` or `choice`.
    public var name: String {
        switch self {
        case .text: "text"
        case .integer: "integer"
        case .number: "number"
        case .date: "date"
        case .url: "url"
        case .list: "list"
        case .choice: "choice"
        }
    }

    /// The allowed values of a `choice`, or of a `list` with options; nil otherwise.
    public var options: [DocumentationOption]? {
        switch self {
        case .choice(let options): options
        case .list(let options): options
        default: nil
        }
    }
}

/// One field of the Model Documentation Form: its stable key, its wording, its section, its type,
/// whether publication needs it, who it is meant for, and the Annex XII item it answers.
public struct DocumentationField: Sendable, Hashable {
    /// Stable snake_case key, used in `values` and in paths of errors (`values.<key>`).
    public let key: String
    public let label: String
    /// What to write, after the form's guidance.
    public let hint: String
    public let section: DocumentationSection
    public let type: DocumentationFieldType
    /// Whether a documentation version can be published without it.
    public let required: Bool
    /// Who the form means it for. Never contains `.public` (see `DocumentationAudience`).
    public let audiences: Set<DocumentationAudience>
    /// The Annex XII item it answers, if it answers one. Only fields meant for downstream
    /// providers answer one: Annex XII is what downstream providers receive.
    public let annexXII: AnnexXIIItem?

    public init(key: String, label: String, hint: String, section: DocumentationSection, type: DocumentationFieldType,
                required: Bool, audiences: Set<DocumentationAudience>, annexXII: AnnexXIIItem?) {
        self.key = key
        self.label = label
        self.hint = hint
        self.section = section
        self.type = type
        self.required = required
        self.audiences = audiences
        self.annexXII = annexXII
    }

    /// Whether the operator may add the public audience to this field: only fields meant for
    /// downstream providers may be published.
    public var mayBePublic: Bool { audiences.contains(.downstreamProviders) }

    /// The field's description in `GET /api/v1/documentation-form`.
    public var json: JSONValue {
        var object = JSONObject([("key", .string(key)), ("label", .string(label)), ("hint", .string(hint)),
                                 ("type", .string(type.name))])
        if case .text(let maxLength) = type { object["max_length"] = .number(maxLength) }
        if case .list = type {
            object["max_items"] = .number(DocumentationFieldType.maxListItems)
            object["max_item_length"] = .number(DocumentationFieldType.maxListItemLength)
        }
        if let options = type.options {
            object["options"] = .array(options.map { .object(JSONObject([("value", .string($0.value)), ("label", .string($0.label))])) })
        }
        object["required"] = .bool(required)
        object["audiences"] = .array(audiences.sorted().map { .string($0.rawValue) })
        object["may_be_public"] = .bool(mayBePublic)
        object["annex_xii"] = annexXII.map { .string($0.rawValue) } ?? .null
        return .object(object)
    }
}
