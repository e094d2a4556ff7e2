#if canImport(Glibc)
import Glibc
#endif

/// A POSIX error number with readable names, thrown by every wrapped system call.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    public static let interrupted = Errno(EINTR)
    public static let wouldBlock = Errno(EAGAIN)
    public static let connectionReset = Errno(ECONNRESET)
    public static let brokenPipe = Errno(EPIPE)
    public static let tooManyOpenFiles = Errno(EMFILE)
    public static let addressInUse = Errno(EADDRINUSE)

    /// The current thread's errno.
    static var current: Errno { Errno(errno) }

    public var description: String { String(cString: strerror(rawValue)) + " (errno \(rawValue))" }
}

/// Runs a system call, retrying on EINTR and turning -1 into the thrown `Errno`.
@inline(__always)
func retryingSyscall<T: FixedWidthInteger>(_ call: () -> T) throws(Errno) -> T {
    while true {
        let result = call()
        if result != -1 { return result }
        let error = Errno.current
        if error == .interrupted { continue }
        throw error
    }
}
