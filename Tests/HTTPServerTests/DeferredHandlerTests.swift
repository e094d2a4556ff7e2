import Dispatch
import Foundation
import Synchronization
import HTTPTestSupport
import Testing
@testable import HTTPServer

/// An error whose description must not reach the client: a deferred failure with it answers 500.
private struct DeferredFailure: Error, CustomStringConvertible {
    var description: String { "deferred-secret-detail" }
}

/// Runs `body` on a new thread after `delay`.
private func later(_ delay: Duration = .milliseconds(50), _ body: @escaping @Sendable () -> Void) {
    let thread = Thread {
        RawHTTPClient.pause(delay)
        body()
    }
    thread.start()
}

/// A live server whose routes are deferred handlers.
private final class DeferredServer {
    let server: Server
    private var stopped = false
    var port: Int { server.port }

    init(eventLoops: Int = 1, workerThreads: Int = 2) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.accessLog = false
        configuration.eventLoops = eventLoops
        configuration.workerThreads = workerThreads
        configuration.errorLog = { _ in }
        server = try Server(configuration: configuration, router: DeferredHandlerTests.router())
    }

    deinit { stop() }

    func stop() {
        guard !stopped else { return }
        stopped = true
        server.shutdown()
        server.wait()
    }

    func connect() throws -> RawHTTPClient { try RawHTTPClient(port: port) }
}

