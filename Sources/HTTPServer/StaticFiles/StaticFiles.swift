import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Serves the files of one folder (Public/) for GET and HEAD: Content-Type by extension, ETag
/// and Last-Modified with 304s, Cache-Control, no directory listings, and no way out of the
/// folder (`..`, encoded dots and slashes, symlinks pointing elsewhere). Small files are kept in
/// memory and answered on the event loop; their freshness is checked at most once a second.
public final class StaticFiles: Sendable {
    /// The folder, with symlinks resolved.
    public let root: String
    public let cacheControl: String
    public let maxCachedFileSize: Int
    private let cache = Mutex<[String: CachedFile]>([:])
    private static let revalidateAfter: UInt64 = 1_000_000_000

    struct CachedFile: Sendable {
        let headers: [HTTPHeader]
        let body: [UInt8]
        let etag: String
        let lastModified: Int
        let modificationTime: timespec
        let size: Int
        var checkedAt: UInt64
    }

    /// Nil when `root` is not a folder.
    public init?(root: String, cacheControl: String = "public, max-age=300", maxCachedFileSize: Int = 256 * 1024) {
        guard let resolved = realpath(root, nil) else { return nil }
        defer { free(resolved) }
        var st = stat()
        guard stat(resolved, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return nil }
        self.root = String(cString: resolved)
        self.cacheControl = cacheControl
        self.maxCachedFileSize = maxCachedFileSize
    }

    /// The answer from memory when the file is cached and was checked within the last second;
    /// nil means ask `response(for:)` on a worker thread.
    func cachedResponse(for request: Request) -> Response? {
        guard request.method == "GET" || request.method == "HEAD" else { return nil }
        let now = MonotonicClock.now()
        guard let file = cache.withLock({ $0[request.path] }), now &- file.checkedAt < Self.revalidateAfter else { return nil }
        return respond(file, to: request)
    }

    /// Finds, reads (or revalidates) and answers; may block on the file system.
    public func response(for request: Request) throws(HTTPError) -> Response {
        guard request.method == "GET" || request.method == "HEAD" else {
            if servesFile(at: request.path) {
                throw HTTPError(.methodNotAllowed, headers: [HTTPHeader("Allow", "GET, HEAD, OPTIONS")])
            }
            throw HTTPError(.notFound)
        }
        let path = try locate(request.path)
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { throw HTTPError(.notFound) }
        let now = MonotonicClock.now()
        if var cached = cache.withLock({ $0[request.path] }),
           cached.size == Int(st.st_size), cached.modificationTime.tv_sec == st.st_mtim.tv_sec,
           cached.modificationTime.tv_nsec == st.st_mtim.tv_nsec {
            cached.checkedAt = now
            cache.withLock { $0[request.path] = cached }
            return respond(cached, to: request)
        }
        guard let body = Self.readFile(path, size: Int(st.st_size)) else { throw HTTPError(.notFound) }
        let lastModified = Int(st.st_mtim.tv_sec)
        // Modification time to the nanosecond and size: a same-size edit within one second still changes it.
        let etag = "\"" + String(lastModified, radix: 16) + "." + String(Int(st.st_mtim.tv_nsec), radix: 16)
            + "-" + String(body.count, radix: 16) + "\""
        let ext = path.split(separator: "/").last.flatMap { name in name.contains(".") ? name.split(separator: ".").last.map(String.init) : nil } ?? ""
        let headers = [
            HTTPHeader("Content-Type", MediaTypes.type(forExtension: ext)),
            HTTPHeader("ETag", etag),
            HTTPHeader("Last-Modified", HTTPDate.format(lastModified)),
            HTTPHeader("Cache-Control", cacheControl),
            HTTPHeader("X-Content-Type-Options", "nosniff"),
        ]
        let file = CachedFile(headers: headers, body: body, etag: etag, lastModified: lastModified,
                              modificationTime: st.st_mtim, size: body.count, checkedAt: now)
        if body.count <= maxCachedFileSize {
            cache.withLock { $0[request.path] = file }
        } else {
            cache.withLock { _ = $0.removeValue(forKey: request.path) }
        }
        return respond(file, to: request)
    }

    private func respond(_ file: CachedFile, to request: Request) -> Response {
        if isNotModified(file, request.headers) {
            return Response(status: .notModified, headers: Array(file.headers[1...]))
        }
        return Response(status: .ok, headers: file.headers, body: file.body)
    }

    /// If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    private func isNotModified(_ file: CachedFile, _ headers: HTTPFields) -> Bool {
        if let match = headers["If-None-Match"] {
            for tag in match.split(separator: ",") {
                var t = tag.trimmingSpaces
                if t == "*" { return true }
                if t.hasPrefix("W/") { t = t.dropFirst(2) }
                if t == file.etag { return true }
            }
            return false
        }
        if let since = headers["If-Modified-Since"], let date = HTTPDate.parse(since) {
            return file.lastModified <= date
        }
        return false
    }

    /// Whether a GET for the raw URL path would find a regular file (not a folder).
    func servesFile(at rawPath: String) -> Bool {
        guard let path = try? locate(rawPath) else { return false }
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// Maps a raw URL path to a file path inside `root`, or throws 404 (400 for broken escapes).
    func locate(_ rawPath: String) throws(HTTPError) -> String {
        let raw = Array(rawPath.utf8)
        guard raw.first == 0x2F else { throw HTTPError(.notFound) }
        // Encoded slashes or backslashes would let a segment check be fooled; refuse them.
        let lowered = rawPath.lowercased()
        if lowered.contains("%2f") || lowered.contains("%5c") || lowered.contains("%00") { throw HTTPError(.notFound) }
        guard let decoded = PercentDecoding.decodeBytes(raw) else { throw HTTPError(.badRequest) }
        if decoded.contains(0) || decoded.contains(0x5C) { throw HTTPError(.notFound) }
        guard String(validating: decoded, as: UTF8.self) != nil else { throw HTTPError(.notFound) }
        // Split and check bytes, as the kernel sees them: as Characters, a combining mark after a
        // "." or "/" would hide the dot or the slash from the checks.
        var segments: [String] = []
        for segment in decoded.split(separator: 0x2F, omittingEmptySubsequences: true) {
            // ".", ".." and hidden files all start with a dot; only .well-known is served.
            if segment.first == 0x2E && !segment.elementsEqual(".well-known".utf8) { throw HTTPError(.notFound) }
            segments.append(String(decoding: segment, as: UTF8.self))
        }
        var candidate = root + "/" + segments.joined(separator: "/")
        if decoded.last == 0x2F || segments.isEmpty { candidate += segments.isEmpty ? "index.html" : "/index.html" }
        guard let resolved = realpath(candidate, nil) else { throw HTTPError(.notFound) }
        defer { free(resolved) }
        let real = String(cString: resolved)
        // Bytes, not Characters: String comparison treats differently normalised names as equal.
        guard real.utf8.starts(with: (root + "/").utf8) else { throw HTTPError(.notFound) }
        return real
    }

    private static func readFile(_ path: String, size: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        if done < size { bytes.removeLast(size - done) }
        return bytes
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (optional whitespace in header values).
    public var trimmingSpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
