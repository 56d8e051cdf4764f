import Benchmark
import Foundation
import LedgerCore
import LedgerTesting

/// Transactions per second, computed per run; larger is better.
let transactionsPerSecond = BenchmarkMetric.custom(
    "Transactions (# / s)", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(10))

    Benchmark("Merkle root over 1,000,000 leaves", configuration: .init(maxIterations: 5)) { benchmark in
        let hasher = MerkleHasher()
        var accumulator = MerkleAccumulator()
        for index in 0..<UInt64(1_000_000) {
            let data = withUnsafeBytes(of: index.bigEndian) { SHA256.hash($0) }
            accumulator.append(leafHash: data.withUnsafeBytes { hasher.leafHash($0) }, hasher: hasher)
        }
        blackHole(accumulator.root(hasher: hasher))
    }

    Benchmark(
        "Store append: 1,000-transaction block",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, transactionsPerSecond], maxDuration: .seconds(30),
            maxIterations: 30)
    ) { benchmark in
        if StoreFixtures.appendTarget == nil { StoreFixtures.appendTarget = try StoreFixtures.AppendTarget() }
        let target = StoreFixtures.appendTarget!
        let block = try target.chain.credentialBlock(count: 1_000)
        let start = ContinuousClock.now
        benchmark.startMeasurement()
        try target.store.append(block, localTimeMilliseconds: block.header.timestampMilliseconds)
        benchmark.stopMeasurement()
        let seconds =
            Double((ContinuousClock.now - start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - start).components.seconds)
        benchmark.measurement(transactionsPerSecond, Int(1_000 / seconds))
    }

    Benchmark(
        "Store lookup: credential by id, 1,000,000 credentials",
        configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(10))
    ) { benchmark in
        let store = try StoreFixtures.millionCredentialStore()
        var random = SeededGenerator(seed: UInt64(benchmark.currentIteration))
        let ids = benchmark.scaledIterations.map { _ in "credential-\(Int.random(in: 0..<1_000_000, using: &random))" }
        benchmark.startMeasurement()
        for id in ids { blackHole(try store.credential(id: id)) }
        benchmark.stopMeasurement()
    }

    Benchmark(
        "Store proof bundle: random credential, 1,000,000 credentials",
        configuration: .init(scalingFactor: .one, maxDuration: .seconds(10))
    ) { benchmark in
        let store = try StoreFixtures.millionCredentialStore()
        var random = SeededGenerator(seed: UInt64(benchmark.currentIteration) &+ 77)
        let ids = benchmark.scaledIterations.map { _ in "credential-\(Int.random(in: 0..<1_000_000, using: &random))" }
        benchmark.startMeasurement()
        for id in ids { blackHole(try store.proofBundle(credentialID: id)) }
        benchmark.stopMeasurement()
    }

    Benchmark(
        "Replay: 20,001 transactions from an export",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, transactionsPerSecond], maxDuration: .seconds(30),
            maxIterations: 10)
    ) { benchmark in
        let (path, transactions) = try StoreFixtures.replayExport()
        var reader = try ExportReader(path: path)
        let start = ContinuousClock.now
        benchmark.startMeasurement()
        let report = ChainAuditor.replay(&reader, localTimeMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000))
        benchmark.stopMeasurement()
        let elapsed = ContinuousClock.now - start
        precondition(report.isValid, "replay failed: \(String(describing: report.failure))")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        benchmark.measurement(transactionsPerSecond, Int(Double(transactions) / seconds))
    }
}
