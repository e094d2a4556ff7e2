/// One response header field. Values that contain CR, LF or other control characters are
/// dropped when the response is written, so no handler can split a response.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of `name`, compared case-insensitively.
    public subscript(_ name: String) -> String? {
        first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
