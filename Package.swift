// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "mcledger",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        // The test kit (command runner, synthetic chains); the Benchmarks package uses it too.
        .library(name: "LedgerTesting", targets: ["LedgerTesting"]),
        .executable(name: "ledger-node", targets: ["LedgerNode"]),
        .executable(name: "ledger", targets: ["LedgerCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
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
        .target(name: "LedgerCore", dependencies: ["COpenSSL", "CSQLite"]),
        .executableTarget(name: "LedgerNode", dependencies: ["LedgerCore"]),
        .executableTarget(
            name: "LedgerCLI",
            dependencies: [
                "LedgerCore", "LedgerTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared test kit: running commands and, later, the simulator, simulated network and storage.
        .target(name: "LedgerTesting", dependencies: ["LedgerCore"]),
        // Appends blocks until killed; the store's crash tests SIGKILL it at random moments.
        .executableTarget(name: "StoreCrashWriter", dependencies: ["LedgerCore"], path: "Tests/StoreCrashWriter"),
        .testTarget(
            name: "LedgerCoreTests", dependencies: ["LedgerCore", "LedgerTesting", "StoreCrashWriter"],
            exclude: ["Vectors"]),
        .testTarget(name: "LedgerCLITests", dependencies: ["LedgerCore", "LedgerCLI", "LedgerTesting"]),
        .testTarget(name: "LedgerConsensusTests", dependencies: ["LedgerCore", "LedgerTesting"]),
    ]
)
