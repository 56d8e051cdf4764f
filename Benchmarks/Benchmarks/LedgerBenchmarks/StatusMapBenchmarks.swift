import Benchmark
import LedgerCore

/// The status map at 1,000,000 credential records: a block's update, and status proofs.
func registerStatusMapBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: rateMetrics, maxDuration: .seconds(5), maxIterations: 20,
        setup: { _ = StatusFixtures.millionRecords })

    Benchmark("Status map: 1,000-record block update, 1,000,000 records", configuration: configuration) { benchmark in
        var tree = StatusFixtures.millionRecords.tree
        // Half new credentials, half changes to existing ones, as a block of issues and revocations would be.
        let batch = StatusFixtures.batch(seed: UInt64(benchmark.currentIteration))
        measureRate(benchmark, count: batch.count) { tree.update(batch) }
        blackHole(tree.rootHash)
    }

    Benchmark("Status proof: generate, 1,000,000 records", configuration: configuration) { benchmark in
        let tree = StatusFixtures.millionRecords.tree
        let keys = StatusFixtures.sampleKeys(seed: UInt64(benchmark.currentIteration))
        measureRate(benchmark, count: keys.count) {
            for key in keys { blackHole(tree.proof(for: key)) }
        }
    }

    Benchmark("Status proof: verify, 1,000,000 records", configuration: configuration) { benchmark in
        let tree = StatusFixtures.millionRecords.tree
        let root = tree.rootHash
        let proofs = StatusFixtures.sampleKeys(seed: UInt64(benchmark.currentIteration) &+ 7).map {
            (key: $0, value: tree.value(for: $0) ?? [], proof: tree.proof(for: $0))
        }
        try measureRate(benchmark, count: proofs.count) {
            for item in proofs { try item.proof.verifyInclusion(root: root, keyHash: item.key, value: item.value) }
        }
    }
}

/// A status map of 1,000,000 active credential records, built once per process.
enum StatusFixtures {
    static let chainID = SHA256.hash(Array("benchmark-status".utf8))

    static func entry(_ index: Int, height: UInt64) -> SparseMerkleTree.Entry {
        let record = StatusRecord.credential(
            .init(
                state: .active, reasonCode: 0, changedAtHeight: height, changeLedgerIndex: UInt64(index),
                issuanceLedgerIndex: UInt64(index)))
        let key = try! StatusKey.hash(chainID: chainID, kind: .credential, recordID: "credential-\(index)")
        return SparseMerkleTree.Entry(keyHash: key, value: record.encoded)
    }

    static let millionRecords: (tree: SparseMerkleTree, keys: [SHA256Digest]) = {
        let entries = (0..<1_000_000).map { entry($0, height: 1) }
        var tree = SparseMerkleTree()
        tree.update(entries)
        return (tree, entries.map(\.keyHash))
    }()

    static func batch(seed: UInt64) -> [SparseMerkleTree.Entry] {
        var random = SeededGenerator(seed: seed)
        let first = 1_000_000 + Int(seed) * 500
        return (0..<500).flatMap { offset in
            [entry(first + offset, height: 2), entry(Int(random.next() % 1_000_000), height: 2)]
        }
    }

    static func sampleKeys(seed: UInt64) -> [SHA256Digest] {
        var random = SeededGenerator(seed: seed)
        let keys = millionRecords.keys
        return (0..<10_000).map { _ in keys[Int(random.next() % UInt64(keys.count))] }
    }
}
