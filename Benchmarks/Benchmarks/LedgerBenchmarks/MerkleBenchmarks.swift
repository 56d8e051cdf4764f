import Benchmark
import Foundation
import LedgerCore
import LedgerTesting

/// The RFC 9162 log: building a root, and inclusion proofs over a 1,000,000-leaf tree.
func registerMerkleBenchmarks() {
    Benchmark(
        "Merkle root over 1,000,000 leaves",
        configuration: .init(metrics: rateMetrics, maxDuration: .seconds(10), maxIterations: 5)
    ) { benchmark in
        let hasher = MerkleHasher()
        var accumulator = MerkleAccumulator()
        // Operations are SHA-256 calls: 1M over the entries, 1M leaf hashes, 999,999 node hashes.
        measureRate(benchmark, count: 2_999_999) {
            for index in 0..<UInt64(1_000_000) {
                let data = withUnsafeBytes(of: index.bigEndian) { SHA256.hash($0) }
                accumulator.append(leafHash: data.withUnsafeBytes { hasher.leafHash($0) }, hasher: hasher)
            }
            blackHole(accumulator.root(hasher: hasher))
        }
    }

    let proofConfiguration = Benchmark.Configuration(
        metrics: rateMetrics, maxDuration: .seconds(5), maxIterations: 50,
        setup: { _ = CoreFixtures.millionLeafTree })

    Benchmark("Merkle inclusion proof: generate, 1,000,000 leaves", configuration: proofConfiguration) { benchmark in
        let tree = CoreFixtures.millionLeafTree
        let builder = MerkleProofBuilder(reader: tree, hasher: MerkleHasher())
        var random = SeededGenerator(seed: UInt64(benchmark.currentIteration))
        let indices = (0..<10_000).map { _ in UInt64.random(in: 0..<1_000_000, using: &random) }
        try measureRate(benchmark, count: indices.count) {
            for index in indices { blackHole(try builder.inclusionProof(index: index, size: 1_000_000)) }
        }
    }

    Benchmark("Merkle inclusion proof: verify, 1,000,000 leaves", configuration: proofConfiguration) { benchmark in
        let tree = CoreFixtures.millionLeafTree
        let hasher = MerkleHasher()
        let builder = MerkleProofBuilder(reader: tree, hasher: hasher)
        let root = try tree.root(size: 1_000_000, hasher: hasher)
        var random = SeededGenerator(seed: UInt64(benchmark.currentIteration) &+ 1)
        let proofs = try (0..<10_000).map { _ in
            let index = UInt64.random(in: 0..<1_000_000, using: &random)
            return (
                index, try tree.node(level: 0, index: index), try builder.inclusionProof(index: index, size: 1_000_000)
            )
        }
        try measureRate(benchmark, count: proofs.count) {
            for (index, leaf, path) in proofs {
                try MerkleProofVerifier.verifyInclusion(
                    leafHash: leaf, index: index, size: 1_000_000, proof: path, root: root, hasher: hasher)
            }
        }
    }
}
