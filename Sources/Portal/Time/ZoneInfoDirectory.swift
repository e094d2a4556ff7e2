#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds and reads TZif files in a zoneinfo directory (by default /usr/share/zoneinfo, Debian's tzdata),
/// with plain POSIX calls.
enum ZoneInfoDirectory {
    /// The largest file accepted; real ones are at most a few kilobytes.
    static let maximumFileSize = 256 * 1024

    /// Checks an IANA identifier from a configuration file before it becomes a path: at most 255 bytes of
    /// `[A-Za-z0-9/_+-]`, in non-empty components separated by single "/", not starting with "/", no "..".
    static func validate(_ identifier: String) throws(TimeZoneError) {
        let bytes = Array(identifier.utf8)
        guard !bytes.isEmpty, bytes.count <= 255, bytes.first != UInt8(ascii: "/"), bytes.last != UInt8(ascii: "/"),
              !identifier.contains(".."), !identifier.contains("//"),
              bytes.allSatisfy(isIdentifierByte) else {
            throw TimeZoneError.invalidIdentifier(identifier)
        }
    }

    private static func isIdentifierByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// The bytes of the zone's file. `identifier` must have passed `validate`.
    static func contents(of identifier: String, directory: String) throws(TimeZoneError) -> [UInt8] {
        guard !directory.isEmpty, !directory.utf8.contains(0) else {
            throw TimeZoneError(identifier: identifier,
                                reason: "invalid time zone directory \(TimeZoneError.quoted(directory))")
        }
        let path = directory.hasSuffix("/") ? directory + identifier : directory + "/" + identifier
        // O_NONBLOCK: opening a FIFO planted in the directory must not hang; it is refused below.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR || code == ELOOP {
                var st = stat()
                if stat(directory, &st) != 0 || (st.st_mode & S_IFMT) != S_IFDIR {
                    throw TimeZoneError(identifier: identifier, reason: "unknown time zone \(TimeZoneError.quoted(identifier)): "
                        + "no time zone database at \(directory) (is the tzdata package installed?)")
                }
                throw TimeZoneError.unknown(identifier)
            }
            throw unreadable(identifier, code)
        }
        defer { close(fd) }

        var st = stat()
        guard fstat(fd, &st) == 0 else { throw unreadable(identifier, errno) }
        // A directory such as "Europe" is not a zone.
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw TimeZoneError.unknown(identifier) }
        guard st.st_size <= maximumFileSize else { throw invalid(identifier, "file too large") }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(st.st_size))
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw unreadable(identifier, code)
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            guard bytes.count <= maximumFileSize else { throw invalid(identifier, "file too large") }
        }
        return bytes
    }

    static func invalid(_ identifier: String, _ detail: String) -> TimeZoneError {
        TimeZoneError(identifier: identifier,
                      reason: "invalid time zone file for \(TimeZoneError.quoted(identifier)): \(detail)")
    }

    private static func unreadable(_ identifier: String, _ code: Int32) -> TimeZoneError {
        let detail = code == EACCES ? "permission denied" : "error \(code)"
        return TimeZoneError(identifier: identifier,
                             reason: "cannot read time zone \(TimeZoneError.quoted(identifier)): \(detail)")
    }
}
