import HTTPTestSupport
import Testing
@testable import HTTPServer

/// Timeouts, with short settings: slow heads get 408, idle connections are closed, slow bodies get 408.
@Suite struct TimeoutEndToEndTests {
    @Test func incompleteHeadGets408AfterTheHeaderTimeout() throws {
        let server = try TestServer { $0.headerTimeout = .milliseconds(300) }
        defer { server.stop() }
        let client = try server.connect()
        let start = ContinuousClock.now
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
        let response = try client.readResponse(timeout: .seconds(3))
        let elapsed = ContinuousClock.now - start
        #expect(response.status == 408)
        #expect(elapsed >= .milliseconds(200), "408 after only \(elapsed)")
        #expect(elapsed < .seconds(2), "408 took \(elapsed)")
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func headTrickledSlowlyStillGets408WithinTheHeaderTimeout() throws {
        let server = try TestServer { $0.headerTimeout = .milliseconds(300) }
        defer { server.stop() }
        let client = try server.connect()
        let start = ContinuousClock.now
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        // Slowloris: a byte every 30 ms keeps the connection busy but never completes the head.
        while ContinuousClock.now - start < .seconds(3) && !client.hasInput(within: .milliseconds(30)) {
            client.trySend([0x61])
        }
        let response = try client.readResponse(timeout: .seconds(1))
        let elapsed = ContinuousClock.now - start
        #expect(response.status == 408)
        #expect(elapsed < .seconds(2), "408 took \(elapsed)")
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func incompleteSecondHeadOnAKeepAliveConnectionGets408AfterTheHeaderTimeout() throws {
        let server = try TestServer {
            $0.headerTimeout = .milliseconds(300)
            $0.idleTimeout = .seconds(10)
        }
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        // Once a new head starts, the header timeout applies, not the (long) idle timeout.
        let start = ContinuousClock.now
        try client.send("GET /healthz HTTP/1.1\r\nHo")
        let response = try client.readResponse(timeout: .seconds(3))
        let elapsed = ContinuousClock.now - start
        #expect(response.status == 408)
        #expect(elapsed < .seconds(2), "408 took \(elapsed)")
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws {
        let server = try TestServer {
            $0.idleTimeout = .milliseconds(500)
            $0.headerTimeout = .seconds(5)
        }
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(!response.announcesClose)
        let start = ContinuousClock.now
        let rest = client.readToEnd(timeout: .seconds(3))
        let elapsed = ContinuousClock.now - start
        #expect(rest.closed, "idle connection still open after 3 s")
        #expect(rest.bytes.isEmpty, "an idle close must not send a response: \(RawHTTPClient.show(rest.bytes))")
        #expect(elapsed >= .milliseconds(300), "closed after only \(elapsed)")
        #expect(elapsed < .seconds(2), "closed only after \(elapsed)")
    }

    @Test func bodySlowerThanTheMinimumRateGets408() throws {
        let server = try TestServer {
            $0.minimumBodyBytesPerSecond = 10_000
            $0.bodyRateGracePeriod = .milliseconds(200)
            $0.headerTimeout = .seconds(5)
        }
        defer { server.stop() }
        let client = try server.connect()
        let start = ContinuousClock.now
        try client.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n0123456789")
        // About 30 bytes a second, far below the minimum.
        while ContinuousClock.now - start < .seconds(3) && !client.hasInput(within: .milliseconds(30)) {
            client.trySend([0x61])
        }
        let response = try client.readResponse(timeout: .seconds(1))
        let elapsed = ContinuousClock.now - start
        #expect(response.status == 408)
        #expect(elapsed >= .milliseconds(150), "408 after only \(elapsed)")
        #expect(elapsed < .seconds(2), "408 took \(elapsed)")
        EndToEnd.expectClosed(response, on: client)
    }

    @Test func clientThatStopsReadingIsDisconnectedAfterTheSendTimeout() throws {
        let server = try TestServer {
            $0.sendTimeout = .milliseconds(300)
            $0.idleTimeout = .seconds(10)
        }
        defer { server.stop() }
        let client = try server.connect()
        // 20 MiB of responses, more than the socket buffers hold, and the client reads none of it.
        let start = ContinuousClock.now
        try client.send(String(repeating: "GET /large HTTP/1.1\r\nHost: x\r\n\r\n", count: 80))
        try #require(client.hasInput(within: .seconds(2)), "no response started")
        #expect(server.server.openConnections == 1)
        #expect(EndToEnd.waitUntil(timeout: .seconds(3)) { server.server.openConnections == 0 },
                "a connection whose responses are not read stayed open")
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(250), "closed after only \(elapsed)")
    }

    @Test func headerTimeoutDoesNotCutOffABodyOrAHandlerInProgress() throws {
        let server = try TestServer(slowDelay: .milliseconds(500)) { $0.headerTimeout = .milliseconds(300) }
        defer { server.stop() }
        let client = try server.connect()
        // The body takes about 500 ms to arrive, well over the header timeout, at a fine rate.
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n")
        try client.sendInPieces(String(repeating: "b", count: 50), sizes: [10], pause: .milliseconds(120))
        let echoed = try client.readResponse(timeout: .seconds(3))
        #expect(echoed.status == 200)
        #expect(echoed.header("X-Body-Length") == "50")
        // The handler takes 500 ms, also over the header timeout.
        try client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        let slow = try client.readResponse(timeout: .seconds(3))
        #expect(slow.status == 200)
        #expect(slow.text == "slow done")
        #expect(!slow.announcesClose)
    }
}
