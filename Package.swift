// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "mcledger",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        // The test kit (command runner, synthetic chains); the Benchmarks package uses it too.
        .library(name: "LedgerTesting", targets: ["LedgerTesting"]),
        .library(name: "LedgerClient", targets: ["LedgerClient"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
        .library(name: "LedgerParallel", targets: ["LedgerParallel"]),
        .executable(name: "ledger-node", targets: ["LedgerNode"]),
        .executable(name: "ledger", targets: ["LedgerCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // OpenSSL 3 libcrypto, found through pkg-config; Debian's libssl-dev provides it.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // SQLite 3 for the store's derived index; Debian's libsqlite3-dev provides it.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // The pure core: formats, crypto, Merkle, rules, consensus, proofs. No files, no SQLite, no threads of its
        // own (ArchitectureTests): the offline verifier needs nothing else.
        .target(name: "LedgerCore", dependencies: ["COpenSSL"]),
        // Work spread over every core (Dispatch), handed to the core where it checks many signatures.
        .target(name: "LedgerParallel", dependencies: ["LedgerCore"]),
        // The crash-safe chain store (block log, tree file, SQLite index, locks), key files, export and replay.
        .target(name: "LedgerStore", dependencies: ["LedgerCore", "LedgerParallel", "CSQLite"]),
        // The release and git commit that `--version` prints; the plugin records the commit before each build.
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        .target(name: "LedgerVersion", plugins: ["BuildInfoPlugin"]),
        .plugin(name: "WebAssetsPlugin", capability: .buildTool()),
        // The verifier page (web/verifier), embedded so the binaries need no files beside them.
        .target(name: "LedgerWeb", dependencies: ["LedgerCore"], plugins: ["WebAssetsPlugin"]),
        .executableTarget(
            name: "LedgerNode",
            dependencies: [
                "LedgerCore", "LedgerStore", "LedgerParallel", "LedgerRuntime", "LedgerVersion", "LedgerWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "LedgerCLI",
            dependencies: [
                "LedgerWeb",
                "LedgerCore", "LedgerStore", "LedgerParallel", "LedgerClient", "LedgerSimulation", "LedgerVersion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // A client of a node's HTTP API and a builder of signed transactions: the CLI's, the load generator's and
        // the tests'.
        .target(name: "LedgerClient", dependencies: ["LedgerCore", "LedgerParallel"]),
        // The node's shell around consensus, with its I/O injected: the ConsensusDriver that the node and the
        // simulator both run, the mempool, and the peer messages. No sockets, no clocks, no files of its own.
        .target(
            name: "LedgerRuntime",
            dependencies: [
                "LedgerCore", "LedgerStore", "LedgerParallel", .product(name: "Logging", package: "swift-log"),
            ]),
        // The deterministic consensus simulator (`ledger simulate` and the consensus tests).
        .target(
            name: "LedgerSimulation",
            dependencies: [
                "LedgerCore", "LedgerRuntime", "LedgerClient", .product(name: "Logging", package: "swift-log"),
            ]),
        // The test kit, never linked into a production binary: running commands, free ports, synthetic chains.
        .target(name: "LedgerTesting", dependencies: ["LedgerCore", "LedgerStore", "LedgerClient", "LedgerParallel"]),
        // Appends blocks until killed; the store's crash tests SIGKILL it at random moments.
        .executableTarget(
            name: "StoreCrashWriter", dependencies: ["LedgerCore", "LedgerStore"], path: "Tests/StoreCrashWriter"),
        .testTarget(
            name: "LedgerCoreTests",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerParallel", "LedgerTesting", "StoreCrashWriter"],
            exclude: ["Vectors"]),
        .testTarget(
            name: "LedgerCLITests",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerCLI", "LedgerClient", "LedgerTesting"]),
        .testTarget(
            name: "LedgerConsensusTests",
            dependencies: ["LedgerCore", "LedgerParallel", "LedgerSimulation", "LedgerTesting"]),
        .testTarget(
            name: "LedgerNodeTests",
            dependencies: [
                "LedgerNode", "LedgerCore", "LedgerStore", "LedgerClient", "LedgerRuntime", "LedgerTesting",
                "LedgerWeb",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
    ]
)
