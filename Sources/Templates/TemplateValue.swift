/// The data a template is rendered with: a tree of strings, booleans, lists and objects.
///
/// Build values with literals:
///
/// ```swift
/// let context: TemplateValue = [
///     "title": "Make a complaint",
///     "count": 3,                       // integers render as their decimal text
///     "errors": [["field": "email", "message": "Enter an email address"]],
///     "signedIn": false,
/// ]
/// ```
///
/// How each case behaves, following the Mustache spec:
///
/// | value | `{{name}}` renders | `{{#name}}` section |
/// | --- | --- | --- |
/// | `.string(s)` | `s` (escaped) | once with `s` pushed, unless `s` is empty |
/// | `.bool(b)` | `true` / `false` | once when `true` (the value is pushed) |
/// | `.list(items)` | nothing | once per item, with the item pushed |
/// | `.object(members)` | nothing | once, with the object pushed |
/// | `.null` or missing | nothing | skipped |
///
/// Falsey values, which skip a section and render an inverted section `{{^name}}`,
/// are `.null`, a missing name, `.bool(false)`, an empty list and an empty string.
/// An empty object is truthy.
public indirect enum TemplateValue: Sendable, Equatable {
    /// Text; numbers are passed as their text (integer literals become `.string`).
    case string(String)
    /// A flag, typically used as a section condition.
    case bool(Bool)
    /// A list: a section over it repeats once per item.
    case list([TemplateValue])
    /// Named members, looked up by `{{name}}` and dotted names `{{a.b}}`.
    case object([String: TemplateValue])
    /// No value: renders nothing and is falsey.
    case null
}

extension TemplateValue {
    /// Whether a section `{{#…}}` over this value renders (and `{{^…}}` does not).
    ///
    /// `.null`, `.bool(false)`, an empty list and an empty string are falsey;
    /// everything else, including an empty object, is truthy.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        case .list(let items): !items.isEmpty
        case .string(let text): !text.isEmpty
        case .object: true
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral {
    /// A `.string` holding the literal.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension TemplateValue: ExpressibleByStringInterpolation {}

extension TemplateValue: ExpressibleByBooleanLiteral {
    /// A `.bool` holding the literal.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    /// A `.string` holding the integer's decimal text, e.g. `42` → `"42"`.
    public init(integerLiteral value: Int) {
        self = .string(String(value))
    }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    /// A `.list` of the elements, in order.
    public init(arrayLiteral elements: TemplateValue...) {
        self = .list(elements)
    }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// An `.object` of the members; if a key is repeated, the last value wins.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
