import LedgerCore
import Testing

@Suite("RFC 9162 Merkle log against a naive reference and mutated proofs")
struct MerkleReferenceTests {
    static let maximumSize = 300

    static func leaves(_ count: Int, _ hasher: MerkleHasher) -> [SHA256Digest] {
        (0..<UInt64(count)).map { NaiveMerkle.countingLeafHash($0, hasher) }
    }

    @Test("roots agree with the naive reference for every size 1…300 (accumulator and stored tree)")
    func rootsForEverySize() throws {
        let hasher = MerkleHasher()
        let leaves = Self.leaves(Self.maximumSize, hasher)
        let tree = InMemoryMerkleTree(leafHashes: leaves, hasher: hasher)
        var accumulator = MerkleAccumulator()
        var grown = InMemoryMerkleTree()
        for size in 1...Self.maximumSize {
            accumulator.append(leafHash: leaves[size - 1], hasher: hasher)
            grown.append(leafHash: leaves[size - 1], hasher: hasher)
            let expected = NaiveMerkle.mth(leaves[..<size], hasher)
            #expect(accumulator.root(hasher: hasher) == expected, "size \(size)")
            #expect(try tree.root(size: UInt64(size), hasher: hasher) == expected, "size \(size)")
            #expect(try grown.root(size: UInt64(size), hasher: hasher) == expected, "size \(size)")
        }
    }

