import Foundation
import HTTPTestSupport
import Portal
import Testing

// Helpers for the end-to-end tests of the reviewer workflow (issue 4): staff tokens made the way
// the command line makes them, staff and complainant requests over the real socket, and checks
// of the audit chain that do not reuse the portal's own code.

/// A member of staff with the token the command line would have printed.
struct StaffCredential {
    let name: String
    let role: StaffRole
    let token: String

    var authorization: (String, String) { ("Authorization", "Bearer \(token)") }
}

/// A complaint as filed through the API: its reference and the status token of its receipt.
struct FiledComplaint {
    let reference: String
    let statusToken: String
    let receipt: [String: Any]
}

/// Seconds in a day and an hour, for moving the test clock.
enum Span {
    static let hour: Int64 = 3_600
    static let day: Int64 = 86_400
}

/// Bodies of the workflow's requests.
enum WorkflowBody {
    /// A reasoned decision of at least 50 characters, addressed to the complainant.
    static let decision = "We checked the crawl logs you named against our crawler's records and explain our findings here."

    static func close(_ outcome: String, decision: String = WorkflowBody.decision, actions: [[String: String]]? = nil,
                      duplicateOf: String? = nil, redress: String? = nil) -> [String: Any] {
        var body: [String: Any] = ["to": "closed", "outcome": outcome, "decision": decision]
        if let actions { body["actions"] = actions }
        if let duplicateOf { body["duplicate_of"] = duplicateOf }
        if let redress { body["redress"] = redress }
        return body
    }

    static let crawlerExclusion: [[String: String]] = [
        ["type": "crawler_exclusion", "text": "publisher.example added to the crawler exclusion list on 2026-12-01"],
    ]

    static func await(_ message: String = "Please send the server logs for October that show our crawler's user agent.") -> [String: Any] {
        ["to": "awaiting_complainant", "message": message]
    }

    static var review: [String: Any] { ["to": "in_review"] }
}

extension PortalTestServer {
    // MARK: Staff

    /// Creates a staff token as `compliance-portal token create` does.
    func staff(_ name: String, _ role: StaffRole) throws -> StaffCredential {
        let token = try StaffTokens(database: database).create(name: name, role: role, actor: "cli", at: clock.now)
        return StaffCredential(name: name, role: role, token: token)
    }

    func staffGet(_ path: String, as staff: StaffCredential?, headers: [(String, String)] = []) throws -> RawHTTPResponse {
        try send("GET", path, headers: (staff.map { [$0.authorization] } ?? []) + headers)
    }

    /// POST of a JSON body by `staff`, with `If-Match` when given.
    func staffPost(_ path: String, _ body: [String: Any], as staff: StaffCredential?, ifMatch: String? = nil) throws -> RawHTTPResponse {
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if let staff { headers.append(staff.authorization) }
        if let ifMatch { headers.append(("If-Match", ifMatch)) }
        return try send("POST", path, headers: headers, body: JSONBody.bytes(body))
    }

    /// POST /api/v1/cases/{reference}/transitions.
    func transition(_ reference: String, _ body: [String: Any], as staff: StaffCredential, ifMatch: String? = nil) throws -> RawHTTPResponse {
        try staffPost("/api/v1/cases/\(reference)/transitions", body, as: staff, ifMatch: ifMatch)
    }

