import Benchmark
import Foundation
import LedgerCore
import LedgerParallel
import LedgerTesting

/// What a validator does per transaction and per block: admission, building and validating blocks, and an
/// auditor's replay of one block.
func registerChainBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: rateMetrics, maxDuration: .seconds(10), maxIterations: 30, setup: { _ = CoreFixtures.chain })

    Benchmark("Transaction admission: decode, verify, rules (1,000, every core)", configuration: configuration) {
        benchmark in
        let chain = CoreFixtures.chain
        let genesis = chain.synthetic.genesis
        let registry = chain.registry
        let key = try registry.publicKey(
            for: chain.synthetic.issuerKey.publicKey.keyID, validators: chain.synthetic.genesis.validatorSet)!
        try measureRate(benchmark, count: chain.submissions.count) {
            let decoded = try chain.submissions.map { try SignedTransaction.decode($0) }
            let verified = TransactionAuthenticator.verifyAll(decoded, work: Parallel.everyCore) { _ in key }
            var overlay = RegistryOverlay(base: registry)
            for (index, result) in verified.enumerated() {
                guard case .success(let transaction) = result else { preconditionFailure("signature refused") }
                let context = RuleContext(
                    chainID: genesis.chainID,
                    location: TransactionLocation(height: 3, indexInBlock: UInt32(index), ledgerIndex: 0),
                    blockTimestampMilliseconds: chain.synthetic.clockMilliseconds + 1_000, parent: chain.synthetic.tip)
                guard
                    case .success(let change) = try TransactionRules.evaluate(
                        transaction, in: overlay, context: context)
                else { preconditionFailure("rules refused a valid transaction") }
                try overlay.apply(change)
            }
        }
    }

    Benchmark("Block: build the header of 10,000 transactions", configuration: configuration) { benchmark in
        let chain = CoreFixtures.chain
        measureRate(benchmark, count: chain.large.transactions.count) {
            blackHole(
                BlockBuilder.header(
                    parent: chain.afterRegistration, genesis: chain.synthetic.genesis,
                    transactions: chain.large.transactions, statusRoot: chain.large.header.statusRoot,
                    timestampMilliseconds: chain.large.header.timestampMilliseconds, round: 0))
        }
    }

    Benchmark(
        "Block: validate 10,000 transactions (certificate, signatures, rules, roots)", configuration: configuration
    ) {
        benchmark in
        let chain = CoreFixtures.chain
        try measureRate(benchmark, count: chain.large.transactions.count) {
            let result = try ChainRules.validate(
                block: chain.large, parent: chain.afterRegistration, parentStatus: chain.statusAfterRegistration,
                genesis: chain.synthetic.genesis,
                registry: chain.registry, localTimeMilliseconds: chain.large.header.timestampMilliseconds,
                work: Parallel.everyCore)
            guard case .success = result else { preconditionFailure("the block must be valid: \(result)") }
        }
    }

    Benchmark("Replay: one 1,000-transaction block (decode, validate, apply)", configuration: configuration) {
        benchmark in
        let chain = CoreFixtures.chain
        try measureRate(benchmark, count: 1_000) {
            let block = try Block.decode(chain.thousandEncoded)
            var registry = chain.registry
            let result = try ChainRules.validate(
                block: block, parent: chain.afterRegistration, parentStatus: chain.statusAfterRegistration,
                genesis: chain.synthetic.genesis, registry: registry,
                localTimeMilliseconds: block.header.timestampMilliseconds, work: Parallel.everyCore)
            guard case .success(let accepted) = result else { preconditionFailure("the block must be valid") }
            for change in accepted.changes { registry.apply(change) }
            blackHole(registry)
        }
    }
}
