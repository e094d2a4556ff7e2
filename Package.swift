// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "compliance-portal",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "compliance-portal", targets: ["compliance-portal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // C shims: epoll/eventfd/accept4 are not exported by Glibc; sqlite3 and libcrypto are system libraries.
        .target(name: "CEpoll", path: "Sources/CEpoll"),
        .target(name: "CThreading", path: "Sources/CThreading"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto",
                       providers: [.apt(["libssl-dev"])]),

        // Layer 0: primitives that know nothing of HTTP, SQL or the portal.
        .target(name: "Crypto", dependencies: ["CCrypto"]),
        .target(name: "JSON"),
        // Mustache-subset HTML templates, compiled at startup (no Foundation).
        .target(name: "Templates"),
        // Joinable POSIX threads and condition variables, without Foundation.
        .target(name: "Threading", dependencies: ["CThreading"]),
        // Layer 1: the HTTP/1.1 server (knows nothing of the portal).
        .target(name: "HTTPServer", dependencies: ["CEpoll", "Threading"]),
        // Layer 1: the SQLite layer (knows nothing of cases).
        .target(name: "SQLite", dependencies: ["CSQLite", "Crypto", "Threading"]),
        // Layer 2: the portal's domain.
        .target(name: "Portal", dependencies: ["SQLite", "Crypto", "JSON"]),
        // Layer 3: routes, pages, JSON.
        .target(name: "PortalWeb", dependencies: [
            "HTTPServer", "Portal", "SQLite", "JSON", "Crypto", "Templates",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Layer 4: the command line.
        .executableTarget(name: "compliance-portal", dependencies: [
            "PortalWeb", "Portal", "SQLite", "HTTPServer", "Threading", "JSON",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // A raw-socket HTTP client shared by the end-to-end tests of every layer.
        .target(name: "HTTPTestSupport", path: "Tests/HTTPTestSupport"),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPTestSupport"]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"]),
        .testTarget(name: "PortalTests", dependencies: ["Portal", "SQLite", "JSON", "Crypto"]),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite", "Crypto"]),
        .testTarget(name: "PortalWebTests", dependencies: ["PortalWeb", "Portal", "SQLite", "HTTPServer", "JSON", "HTTPTestSupport"]),
        // Runs the built executable as a user would: serve, migrate, backup, --version.
        .testTarget(name: "CompliancePortalTests", dependencies: ["compliance-portal", "SQLite", "Portal", "JSON", "HTTPTestSupport"]),
    ]
)
