@testable import HTTPServer
import Testing

@Suite struct RouterTests {
    /// A handler whose response names the route, so tests can tell which one ran.
    private static func named(_ name: String) -> Handler {
        { _ in Response.text(name) }
    }

    private static func run(_ match: Router.Match, _ method: String = "GET", _ target: String = "/") throws -> String {
        let route = try #require(match.route)
        let response = try route.handler(Request(method: method, target: target))
        return String(decoding: response.body, as: UTF8.self)
    }

    @Test func literalRouteMatchesItsExactPathOnly() throws {
        var router = Router()
        router.get("/health", Self.named("health"))
        router.get("/api/v1/cases", Self.named("cases"))
        let match = router.match(method: "GET", path: "/api/v1/cases")
        #expect(try Self.run(match) == "cases")
        #expect(match.parameters == [:])
        #expect(match.route?.pattern == "/api/v1/cases")
        #expect(try Self.run(router.match(method: "GET", path: "/health")) == "health")
        #expect(router.match(method: "GET", path: "/api/v1").isNotFound)
        #expect(router.match(method: "GET", path: "/api/v1/cases/extra").isNotFound)
        #expect(router.match(method: "GET", path: "/HEALTH").isNotFound, "paths are case-sensitive")
    }

    @Test func parameterSegmentsArePercentDecoded() throws {
        var router = Router()
        router.get("/cases/:id/notes/:note", Self.named("note"))
        let match = router.match(method: "GET", path: "/cases/a%20b%2Fc/notes/%C3%A9t%C3%A9")
        #expect(try Self.run(match) == "note")
        #expect(match.parameters == ["id": "a b/c", "note": "été"])
        #expect(router.match(method: "GET", path: "/cases/7/notes/x+y").parameters == ["id": "7", "note": "x+y"],
                "+ is only a space in queries")
    }

    @Test func parameterNeverMatchesAnEmptySegmentOrABrokenEscape() {
        var router = Router()
        router.get("/cases/:id", Self.named("case"))
        #expect(router.match(method: "GET", path: "/cases/").isNotFound)
        #expect(router.match(method: "GET", path: "/cases").isNotFound)
        #expect(router.match(method: "GET", path: "/cases/%zz").isNotFound)
        #expect(router.match(method: "GET", path: "/cases/%C3").isNotFound, "not UTF-8 once decoded")
        #expect(router.match(method: "GET", path: "/cases/1/2").isNotFound)
    }

    @Test func literalSegmentsInAPatternCompareTheRawPath() {
        var router = Router()
        router.get("/cases/:id/edit", Self.named("edit"))
        #expect(router.match(method: "GET", path: "/cases/1/edit").route != nil)
        #expect(router.match(method: "GET", path: "/cases/1/%65dit").isNotFound)
        #expect(router.match(method: "GET", path: "/cases/1/Edit").isNotFound)
    }

    @Test func headFallsBackToGet() throws {
        var router = Router()
        router.get("/page", Self.named("page"))
        router.get("/items/:id", Self.named("item"))
        let literal = router.match(method: "HEAD", path: "/page")
        #expect(literal.route?.method == "GET")
        let pattern = router.match(method: "HEAD", path: "/items/3")
        #expect(pattern.route?.method == "GET")
        #expect(pattern.parameters == ["id": "3"])
    }

    @Test func explicitHeadRouteWinsOverGet() {
        var router = Router()
        router.get("/page", Self.named("get"))
        router.add("HEAD", "/page", Self.named("head"))
        #expect(router.match(method: "HEAD", path: "/page").route?.method == "HEAD")
        #expect(router.match(method: "GET", path: "/page").route?.method == "GET")
    }

    @Test func headDoesNotFallBackToAnythingButGet() {
        var router = Router()
        router.post("/form", Self.named("post"))
        #expect(router.match(method: "HEAD", path: "/form").allow == ["OPTIONS", "POST"])
    }

    @Test func wrongMethodIs405WithTheAllowList() {
        var router = Router()
        router.get("/cases", Self.named("list"))
        router.post("/cases", Self.named("create"))
        router.add("DELETE", "/cases/:id", Self.named("delete"))
        router.get("/cases/:id", Self.named("show"))
        #expect(router.match(method: "PUT", path: "/cases").allow == ["GET", "HEAD", "OPTIONS", "POST"])
        #expect(router.match(method: "OPTIONS", path: "/cases").allow == ["GET", "HEAD", "OPTIONS", "POST"])
        #expect(router.match(method: "PATCH", path: "/cases/9").allow == ["DELETE", "GET", "HEAD", "OPTIONS"])
        #expect(router.match(method: "get", path: "/cases").allow != nil, "methods are case-sensitive")
    }

    @Test func allowListHasHeadOnlyWhenGetExistsAndAlwaysOptions() {
        #expect(Router.allowList(["POST"]) == ["OPTIONS", "POST"])
        #expect(Router.allowList(["GET"]) == ["GET", "HEAD", "OPTIONS"])
        #expect(Router.allowList(["GET", "OPTIONS", "HEAD"]) == ["GET", "HEAD", "OPTIONS"])
        #expect(Router.allowList([String]()) == ["OPTIONS"])
    }

    @Test func unknownPathIs404() {
        var router = Router()
        #expect(router.match(method: "GET", path: "/").isNotFound, "an empty router finds nothing")
        router.get("/a", Self.named("a"))
        router.get("/b/:x", Self.named("b"))
        #expect(router.match(method: "GET", path: "/c").isNotFound)
        #expect(router.match(method: "POST", path: "/c/1").isNotFound)
        #expect(router.match(method: "GET", path: "/").isNotFound)
    }

    @Test func trailingSlashIsADifferentPath() {
        var router = Router()
        router.get("/cases", Self.named("no slash"))
        router.get("/files/", Self.named("slash"))
        router.get("/items/:id", Self.named("item"))
        #expect(router.match(method: "GET", path: "/cases/").isNotFound)
        #expect(router.match(method: "GET", path: "/files").isNotFound)
        #expect(router.match(method: "GET", path: "/files/").route?.pattern == "/files/")
        #expect(router.match(method: "GET", path: "/items/1/").isNotFound)
    }

    @Test func literalRouteWinsOverAPatternWhateverTheOrder() throws {
        var router = Router()
        router.get("/cases/:id", Self.named("pattern"))
        router.get("/cases/new", Self.named("literal"))
        router.get("/users/me", Self.named("me"))
        router.get("/users/:id", Self.named("user"))
        #expect(try Self.run(router.match(method: "GET", path: "/cases/new")) == "literal")
        #expect(try Self.run(router.match(method: "GET", path: "/cases/7")) == "pattern")
        #expect(try Self.run(router.match(method: "GET", path: "/users/me")) == "me")
        #expect(try Self.run(router.match(method: "GET", path: "/users/you")) == "user")
    }

    @Test func patternsAreTriedInRegistrationOrder() throws {
        var router = Router()
        router.get("/a/:x/c", Self.named("first"))
        router.get("/a/b/:y", Self.named("second"))
        #expect(try Self.run(router.match(method: "GET", path: "/a/b/c")) == "first")
        #expect(try Self.run(router.match(method: "GET", path: "/a/b/d")) == "second")
    }

    @Test func overlappingPatternsFallThroughToOneWithTheMethod() throws {
        var router = Router()
        router.get("/cases/:id", Self.named("show"))
        router.add("PATCH", "/cases/:caseID", Self.named("update"))
        let match = router.match(method: "PATCH", path: "/cases/7")
        #expect(try Self.run(match) == "update")
        #expect(match.parameters == ["caseID": "7"])
        #expect(router.match(method: "PUT", path: "/cases/7").allow == ["GET", "HEAD", "OPTIONS", "PATCH"],
                "Allow lists the methods of every pattern that matches the path")

        router.get("/a/:x/c", Self.named("get"))
        router.post("/a/b/:y", Self.named("post"))
        #expect(try Self.run(router.match(method: "POST", path: "/a/b/c")) == "post")
        #expect(router.match(method: "POST", path: "/a/b/c").parameters == ["y": "c"])
        #expect(try Self.run(router.match(method: "GET", path: "/a/b/c")) == "get")
        #expect(router.match(method: "DELETE", path: "/a/b/c").allow == ["GET", "HEAD", "OPTIONS", "POST"])
        #expect(router.match(method: "DELETE", path: "/a/z/c").allow == ["GET", "HEAD", "OPTIONS"])
    }

    @Test func registeringTheSameMethodAndPatternTwiceReplaces() throws {
        var router = Router()
        router.get("/page", Self.named("old"))
        router.get("/page", Self.named("new"))
        router.get("/cases/:id", Self.named("old pattern"))
        router.add("GET", "/cases/:id", execution: .eventLoop, Self.named("new pattern"))
        #expect(try Self.run(router.match(method: "GET", path: "/page")) == "new")
        let pattern = router.match(method: "GET", path: "/cases/1")
        #expect(try Self.run(pattern) == "new pattern")
        #expect(pattern.route?.execution == .eventLoop)
        #expect(router.routes.count == 2)
    }

    @Test func routesListsEveryRegisteredRoute() {
        var router = Router()
        router.get("/a", Self.named("a"))
        router.post("/a", bodyLimit: 1024, Self.named("post a"))
        router.get("/b/:id", Self.named("b"))
        router.add("DELETE", "/b/:id", Self.named("delete b"))
        router.get("/c/:x/d", execution: .eventLoop, Self.named("c"))
        let listed = router.routes.map { "\($0.method) \($0.pattern)" }.sorted()
        #expect(listed == ["DELETE /b/:id", "GET /a", "GET /b/:id", "GET /c/:x/d", "POST /a"])
        #expect(router.routes.first { $0.method == "POST" }?.bodyLimit == 1024)
        #expect(router.routes.first { $0.pattern == "/c/:x/d" }?.execution == .eventLoop)
        #expect(router.routes.first { $0.pattern == "/a" && $0.method == "GET" }?.execution == .workerPool)
    }

    @Test func rootPathIsALiteralRoute() {
        var router = Router()
        router.get("/", Self.named("root"))
        #expect(router.match(method: "GET", path: "/").route?.pattern == "/")
        #expect(router.match(method: "GET", path: "//").isNotFound)
    }
}
