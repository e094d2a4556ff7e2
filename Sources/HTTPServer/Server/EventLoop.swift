import Synchronization

/// One thread's epoll loop: accepts on its own listening socket, reads, frames and answers
/// requests, hands blocking handlers to the worker pool and writes their answers when they
/// come back through `complete`.
///
/// Safety of `@unchecked Sendable`: every mutable property is read and written only on the
/// loop's own thread (inside `run`). Other threads use exactly two entry points, `post` and
/// `wake`, which go through a `Mutex` and an eventfd.
final class EventLoop: @unchecked Sendable {
    struct Completion: Sendable {
        let fd: Int32
        let generation: UInt64
        /// Builds the response, on the loop: a worker's is ready, a deferred handler's may still
        /// need building (so the thread that completed it only handed it on).
        let response: @Sendable () -> Response
    }

    private static let listenerTag = UInt64.max
    private static let wakeTag = UInt64.max - 1

    let index: Int
    private let shared: ServerShared
    private let epoll: Epoll
    private let wakeup: EventFD
    private var listener: FileDescriptor?
    private var listenerPaused = false
    private let completions = Mutex<[Completion]>([])
    /// Set, under this lock, when the loop has stopped and closed its eventfd: from then on
    /// `post` and `wake` must not write to that descriptor number, which the process may reuse.
    private let stopped = Mutex<Bool>(false)
    private let events = EpollEventBuffer(capacity: 256)

    private var connections: [Connection?] = []
    private var connectionCount = 0
    private var nextGeneration: UInt64 = 1
    private var dateHeader = DateHeaderCache()
    private var accessLog = AccessLog()
    private var now: UInt64 = MonotonicClock.now()
    private var nextSweep: UInt64 = 0
    private let sweepInterval: UInt64
    private var draining = false
    private var drainDeadline: UInt64 = 0

    private var configuration: ServerConfiguration { shared.configuration }

    init(index: Int, listener: FileDescriptor, shared: ServerShared) throws {
        self.index = index
        self.shared = shared
        self.listener = listener
        epoll = try Epoll()
        wakeup = try EventFD()
        let c = shared.configuration
        let shortest = [c.headerTimeout, c.idleTimeout, c.sendTimeout, c.bodyRateGracePeriod].map(\.nanoseconds).min() ?? 1_000_000_000
        sweepInterval = min(1_000_000_000, max(5_000_000, shortest / 4))
        try epoll.add(wakeup.descriptor, events: .readable, data: Self.wakeTag)
        try epoll.add(listener, events: .readable, data: Self.listenerTag)
    }

    // MARK: Cross-thread entry points

    /// Hands a worker's answer back to the loop (dropped once the loop has stopped). Only the
    /// first answer into an empty list signals the eventfd: the loop takes the whole list when it
    /// wakes, so answers completed together (one group commit's) cost one wake-up.
    func post(_ completion: Completion) {
        let first = completions.withLock { list -> Bool in
            list.append(completion)
            return list.count == 1
        }
        if first { wake() }
    }

    /// Makes the loop look at the shutdown flag and its completions; does nothing once it has stopped.
    func wake() {
        stopped.withLock { stopped in
            if !stopped { wakeup.signal() }
        }
    }

    // MARK: The loop

    func run() {
        while true {
            let timeout = draining ? 20 : Int32(max(1, (nextSweep &- min(now, nextSweep)) / 1_000_000))
            let count = events.wait(on: epoll, timeoutMilliseconds: timeout)
            now = MonotonicClock.now()
            for i in 0..<count {
                let data = events.data(at: i)
                let flags = events.flags(at: i)
                switch data {
                case Self.listenerTag: acceptConnections()
                case Self.wakeTag: handleWakeup()
                default:
                    guard let connection = connections[Int(data)] else { continue }
                    if !flags.isDisjoint(with: [.readHangup, .hangup, .error]) { connection.hangupSeen = true }
                    if flags.contains(.writable) { onWritable(connection) }
                    if !connection.isClosed && !flags.isDisjoint(with: [.readable, .readHangup, .hangup, .error]) {
                        readAvailable(connection)
                    }
                }
            }
            if now >= nextSweep {
                sweep()
                nextSweep = now + sweepInterval
            }
            accessLog.flush()
            if draining && (connectionCount == 0 || now >= drainDeadline) { break }
        }
        for case let connection? in connections { close(connection) }
        accessLog.flush()
        epoll.close()
        stopped.withLock { stopped in
            stopped = true
            wakeup.descriptor.close()
        }
    }