    @Test("inclusion proofs equal the reference and verify, for every size 1…300 and random indices")
    func inclusionForEverySize() throws {
        let hasher = MerkleHasher()
        let leaves = Self.leaves(Self.maximumSize, hasher)
        let tree = InMemoryMerkleTree(leafHashes: leaves, hasher: hasher)
        let builder = MerkleProofBuilder(reader: tree, hasher: hasher)
        var random = SeededGenerator(seed: 9162)
        for size in 1...Self.maximumSize {
            let root = NaiveMerkle.mth(leaves[..<size], hasher)
            let indices = Set([0, size - 1] + (0..<3).map { _ in Int.random(in: 0..<size, using: &random) })
            for index in indices {
                let proof = try builder.inclusionProof(index: UInt64(index), size: UInt64(size))
                #expect(proof == NaiveMerkle.path(index, leaves[..<size], hasher), "index \(index) size \(size)")
                #expect(
                    proof.count == MerkleProofVerifier.inclusionProofLength(index: UInt64(index), size: UInt64(size)))
                try MerkleProofVerifier.verifyInclusion(
                    leafHash: leaves[index], index: UInt64(index), size: UInt64(size), proof: proof, root: root,
                    hasher: hasher)
            }
        }
    }

    @Test("consistency proofs equal the reference and verify, for every size 1…300 and random old sizes")
    func consistencyForEverySize() throws {
        let hasher = MerkleHasher()
        let leaves = Self.leaves(Self.maximumSize, hasher)
        let tree = InMemoryMerkleTree(leafHashes: leaves, hasher: hasher)
        let builder = MerkleProofBuilder(reader: tree, hasher: hasher)
        var random = SeededGenerator(seed: 2_1_4)
        for size2 in 1...Self.maximumSize {
            let root2 = NaiveMerkle.mth(leaves[..<size2], hasher)
            let oldSizes = Set([1, size2] + (0..<3).map { _ in Int.random(in: 1...size2, using: &random) })
            for size1 in oldSizes {
                let proof = try builder.consistencyProof(from: UInt64(size1), to: UInt64(size2))
                #expect(proof == NaiveMerkle.proof(size1, leaves[..<size2], hasher), "\(size1) → \(size2)")
                try MerkleProofVerifier.verifyConsistency(
                    size1: UInt64(size1), size2: UInt64(size2), root1: NaiveMerkle.mth(leaves[..<size1], hasher),
                    root2: root2, proof: proof, hasher: hasher)
            }
        }
    }

    static func flipBit(_ digest: SHA256Digest, bit: Int) -> SHA256Digest {
        var bytes = digest.bytes
        bytes[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
        return try! SHA256Digest(bytes: bytes)
    }

    @Test("mutated inclusion proofs are all rejected: flipped bits, wrong index or size, extra or missing hash")
    func mutatedInclusionRejected() throws {
        let hasher = MerkleHasher()
        let leaves = Self.leaves(97, hasher)
        let tree = InMemoryMerkleTree(leafHashes: leaves, hasher: hasher)
        let builder = MerkleProofBuilder(reader: tree, hasher: hasher)
        var random = SeededGenerator(seed: 7)
        for _ in 0..<60 {
            let size = UInt64.random(in: 2...97, using: &random)
            let index = UInt64.random(in: 0..<size, using: &random)
            let root = try tree.root(size: size, hasher: hasher)
            let proof = try builder.inclusionProof(index: index, size: size)
            func rejects(
                _ leaf: SHA256Digest, _ index: UInt64, _ size: UInt64, _ proof: [SHA256Digest], _ root: SHA256Digest
            ) -> Bool {
                (try? MerkleProofVerifier.verifyInclusion(
                    leafHash: leaf, index: index, size: size, proof: proof, root: root, hasher: hasher)) == nil
            }
            #expect(!rejects(leaves[Int(index)], index, size, proof, root))
            for position in proof.indices {
                var mutated = proof
                mutated[position] = Self.flipBit(proof[position], bit: Int.random(in: 0..<256, using: &random))
                #expect(rejects(leaves[Int(index)], index, size, mutated, root))
            }
            #expect(rejects(Self.flipBit(leaves[Int(index)], bit: 0), index, size, proof, root))
            #expect(rejects(leaves[Int(index)], index, size, proof, Self.flipBit(root, bit: 255)))
            #expect(rejects(leaves[Int(index)], index ^ 1, size, proof, root))
            #expect(rejects(leaves[Int(index)], index + size, size, proof, root))
            // Not size + 1: when that leaves the leaf's path shape unchanged the same proof fits both sizes.
            // An inclusion proof does not authenticate the size; the signed header does.
            #expect(rejects(leaves[Int(index)], index, size * 2, proof, root))
            #expect(rejects(leaves[Int(index)], index, size, proof + [root], root))
            #expect(rejects(leaves[Int(index)], index, size, [root] + proof, root))
            if !proof.isEmpty {
                #expect(rejects(leaves[Int(index)], index, size, Array(proof.dropLast()), root))
                #expect(rejects(leaves[Int(index)], index, size, Array(proof.dropFirst()), root))
            }
            #expect(rejects(leaves[Int(index)], 0, 0, [], root))
        }
    }

    @Test("mutated consistency proofs are all rejected: flipped bits, swapped roots, wrong sizes, size1 = 0")
    func mutatedConsistencyRejected() throws {
        let hasher = MerkleHasher()
        let leaves = Self.leaves(97, hasher)
        let tree = InMemoryMerkleTree(leafHashes: leaves, hasher: hasher)
        let builder = MerkleProofBuilder(reader: tree, hasher: hasher)
        var random = SeededGenerator(seed: 8)
        for _ in 0..<60 {
            let size2 = UInt64.random(in: 3...97, using: &random)
            let size1 = UInt64.random(in: 1..<size2, using: &random)
            let root1 = try tree.root(size: size1, hasher: hasher)
            let root2 = try tree.root(size: size2, hasher: hasher)
            let proof = try builder.consistencyProof(from: size1, to: size2)
            func rejects(
                _ size1: UInt64, _ size2: UInt64, _ root1: SHA256Digest, _ root2: SHA256Digest, _ proof: [SHA256Digest]
            ) -> Bool {
                (try? MerkleProofVerifier.verifyConsistency(
                    size1: size1, size2: size2, root1: root1, root2: root2, proof: proof, hasher: hasher)) == nil
            }
            #expect(!rejects(size1, size2, root1, root2, proof))
            for position in proof.indices {
                var mutated = proof
                mutated[position] = Self.flipBit(proof[position], bit: Int.random(in: 0..<256, using: &random))
                #expect(rejects(size1, size2, root1, root2, mutated))
            }
            #expect(rejects(size1, size2, root2, root1, proof))
            #expect(rejects(size1, size2, Self.flipBit(root1, bit: 3), root2, proof))
            #expect(rejects(size1, size2, root1, Self.flipBit(root2, bit: 3), proof))
            #expect(rejects(0, size2, root1, root2, proof))
            #expect(rejects(0, 0, MerkleHasher.emptyRoot, MerkleHasher.emptyRoot, []))
            #expect(rejects(size2, size1, root2, root1, proof))
            #expect(rejects(size1, size2 * 2, root1, root2, proof))
            #expect(rejects(size1 + 1, size2, root1, root2, proof) || size1 + 1 == size2)
            #expect(rejects(size1, size2, root1, root2, proof + [root1]))
            #expect(rejects(size1, size2, root1, root2, Array(proof.dropLast())))
            #expect(rejects(size1, size2, root1, root2, []))
        }
    }

    @Test("known roots for leaf_i = SHA-256(uint64 big-endian i): 1,000 / 100,000 / 1,000,000 leaves")
    func knownLargeRoots() {
        let hasher = MerkleHasher()
        let expected: [UInt64: String] = [
            1_000: "3cd2dc52dfaef20e0a3c259d94abf99d3e71e2a3837f4089c5e5ea5d34d7a188",
            100_000: "4ad9540219b0a58055b1854822f705289921ea821c931ae556baaaa2f7d242fa",
            1_000_000: "d34e017775c6be8754d323e5413f0c713cd5663eba180be645dae025673e8429",
        ]
        var accumulator = MerkleAccumulator()
        var index: UInt64 = 0
        for size in expected.keys.sorted() {
            while index < size {
                accumulator.append(leafHash: NaiveMerkle.countingLeafHash(index, hasher), hasher: hasher)
                index += 1
            }
            #expect(accumulator.root(hasher: hasher).hex == expected[size], "\(size) leaves")
        }
        // A wrong leaf count must not produce the published root.
        accumulator.append(leafHash: NaiveMerkle.countingLeafHash(index, hasher), hasher: hasher)
        #expect(accumulator.root(hasher: hasher).hex != expected[1_000_000])
    }

    /// Counts node reads, to show proofs stay O(log n) as the tree grows.
    struct CountingReader: MerkleNodeReader {
        let tree: InMemoryMerkleTree
        final class Counter { var reads = 0 }
        let counter = Counter()
        var leafCount: UInt64 { tree.leafCount }
        func node(level: Int, index: UInt64) throws -> SHA256Digest {
            counter.reads += 1
            return try tree.node(level: level, index: index)
        }
    }

    @Test("proof generation reads O(log n) stored nodes: at most 2·log2(n) + 2 per proof")
    func proofsReadLogarithmicNodes() throws {
        let hasher = MerkleHasher()
        let tree = InMemoryMerkleTree(leafHashes: Self.leaves(5_000, hasher), hasher: hasher)
        let reader = CountingReader(tree: tree)
        let builder = MerkleProofBuilder(reader: reader, hasher: hasher)
        var random = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let size = UInt64.random(in: 2...5_000, using: &random)
            let bound = 2 * (64 - size.leadingZeroBitCount) + 2
            reader.counter.reads = 0
            _ = try builder.inclusionProof(index: UInt64.random(in: 0..<size, using: &random), size: size)
            #expect(reader.counter.reads <= bound)
            reader.counter.reads = 0
            _ = try builder.consistencyProof(from: UInt64.random(in: 1...size, using: &random), to: size)
            #expect(reader.counter.reads <= bound)
        }
    }

    @Test("builder refuses impossible requests")
    func builderRefusesBadArguments() throws {
        let hasher = MerkleHasher()
        let tree = InMemoryMerkleTree(leafHashes: Self.leaves(10, hasher), hasher: hasher)
        let builder = MerkleProofBuilder(reader: tree, hasher: hasher)
        #expect(throws: MerkleProofError.self) { try builder.inclusionProof(index: 10, size: 10) }
        #expect(throws: MerkleProofError.self) { try builder.inclusionProof(index: 0, size: 11) }
        #expect(throws: MerkleProofError.self) { try builder.consistencyProof(from: 0, to: 5) }
        #expect(throws: MerkleProofError.self) { try builder.consistencyProof(from: 6, to: 5) }
        #expect(throws: MerkleProofError.self) { try builder.consistencyProof(from: 5, to: 11) }
        #expect(try builder.consistencyProof(from: 10, to: 10).isEmpty)
    }

    @Test("accumulator encoding round-trips and refuses a peak count that does not match the size")
    func accumulatorEncoding() throws {
        let hasher = MerkleHasher()
        var accumulator = MerkleAccumulator()
        for leaf in Self.leaves(13, hasher) { accumulator.append(leafHash: leaf, hasher: hasher) }
        var writer = CanonicalWriter()
        accumulator.encode(into: &writer)
        var reader = CanonicalReader(writer.bytes)
        #expect(try MerkleAccumulator.decode(from: &reader) == accumulator)
        try reader.finish()
        #expect(throws: FormatError.self) {
            try MerkleAccumulator(size: 13, peaks: Array(accumulator.peaks.dropLast()))
        }
        var truncated = CanonicalReader(Array(writer.bytes.dropLast()))
        #expect(throws: FormatError.self) { try MerkleAccumulator.decode(from: &truncated) }
    }
}
