#if canImport(Glibc)
import Glibc
#endif
import HTTPTestSupport
import Testing
@testable import HTTPServer

/// The connection cap and graceful shutdown.
@Suite struct LifecycleEndToEndTests {
    @Test func connectionOverTheCapIsClosedAtOnceAndTheCapFreesUp() throws {
        let server = try TestServer {
            $0.maxConnections = 4
            $0.eventLoops = 2  // the cap counts across loops
        }
        defer { server.stop() }
        var clients: [RawHTTPClient] = []
        for _ in 0..<4 {
            let client = try server.connect()
            try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            clients.append(client)
        }
        #expect(server.server.openConnections == 4)

        // The fifth: accepted by the kernel, then closed by the server without a response. The
        // header timeout is 10 s, so a close within 2 s is the cap, not a timeout.
        let extra = try server.connect()
        let rest = extra.readToEnd(timeout: .seconds(2))
        #expect(rest.closed, "connection over the cap was left open")
        #expect(rest.bytes.isEmpty, "connection over the cap got bytes: \(RawHTTPClient.show(rest.bytes))")
        extra.close()

        // The four are unaffected.
        for client in clients {
            try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }

        // Closing one makes room for a new one.
        clients[0].close()
        #expect(EndToEnd.waitUntil { server.server.openConnections == 3 }, "server did not notice the close")
        let replacement = try server.connect()
        try replacement.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try replacement.readResponse(timeout: .seconds(2))
        #expect(response.status == 200)
        #expect(server.server.openConnections == 4)
    }

    @Test func gracefulShutdownFinishesTheInFlightRequestAndClosesTheRest() throws {
        let server = try TestServer(slowDelay: .milliseconds(500)) {
            $0.eventLoops = 2
            $0.drainTimeout = .seconds(5)
        }
        defer { server.stop() }
        let idle = try server.connect()
        try idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readResponse().status == 200)

        let busy = try server.connect()
        try busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        try #require(EndToEnd.waitUntil { server.probe.handlersStarted.load(ordering: .sequentiallyConsistent) == 1 },
                     "the slow handler never started")

        let start = ContinuousClock.now
        server.beginShutdown()

        // The idle keep-alive connection is closed without a response.
        let idleRest = idle.readToEnd(timeout: .seconds(2))
        #expect(idleRest.closed, "idle connection not closed by shutdown")
        #expect(idleRest.bytes.isEmpty)

        // New connections are refused once the listeners are closed.
        #expect(EndToEnd.waitUntil { RawHTTPClient.connectErrno(port: server.port) == ECONNREFUSED },
                "new connections still accepted after shutdown")

        // The request in flight still gets its answer, marked as the last on the connection.
        let response = try busy.readResponse(timeout: .seconds(3))
        #expect(response.status == 200)
        #expect(response.text == "slow done")
        EndToEnd.expectClosed(response, on: busy)
        busy.close()

        server.stop()
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(5), "wait() returned only after \(elapsed), past the drain timeout")
        #expect(server.probe.handlersFinished.load(ordering: .sequentiallyConsistent) == 1)
        #expect(server.server.openConnections == 0)
    }

    @Test func shutdownClosesRequestsStillRunningWhenTheDrainTimeoutEnds() throws {
        let server = try TestServer { $0.drainTimeout = .milliseconds(300) }
        defer {
            server.probe.release.signal()
            server.stop()
        }
        let busy = try server.connect()
        try busy.send("GET /blocked HTTP/1.1\r\nHost: x\r\n\r\n")
        try #require(EndToEnd.waitUntil { server.probe.handlersStarted.load(ordering: .sequentiallyConsistent) == 1 },
                     "the blocking handler never started")

        let start = ContinuousClock.now
        server.stop()
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(250), "wait() returned after \(elapsed), before the drain timeout")
        #expect(elapsed < .seconds(2), "wait() returned only after \(elapsed)")
        let rest = busy.readToEnd(timeout: .seconds(1))
        #expect(rest.closed, "connection left open after the drain timeout")
        #expect(rest.bytes.isEmpty, "a response was sent after the drain timeout: \(RawHTTPClient.show(rest.bytes))")

        // The handler finishes after its loop has gone: its answer must be dropped, and must not
        // be written anywhere (the loop's descriptors are closed and their numbers reused).
        // Socket pairs take the lowest free descriptor numbers, and a stray write to either end
        // shows up at the other.
        var ends: [Int32] = []
        for _ in 0..<16 {
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else { break }
            ends += pair
        }
        defer { for end in ends { close(end) } }
        server.probe.release.signal()
        #expect(EndToEnd.waitUntil { server.probe.handlersFinished.load(ordering: .sequentiallyConsistent) == 1 })
        // Calling shutdown again after wait() must not write anywhere either.
        server.server.shutdown()
        RawHTTPClient.pause(.milliseconds(50))  // give the worker time to post its answer, if it would
        for (index, end) in ends.enumerated() {
            var entry = pollfd(fd: end, events: Int16(POLLIN), revents: 0)
            #expect(poll(&entry, 1, 0) == 0, "a stopped server wrote into descriptor \(ends[index ^ 1])")
        }
    }
}