    private func handleWakeup() {
        wakeup.drain()
        let done = completions.withLock { list -> [Completion] in
            let taken = list
            list.removeAll(keepingCapacity: true)
            return taken
        }
        for completion in done {
            guard Int(completion.fd) < connections.count, let connection = connections[Int(completion.fd)],
                  connection.generation == completion.generation, connection.phase == .handling else { continue }
            finish(connection, completion.response())
            flush(connection)
            if connection.isClosed { continue }
            if connection.phase == .idle || connection.phase == .head { process(connection) }
            if !connection.isClosed && connection.readPending { readAvailable(connection) }
        }
        if shared.shutdownRequested.load(ordering: .acquiring) && !draining { beginDrain() }
    }

    // MARK: Accepting

    private func acceptConnections() {
        guard let listener, !draining else { return }
        for _ in 0..<64 {
            let accepted: (FileDescriptor, String)?
            do {
                accepted = try Socket.accept(listener)
            } catch {
                // Out of descriptors or memory: stop listening briefly instead of spinning.
                epoll.remove(listener)
                listenerPaused = true
                return
            }
            guard let (fd, address) = accepted else { return }
            let open = shared.openConnections.add(1, ordering: .relaxed).newValue
            if open > configuration.maxConnections {
                shared.openConnections.subtract(1, ordering: .relaxed)
                fd.close()
                continue
            }
            let connection = Connection(fd: fd, generation: nextGeneration, remoteAddress: address,
                                        deadline: now + configuration.headerTimeout.nanoseconds)
            nextGeneration += 1
            do {
                try epoll.add(fd, events: [.readable, .writable, .readHangup, .edgeTriggered], data: UInt64(fd.rawValue))
            } catch {
                shared.openConnections.subtract(1, ordering: .relaxed)
                fd.close()
                continue
            }
            let slot = Int(fd.rawValue)
            if slot >= connections.count { connections += Array(repeating: nil, count: max(slot + 1 - connections.count, connections.count)) }
            connections[slot] = connection
            connectionCount += 1
        }
    }

    // MARK: Reading and framing

    private func readAvailable(_ c: Connection) {
        while !c.isClosed {
            if c.lingering {
                drainLingering(c)
                return
            }
            if c.phase == .handling || c.phase == .closing || c.output.readableCount > 1 << 20 {
                c.readPending = true
                return
            }
            c.readPending = false
            let space = c.input.writableSpace(minimum: 4096)
            let n: Int
            do {
                n = try c.fd.read(into: space)
            } catch {
                if error == .wouldBlock { return }
                close(c)
                return
            }
            if n == 0 {
                c.peerClosed = true
                process(c)
                // A request that can no longer complete, or a quiet idle connection: close.
                if !c.isClosed && (c.phase == .idle || c.phase == .head || c.phase == .body) && c.output.isEmpty {
                    close(c)
                }
                return
            }
            c.input.didWrite(n)
            process(c)
            // A short read empties the receive queue (stream socket), unless a hang-up was
            // reported: then read on until the end of stream.
            if n < space.count && !c.hangupSeen { return }
        }
    }

