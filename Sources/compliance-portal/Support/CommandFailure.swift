import ArgumentParser
import Foundation

/// Ends a command with a one-line message on stderr and exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension CommandFailure {
    /// Prints the message and exits with status 1.
    func exit() -> Never {
        FileHandle.standardError.write(Data(("compliance-portal: " + description + "\n").utf8))
        Foundation.exit(1)
    }
}
