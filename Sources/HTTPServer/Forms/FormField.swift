/// One name/value pair of an `application/x-www-form-urlencoded` body, both decoded.
/// Names are kept literally (`works[0].title` is just a name) and repeated names stay in body order.
public struct FormField: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