    /// Frames as many complete requests as the input holds and answers those that can be
    /// answered on the loop; stops at one handed to a worker.
    private func process(_ c: Connection) {
        loop: while !c.isClosed {
            switch c.phase {
            case .handling, .closing:
                break loop
            case .idle, .head:
                if c.output.readableCount > 1 << 20 { c.readPending = true; break loop }
                if c.scanner.isFresh {
                    // Empty lines before a request are ignored (RFC 9112 §2.2).
                    while c.input.readableCount >= 2 && c.input.readable[0] == ASCII.cr && c.input.readable[1] == ASCII.lf {
                        c.input.consume(2)
                    }
                    if c.input.isEmpty || (c.input.readableCount == 1 && c.input.readable[0] == ASCII.cr) { break loop }
                }
                if c.phase == .idle {
                    c.phase = .head
                    c.deadline = now + configuration.headerTimeout.nanoseconds
                }
                let headLength: Int?
                do {
                    headLength = try c.scanner.scan(c.input.readable, limits: configuration.limits)
                } catch {
                    fail(c, error)
                    break loop
                }
                guard let headLength else { break loop }
                c.requestStartedAt = MonotonicClock.now()
                let parsed: RequestHead
                do {
                    parsed = try RequestHead.parse(UnsafeBufferPointer(rebasing: c.input.readable[0..<headLength]),
                                                   lineEnds: c.scanner.lineEnds)
                } catch {
                    fail(c, error)
                    break loop
                }
                c.input.consume(headLength)
                c.scanner.reset()
                c.head = parsed
                c.pendingMethod = parsed.method
                c.pendingVersion = parsed.version
                c.keepAlive = parsed.keepAlive
                c.match = parsed.path == "*" ? .notFound : shared.responder.router.match(method: parsed.method, path: parsed.path)
                c.pendingRoute = shared.responder.routeName(for: c.match)
                if case .found(let route, _) = c.match, let limit = route.bodyLimit {
                    c.bodyLimit = limit
                } else {
                    c.bodyLimit = configuration.defaultBodyLimit
                }
                switch parsed.framing {
                case .none:
                    dispatch(c, body: [])
                    continue loop
                case .length(let length):
                    if length > c.bodyLimit {
                        fail(c, ParseFailure(status: .contentTooLarge, reason: "Content-Length over limit"))
                        break loop
                    }
                case .chunked:
                    c.body = []
                }
                if parsed.expectsContinue && c.input.isEmpty {
                    c.output.append("HTTP/1.1 100 Continue\r\n\r\n")
                }
                c.phase = .body
                c.bodyStartedAt = now
            case .body:
                guard let head = c.head else { break loop }
                if case .length(let length) = head.framing {
                    guard c.input.readableCount >= length else { break loop }
                    let body = Array(UnsafeBufferPointer(rebasing: c.input.readable[0..<length]))
                    c.input.consume(length)
                    dispatch(c, body: body)
                } else {
                    do {
                        let used = try c.chunked.decode(c.input.readable, into: &c.body, limit: c.bodyLimit,
                                                        limits: configuration.limits)
                        c.input.consume(used)
                    } catch {
                        fail(c, error)
                        break loop
                    }
                    guard c.chunked.isDone else { break loop }
                    let body = c.body
                    c.body = []
                    dispatch(c, body: body)
                }
            }
        }
        flush(c)
    }

    /// Runs the request's handler here or on a worker.
    private func dispatch(_ c: Connection, body: [UInt8]) {
        guard let head = c.head else { return }
        let request = Request(method: head.method, target: head.target, path: head.path, query: head.query,
                              version: head.version, headers: head.fields, body: body, remoteAddress: c.remoteAddress)
        let match = c.match
        let responder = shared.responder
        if case .found(let route, let parameters) = match, let deferred = route.deferred {
            c.phase = .handling
            let fd = c.fd.rawValue
            let generation = c.generation
            let start: @Sendable () -> Void = { [self] in
                responder.respondLater(to: request, parameters: parameters, handler: deferred) { build in
                    self.post(Completion(fd: fd, generation: generation, response: build))
                }
            }
            if responder.execution(for: request, match: match) == .eventLoop { start() } else { shared.pool.submit(start) }
            return
        }
        if responder.execution(for: request, match: match) == .eventLoop {
            finish(c, responder.respond(to: request, match: match))
            return
        }
        if case .notFound = match, let staticFiles = responder.staticFiles,
           let cached = staticFiles.cachedResponse(for: request) {
            finish(c, cached)
            return
        }
        c.phase = .handling
        let fd = c.fd.rawValue
        let generation = c.generation
        shared.pool.submit { [self] in
            let response = responder.respond(to: request, match: match)
            self.post(Completion(fd: fd, generation: generation, response: { response }))
        }
    }

    // MARK: Writing

    /// Writes the response for the current request into the output buffer and moves on.
    private func finish(_ c: Connection, _ response: Response) {
        if draining || c.peerClosed { c.keepAlive = false }
        let bytes = ResponseWriter.write(response, to: c.output, date: dateHeader.current(),
                                         suppressBody: c.pendingMethod == "HEAD", keepAlive: c.keepAlive,
                                         version: c.pendingVersion, serverHeader: configuration.serverHeader)
        if configuration.accessLog {
            accessLog.record(method: c.pendingMethod, route: c.pendingRoute, status: response.status.code,
                             durationNanoseconds: MonotonicClock.now() &- c.requestStartedAt, bytes: bytes)
        }
        c.resetRequest()
        if c.keepAlive {
            c.phase = .idle
            c.deadline = now + configuration.idleTimeout.nanoseconds
        } else {
            c.phase = .closing
            c.input.clear()
        }
    }

