/// Why the documentation registry refused something. Descriptions are meant for people (the
/// command line prints them).
public enum DocumentationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request is incomplete or wrong: every problem, with its path.
    case invalid([FieldError])
    /// A model with this name (compared without regard to case) is already registered.
    case modelExists(String)
    /// No model has this name.
    case modelNotFound(String)
    /// The model has no documentation version with this number.
    case versionNotFound(model: String, version: Int)
    /// The version's stored content no longer matches the SHA-256 recorded when it was
    /// published: it must not be released. `detail` says what does not match.
    case tampered(model: String, version: Int, detail: String)

    public var description: String {
        switch self {
        case .invalid(let errors):
            return "invalid: " + errors.map(\.description).joined(separator: "; ")
        case .modelExists(let name):
            return "a model named \(name) already exists"
        case .modelNotFound(let name):
            return "no model named \(name)"
        case .versionNotFound(let model, let version):
            return "model \(model) has no documentation version \(version)"
        case .tampered(let model, let version, let detail):
            return "documentation version \(version) of \(model) failed its integrity check: \(detail)"
        }
    }
}