    /// A transition that must succeed.
    @discardableResult
    func move(_ reference: String, _ body: [String: Any], as staff: StaffCredential,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let response: RawHTTPResponse
        do {
            response = try transition(reference, body, as: staff)
        } catch {
            Issue.record("POST /api/v1/cases/\(reference)/transitions to \(body["to"] ?? "?") got no answer: \(error)",
                         sourceLocation: sourceLocation)
            throw error
        }
        try #require(response.status == 200, "\(reference) \(body["to"] ?? ""): \(response.status) \(response.text)",
                     sourceLocation: sourceLocation)
        return try #require(response.jsonObject, sourceLocation: sourceLocation)
    }

    /// GET /api/v1/cases/{reference}, which must succeed.
    func caseDetail(_ reference: String, as staff: StaffCredential, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let response = try staffGet("/api/v1/cases/\(reference)", as: staff)
        try #require(response.status == 200, "\(response.status) \(response.text)", sourceLocation: sourceLocation)
        return try #require(response.jsonObject, sourceLocation: sourceLocation)
    }

    // MARK: The complainant

    /// Files a complaint through POST /api/v1/complaints.
    func fileComplaint(_ complaint: [String: Any] = ComplaintFixture.rightsholder(),
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> FiledComplaint {
        let response = try postComplaint(complaint)
        try #require(response.status == 201, "\(response.text)", sourceLocation: sourceLocation)
        let receipt = try #require(response.jsonObject, sourceLocation: sourceLocation)
        return FiledComplaint(reference: try #require(receipt["reference"] as? String, sourceLocation: sourceLocation),
                              statusToken: try #require(receipt["status_token"] as? String, sourceLocation: sourceLocation),
                              receipt: receipt)
    }

    /// GET /api/v1/status with the complaint's status token, which must succeed.
    func partyStatus(_ complaint: FiledComplaint, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let response: RawHTTPResponse
        do {
            response = try get("/api/v1/status", headers: [("Authorization", "Bearer \(complaint.statusToken)")])
        } catch {
            Issue.record("GET /api/v1/status got no answer: \(error)", sourceLocation: sourceLocation)
            throw error
        }
        try #require(response.status == 200, "\(response.status) \(response.text)", sourceLocation: sourceLocation)
        return try #require(response.jsonObject, sourceLocation: sourceLocation)
    }

    /// POST to a complainant route with the status token.
    func partyPost(_ path: String, _ body: [String: Any]?, _ complaint: FiledComplaint) throws -> RawHTTPResponse {
        var headers = [("Authorization", "Bearer \(complaint.statusToken)")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try send("POST", path, headers: headers, body: body.map { JSONBody.bytes($0) })
    }
}

// MARK: - Reading responses

extension Dictionary where Key == String, Value == Any {
    /// The `deadlines[]` entry of `kind`.
    func deadline(_ kind: String) -> [String: Any]? {
        (self["deadlines"] as? [[String: Any]])?.first { $0["kind"] as? String == kind }
    }

    var events: [[String: Any]] { self["events"] as? [[String: Any]] ?? [] }

    var eventTypes: [String] { events.compactMap { $0["type"] as? String } }

    /// The `items` of a queue page.
    var items: [[String: Any]] { self["items"] as? [[String: Any]] ?? [] }

    var itemReferences: [String] { items.compactMap { $0["reference"] as? String } }
}

// MARK: - The audit chain, checked independently

/// Recomputes event hashes with the test's own SHA-256 and its own canonical encoding, as the
/// issue defines it: SHA-256 over the previous hash, a newline, and the event as the object
/// `{"actor","case","occurred_at","payload","type"}` with sorted keys and minimal escaping.
enum IndependentChain {
    /// Checks that each event names the one before it and that its hash covers its content.
    static func expectChained(_ events: [[String: Any]], reference: String, startingAfter previous: String? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        var expectedPrevious = previous
        for event in events {
            let hash = event["hash"] as? String ?? ""
            let previousHash = event["previous_hash"] as? String ?? ""
            #expect(isLowercaseHex(hash, count: 64), "hash \(hash)", sourceLocation: sourceLocation)
            if let expectedPrevious {
                #expect(previousHash == expectedPrevious, "event \(event["id"] ?? "?") \(event["type"] ?? "?") does not follow the one before it",
                        sourceLocation: sourceLocation)
            }
            let canonical = "{\"actor\":" + string(event["actor"] as? String ?? "") + ",\"case\":" + string(reference)
                + ",\"occurred_at\":" + string(event["occurred_at"] as? String ?? "") + ",\"payload\":" + encode(event["payload"] as Any)
                + ",\"type\":" + string(event["type"] as? String ?? "") + "}"
            let recomputed = TestSHA256.hex(Array((previousHash + "\n" + canonical).utf8))
            #expect(recomputed == hash, "event \(event["id"] ?? "?") \(event["type"] ?? "?"): hash \(hash) is not SHA-256 of \(canonical)",
                    sourceLocation: sourceLocation)
            expectedPrevious = hash
        }
    }

    /// Canonical JSON: keys sorted by UTF-8 bytes, no whitespace.
    static func encode(_ value: Any) -> String {
        switch value {
        case is NSNull:
            return "null"
        case let text as String:
            return string(text)
        case let object as [String: Any]:
            let keys = object.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return "{" + keys.map { string($0) + ":" + encode(object[$0] as Any) }.joined(separator: ",") + "}"
        case let array as [Any]:
            return "[" + array.map(encode).joined(separator: ",") + "]"
        case let number as NSNumber:
            // The workflow's payloads hold whole numbers only (days, attachment ids).
            return String(number.int64Value)
        default:
            return "null"
        }
    }

    /// A JSON string with the portal's minimal escaping (`"`, `\`, controls, `</`).
    static func string(_ text: String) -> String {
        var out = "\""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case "/" where previous == "<": out += "\\/"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            previous = scalar
        }
        return out + "\""
    }
}

/// Builds an UTC instant like the API writes them.
func utc(_ seconds: Int64) -> String {
    let date = Date(timeIntervalSince1970: TimeInterval(seconds))
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
}
