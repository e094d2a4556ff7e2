/// The rules for a staff token's name, which is also the actor recorded on every change its
/// holder makes and the value of a case's assignee.
///
/// A name is 1 to 64 characters of `a`-`z`, `0`-`9`, `.`, `_` and `-`, starting with a letter or
/// a digit. `me` and `none` are reserved: in queue filters they mean "the caller" and "unassigned".
public enum StaffName {
    /// The longest name, in characters (all ASCII, so also in bytes).
    public static let maximumLength = 64

    /// Names that queue filters give a meaning of their own.
    public static let reserved: Set<String> = ["me", "none"]

    /// Why `name` cannot be a staff name, for people; nil when it can.
    public static func problem(with name: String) -> String? {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else { return "a staff name must not be empty" }
        guard bytes.count <= maximumLength else {
            return "a staff name must be at most \(maximumLength) characters long (this one has \(name.count))"
        }
        guard bytes.allSatisfy(isAllowed) else {
            return "a staff name may contain only lowercase letters a-z, digits 0-9, '.', '_' and '-'"
        }
        guard isLetterOrDigit(bytes[0]) else { return "a staff name must start with a letter a-z or a digit" }
        guard !reserved.contains(name) else {
            let meaning = name == "me" ? "the caller" : "unassigned"
            return "\"\(name)\" is reserved (in queue filters it means \(meaning)); choose another name"
        }
        return nil
    }

    /// Whether `name` can be a staff name.
    public static func isValid(_ name: String) -> Bool {
        problem(with: name) == nil
    }

    /// Throws `StaffTokenError.invalidName` with the reason unless `name` can be a staff name.
    public static func validate(_ name: String) throws(StaffTokenError) {
        if let reason = problem(with: name) { throw .invalidName(reason) }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
