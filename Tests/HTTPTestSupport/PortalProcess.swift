import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct PortalProcessError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The built `compliance-portal serve` as a child process on a free port, as an operator runs it.
/// Shared by the command-line tests and the durability test.
public final class PortalProcess {
    /// The binary beside the test bundle in the build folder (`swift build` builds it with the tests).
    public static let binary: URL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("compliance-portal")

    public let process = Process()
    public let port: Int
    private let output = Pipe()
    private let errors = Pipe()

    /// Starts `serve --port 0` with `arguments` and waits for its one listening line.
    public init(arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw PortalProcessError("no compliance-portal binary at \(Self.binary.path): run swift build first")
        }
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "listening on http://127.0.0.1:"),
              let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw PortalProcessError("no listening line: \(text)")
        }
        self.port = port
    }

    /// SIGTERM, then the exit status once it has drained.
    public func stop() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGKILL: no shutdown, no flush, no handler runs.
    public func killAbruptly() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Everything it wrote to stderr (its logs); read after it stopped.
    public var standardError: String {
        String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    deinit {
        if process.isRunning { killAbruptly() }
    }
}
