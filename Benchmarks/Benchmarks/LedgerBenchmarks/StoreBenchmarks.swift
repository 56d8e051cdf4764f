import Benchmark
import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting

/// The crash-safe store: appending a block, lookups and proof bundles at 1,000,000 credentials, and replaying an
/// export.
func registerStoreBenchmarks() {
    Benchmark(
        "Store append: 1,000-transaction block",
        configuration: .init(metrics: rateMetrics, maxDuration: .seconds(30), maxIterations: 30)
    ) { benchmark in
        if StoreFixtures.appendTarget == nil { StoreFixtures.appendTarget = try StoreFixtures.AppendTarget() }
        let target = StoreFixtures.appendTarget!
        let block = try target.chain.credentialBlock(count: 1_000)
        try measureRate(benchmark, count: block.transactions.count) {
            try target.store.append(block, localTimeMilliseconds: block.header.timestampMilliseconds)
        }
    }

    let millionConfiguration = Benchmark.Configuration(
        metrics: rateMetrics, maxDuration: .seconds(10), maxIterations: 50,
        setup: { _ = try StoreFixtures.millionCredentialStore() })

    Benchmark("Store lookup: credential by id, 1,000,000 credentials", configuration: millionConfiguration) {
        benchmark in
        let store = try StoreFixtures.millionCredentialStore()
        var random = SeededGenerator(seed: UInt64(benchmark.currentIteration))
        let ids = (0..<2_000).map { _ in "credential-\(Int.random(in: 0..<1_000_000, using: &random))" }
        try measureRate(benchmark, count: ids.count) {
            for id in ids { blackHole(try store.credential(id: id)) }
        }
    }

    Benchmark("Store proof bundle: random credential, 1,000,000 credentials", configuration: millionConfiguration) {
        benchmark in
        let store = try StoreFixtures.millionCredentialStore()
        var random = SeededGenerator(seed: UInt64(benchmark.currentIteration) &+ 77)
        let ids = (0..<200).map { _ in "credential-\(Int.random(in: 0..<1_000_000, using: &random))" }
        try measureRate(benchmark, count: ids.count) {
            for id in ids { blackHole(try store.proofBundle(credentialID: id)) }
        }
    }

    Benchmark(
        "Replay: 20,001 transactions from an export",
        configuration: .init(
            metrics: rateMetrics, maxDuration: .seconds(30), maxIterations: 10,
            setup: { _ = try StoreFixtures.replayExport() })
    ) { benchmark in
        let (path, transactions) = try StoreFixtures.replayExport()
        var reader = try ExportReader(path: path)
        measureRate(benchmark, count: transactions) {
            let report = ChainAuditor.replay(
                &reader, localTimeMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000))
            precondition(report.isValid, "replay failed: \(String(describing: report.failure))")
        }
    }
}
