#if canImport(Glibc)
import Glibc
#endif

/// Ends a command with a one-line message on stderr and exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension CommandFailure {
    /// Runs a command's work; any error ends the command with its message and status 1,
    /// never with a stack trace.
    static func exitOnError(_ body: () throws -> Void) {
        do {
            try body()
        } catch let failure as CommandFailure {
            failure.exit()
        } catch {
            CommandFailure("\(error)").exit()
        }
    }

    /// Prints the message and exits with status 1.
    func exit() -> Never {
        Output.write("compliance-portal: " + description + "\n", to: 2)
        Glibc.exit(1)
    }
}

/// Whole lines to stdout or stderr with one write(2), so they are never interleaved.
enum Output {
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
