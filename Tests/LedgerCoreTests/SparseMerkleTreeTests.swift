import Foundation
import LedgerCore
import Testing

@Suite("Status map: the sparse Merkle tree against jmt's vectors and a literal 256-level reference")
struct SparseMerkleTreeTests {
    struct Vectors: Decodable {
        struct Vector: Decodable {
            struct Entry: Decodable {
                let key: String
                let value: String
            }
            let expectedRoot: String
            let data: [Entry]
        }
        let hashFunction: String
        let vectors: [Vector]
    }

    static func hex(_ text: String) throws -> [UInt8] {
        try #require(Hex.decode(text))
    }

    @Test("jmt-sha256 vectors: the empty map, one key and two keys give jmt's roots")
    func upstreamVectors() throws {
        let url = TestSupport.vectorsDirectory.appendingPathComponent("jmt-sha256/sha2_256_vectors.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let file = try decoder.decode(Vectors.self, from: Data(contentsOf: url))
        #expect(file.hashFunction == "sha2" && file.vectors.count == 3)
        for vector in file.vectors {
            var tree = SparseMerkleTree()
            let entries = try vector.data.map { entry in
                SparseMerkleTree.Entry(keyHash: SHA256.hash(try Self.hex(entry.key)), value: try Self.hex(entry.value))
            }
            tree.update(entries)
            let leaves = entries.map { SparseMerkleProof.Leaf(keyHash: $0.keyHash, valueHash: SHA256.hash($0.value)) }
            #expect(tree.rootHash.hex == vector.expectedRoot)
            let naive = NaiveSparseMerkle.root(leaves.map { ($0.keyHash.bytes, $0.valueHash.bytes) })
            #expect(Hex.encode(naive) == vector.expectedRoot)
            for (leaf, entry) in zip(leaves, vector.data) {
                try tree.proof(for: leaf.keyHash).verifyInclusion(
                    root: tree.rootHash, keyHash: leaf.keyHash, value: try Self.hex(entry.value))
            }
        }
    }

    /// Random key hashes, with a share of near neighbours (the same hash with a low bit flipped) so that paths
    /// run deep, down to the last bits of a key.
    static func keys(_ count: Int, seed: UInt64) -> [SHA256Digest] {
        var generator = SeededGenerator(seed: seed)
        var keys: [SHA256Digest] = []
        while keys.count < count {
            if let base = keys.last, generator.next() % 4 == 0 {
                var bytes = base.bytes
                let bit = 200 + Int(generator.next() % 56)
                bytes[bit >> 3] ^= UInt8(0x80) >> UInt8(bit & 7)
                keys.append(try! SHA256Digest(bytes: bytes))
            } else {
                keys.append(SHA256.hash(withUnsafeBytes(of: generator.next()) { Array($0) }))
            }
        }
        return Array(Set(keys)).sorted { $0.hex < $1.hex }
    }

    static func value(_ index: Int, version: Int) -> [UInt8] { Array("record \(index) v\(version)".utf8) }

    static func naiveRoot(_ map: [SHA256Digest: [UInt8]]) -> String {
        Hex.encode(NaiveSparseMerkle.root(map.map { ($0.key.bytes, SHA256.hash($0.value).bytes) }))
    }

    @Test(
        "random sets of 0 to 2,000 keys: the tree's root equals the reference's, every proof verifies",
        arguments: [0, 1, 2, 3, 5, 17, 100, 2_000])
    func randomSets(count: Int) throws {
        let keys = Self.keys(count, seed: UInt64(count) &+ 7)
        var map: [SHA256Digest: [UInt8]] = [:]
        for (index, key) in keys.enumerated() { map[key] = Self.value(index, version: 0) }
        var tree = SparseMerkleTree()
        tree.update(map.map { SparseMerkleTree.Entry(keyHash: $0.key, value: $0.value) })
        #expect(tree.count == keys.count)
        #expect(tree.rootHash.hex == Self.naiveRoot(map))
        for (key, value) in map {
            let proof = tree.proof(for: key)
            try proof.verifyInclusion(root: tree.rootHash, keyHash: key, value: value)
            #expect(throws: SparseMerkleProofError.self) { try proof.verifyAbsence(root: tree.rootHash, keyHash: key) }
            #expect(tree.value(for: key) == value)
        }
        for absent in Self.keys(50, seed: UInt64(count) &+ 1_000) where map[absent] == nil {
            let proof = tree.proof(for: absent)
            try proof.verifyAbsence(root: tree.rootHash, keyHash: absent)
            #expect(tree.value(for: absent) == nil)
            #expect(throws: SparseMerkleProofError.self) {
                try proof.verifyInclusion(root: tree.rootHash, keyHash: absent, value: Self.value(0, version: 0))
            }
        }
    }

    @Test(
        "update sequences: batches of new keys and new values, duplicates in a batch, old versions unchanged",
        arguments: [1, 2, 3])
    func updateSequences(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let keys = Self.keys(300, seed: seed &+ 50)
        var map: [SHA256Digest: [UInt8]] = [:]
        var tree = SparseMerkleTree()
        var history: [(tree: SparseMerkleTree, root: String, map: [SHA256Digest: [UInt8]])] = []
        for version in 1...12 {
            var batch: [SparseMerkleTree.Entry] = []
            for _ in 0..<Int(generator.next() % 40) {
                let index = Int(generator.next() % UInt64(keys.count))
                let value = Self.value(index, version: version * 100 + batch.count)
                map[keys[index]] = value
                batch.append(SparseMerkleTree.Entry(keyHash: keys[index], value: value))
            }
            let before = tree
            let replaced = tree.update(batch)
            #expect(tree.count == map.count)
            #expect(tree.rootHash.hex == Self.naiveRoot(map), "version \(version)")
            // The stale nodes a store may drop are exactly the old tree's nodes the new one no longer holds.
            let stale = Self.nodes(before).subtracting(Self.nodes(tree))
            #expect(Set(replaced.map(ObjectIdentifier.init)) == stale, "version \(version)")
            #expect(replaced.count == stale.count, "each stale node listed once")
            history.append((tree, tree.rootHash.hex, map))
        }
        for (old, root, oldMap) in history {
            #expect(old.rootHash.hex == root)
            for (key, value) in oldMap {
                try old.proof(for: key).verifyInclusion(root: old.rootHash, keyHash: key, value: value)
            }
        }
    }

    /// Every node of a tree, by identity.
    static func nodes(_ tree: SparseMerkleTree) -> Set<ObjectIdentifier> {
        var found: Set<ObjectIdentifier> = []
        var pending = tree.root.map { [$0] } ?? []
        while let node = pending.popLast() {
            found.insert(ObjectIdentifier(node))
            pending += [node.left, node.right].compactMap { $0 }
        }
        return found
    }
}
