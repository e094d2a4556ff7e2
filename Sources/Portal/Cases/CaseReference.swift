/// Case references as people read and type them: a type prefix, the year, a sequence number
/// that restarts every year, e.g. `CPL-2026-000123`.
public enum CaseReference {
    public static func make(prefix: String, year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Whether `text` has the shape of a reference (before any lookup): PREFIX-YYYY-NNNNNN.
    public static func isWellFormed(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, (2...5).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }),
              parts[1].count == 4, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              (6...9).contains(parts[2].count), parts[2].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return true
    }
}
