/// Why a time zone could not be loaded. `reason` is a complete sentence fragment for people
/// (e.g. `unknown time zone "Europe/Brusels"`), and is also the `description` the CLI prints.
public struct TimeZoneError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The identifier as it was requested (possibly hostile: show `reason`, which quotes it safely).
    public let identifier: String
    public let reason: String

    public init(identifier: String, reason: String) {
        self.identifier = identifier
        self.reason = reason
    }

    public var description: String { reason }

    /// `identifier` as a quoted Swift string literal — control characters escaped, at most 80 characters —
    /// so that a hostile identifier cannot forge log lines.
    static func quoted(_ identifier: String) -> String {
        let shown = identifier.count > 80 ? String(identifier.prefix(80)) + "…" : identifier
        return shown.debugDescription
    }

    static func invalidIdentifier(_ identifier: String) -> TimeZoneError {
        TimeZoneError(identifier: identifier, reason: "invalid time zone identifier \(quoted(identifier))")
    }

    static func unknown(_ identifier: String) -> TimeZoneError {
        TimeZoneError(identifier: identifier, reason: "unknown time zone \(quoted(identifier))")
    }
}
