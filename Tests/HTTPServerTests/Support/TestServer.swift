import Dispatch
import Synchronization
import HTTPTestSupport
import Testing
@testable import HTTPServer

/// What the test routes record, readable from the test while the server runs.
final class TestProbe: Sendable {
    /// How many `/slow` and `/blocked` handlers have started and finished.
    let handlersStarted = Atomic<Int>(0)
    let handlersFinished = Atomic<Int>(0)
    /// `/blocked` waits on this until the test releases it.
    let release = DispatchSemaphore(value: 0)
    /// What the server passed to `errorLog`.
    let errorLog = Mutex<[String]>([])
}

/// An error whose description must never reach a client.
struct InternalFailure: Error, CustomStringConvertible {
    var description: String { "secret-internal-detail: users table is corrupt" }
}

/// A `Server` on an ephemeral port with a small router, for end-to-end tests. Create one per
/// test and `stop()` it at the end (`defer`); stopping twice is harmless.
final class TestServer {
    let server: Server
    let probe: TestProbe
    private var shutdownStarted = false
    private var stopped = false

    var port: Int { server.port }

    /// - Parameters:
    ///   - slowDelay: how long `GET /slow` sleeps on the worker pool.
    ///   - configure: adjusts the test defaults (one event loop, two workers, no access log).
    init(slowDelay: Duration = .milliseconds(500), _ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        let probe = TestProbe()
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.accessLog = false
        configuration.eventLoops = 1
        configuration.workerThreads = 2
        configuration.errorLog = { message in probe.errorLog.withLock { $0.append(message) } }
        configure(&configuration)
        self.probe = probe
        server = try Server(configuration: configuration, router: Self.router(probe: probe, slowDelay: slowDelay))
    }

    deinit { stop() }

    /// Starts the graceful shutdown without waiting for it (the server's own `shutdown()`).
    func beginShutdown() {
        guard !shutdownStarted else { return }
        shutdownStarted = true
        server.shutdown()
    }

    /// Graceful shutdown (unless already begun), then waits for the loops to stop.
    func stop() {
        beginShutdown()
        guard !stopped else { return }
        stopped = true
        server.wait()
    }

    func connect() throws -> RawHTTPClient { try RawHTTPClient(port: port) }

    /// What `GET /large` answers: 256 KiB of a recognisable pattern.
    static let largeBody: [UInt8] = (0..<(256 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 251) }

    /// The routes every end-to-end test can use.
    static func router(probe: TestProbe, slowDelay: Duration) -> Router {
        var router = Router()
        router.add("GET", "/healthz", execution: .eventLoop) { _ in .text("ok") }
        router.add("GET", "/hello") { _ in .text("hello, world") }
        router.add("POST", "/echo") { request in
            Response(status: .ok, headers: [
                HTTPHeader("Content-Type", "application/octet-stream"),
                HTTPHeader("X-Body-Length", String(request.body.count)),
                HTTPHeader("X-Trailer-Seen", request.headers.contains("X-Checksum") ? "yes" : "no"),
            ], body: request.body)
        }
        router.add("GET", "/large") { _ in
            Response(status: .ok, headers: [HTTPHeader("Content-Type", "application/octet-stream")], body: TestServer.largeBody)
        }
        router.add("POST", "/count") { request in .text(String(request.body.count)) }
        router.add("POST", "/big", bodyLimit: 4 << 20) { request in .text(String(request.body.count)) }
        router.add("POST", "/small", bodyLimit: 1024) { request in .text(String(request.body.count)) }
        router.add("GET", "/slow") { _ in
            probe.handlersStarted.add(1, ordering: .sequentiallyConsistent)
            RawHTTPClient.pause(slowDelay)
            probe.handlersFinished.add(1, ordering: .sequentiallyConsistent)
            return .text("slow done")
        }
        router.add("GET", "/blocked") { _ in
            probe.handlersStarted.add(1, ordering: .sequentiallyConsistent)
            _ = probe.release.wait(timeout: .now() + 10)
            probe.handlersFinished.add(1, ordering: .sequentiallyConsistent)
            return .text("released")
        }
        router.add("GET", "/unsafe-headers") { _ in
            Response(status: .ok, headers: [
                HTTPHeader("X-Split", "a\r\nSet-Cookie: stolen=1"),
                HTTPHeader("X-Nul", "a\u{0}b"),
                HTTPHeader("Bad Name", "v"),
                HTTPHeader("Content-Length", "999"),
                HTTPHeader("Transfer-Encoding", "chunked"),
                HTTPHeader("Connection", "close"),
                HTTPHeader("Date", "yesterday"),
                HTTPHeader("X-Fine", "yes"),
            ], body: Array("body".utf8))
        }
        router.add("GET", "/fail") { _ in throw InternalFailure() }
        router.add("GET", "/conflict") { _ in throw HTTPError(.conflict, detail: "x") }
        router.add("GET", "/api/conflict") { _ in throw HTTPError(.conflict, detail: "x") }
        router.add("GET", "/api/fail") { _ in throw InternalFailure() }
        router.add("GET", "/api/items") { _ in .json(Array("[]".utf8)) }
        return router
    }
}

/// Shared steps of the end-to-end tests.
enum EndToEnd {
    /// A minimal valid request, used to show that bytes after a rejected request are never answered.
    static let followUp = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"

    /// Polls `condition` until it holds or `timeout` passes.
    static func waitUntil(timeout: Duration = .seconds(2), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            RawHTTPClient.pause(.milliseconds(2))
        }
        return condition()
    }

    /// Checks that the server, after its last response, announced `Connection: close` and then
    /// closed: end of stream (or reset) within 2 s, with no further bytes.
    static func expectClosed(_ response: RawHTTPResponse, on client: RawHTTPClient,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.announcesClose, "response lacks Connection: close", sourceLocation: sourceLocation)
        expectClosed(client, sourceLocation: sourceLocation)
    }

    /// Checks that the peer closes within 2 s without sending anything more.
    static func expectClosed(_ client: RawHTTPClient, sourceLocation: SourceLocation = #_sourceLocation) {
        let rest = client.readToEnd(timeout: .seconds(2))
        #expect(rest.closed, "connection still open 2 s after the response", sourceLocation: sourceLocation)
        #expect(rest.bytes.isEmpty, "unexpected bytes after the response: \(RawHTTPClient.show(rest.bytes))",
                sourceLocation: sourceLocation)
    }

    /// Sends `request` (plus, when `followUp` is set, a valid request in the same write) on a fresh
    /// connection and checks that the answer is `status`, that the connection is closed after it,
    /// and that the follow-up is never answered.
    @discardableResult
    static func expectRejected(_ request: String, status: Int, withFollowUp: Bool = true, server: TestServer,
                               sourceLocation: SourceLocation = #_sourceLocation) throws -> RawHTTPResponse {
        let client = try server.connect()
        defer { client.close() }
        try client.send(request + (withFollowUp ? followUp : ""))
        let response = try client.readResponse()
        #expect(response.status == status, "got \(response.status) \(response.reason)", sourceLocation: sourceLocation)
        expectClosed(response, on: client, sourceLocation: sourceLocation)
        return response
    }
}
