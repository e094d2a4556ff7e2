import Foundation
import HTTPServer
import HTTPTestSupport
import Portal
import PortalWeb
import SQLite
import Synchronization
import Testing

/// A clock the test sets: the portal reads it for every submission.
final class TestClock: Sendable {
    /// 2026-11-28T10:12:00Z: with the demo targets (4 and 30 calendar days, Europe/Brussels) a
    /// complaint is to be acknowledged by 2026-12-02T22:59:59Z and answered by 2026-12-28T22:59:59Z.
    static let fixedNow: Int64 = 1_795_860_720

    private let seconds: Atomic<Int64>

    init(_ start: Int64 = TestClock.fixedNow) {
        seconds = Atomic(start)
    }

    var now: Int64 { seconds.load(ordering: .sequentiallyConsistent) }

    func advance(by delta: Int64) {
        seconds.add(delta, ordering: .sequentiallyConsistent)
    }
}

/// Messages collected from any thread.
final class MessageLog: Sendable {
    private let entries = Mutex<[String]>([])

    func append(_ message: String) { entries.withLock { $0.append(message) } }

    var messages: [String] { entries.withLock { $0 } }
}

/// Values collected from any thread.
final class Collected<Value: Sendable>: Sendable {
    private let entries = Mutex<[Value]>([])

    func append(_ value: Value) { entries.withLock { $0.append(value) } }

    var values: [Value] { entries.withLock { $0 } }
}

/// The repository's folders, found from this file's place in it.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // PortalWebTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let migrations: String = root.appendingPathComponent("Migrations").path
}

/// A real `Server` on 127.0.0.1 and an ephemeral port, serving `PortalRoutes.makeRouter` over a
/// fresh SQLite database migrated with the repository's Migrations folder. One per test; `stop()`
/// (or deinit) shuts it down and removes the database.
final class PortalTestServer {
    let folder: URL
    let database: Database
    let context: PortalContext
    let server: Server
    let clock: TestClock
    /// What the server passed to its error log (handler failures that became 500s).
    let errorLog = MessageLog()
    private var stopped = false

    var port: Int { server.port }

    init(settings: WebSettings = WebSettings(), configuration: OperatorConfiguration = .demo,
         clock: TestClock = TestClock()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try Database(path: folder.appendingPathComponent("portal.sqlite").path, readers: 2)
        let migrator = try Migrator(directory: Repository.migrations)
        _ = try migrator.migrate(database)
        self.clock = clock
        context = try PortalContext(database: database, migrator: migrator, configuration: configuration, settings: settings,
                                    now: { clock.now })
        var serverConfiguration = ServerConfiguration()
        serverConfiguration.host = "127.0.0.1"
        serverConfiguration.port = 0
        serverConfiguration.accessLog = false
        serverConfiguration.eventLoops = 1
        serverConfiguration.workerThreads = 4
        let errorLog = self.errorLog
        serverConfiguration.errorLog = { message in errorLog.append(message) }
        server = try Server(configuration: serverConfiguration, router: PortalRoutes.makeRouter(context))
    }

    deinit { stop() }

    func stop() {
        guard !stopped else { return }
        stopped = true
        server.shutdown()
        server.wait()
        database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: Requests

    /// Sends one request on a fresh connection (`Connection: close`) and reads the response.
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) throws -> RawHTTPResponse {
        try Self.send(port: port, method, path, headers: headers, body: body)
    }