    /// Answers a framing error and closes the connection.
    private func fail(_ c: Connection, _ failure: ParseFailure) {
        c.keepAlive = false
        if c.requestStartedAt == 0 || c.head == nil { c.requestStartedAt = MonotonicClock.now() }
        // Before the head parsed, the target is read off the raw request line, so that a broken
        // request to the API still gets a problem document.
        let path = c.head?.path ?? RequestTarget.roughPath(c.input.readable)
        let response = ErrorResponses.make(failure.status, detail: nil, path: path, headers: [],
                                           configuration: configuration)
        finish(c, response)
        flush(c)
    }

    private func flush(_ c: Connection) {
        guard !c.isClosed else { return }
        while !c.output.isEmpty {
            let n: Int
            do {
                n = try c.fd.send(UnsafeRawBufferPointer(c.output.readable))
            } catch {
                if error == .wouldBlock {
                    if c.writeBlockedSince == nil { c.writeBlockedSince = now }
                    return
                }
                close(c)
                return
            }
            c.output.consume(n)
        }
        c.writeBlockedSince = nil
        c.output.shrinkIfEmpty(to: 64 * 1024)
        if c.phase == .closing && !c.lingering {
            // Half-close so the client reads end-of-stream, then drain what it still sends, so
            // the kernel does not answer unread input with a reset that could destroy the response.
            c.fd.shutdownWrite()
            c.lingering = true
            c.deadline = now + 2_000_000_000
            drainLingering(c)
        }
    }

    private func onWritable(_ c: Connection) {
        guard c.writeBlockedSince != nil else { return }
        flush(c)
        if c.isClosed || c.writeBlockedSince != nil { return }
        if (c.phase == .idle || c.phase == .head) && !c.input.isEmpty { process(c) }
        if !c.isClosed && c.readPending { readAvailable(c) }
    }

    private func drainLingering(_ c: Connection) {
        var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while true {
            let n = withUnsafeMutableBytes(of: &scratch) { (try? c.fd.read(into: $0)) ?? -1 }
            if n == 0 { close(c); return }
            if n < 0 { return }  // EAGAIN or error: wait for more, or the linger deadline
        }
    }

    private func close(_ c: Connection) {
        guard !c.isClosed else { return }
        c.isClosed = true
        c.fd.close()  // closing also removes it from the epoll set
        connections[Int(c.fd.rawValue)] = nil
        connectionCount -= 1
        shared.openConnections.subtract(1, ordering: .relaxed)
    }

    // MARK: Timeouts and shutdown

    private func sweep() {
        if listenerPaused, let listener, !draining {
            if (try? epoll.add(listener, events: .readable, data: Self.listenerTag)) != nil { listenerPaused = false }
        }
        let minimumRate = UInt64(configuration.minimumBodyBytesPerSecond)
        let grace = configuration.bodyRateGracePeriod.nanoseconds
        let sendTimeout = configuration.sendTimeout.nanoseconds
        for case let c? in connections {
            if let since = c.writeBlockedSince, now &- since > sendTimeout {
                close(c)
                continue
            }
            switch c.phase {
            case .idle:
                if now >= c.deadline || draining { close(c) }
            case .head:
                if now >= c.deadline { fail(c, ParseFailure(status: .requestTimeout, reason: "header timeout")) }
                else if draining && c.input.isEmpty { close(c) }
            case .body:
                let elapsed = now &- c.bodyStartedAt
                if elapsed > grace {
                    let received = UInt64(c.body.count + c.input.readableCount)
                    if received < minimumRate * (elapsed - grace) / 1_000_000_000 {
                        fail(c, ParseFailure(status: .requestTimeout, reason: "body too slow"))
                    }
                }
            case .handling:
                break
            case .closing:
                if c.lingering && now >= c.deadline { close(c) }
            }
        }
    }

    private func beginDrain() {
        draining = true
        drainDeadline = now + configuration.drainTimeout.nanoseconds
        if let listener {
            if !listenerPaused { epoll.remove(listener) }
            listener.close()
            self.listener = nil
        }
        for case let c? in connections {
            if (c.phase == .idle && c.input.isEmpty) || (c.phase == .head && c.input.isEmpty) {
                if c.output.isEmpty { close(c) }
            }
        }
    }
}
