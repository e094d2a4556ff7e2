/// One problem with one field of a submission, named by its path (`works[2].title`) so a form
/// can show it beside the field and an API client can point at it.
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
