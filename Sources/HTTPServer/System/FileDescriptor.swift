#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor: a typed wrapper around the C integer. It does not close itself;
/// whoever opened it decides when (`close()`).
public struct FileDescriptor: Hashable, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Reads at most `buffer.count` bytes; 0 means end of stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try retryingSyscall { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes at most `buffer.count` bytes and returns how many were taken.
    func write(_ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int {
        try retryingSyscall { Glibc.write(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Sends on a socket without raising SIGPIPE when the peer is gone.
    func send(_ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int {
        try retryingSyscall { Glibc.send(rawValue, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Closes the descriptor. EINTR is not retried: on Linux the descriptor is already released.
    func close() { _ = Glibc.close(rawValue) }

    /// Half-closes the write side so the peer reads end-of-stream after the last response.
    func shutdownWrite() { _ = Glibc.shutdown(rawValue, Int32(SHUT_WR)) }
}