    /// `send` for threads that hold only the port.
    static func send(port: Int, _ method: String, _ path: String, headers: [(String, String)] = [],
                     body: [UInt8]? = nil) throws -> RawHTTPResponse {
        let client = try RawHTTPClient(port: port)
        defer { client.close() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try client.send(Array(head.utf8) + (body ?? []))
        return try client.readResponse(timeout: .seconds(20))
    }

    func get(_ path: String, headers: [(String, String)] = []) throws -> RawHTTPResponse {
        try send("GET", path, headers: headers)
    }

    /// POST /api/v1/complaints with a JSON body.
    func postComplaint(_ body: [UInt8], contentType: String = "application/json",
                       headers: [(String, String)] = []) throws -> RawHTTPResponse {
        try send("POST", "/api/v1/complaints", headers: [("Content-Type", contentType)] + headers, body: body)
    }

    func postComplaint(_ complaint: [String: Any], headers: [(String, String)] = []) throws -> RawHTTPResponse {
        try postComplaint(JSONBody.bytes(complaint), headers: headers)
    }

    /// POST /api/v1/complaints as multipart/form-data.
    func postComplaint(_ multipart: MultipartBody, headers: [(String, String)] = []) throws -> RawHTTPResponse {
        try postComplaint(multipart.bytes, contentType: multipart.contentType, headers: headers)
    }

    // MARK: The database

    func rows(_ sql: String, _ bindings: [SQLValue] = []) throws -> [Row] {
        try database.read { try $0.query(sql, bindings) }
    }

    func count(_ table: String) throws -> Int {
        try database.read { try $0.scalar("SELECT count(*) FROM \(table)")?.intValue } ?? -1
    }

    var handlerErrors: [String] { errorLog.messages }
}

// MARK: - Bodies

enum JSONBody {
    static func bytes(_ object: Any) -> [UInt8] {
        // Sorted keys: the same object always gives the same bytes.
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}

/// A complaint as a JSON object, edited by field path ("works[0].title", "complainant.name").
enum ComplaintFixture {
    /// A complete complaint from a rightsholder acting for itself.
    static func rightsholder(title: String = "Le Livre") -> [String: Any] {
        [
            "complainant": ["role": "rightsholder", "name": "Jane Doe", "organisation": "Example Publishing SA",
                            "email": "jane@example.org", "country": "FR"] as [String: Any],
            "works": [["title": title, "type": "text", "identifier": "ISBN 978-2-1234-5680-3",
                       "location": "https://publisher.example/le-livre", "rights_reservation": "robots_txt"] as [String: Any]],
            "category": "robots_txt_ignored",
            "model": "example-model-1",
            "description": "Our robots.txt has disallowed the provider's crawler since March 2026; its user agent fetched 4,000 pages in October.",
            "evidence_urls": ["https://publisher.example/logs/2026-10.txt"],
            "observed_on": "2026-10-01",
            "declarations": ["good_faith": true, "accurate_and_complete": true] as [String: Any],
        ]
    }

    /// The example: a representative with a mandate from the rightsholder.
    static func representative() -> [String: Any] {
        var complaint = rightsholder()
        complaint = setting(complaint, "complainant.role", "representative")
        complaint = setting(complaint, "complainant.organisation", "Example Rights Agency")
        complaint["rightsholder"] = ["name": "Example Publishing SA",
                                     "mandate": "Exclusive mandate of 2026-01-15 to act for Example Publishing SA on text and data mining."]
        return complaint
    }

    /// `object` with the value at `path` replaced (or added).
    static func setting(_ object: [String: Any], _ path: String, _ value: Any) -> [String: Any] {
        edit(object, components(path)[...], value) as? [String: Any] ?? object
    }

    /// `object` without the value at `path`.
    static func removing(_ object: [String: Any], _ path: String) -> [String: Any] {
        edit(object, components(path)[...], nil) as? [String: Any] ?? object
    }

    private enum Component {
        case key(String)
        case index(Int)
    }

    /// "works[0].title" → key works, index 0, key title.
    private static func components(_ path: String) -> [Component] {
        var result: [Component] = []
        for piece in path.split(separator: ".") {
            var rest = Substring(piece)
            if let bracket = rest.firstIndex(of: "[") {
                result.append(.key(String(rest[..<bracket])))
                rest = rest[bracket...]
                while rest.first == "[", let close = rest.firstIndex(of: "]") {
                    result.append(.index(Int(rest[rest.index(after: rest.startIndex)..<close])!))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                result.append(.key(String(rest)))
            }
        }
        return result
    }

    private static func edit(_ node: Any, _ path: ArraySlice<Component>, _ value: Any?) -> Any {
        guard let first = path.first else { return value as Any }
        let rest = path.dropFirst()
        switch first {
        case .key(let key):
            var object = node as? [String: Any] ?? [:]
            if rest.isEmpty {
                object[key] = value
            } else {
                object[key] = edit(object[key] as Any, rest, value)
            }
            return object
        case .index(let index):
            var array = node as? [Any] ?? []
            if rest.isEmpty {
                if let value { array[index] = value } else { array.remove(at: index) }
            } else {
                array[index] = edit(array[index], rest, value)
            }
            return array
        }
    }
}

/// A multipart/form-data body built part by part.
struct MultipartBody {
    static let boundary = "portal-test-boundary-5f3c9a"

    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var bytes: [UInt8]
    }

