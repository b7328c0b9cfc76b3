// swift-tools-version:6.0
import PackageDescription

/// Settings every target of ours uses: Swift 6 strict concurrency plus the upcoming features
/// that keep imports and existentials explicit.
let ourSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The modules nocontactd links: FoundationEssentials at most (issue 15). Member lookups need
/// the module imported directly, so that a Foundation-only member (say `trimmingCharacters`)
/// reached through another module's import fails to compile here.
let daemonSettings: [SwiftSetting] = ourSettings + [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "nocontact",
    products: [
        .executable(name: "nocontactd", targets: ["nocontactd"]),
        .executable(name: "nocontact", targets: ["nocontact"]),
        // The pure core, for the benchmark package in Benchmarks/.
        .library(name: "NoContactCore", targets: ["NoContactCore"]),
        // The varlink protocol module, for the benchmark package in Benchmarks/.
        .library(name: "Varlink", targets: ["Varlink"]),
        // TOML 1.0 with positions, on the Swift standard library alone.
        .library(name: "TOML", targets: ["TOML"]),
        // The toml-test decoder interface over the TOML target, for scripts/lib/toml-conformance.
        .executable(name: "toml-decode", targets: ["toml-decode"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // TOML 1.0.0 parser: a tree where every key, value and table knows its line and column.
        .target(name: "TOML", swiftSettings: ourSettings),
        .executableTarget(name: "toml-decode", dependencies: ["TOML"], swiftSettings: ourSettings),
        .testTarget(name: "TOMLTests", dependencies: ["TOML"], swiftSettings: ourSettings),
        // Pure domain: no I/O, nothing of the project.
        .target(
            name: "NoContactCore",
            dependencies: ["TOML"],
            swiftSettings: ourSettings
        ),
        // Linux clock-change and file-watch descriptors that Swift's Glibc module hides.
        .target(name: "CLinuxClock"),
        // systemd's protocols in Swift (sd_notify, the journal, socket activation, D-Bus):
        // no libsystemd, whose libraries cost the idle daemon about 1 MB (issue 15).
        .target(
            name: "NoContactSystemd",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: daemonSettings
        ),
        // Debian's SQLite (libsqlite3-dev), and a thin Swift layer over it that knows nothing
        // of the project: connections, cached statements, transactions, migrations.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: ourSettings),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite", "TestSupport"], swiftSettings: ourSettings),
        // The one seam to the environment: the process's variables, private directories.
        .target(name: "NoContactPlatform", swiftSettings: daemonSettings),
        .testTarget(name: "NoContactPlatformTests", dependencies: ["NoContactPlatform"], swiftSettings: ourSettings),
        .target(
            name: "NoContactStore",
            dependencies: ["NoContactCore", "NoContactPlatform", "SQLite"],
            swiftSettings: ourSettings
        ),
        .target(
            name: "Varlink",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: daemonSettings
        ),
        .target(
            name: "NoContactService",
            dependencies: ["NoContactCore", "NoContactStore", "Varlink", "NoContactPlatform"],
            // The interface description: a link to varlink/io.nocontact.varlink, embedded.
            resources: [.embedInCode("Interface/io.nocontact.varlink")],
            swiftSettings: daemonSettings
        ),
        // The daemon's side of the control socket: the adapter that answers `io.nocontact` calls
        // from a service, History in pages, Watch from the delivery feed, the reload hook.
        .target(
            name: "NoContactServer",
            dependencies: ["NoContactCore", "NoContactService", "Varlink"],
            swiftSettings: daemonSettings
        ),
        // The service answered by the running daemon over its control socket (varlink client):
        // what the CLI uses when a daemon runs; the daemon itself never links it.
        .target(
            name: "NoContactClient",
            dependencies: ["NoContactCore", "NoContactService", "Varlink"],
            swiftSettings: ourSettings
        ),
        // What only the `nocontact` CLI shows or writes: exports (JSON, Markdown, HTML, entry
        // files) and the text pictures of `stats`; kept out of what the daemon links.
        .target(
            name: "NoContactExport",
            dependencies: ["NoContactCore", "NoContactService"],
            swiftSettings: ourSettings
        ),
        .target(
            name: "NoContactDaemon",
            dependencies: [
                "NoContactCore", "NoContactPlatform", "NoContactStore", "NoContactSystemd", "NoContactService", "NoContactServer",
                "Varlink", "CLinuxClock",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: daemonSettings
        ),
        .executableTarget(
            name: "nocontactd",
            dependencies: [
                // No ArgumentParser: the daemon parses its few options itself (DaemonCommandLine).
                "NoContactDaemon", "NoContactCore", "NoContactPlatform",
            ],
            swiftSettings: daemonSettings
        ),
        .executableTarget(
            name: "nocontact",
            dependencies: [
                "NoContactCore", "NoContactPlatform", "NoContactService", "NoContactClient", "NoContactExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // What `nocontact install` writes: links to systemd/ and config/, embedded at build
            // time so that the binary carries them and no copy can drift.
            resources: [
                .embedInCode("Install/Shipped/nocontactd.service"),
                .embedInCode("Install/Shipped/nocontactd.socket"),
                .embedInCode("Install/Shipped/config.toml"),
            ],
            swiftSettings: ourSettings
        ),
        .testTarget(
            name: "NoContactCoreTests", dependencies: ["NoContactCore", "TestSupport"],
            exclude: ["Prompts/PromptIDs.txt", "Calendar/CalendarCorpus.txt"], swiftSettings: ourSettings),
        // Xvfb + a session bus + dunst for the desktop notification tests of two targets.
        .target(name: "DesktopTestSupport", path: "Tests/DesktopTestSupport", swiftSettings: ourSettings),
        // What several test targets share: another process holding a database's write lock, a
        // value set by another thread and waited for with a bound.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: ourSettings),
        .testTarget(name: "NoContactSystemdTests", dependencies: ["NoContactSystemd", "DesktopTestSupport"], swiftSettings: ourSettings),
        .testTarget(
            name: "NoContactStoreTests", dependencies: ["NoContactStore", "TestSupport"],
            exclude: ["Fixtures"], swiftSettings: ourSettings),
        .testTarget(name: "VarlinkTests", dependencies: ["Varlink", "VarlinkCertificationInterface", "TestSupport"], swiftSettings: ourSettings),
        // The reference implementation's org.varlink.certification description, in one place
        // for the certification server and the tests.
        .target(name: "VarlinkCertificationInterface", path: "Tests/VarlinkCertificationInterface", swiftSettings: ourSettings),
        // Hosts org.varlink.certification with our Varlink module, so that the reference
        // (Python) client can certify our server.
        .executableTarget(
            name: "varlink-certification-server", dependencies: ["Varlink", "VarlinkCertificationInterface"],
            path: "Tests/VarlinkCertificationServer", swiftSettings: ourSettings),
        // A fixed journey (two periods in Berlin) and a failing service, for the service's and the
        // server's tests.
        .target(
            name: "ServiceTestSupport", dependencies: ["NoContactCore", "NoContactService"], path: "Tests/ServiceTestSupport",
            swiftSettings: ourSettings),
        .testTarget(name: "NoContactServiceTests", dependencies: ["NoContactService", "ServiceTestSupport"], swiftSettings: ourSettings),
        .testTarget(
            name: "NoContactServerTests",
            dependencies: ["NoContactServer", "NoContactService", "NoContactClient", "Varlink", "ServiceTestSupport", "TestSupport"],
            swiftSettings: ourSettings),
        .testTarget(name: "NoContactExportTests", dependencies: ["NoContactExport", "NoContactService"], swiftSettings: ourSettings),
        .testTarget(
            name: "NoContactDaemonTests", dependencies: ["NoContactDaemon", "NoContactService", "DesktopTestSupport"],
            swiftSettings: ourSettings),
        // Runs the built binaries against a real journald, sd_notify receiver and socket.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "NoContactCore", "NoContactService", "NoContactClient", "NoContactExport", "NoContactStore", "NoContactSystemd", "Varlink",
                "TestSupport",
            ],
            exclude: [
                "Support/terminal-session.py", "Support/png-ink.py", "Support/seccomp-exec.py", "Support/peer-probe.py",
                "Support/schema-check.py", "Support/varlink-client.py",
            ], swiftSettings: ourSettings),
    ]
)
