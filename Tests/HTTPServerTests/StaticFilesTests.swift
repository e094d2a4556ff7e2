import Foundation
@testable import HTTPServer
import Testing

/// A throw-away site on disk:
///
///     <base>/outside.txt                 the secret no request may reach
///     <base>/outside-dir/other.txt
///     <base>/public/index.html
///     <base>/public/style.css, app.js, data.json, logo.png, LICENSE, archive.tar.gz
///     <base>/public/sub/inner.txt        a folder without index.html
///     <base>/public/docs/index.html      a folder with one
///     <base>/public/.secret, .well-known/security.txt
///     <base>/public/link-out.txt   ->    <base>/outside.txt
///     <base>/public/link-dir-out   ->    <base>/outside-dir
///     <base>/public/link-in.txt    ->    <base>/public/sub/inner.txt
///
/// Removed again when the last reference goes.
final class Site {
    static let outsideContent = "TOP SECRET: outside the public folder"

    let base: String
    let publicPath: String
    let files: StaticFiles

    init(maxCachedFileSize: Int = 256 * 1024) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("static-files-\(UUID().uuidString)").path
        publicPath = base + "/public"
        let fm = FileManager.default
        try fm.createDirectory(atPath: publicPath + "/sub", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: publicPath + "/docs", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: publicPath + "/.well-known", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: base + "/outside-dir", withIntermediateDirectories: true)
        try Self.write(base + "/outside.txt", Self.outsideContent)
        try Self.write(base + "/outside-dir/other.txt", Self.outsideContent)
        try Self.write(publicPath + "/index.html", "<h1>home</h1>")
        try Self.write(publicPath + "/style.css", "body { color: red }")
        try Self.write(publicPath + "/app.js", "console.log(1)")
        try Self.write(publicPath + "/data.json", "{}")
        try Self.write(publicPath + "/logo.png", "PNG")
        try Self.write(publicPath + "/LICENSE", "MIT")
        try Self.write(publicPath + "/archive.tar.gz", "gz")
        try Self.write(publicPath + "/sub/inner.txt", "inner")
        try Self.write(publicPath + "/docs/index.html", "<h1>docs</h1>")
        try Self.write(publicPath + "/.secret", "password=hunter2")
        try Self.write(publicPath + "/.well-known/security.txt", "Contact: mailto:security@example.com")
        try fm.createSymbolicLink(atPath: publicPath + "/link-out.txt", withDestinationPath: base + "/outside.txt")
        try fm.createSymbolicLink(atPath: publicPath + "/link-dir-out", withDestinationPath: base + "/outside-dir")
        try fm.createSymbolicLink(atPath: publicPath + "/link-in.txt", withDestinationPath: "sub/inner.txt")
        files = try #require(StaticFiles(root: publicPath, maxCachedFileSize: maxCachedFileSize))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: base)
    }

    static func write(_ path: String, _ content: String) throws {
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Sets a public file's modification time, in seconds since the epoch.
    func setModificationTime(_ name: String, _ seconds: Int) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: TimeInterval(seconds))],
                                              ofItemAtPath: publicPath + name)
    }

    /// The answer to a request, or the error it was refused with turned into its status.
    func answer(_ target: String, headers: [(String, String)] = []) -> Answer {
        answer("GET", target, headers: headers)
    }

    func answer(_ method: String, _ target: String, headers: [(String, String)] = []) -> Answer {
        do {
            return .response(try files.response(for: Request(method: method, target: target, headers: headers)))
        } catch {
            return .refused(error)
        }
    }
}

enum Answer {
    case response(Response)
    case refused(HTTPError)

    var status: HTTPStatus {
        switch self {
        case .response(let r): return r.status
        case .refused(let e): return e.status
        }
    }

    var response: Response? {
        if case .response(let r) = self { return r }
        return nil
    }

    var bodyText: String { response.map { String(decoding: $0.body, as: UTF8.self) } ?? "" }
}

@Suite struct StaticFilesTests {
    // MARK: Serving

