import Benchmark
import Foundation
import LedgerCore
import LedgerParallel

/// SHA-256 and ECDSA P-256 through LedgerCore: the two limits every other figure is set against.
func registerCryptoBenchmarks() {
    let configuration = Benchmark.Configuration(metrics: rateMetrics, maxDuration: .seconds(5), maxIterations: 50)

    Benchmark("SHA-256: Merkle leaf hash of a 64-byte entry", configuration: configuration) { benchmark in
        let hasher = MerkleHasher()
        let entry = [UInt8](repeating: 0xA5, count: 64)
        let count = 1_000_000
        measureRate(benchmark, count: count) {
            for _ in 0..<count { blackHole(hasher.leafHash(entry)) }
        }
    }

    Benchmark("SHA-256: Merkle node hash (65 bytes)", configuration: configuration) { benchmark in
        let hasher = MerkleHasher()
        var node = SHA256.hash([1, 2, 3])
        let count = 1_000_000
        measureRate(benchmark, count: count) {
            for _ in 0..<count { node = hasher.nodeHash(node, node) }
        }
        blackHole(node)
    }

    Benchmark("ECDSA P-256: sign, 1 thread", configuration: configuration) { benchmark in
        let (key, message, _) = CoreFixtures.signing
        let count = 2_000
        try measureRate(benchmark, count: count) {
            for _ in 0..<count { blackHole(try key.sign(message: message)) }
        }
    }

    Benchmark("ECDSA P-256: verify, 1 thread", configuration: configuration) { benchmark in
        let (key, message, signature) = CoreFixtures.signing
        let publicKey = key.publicKey
        let count = 1_000
        measureRate(benchmark, count: count) {
            for _ in 0..<count {
                precondition(publicKey.verify(signature: signature, message: message) == .valid)
            }
        }
    }

    Benchmark("ECDSA P-256: verify, 2 threads", configuration: configuration) { benchmark in
        let (key, message, signature) = CoreFixtures.signing
        let publicKey = key.publicKey
        let count = 2_000
        measureRate(benchmark, count: count) {
            let verdicts = Parallel.map(count: count, chunks: 2) { _ in
                publicKey.verify(signature: signature, message: message)
            }
            precondition(verdicts.allSatisfy { $0 == .valid })
        }
    }
}
