/// Why a staff token could not be created or revoked. Descriptions are meant for people (the
/// command line prints them) and never contain a token or its hash.
public enum StaffTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name breaks the rules of `StaffName`; the reason says which.
    case invalidName(String)
    /// An active token already has this name.
    case nameInUse(String)
    /// No active token has this name.
    case notFound(String)

    public var description: String {
        switch self {
        case .invalidName(let reason):
            return "invalid staff name: \(reason)"
        case .nameInUse(let name):
            return "an active staff token named \(name) already exists; revoke it first or choose another name"
        case .notFound(let name):
            return "no active staff token named \(name)"
        }
    }
}