/// The name of the calling thread ("http-loop-0", "http-worker-3", ...).
private func currentThreadName() -> String {
    ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Deferred routes (`Router.addDeferred`, `PendingResponse`) answered from other threads, over a socket.
@Suite struct DeferredHandlerTests {
    static func router() -> Router {
        var router = Router()
        router.add("GET", "/plain", execution: .eventLoop) { _ in .text("plain") }
        // Answered 50 ms later from another thread.
        router.addDeferred("GET", "/later/:id") { request, pending in
            let id = request.parameters["id"] ?? "?"
            later { pending.succeed(.text("later \(id)")) }
        }
        // Throws before answering: the error's status.
        router.addDeferred("GET", "/throws") { _, _ in throw HTTPError(.conflict, detail: "taken") }
        // Fails the pending response later with an arbitrary error: 500.
        router.addDeferred("GET", "/fails") { _, pending in
            later { pending.fail(DeferredFailure()) }
        }
        // Fails later with an HTTPResponseError: its status.
        router.addDeferred("GET", "/fails-http") { _, pending in
            later { pending.fail(HTTPError(.tooManyRequests)) }
        }
        // Releases the pending response without answering, at once.
        router.addDeferred("GET", "/drops") { _, _ in }
        // Releases it without answering, later, on another thread.
        router.addDeferred("GET", "/drops-later") { _, pending in
            later { withExtendedLifetime(pending) {} }
        }
        // Completes twice: only the first counts.
        router.addDeferred("GET", "/twice") { _, pending in
            later {
                pending.succeed(.text("first"))
                pending.succeed(.text("second"))
                pending.fail(DeferredFailure())
            }
        }
        // Completes synchronously, inside the handler, then again later.
        router.addDeferred("GET", "/twice-sync") { _, pending in
            pending.succeed(.text("sync first"))
            later(.milliseconds(10)) { pending.succeed(.text("late second")) }
        }
        // Echo with a varying delay (0–3 ms), from a global queue.
        router.addDeferred("GET", "/echo/:id") { request, pending in
            let id = request.parameters["id"] ?? "?"
            let delay = Int(id.split(separator: "-").last ?? "0").map { $0 % 4 } ?? 0
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay)) {
                pending.succeed(Response(status: .ok, headers: [HTTPHeader("X-Echo", id)], body: Array(id.utf8)))
            }
        }
        // Deferred routes run on the event loop: one answered synchronously, one from another thread.
        router.addDeferred("GET", "/loop-now/:id", execution: .eventLoop) { request, pending in
            pending.succeed(.text("now \(request.parameters["id"] ?? "?")"))
        }
        router.addDeferred("GET", "/loop-later/:id", execution: .eventLoop) { request, pending in
            let id = request.parameters["id"] ?? "?"
            later(.milliseconds(20)) { pending.succeed(.text("loop later \(id)")) }
        }
        router.addDeferred("GET", "/loop-throws", execution: .eventLoop) { _, _ in throw HTTPError(.forbidden) }
        // Completed from another thread with work that builds the answer: it runs on the loop.
        router.addDeferred("GET", "/built-where") { _, pending in
            later { pending.complete(building: { .text(currentThreadName()) }) }
        }
        router.addDeferred("GET", "/built-throws") { _, pending in
            later { pending.complete(building: { throw HTTPError(.gone) }) }
        }
        // Small bodies on the event loop, larger ones on a worker: answers the thread's name.
        router.addDeferred("POST", "/where", execution: .eventLoopForBodies(upTo: 16)) { _, pending in
            pending.succeed(.text(currentThreadName()))
        }
        router.add("POST", "/where-plain", execution: .eventLoopForBodies(upTo: 16)) { _ in .text(currentThreadName()) }
        router.addDeferred("POST", "/body") { request, pending in
            let count = request.body.count
            later(.milliseconds(5)) { pending.succeed(.text("got \(count)")) }
        }
        return router
    }

    private func get(_ target: String) -> String { "GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n" }

    @Test func deferredRouteCompletedFromAnotherThreadAnswersOverKeepAlive() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        try client.send(get("/later/a"))
        let first = try client.readResponse(timeout: .seconds(3))
        #expect(first.status == 200)
        #expect(first.text == "later a")
        #expect(!first.announcesClose)
        // The same connection serves the next request, deferred or not.
        try client.send(get("/later/b"))
        let second = try client.readResponse(timeout: .seconds(3))
        #expect(second.status == 200)
        #expect(second.text == "later b")
        try client.send(get("/plain"))
        #expect(try client.readResponse(timeout: .seconds(3)).text == "plain")
    }

    @Test func pipelinedDeferredRequestsAreAnsweredInOrder() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        try client.send(get("/later/1") + get("/plain") + get("/later/2") + "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        #expect(try client.readResponse(timeout: .seconds(3)).text == "later 1")
        #expect(try client.readResponse(timeout: .seconds(3)).text == "plain")
        #expect(try client.readResponse(timeout: .seconds(3)).text == "later 2")
        #expect(try client.readResponse(timeout: .seconds(3)).text == "got 5")
    }

    @Test func deferredHandlerThrowingSynchronouslyGetsTheErrorsStatus() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        try client.send(get("/throws"))
        let response = try client.readResponse(timeout: .seconds(3))
        #expect(response.status == 409)
        #expect(!response.announcesClose)
        try client.send(get("/plain"))
        #expect(try client.readResponse(timeout: .seconds(3)).status == 200)
    }

    @Test func failingThePendingResponseWithAnArbitraryErrorGets500() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        try client.send(get("/fails"))
        let response = try client.readResponse(timeout: .seconds(3))
        #expect(response.status == 500)
        #expect(!response.text.contains("deferred-secret-detail"))
        try client.send(get("/fails-http"))
        #expect(try client.readResponse(timeout: .seconds(3)).status == 429)
    }

    @Test func droppingThePendingResponseWithoutAnsweringGets500NotAHang() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        try client.send(get("/drops"))
        let now = try client.readResponse(timeout: .seconds(3))
        #expect(now.status == 500)
        try client.send(get("/drops-later"))
        let later = try client.readResponse(timeout: .seconds(3))
        #expect(later.status == 500)
        // The connection is still usable afterwards.
        try client.send(get("/plain"))
        #expect(try client.readResponse(timeout: .seconds(3)).text == "plain")
    }

    @Test func onlyTheFirstOfSeveralCompletionsIsSent() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        try client.send(get("/twice"))
        let first = try client.readResponse(timeout: .seconds(3))
        #expect(first.text == "first")
        // The next request gets its own answer, not the stale second completion.
        try client.send(get("/later/next"))
        let next = try client.readResponse(timeout: .seconds(3))
        #expect(next.text == "later next")

        try client.send(get("/twice-sync") + get("/later/after"))
        #expect(try client.readResponse(timeout: .seconds(3)).text == "sync first")
        #expect(try client.readResponse(timeout: .seconds(3)).text == "later after")
        // Nothing else arrives: the late completions were dropped.
        #expect(!client.hasInput(within: .milliseconds(200)))
    }

    @Test func manyConcurrentDeferredRequestsAllGetTheirOwnAnswers() throws {
        let server = try DeferredServer(eventLoops: 2, workerThreads: 4)
        defer { server.stop() }
        let connections = 32, requests = 20
        let port = server.port
        let mismatches = Mutex<[String]>([])
        let answered = Atomic<Int>(0)
        let group = DispatchGroup()
        for c in 0..<connections {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let client = try RawHTTPClient(port: port)
                    defer { client.close() }
                    // Half the connections pipeline two requests at a time.
                    var r = 0
                    while r < requests {
                        let batch = (c % 2 == 0 && r + 1 < requests) ? 2 : 1
                        let ids = (r..<(r + batch)).map { "c\(c)-\($0)" }
                        try client.send(ids.map { "GET /echo/\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
                        for id in ids {
                            let response = try client.readResponse(timeout: .seconds(5))
                            if response.status != 200 || response.text != id || response.header("X-Echo") != id {
                                mismatches.withLock { $0.append("\(id): \(response.status) \(response.text)") }
                            } else {
                                answered.add(1, ordering: .relaxed)
                            }
                        }
                        r += batch
                    }
                } catch {
                    mismatches.withLock { $0.append("connection \(c): \(error)") }
                }
            }
            thread.start()
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        #expect(mismatches.withLock { $0 }.isEmpty)
        let total = answered.load(ordering: .relaxed)
        #expect(total == connections * requests)
    }

    @Test func routeHandlerRunsADeferredRouteInProcessAndReturnsItsAnswer() throws {
        let router = Self.router()
        let match = router.match(method: "GET", path: "/later/x")
        let route = try #require(match.route)
        #expect(route.deferred != nil)
        var request = Request(method: "GET", target: "/later/x")
        request.parameters = match.parameters ?? [:]
        let response = try route.handler(request)
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == "later x")

        // Its failures surface as thrown errors.
        let throwing = try #require(router.match(method: "GET", path: "/throws").route)
        #expect(throws: HTTPError.self) { try throwing.handler(Request(method: "GET", target: "/throws")) }
        let failing = try #require(router.match(method: "GET", path: "/fails").route)
        #expect(throws: DeferredFailure.self) { try failing.handler(Request(method: "GET", target: "/fails")) }
        let dropping = try #require(router.match(method: "GET", path: "/drops").route)
        #expect(throws: (any Error).self) { try dropping.handler(Request(method: "GET", target: "/drops")) }
        // A plain route has no deferred handler.
        #expect(router.match(method: "GET", path: "/plain").route?.deferred == nil)
    }

    @Test func eventLoopDeferredRoutesWork() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        try client.send(get("/loop-now/1"))
        #expect(try client.readResponse(timeout: .seconds(3)).text == "now 1")
        try client.send(get("/loop-later/2"))
        #expect(try client.readResponse(timeout: .seconds(3)).text == "loop later 2")
        try client.send(get("/loop-throws"))
        #expect(try client.readResponse(timeout: .seconds(3)).status == 403)
        // Pipelined, mixed with worker-pool deferred routes.
        try client.send(get("/loop-now/3") + get("/later/4") + get("/loop-later/5") + get("/loop-now/6"))
        #expect(try client.readResponse(timeout: .seconds(3)).text == "now 3")
        #expect(try client.readResponse(timeout: .seconds(3)).text == "later 4")
        #expect(try client.readResponse(timeout: .seconds(3)).text == "loop later 5")
        #expect(try client.readResponse(timeout: .seconds(3)).text == "now 6")
    }

    @Test func routesForSmallBodiesRunOnTheEventLoopAndLargerOnesOnAWorker() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        for path in ["/where", "/where-plain"] {
            for (body, thread) in [("", "http-loop-"), (String(repeating: "x", count: 16), "http-loop-"),
                                   (String(repeating: "x", count: 17), "http-worker-")] {
                try client.send("POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                let answer = try client.readResponse(timeout: .seconds(3)).text
                #expect(answer.hasPrefix(thread), "\(path) with \(body.utf8.count) bytes ran on \(answer)")
            }
        }
    }

    @Test func anAnswerCompletedWithBuildingWorkIsBuiltOnTheEventLoop() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        try client.send(get("/built-where"))
        let answer = try client.readResponse(timeout: .seconds(3)).text
        #expect(answer.hasPrefix("http-loop-"), "built on \(answer)")
        try client.send(get("/built-throws"))
        #expect(try client.readResponse(timeout: .seconds(3)).status == 410)
        // In process, the waiting thread builds it.
        let route = try #require(DeferredHandlerTests.router().match(method: "GET", path: "/built-throws").route)
        #expect(throws: HTTPError.self) { try route.handler(Request(method: "GET", target: "/built-throws")) }
    }

    @Test func headOnADeferredGetRouteAnswersWithoutBody() throws {
        let server = try DeferredServer()
        defer { server.stop() }
        let client = try server.connect()
        defer { client.close() }
        try client.send("HEAD /later/h HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse(toHead: true, timeout: .seconds(3))
        #expect(response.status == 200)
        #expect(response.header("Content-Length") == "7")
        // No body bytes follow the head: the next response starts right away.
        try client.send(get("/plain"))
        #expect(try client.readResponse(timeout: .seconds(3)).text == "plain")
    }
}
