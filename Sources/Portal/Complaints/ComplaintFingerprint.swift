import Crypto
import JSON

/// The key under which complaints count as the same: the rightsholder's identity, the category
/// and the works (titles, types and identifiers, normalised and in any order). Matching keys flag
/// a possible repeat for a person to judge; nothing is rejected on it.
public enum ComplaintFingerprint {
    public static func of(_ complaint: Complaint) -> String {
        let works = complaint.works.map { work in
            TextNormalization.comparisonKey(work.title) + "|" + work.type.rawValue + "|"
                + TextNormalization.comparisonKey(work.identifier ?? "")
        }.sorted()
        let key: JSONValue = .object(JSONObject([
            ("category", .string(complaint.category.rawValue)),
            ("rightsholder", .string(TextNormalization.comparisonKey(complaint.rightsholderName))),
            ("works", .array(works.map { .string($0) })),
        ]))
        return SHA256.hexHash(key.serializedBytes(sortedKeys: true))
    }
}
