// swift-tools-version: 6.1
import PackageDescription

// Benchmarks of LedgerCore against this machine's own limits; run with `swift package benchmark` here.
let package = Package(
    name: "mcledger-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "mcledger", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                .product(name: "LedgerCore", package: "mcledger"),
                .product(name: "LedgerStore", package: "mcledger"),
                .product(name: "LedgerParallel", package: "mcledger"),
                .product(name: "LedgerClient", package: "mcledger"),
                .product(name: "LedgerTesting", package: "mcledger"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LedgerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
