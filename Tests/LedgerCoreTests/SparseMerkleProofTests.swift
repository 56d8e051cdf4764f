import LedgerCore
import Testing

@Suite("Status map proofs: every mutation of a proof, a key or a root is refused with its reason")
struct SparseMerkleProofTests {
    struct Fixture {
        var tree = SparseMerkleTree()
        var values: [SHA256Digest: [UInt8]] = [:]
        let keys: [SHA256Digest]

        init(count: Int) {
            keys = SparseMerkleTreeTests.keys(count, seed: 99)
            for (index, key) in keys.enumerated() { values[key] = SparseMerkleTreeTests.value(index, version: 0) }
            tree.update(values.map { SparseMerkleTree.Entry(keyHash: $0.key, value: $0.value) })
        }
    }

    static func flipped(_ digest: SHA256Digest, bit: Int) -> SHA256Digest {
        var bytes = digest.bytes
        bytes[bit >> 3] ^= UInt8(0x80) >> UInt8(bit & 7)
        return try! SHA256Digest(bytes: bytes)
    }

    @Test("a flipped bit in any sibling, a swapped root or a changed value fails the root")
    func flippedSiblingsAndRoots() throws {
        let fixture = Fixture(count: 200)
        let root = fixture.tree.rootHash
        for key in fixture.keys.prefix(40) {
            let proof = fixture.tree.proof(for: key)
            let value = try #require(fixture.values[key])
            for index in proof.siblings.indices {
                for bit in [0, 131, 255] {
                    var siblings = proof.siblings
                    siblings[index] = Self.flipped(siblings[index], bit: bit)
                    let forged = SparseMerkleProof(leaf: proof.leaf, siblings: siblings)
                    #expect(throws: SparseMerkleProofError.self) {
                        try forged.verifyInclusion(root: root, keyHash: key, value: value)
                    }
                }
            }
            #expect(throws: SparseMerkleProofError.self) {
                try proof.verifyInclusion(root: Self.flipped(root, bit: 7), keyHash: key, value: value)
            }
            #expect(throws: SparseMerkleProofError.valueMismatch) {
                try proof.verifyInclusion(root: root, keyHash: key, value: value + [0])
            }
        }
        var other = fixture.tree
        other.update([SparseMerkleTree.Entry(keyHash: SHA256.hash([1]), value: [2])])
        let key = fixture.keys[0]
        let proof = fixture.tree.proof(for: key)
        let value = try #require(fixture.values[key])
        #expect(throws: SparseMerkleProofError.self) {
            try proof.verifyInclusion(root: other.rootHash, keyHash: key, value: value)
        }
    }

    @Test("a proof for one key is refused for another, and a leaf with a changed key is refused")
    func wrongLeafKey() throws {
        let fixture = Fixture(count: 64)
        let root = fixture.tree.rootHash
        let first = fixture.keys[0]
        let second = fixture.keys[1]
        let proof = fixture.tree.proof(for: first)
        let value = try #require(fixture.values[first])
        #expect(throws: SparseMerkleProofError.keyMismatch(proven: first, queried: second)) {
            try proof.verifyInclusion(root: root, keyHash: second, value: value)
        }
        let leaf = try #require(proof.leaf)
        let renamed = SparseMerkleProof(
            leaf: SparseMerkleProof.Leaf(keyHash: Self.flipped(first, bit: 255), valueHash: leaf.valueHash),
            siblings: proof.siblings)
        #expect(throws: SparseMerkleProofError.self) {
            try renamed.verifyInclusion(root: root, keyHash: Self.flipped(first, bit: 255), value: value)
        }
    }

    @Test("an absence proof is bound to the queried key's path: a leaf on another path is refused")
    func absenceBoundToPath() throws {
        let fixture = Fixture(count: 300)
        let root = fixture.tree.rootHash
        var checked = 0
        for absent in SparseMerkleTreeTests.keys(400, seed: 4242) where fixture.values[absent] == nil {
            let proof = fixture.tree.proof(for: absent)
            try proof.verifyAbsence(root: root, keyHash: absent)
            guard let leaf = proof.leaf, !proof.siblings.isEmpty else { continue }
            // The same proof offered for a key that leaves the path above the leaf: its first bit differs.
            let elsewhere = Self.flipped(absent, bit: 0)
            guard fixture.values[elsewhere] == nil else { continue }
            #expect(throws: SparseMerkleProofError.leafOffPath(sharedBits: 0, depth: proof.siblings.count)) {
                try proof.verifyAbsence(root: root, keyHash: elsewhere)
            }
            // A real key's inclusion proof offered as absence of that key is refused.
            #expect(throws: SparseMerkleProofError.keyIsPresent) {
                try fixture.tree.proof(for: leaf.keyHash).verifyAbsence(root: root, keyHash: leaf.keyHash)
            }
            checked += 1
        }
        #expect(checked > 50)
        let present = fixture.keys[3]
        let empty = SparseMerkleProof(leaf: nil, siblings: fixture.tree.proof(for: present).siblings)
        #expect(throws: SparseMerkleProofError.self) { try empty.verifyAbsence(root: root, keyHash: present) }
        #expect(throws: SparseMerkleProofError.expectedInclusion) {
            try empty.verifyInclusion(root: root, keyHash: present, value: [1])
        }
    }

    @Test("too many or too few siblings, and more than 256, are refused; an empty value is refused")
    func siblingCountsAndEmptyValue() throws {
        let fixture = Fixture(count: 100)
        let root = fixture.tree.rootHash
        let key = fixture.keys[5]
        let value = try #require(fixture.values[key])
        let proof = fixture.tree.proof(for: key)
        try proof.verifyInclusion(root: root, keyHash: key, value: value)
        let padded = SparseMerkleProof(leaf: proof.leaf, siblings: [SparseMerkleHasher.placeholder] + proof.siblings)
        #expect(throws: SparseMerkleProofError.self) {
            try padded.verifyInclusion(root: root, keyHash: key, value: value)
        }
        let extended = SparseMerkleProof(leaf: proof.leaf, siblings: proof.siblings + [SparseMerkleHasher.placeholder])
        #expect(throws: SparseMerkleProofError.self) {
            try extended.verifyInclusion(root: root, keyHash: key, value: value)
        }
        let shortened = SparseMerkleProof(leaf: proof.leaf, siblings: Array(proof.siblings.dropFirst()))
        #expect(throws: SparseMerkleProofError.self) {
            try shortened.verifyInclusion(root: root, keyHash: key, value: value)
        }
        let tooLong = SparseMerkleProof(leaf: proof.leaf, siblings: Array(repeating: root, count: 257))
        #expect(throws: SparseMerkleProofError.tooManySiblings(257)) {
            try tooLong.verifyInclusion(root: root, keyHash: key, value: value)
        }
        #expect(throws: SparseMerkleProofError.emptyValue) {
            try proof.verifyInclusion(root: root, keyHash: key, value: [UInt8]())
        }
    }

    @Test("the empty map: the root is the placeholder and every key has an empty absence proof")
    func emptyMap() throws {
        let tree = SparseMerkleTree()
        #expect(tree.rootHash.bytes == Array("SPARSE_MERKLE_PLACEHOLDER_HASH__".utf8))
        let proof = tree.proof(for: SHA256.hash([7]))
        #expect(proof.leaf == nil && proof.siblings.isEmpty)
        try proof.verifyAbsence(root: tree.rootHash, keyHash: SHA256.hash([7]))
    }
}
