/// The entity tag of a case: its latest event's hash, so it changes with every change to the case.
/// `If-Match` is compared strongly (RFC 9110, 13.1.1): a weak tag never matches.
public enum EntityTag {
    public static func of(lastEventHash: String) -> String { "\"\(lastEventHash)\"" }

    /// Whether an `If-Match` field value accepts the current tag: `*`, or a list holding it.
    public static func ifMatch(_ header: String, accepts current: String) -> Bool {
        var rest = Substring(header)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            if rest.isEmpty { return false }
            if rest.hasPrefix("*") { return true }
            let isWeak = rest.hasPrefix("W/")
            if isWeak { rest = rest.dropFirst(2) }
            guard rest.hasPrefix("\""), let close = rest.dropFirst().firstIndex(of: "\"") else { return false }
            let tag = rest[rest.startIndex...close]
            if !isWeak, tag == current { return true }
            rest = rest[rest.index(after: close)...]
        }
    }
}