    var parts: [Part]

    init(parts: [Part]) {
        self.parts = parts
    }

    var contentType: String { "multipart/form-data; boundary=\(Self.boundary)" }

    /// A `complaint` JSON part and then `files`, each as a file part named `files`.
    init(complaint: [String: Any], files: [(filename: String, contentType: String, bytes: [UInt8])] = []) {
        parts = []
        parts.append(Part(name: "complaint", filename: nil, contentType: "application/json", bytes: JSONBody.bytes(complaint)))
        for file in files {
            parts.append(Part(name: "files", filename: file.filename, contentType: file.contentType, bytes: file.bytes))
        }
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        for part in parts {
            var head = "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"" }
            head += "\r\n"
            if let type = part.contentType { head += "Content-Type: \(type)\r\n" }
            head += "\r\n"
            out += Array(head.utf8) + part.bytes + Array("\r\n".utf8)
        }
        out += Array("--\(Self.boundary)--\r\n".utf8)
        return out
    }
}

/// Small real files of each kind, for the evidence tests.
enum EvidenceSamples {
    /// A minimal but complete PDF (one empty page tree), ending in %%EOF.
    static let pdf: [UInt8] = Array("""
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """.utf8)

    /// A 1×1 RGBA PNG (67 bytes).
    static let png: [UInt8] = Array(Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)

    /// The start of a 64-bit little-endian ELF executable header.
    static let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + [UInt8](repeating: 0, count: 8)
        + [0x02, 0x00, 0x3E, 0x00, 0x01, 0x00, 0x00, 0x00] + [UInt8](repeating: 0, count: 40)

    /// A PDF of exactly `size` bytes (padding in a comment), so that only its size can be wrong.
    static func pdf(size: Int) -> [UInt8] {
        let head = Array("%PDF-1.4\n%".utf8), tail = Array("\n%%EOF\n".utf8)
        return head + [UInt8](repeating: UInt8(ascii: "x"), count: size - head.count - tail.count) + tail
    }
}

// MARK: - Responses

extension RawHTTPResponse {
    /// The body as a JSON object, or nil.
    var jsonObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// The `field` of each entry of a problem document's `errors`, in order.
    var errorFields: [String] {
        (jsonObject?["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    /// The message given for `field`.
    func errorMessage(for field: String) -> String? {
        (jsonObject?["errors"] as? [[String: Any]])?.first { $0["field"] as? String == field }?["message"] as? String
    }

    /// The media type without parameters, lowercased.
    var mediaType: String? {
        header("Content-Type").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
    }
}

// MARK: - SHA-256

/// FIPS 180-4 SHA-256, written out here so the tests check the portal's hashes independently.
enum TestSHA256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var data = message
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        let bits = UInt64(message.count) * 8
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        var w = [UInt32](repeating: 0, count: 64)
        for block in stride(from: 0, to: data.count, by: 64) {
            for t in 0..<16 {
                let i = block + t * 4
                w[t] = UInt32(data[i]) << 24 | UInt32(data[i + 1]) << 16 | UInt32(data[i + 2]) << 8 | UInt32(data[i + 3])
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for t in 0..<64 {
                let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
                let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (i, v) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
        }
        return h.map { word in
            let s = String(word, radix: 16)
            return String(repeating: "0", count: 8 - s.count) + s
        }.joined()
    }
}

/// Whether `text` is `count` lowercase hexadecimal digits.
func isLowercaseHex(_ text: String, count: Int) -> Bool {
    text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
}