    @Test(arguments: [
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/logo.png", "image/png"),
        ("/sub/inner.txt", "text/plain; charset=utf-8"),
        ("/LICENSE", "application/octet-stream"),
        ("/archive.tar.gz", "application/octet-stream"),
    ])
    func contentTypeFollowsTheExtension(target: String, contentType: String) throws {
        let site = try Site()
        let response = try #require(site.answer(target).response)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == contentType)
    }

    @Test func mediaTypeLookupIgnoresCase() {
        #expect(MediaTypes.type(forExtension: "CSS") == "text/css; charset=utf-8")
        #expect(MediaTypes.type(forExtension: "SvG") == "image/svg+xml")
        #expect(MediaTypes.type(forExtension: "exe") == "application/octet-stream")
    }

    @Test func servedFileCarriesBodyValidatorsAndCachingHeaders() throws {
        let site = try Site()
        try site.setModificationTime("/style.css", 1_600_000_000)
        let response = try #require(site.answer("/style.css").response)
        #expect(String(decoding: response.body, as: UTF8.self) == "body { color: red }")
        let etag = try #require(response.headers["ETag"])
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count > 2, "a strong, quoted entity tag")
        #expect(response.headers["Last-Modified"] == "Sun, 13 Sep 2020 12:26:40 GMT")
        #expect(response.headers["Cache-Control"] == "public, max-age=300")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
    }

    @Test func etagDiffersBetweenFilesOfDifferentSize() throws {
        let site = try Site()
        let a = try #require(site.answer("/style.css").response?.headers["ETag"])
        let b = try #require(site.answer("/app.js").response?.headers["ETag"])
        #expect(a != b)
    }

    @Test func rootServesIndexHtmlAndAFolderWithIndexServesItsIndex() throws {
        let site = try Site()
        #expect(site.answer("/").bodyText == "<h1>home</h1>")
        #expect(site.answer("/").response?.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(site.answer("/docs/").bodyText == "<h1>docs</h1>")
        #expect(site.answer("/?x=1").bodyText == "<h1>home</h1>", "the query is not part of the path")
    }

    @Test func noDirectoryListing() throws {
        let site = try Site()
        #expect(site.answer("/sub/").status == .notFound, "a folder without index.html")
        #expect(site.answer("/sub").status == .notFound)
        #expect(site.answer("/docs").status == .notFound, "no redirect and no listing without the slash")
    }

    @Test func symlinkPointingInsideTheFolderIsServed() throws {
        let site = try Site()
        let answer = site.answer("/link-in.txt")
        #expect(answer.status == .ok)
        #expect(answer.bodyText == "inner")
    }

    @Test func percentEncodedNamesAreDecoded() throws {
        let site = try Site()
        try Site.write(site.publicPath + "/a file é.txt", "spaced")
        #expect(site.answer("/a%20file%20%C3%A9.txt").bodyText == "spaced")
        #expect(site.answer("/st%79le.css").status == .ok)
    }

    @Test func wellKnownIsTheOneDotFolderServed() throws {
        let site = try Site()
        #expect(site.answer("/.well-known/security.txt").bodyText == "Contact: mailto:security@example.com")
    }

    // MARK: Conditional requests

    @Test(arguments: ["{etag}", "W/{etag}", "\"nope\", {etag}", "\"a\",W/{etag} , \"b\"", "*"])
    func ifNoneMatchWithTheETagIs304WithoutBody(header: String) throws {
        let site = try Site()
        let etag = try #require(site.answer("/style.css").response?.headers["ETag"])
        let answer = site.answer("/style.css", headers: [("If-None-Match", header.replacingOccurrences(of: "{etag}", with: etag))])
        let response = try #require(answer.response)
        #expect(response.status == .notModified)
        #expect(response.body.isEmpty)
        #expect(response.headers["ETag"] == etag)
        #expect(response.headers["Content-Type"] == nil, "a 304 has no representation to describe")
        #expect(response.headers["Last-Modified"] != nil)
        #expect(response.headers["Cache-Control"] != nil)
    }

    @Test(arguments: ["\"nope\"", "W/\"nope\"", "\"\"", "{etag}x"])
    func ifNoneMatchWithOtherTagsIs200(header: String) throws {
        let site = try Site()
        let etag = try #require(site.answer("/style.css").response?.headers["ETag"])
        let answer = site.answer("/style.css", headers: [("If-None-Match", header.replacingOccurrences(of: "{etag}", with: etag))])
        #expect(answer.status == .ok)
        #expect(answer.bodyText == "body { color: red }")
    }

    @Test(arguments: [(0, 304), (1, 304), (86_400, 304), (-1, 200), (-86_400, 200)])
    func ifModifiedSinceComparesWithLastModified(offset: Int, status: Int) throws {
        let site = try Site()
        try site.setModificationTime("/style.css", 1_600_000_000)
        let since = HTTPDate.format(1_600_000_000 + offset)
        let answer = site.answer("/style.css", headers: [("If-Modified-Since", since)])
        #expect(answer.status.code == status)
        #expect(answer.response?.body.isEmpty == (status == 304))
    }

    @Test func unparsableIfModifiedSinceIsIgnored() throws {
        let site = try Site()
        #expect(site.answer("/style.css", headers: [("If-Modified-Since", "yesterday")]).status == .ok)
        #expect(site.answer("/style.css", headers: [("If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT")]).status == .ok)
    }

    @Test func ifNoneMatchWinsOverIfModifiedSince() throws {
        let site = try Site()
        let first = try #require(site.answer("/style.css").response)
        let etag = try #require(first.headers["ETag"])
        let lastModified = try #require(first.headers["Last-Modified"])
        let longAgo = HTTPDate.format(0)
        // Tag does not match, date says unchanged: the tag decides, so 200.
        #expect(site.answer("/style.css", headers: [("If-None-Match", "\"other\""), ("If-Modified-Since", lastModified)]).status == .ok)
        // Tag matches, date says changed: the tag decides, so 304.
        #expect(site.answer("/style.css", headers: [("If-None-Match", etag), ("If-Modified-Since", longAgo)]).status == .notModified)
    }

    @Test func headIsAnsweredLikeGet() throws {
        let site = try Site()
        let get = try #require(site.answer("GET", "/style.css").response)
        let head = try #require(site.answer("HEAD", "/style.css").response)
        #expect(head.status == .ok)
        #expect(head.headers == get.headers)
        #expect(head.body == get.body, "the writer drops the body of a HEAD response; the length must still be right")
        let etag = try #require(get.headers["ETag"])
        #expect(site.answer("HEAD", "/style.css", headers: [("If-None-Match", etag)]).status == .notModified)
        #expect(site.answer("HEAD", "/missing.css").status == .notFound)
        #expect(site.answer("HEAD", "/../outside.txt").status == .notFound)
    }

    // MARK: No way out

    @Test(arguments: [
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/%2E%2E/outside.txt",
        "/.%2e/outside.txt",
        "/sub/../../outside.txt",
        "/sub/%2e%2e/%2e%2e/outside.txt",
        "/..%2foutside.txt",
        "/..%2Foutside.txt",
        "/%2e%2e%2foutside.txt",
        "/sub%2f..%2f..%2foutside.txt",
        "/..\\outside.txt",
        "/%5c..%5coutside.txt",
        "/%5C..%5Coutside.txt",
        "/sub/..%5c..%5coutside.txt",
        "/sub/%00",
        "/style.css%00.txt",
        "/link-out.txt",
        "/link-dir-out/other.txt",
        "/%252e%252e/outside.txt",
        "/%252e%252e%252foutside.txt",
        "//../outside.txt",
        "/./../outside.txt",
        "/sub/./../../outside.txt",
        "/../public/../outside.txt",
        "outside.txt",
        "../outside.txt",
    ])
    func staticFilesRefuseTraversal(target: String) throws {
        let site = try Site()
        let answer = site.answer(target)
        #expect(answer.status == .notFound)
        #expect(answer.bodyText.isEmpty)
        #expect(!answer.bodyText.contains("TOP SECRET"))
        // Every other method is refused the same way, without hinting that something exists.
        #expect(site.answer("POST", target).status == .notFound)
        #expect(site.answer("HEAD", target).status == .notFound)
    }

    @Test(arguments: ["/%zz", "/%", "/%2", "/style.css%", "/%g0", "/sub/%2x"])
    func malformedEscapeIs400(target: String) throws {
        let site = try Site()
        #expect(site.answer(target).status == .badRequest)
    }

    @Test(arguments: ["/%C3", "/%FF.txt", "/%C0%AE%C0%AE/outside.txt"])
    func escapeThatIsNotUTF8Is404(target: String) throws {
        let site = try Site()
        #expect(site.answer(target).status == .notFound)
    }

    @Test(arguments: ["/.secret", "/%2esecret", "/%2Esecret", "/sub/../.secret", "/.", "/./index.html", "/sub/.", "/.well-known/../.secret"])
    func hiddenFilesAndDotSegmentsAre404(target: String) throws {
        let site = try Site()
        let answer = site.answer(target)
        #expect(answer.status == .notFound)
        #expect(!answer.bodyText.contains("hunter2"))
    }

    @Test func dotfileNameFollowedByACombiningMarkIsStillHidden() throws {
        let site = try Site()
        try Site.write(site.publicPath + "/.\u{301}secret", "password=hunter2")
        let answer = site.answer("/.%CC%81secret")
        #expect(answer.status == .notFound)
        #expect(!answer.bodyText.contains("hunter2"))
    }

    @Test func symlinkToASiblingWhoseNameIsCanonicallyEquivalentToTheRootIsRefused() throws {
        // The root folder is "café" with a precomposed é; its sibling spells "café" with a combining
        // accent: another folder on disk, though the two names compare equal as Swift Strings.
        // Plain POSIX calls, so that nothing normalises the names on the way to the disk.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("static-nfc-\(UUID().uuidString)").path
        let root = base + "/caf\u{E9}"
        let sibling = base + "/cafe\u{301}"
        #expect(mkdir(base, 0o700) == 0)
        #expect(mkdir(root, 0o700) == 0)
        #expect(mkdir(sibling, 0o700) == 0, "the two spellings are two folders")
        defer {
            for file in [root + "/ok.txt", root + "/link.txt", sibling + "/secret.txt"] { unlink(file) }
            for folder in [root, sibling, base] { rmdir(folder) }
        }
        try posixWrite(root + "/ok.txt", "inside")
        try posixWrite(sibling + "/secret.txt", Site.outsideContent)
        #expect(symlink(sibling + "/secret.txt", root + "/link.txt") == 0)
        let files = try #require(StaticFiles(root: root))
        #expect(try files.response(for: Request(method: "GET", target: "/ok.txt")).status == .ok)
        let error = #expect(throws: HTTPError.self) { try files.response(for: Request(method: "GET", target: "/link.txt")) }
        #expect(error?.status == .notFound)
    }

    private func posixWrite(_ path: String, _ content: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        let bytes = Array(content.utf8)
        #expect(write(fd, bytes, bytes.count) == bytes.count)
    }

    // MARK: Methods

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH"])
    func otherMethodsOnAnExistingFileAre405WithAllow(method: String) throws {
        let site = try Site()
        guard case .refused(let error) = site.answer(method, "/style.css") else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.status == .methodNotAllowed)
        #expect(error.headers["Allow"] == "GET, HEAD, OPTIONS")
        #expect(site.answer(method, "/").status == .methodNotAllowed, "/ is index.html")
    }

    @Test(arguments: ["/missing.txt", "/sub/", "/sub", "/.secret", "/link-out.txt"])
    func otherMethodsOnAnythingButAServableFileAre404(target: String) throws {
        let site = try Site()
        #expect(site.answer("GET", target).status == .notFound)
        #expect(site.answer("POST", target).status == .notFound)
        #expect(site.answer("DELETE", target).status == .notFound)
    }

    // MARK: Cache

    @Test func cachedResponseIsNilUntilResponseCachedTheFile() throws {
        let site = try Site()
        let request = Request(method: "GET", target: "/style.css")
        #expect(site.files.cachedResponse(for: request) == nil)
        _ = try site.files.response(for: request)
        let cached = try #require(site.files.cachedResponse(for: request))
        #expect(cached.status == .ok)
        #expect(String(decoding: cached.body, as: UTF8.self) == "body { color: red }")
        #expect(cached.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(site.files.cachedResponse(for: Request(method: "GET", target: "/app.js")) == nil, "only what was asked for is cached")
    }

    @Test func cachedResponseAnswersConditionalAndHeadRequests() throws {
        let site = try Site()
        let first = try site.files.response(for: Request(method: "GET", target: "/style.css"))
        let etag = try #require(first.headers["ETag"])
        let conditional = Request(method: "GET", target: "/style.css", headers: [("If-None-Match", etag)])
        #expect(site.files.cachedResponse(for: conditional)?.status == .notModified)
        #expect(site.files.cachedResponse(for: Request(method: "HEAD", target: "/style.css"))?.status == .ok)
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "OPTIONS"])
    func cachedResponseNeverAnswersOtherMethods(method: String) throws {
        let site = try Site()
        _ = try site.files.response(for: Request(method: "GET", target: "/style.css"))
        #expect(site.files.cachedResponse(for: Request(method: method, target: "/style.css")) == nil,
                "the event loop would otherwise send the file with 200 to a \(method)")
    }

    @Test func filesOverTheCacheLimitAreServedButNotCached() throws {
        let site = try Site(maxCachedFileSize: 4)
        let request = Request(method: "GET", target: "/style.css")
        #expect(try site.files.response(for: request).status == .ok)
        #expect(site.files.cachedResponse(for: request) == nil)
        let small = Request(method: "GET", target: "/logo.png")
        _ = try site.files.response(for: small)
        #expect(site.files.cachedResponse(for: small) != nil)
    }

    @Test func changedFileIsPickedUp() throws {
        let site = try Site()
        let request = Request(method: "GET", target: "/style.css")
        let before = try site.files.response(for: request)
        try Site.write(site.publicPath + "/style.css", "body { color: blue; margin: 0 }")
        let after = try site.files.response(for: request)
        #expect(String(decoding: after.body, as: UTF8.self) == "body { color: blue; margin: 0 }")
        #expect(after.headers["ETag"] != before.headers["ETag"])
        // A client holding the old tag gets the new content, not a 304.
        let old = Request(method: "GET", target: "/style.css", headers: [("If-None-Match", before.headers["ETag"] ?? "")])
        #expect(try site.files.response(for: old).status == .ok)
        // The refreshed entry is what the cache now answers with.
        #expect(site.files.cachedResponse(for: request).map { String(decoding: $0.body, as: UTF8.self) } == "body { color: blue; margin: 0 }")
    }

    @Test func deletedFileIsNoLongerServed() throws {
        let site = try Site()
        let request = Request(method: "GET", target: "/style.css")
        _ = try site.files.response(for: request)
        try FileManager.default.removeItem(atPath: site.publicPath + "/style.css")
        #expect(site.answer("/style.css").status == .notFound)
    }

    @Test func cachedEntryIsRevalidatedAfterASecond() async throws {
        let site = try Site()
        let request = Request(method: "GET", target: "/style.css")
        _ = try site.files.response(for: request)
        #expect(site.files.cachedResponse(for: request) != nil)
        try await Task.sleep(for: .milliseconds(1_100))
        #expect(site.files.cachedResponse(for: request) == nil, "older than a second: ask response(for:), which stats the file")
        _ = try site.files.response(for: request)
        #expect(site.files.cachedResponse(for: request) != nil, "revalidated, fresh again")
    }

    // MARK: Construction

    @Test func initFailsForAMissingFolderOrAFile() throws {
        let site = try Site()
        #expect(StaticFiles(root: site.base + "/nope") == nil)
        #expect(StaticFiles(root: site.publicPath + "/style.css") == nil)
    }

    @Test func rootIsResolvedThroughSymlinks() throws {
        let site = try Site()
        try FileManager.default.createSymbolicLink(atPath: site.base + "/alias", withDestinationPath: site.publicPath)
        let files = try #require(StaticFiles(root: site.base + "/alias/"))
        #expect(files.root == (try #require(realpathString(site.publicPath))))
        #expect(try files.response(for: Request(method: "GET", target: "/style.css")).status == .ok)
        #expect(throws: HTTPError.self) { try files.response(for: Request(method: "GET", target: "/../outside.txt")) }
    }

    private func realpathString(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
