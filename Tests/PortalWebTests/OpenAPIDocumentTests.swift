import Foundation
import HTTPServer
import Portal
import PortalWeb
import SQLite
import Testing

/// Public/openapi.json against the code: every /api/ route of the router is described and nothing
/// else, every operation is complete, every `$ref` resolves, and the vocabularies match the enums.
@Suite struct OpenAPIDocumentTests {
    /// The repository's root, from this file's path (Tests/PortalWebTests/OpenAPIDocumentTests.swift).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let operationMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The document, parsed.
    func document() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.repository.appendingPathComponent("Public/openapi.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "openapi.json is not a JSON object")
    }

    /// The (method, path) pairs of every /api/ route, with `:param` written `{param}` as OpenAPI does.
    func routerOperations() throws -> Set<String> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Database(path: folder.appendingPathComponent("portal.sqlite").path, readers: 1)
        defer { database.close() }
        let migrator = try Migrator(directory: Self.repository.appendingPathComponent("Migrations").path)
        try migrator.migrate(database)
        let router = PortalRoutes.makeRouter(try PortalContext(database: database, migrator: migrator))
        let routes = router.routes.filter { $0.pattern.hasPrefix("/api/") && !["HEAD", "OPTIONS"].contains($0.method.uppercased()) }
        return Set(routes.map { route in
            let path = route.pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            return "\(route.method.uppercased()) \(path)"
        })
    }

    /// Every operation of the document: "METHOD /path" and the operation object.
    func documentOperations(_ document: [String: Any]) throws -> [(key: String, operation: [String: Any])] {
        let paths = try #require(document["paths"] as? [String: Any], "the document has no paths")
        var operations: [(key: String, operation: [String: Any])] = []
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            let item = try #require(item as? [String: Any], "paths[\(path)] is not an object")
            for method in Self.operationMethods {
                guard let operation = item[method] else { continue }
                let object = try #require(operation as? [String: Any], "\(method) \(path) is not an object")
                operations.append(("\(method.uppercased()) \(path)", object))
            }
        }
        return operations
    }

    @Test func everyAPIRouteIsDescribedAndNothingElse() throws {
        let routes = try routerOperations()
        let described = Set(try documentOperations(try document()).map(\.key)
            .filter { !$0.hasPrefix("HEAD ") && !$0.hasPrefix("OPTIONS ") })
        #expect(!routes.isEmpty, "the router has no /api/ routes")
        let undocumented = routes.subtracting(described).sorted()
        let unrouted = described.subtracting(routes).sorted()
        #expect(undocumented.isEmpty, "routes missing from Public/openapi.json: \(undocumented.joined(separator: ", "))")
        #expect(unrouted.isEmpty, "operations in Public/openapi.json without a route: \(unrouted.joined(separator: ", "))")
    }

    @Test func everyOperationIsCompleteAndEveryReferenceResolves() throws {
        let document = try document()
        #expect(document["openapi"] as? String == "3.1.0")
        var operationIDs: [String: String] = [:]
        for (key, operation) in try documentOperations(document) {
            if let id = operation["operationId"] as? String, !id.isEmpty {
                #expect(id.range(of: "^[a-z][A-Za-z0-9]*$", options: .regularExpression) != nil, "\(key): operationId \(id) is not camelCase")
                if let other = operationIDs[id] { Issue.record("operationId \(id) is used by \(other) and \(key)") }
                operationIDs[id] = key
            } else {
                Issue.record("\(key) has no operationId")
            }
            #expect((operation["summary"] as? String)?.isEmpty == false, "\(key) has no summary")
            #expect((operation["tags"] as? [String])?.isEmpty == false, "\(key) has no tags")
            let responses = operation["responses"] as? [String: Any] ?? [:]
            #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(key) has no 2xx response")
        }

        var references: [String] = []
        Self.collectReferences(in: document, into: &references)
        #expect(!references.isEmpty)
        for reference in Set(references).sorted() {
            #expect(Self.resolve(reference, in: document) != nil, "$ref \(reference) does not resolve")
        }
    }

    @Test func vocabulariesMatchTheSwiftEnums() throws {
        let document = try document()
        let complaint = try #require(Self.schema(at: "#/components/schemas/Complaint", in: document))
        let properties = try #require(complaint["properties"] as? [String: Any])

        /// The schema itself, or the one its `$ref` points to.
        func resolved(_ schema: Any?) -> [String: Any]? {
            guard let schema = schema as? [String: Any] else { return nil }
            return (schema["$ref"] as? String).flatMap { Self.schema(at: $0, in: document) } ?? schema
        }
        func enumValues(_ schema: Any?, _ what: String) -> [String] {
            guard let resolved = resolved(schema) else {
                Issue.record("no schema for \(what)")
                return []
            }
            guard let values = resolved["enum"] as? [String] else {
                Issue.record("the schema for \(what) has no enum of strings")
                return []
            }
            return values
        }

        let complainant = resolved(properties["complainant"])
        let workSchema = resolved((properties["works"] as? [String: Any])?["items"])

        #expect(enumValues(properties["category"], "category") == ComplaintCategory.allCases.map(\.rawValue))
        #expect(enumValues((complainant?["properties"] as? [String: Any])?["role"], "complainant.role")
                == ComplainantRole.allCases.map(\.rawValue))
        #expect(enumValues((workSchema?["properties"] as? [String: Any])?["type"], "works[].type") == WorkType.allCases.map(\.rawValue))
        #expect(enumValues((workSchema?["properties"] as? [String: Any])?["rights_reservation"], "works[].rights_reservation")
                == RightsReservation.allCases.map(\.rawValue))

        // The contact point lists the same categories.
        let contact = try #require(Self.schema(at: "#/components/schemas/Contact", in: document))
        let categories = ((contact["properties"] as? [String: Any])?["complaint_categories"] as? [String: Any])?["items"] as? [String: Any]
        #expect(enumValues((categories?["properties"] as? [String: Any])?["value"], "complaint_categories[].value")
                == ComplaintCategory.allCases.map(\.rawValue))

        // The roles that must name the rightsholder they act for.
        var roleConditions: [[String]] = []
        for case let branch as [String: Any] in complaint["allOf"] as? [Any] ?? [] {
            guard let then = branch["then"] as? [String: Any], (then["required"] as? [String])?.contains("rightsholder") == true,
                  let condition = branch["if"] as? [String: Any],
                  let role = (((condition["properties"] as? [String: Any])?["complainant"] as? [String: Any])?["properties"]
                      as? [String: Any])?["role"] as? [String: Any] else { continue }
            roleConditions.append(role["enum"] as? [String] ?? (role["const"] as? String).map { [$0] } ?? [])
        }
        #expect(roleConditions == [ComplainantRole.allCases.filter(\.actsForRightsholder).map(\.rawValue)],
                "Complaint should require rightsholder exactly for the roles that act for one")
    }

    // MARK: JSON helpers

    static func collectReferences(in value: Any, into references: inout [String]) {
        if let object = value as? [String: Any] {
            for (key, child) in object {
                if key == "$ref", let reference = child as? String { references.append(reference) }
                else { collectReferences(in: child, into: &references) }
            }
        } else if let array = value as? [Any] {
            for child in array { collectReferences(in: child, into: &references) }
        }
    }

    /// The value a same-document reference (`#/a/b`, RFC 6901 escapes) points to, or nil.
    static func resolve(_ reference: String, in document: [String: Any]) -> Any? {
        guard reference.hasPrefix("#") else { return nil }
        let pointer = reference.dropFirst()
        if pointer.isEmpty { return document }
        guard pointer.hasPrefix("/") else { return nil }
        var current: Any = document
        for token in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let key = (String(token).removingPercentEncoding ?? String(token))
                .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = current as? [String: Any], let next = object[key] {
                current = next
            } else if let array = current as? [Any], let index = Int(key), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }

    static func schema(at reference: String, in document: [String: Any]) -> [String: Any]? {
        resolve(reference, in: document) as? [String: Any]
    }
}
