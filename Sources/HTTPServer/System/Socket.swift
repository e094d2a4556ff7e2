import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// Listening and accepted TCP sockets: the socket C API wrapped once, here.
enum Socket {
    /// Opens a non-blocking listening socket. `reusePort` lets one socket per event loop share the port.
    static func listen(host: String, port: Int, backlog: Int32, reusePort: Bool) throws -> FileDescriptor {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let info = result else {
            throw ServerError.cannotResolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(result) }

        let fd = FileDescriptor(rawValue: try retryingSyscall {
            socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        })
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1) }
            _ = try retryingSyscall { bind(fd.rawValue, info.pointee.ai_addr, info.pointee.ai_addrlen) }
            _ = try retryingSyscall { Glibc.listen(fd.rawValue, backlog) }
        } catch {
            fd.close()
            throw error
        }
        return fd
    }

    /// The port a listening socket is bound to (useful after binding port 0).
    static func boundPort(_ fd: FileDescriptor) throws(Errno) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer throws(Errno) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(Errno) in
                try retryingSyscall { getsockname(fd.rawValue, address, &length) }
            }
        }
        return port(of: storage)
    }

    /// Accepts one pending connection, non-blocking; nil when none is waiting.
    static func accept(_ listener: FileDescriptor) throws(Errno) -> (FileDescriptor, String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                cepoll_accept4(listener.rawValue, address, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        if result < 0 {
            let error = Errno(cepoll_errno())
            if error == .wouldBlock || error == .interrupted || error == Errno(ECONNABORTED) { return nil }
            throw error
        }
        let fd = FileDescriptor(rawValue: result)
        try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        return (fd, address(of: storage))
    }

    static func setOption(_ fd: FileDescriptor, _ level: Int32, _ name: Int32, _ value: Int32) throws(Errno) {
        var v = value
        _ = try retryingSyscall { setsockopt(fd.rawValue, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) }
    }

    /// The peer's IP address as text (no port).
    static func address(of storage: sockaddr_storage) -> String {
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(copy.ss_family) {
        case AF_INET:
            withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
                }
            }
        case AF_INET6:
            withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var addr = sin6.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
                }
            }
        default:
            return "unknown"
        }
        let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func port(of storage: sockaddr_storage) -> Int {
        var copy = storage
        switch Int32(copy.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default:
            return 0
        }
    }

    /// Raises the soft open-files limit to the hard limit so the connection cap, not the OS, decides.
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }
}
