/// Verifies inclusion and consistency proofs exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 describe,
/// after checking the proof has the one length those sizes allow.
public enum MerkleProofVerifier {
    /// RFC 9162 §2.1.3.2: recomputes the root a leaf and its path lead to.
    public static func rootFromInclusionProof(
        leafHash: SHA256Digest, index: UInt64, size: UInt64, proof: [SHA256Digest], hasher: MerkleHasher
    ) throws(MerkleProofError) -> SHA256Digest {
        guard index < size else { throw .indexOutOfRange(index: index, size: size) }
        let expected = inclusionProofLength(index: index, size: size)
        guard proof.count == expected else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        var fn = index
        var sn = size - 1
        var root = leafHash
        for sibling in proof {
            guard sn != 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
            if fn & 1 == 1 || fn == sn {
                root = hasher.nodeHash(sibling, root)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                root = hasher.nodeHash(root, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        return root
    }

    /// RFC 9162 §2.1.3.2: the leaf is at `index` in the tree of `size` whose head is `root`.
    public static func verifyInclusion(
        leafHash: SHA256Digest, index: UInt64, size: UInt64, proof: [SHA256Digest], root: SHA256Digest,
        hasher: MerkleHasher
    ) throws(MerkleProofError) {
        let computed = try rootFromInclusionProof(
            leafHash: leafHash, index: index, size: size, proof: proof, hasher: hasher)
        guard computed == root else { throw .rootMismatch(expected: root, computed: computed) }
    }

    /// RFC 9162 §2.1.4.2: the tree (size2, root2) extends the tree (size1, root1) by appends only.
    /// Equal non-zero sizes need an empty proof and equal roots; size1 = 0 proves nothing and is refused.
    public static func verifyConsistency(
        size1: UInt64, size2: UInt64, root1: SHA256Digest, root2: SHA256Digest, proof: [SHA256Digest],
        hasher: MerkleHasher
    ) throws(MerkleProofError) {
        guard size1 > 0 else { throw .invalidSizes(size1: size1, size2: size2, reason: "size1 must be above 0") }
        guard size1 <= size2 else { throw .invalidSizes(size1: size1, size2: size2, reason: "size1 exceeds size2") }
        let expected = consistencyProofLength(size1: size1, size2: size2)
        guard proof.count == expected else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        if size1 == size2 {
            guard root1 == root2 else { throw .rootMismatch(expected: root1, computed: root2) }
            return
        }
        // Step 2: a power-of-two old tree is itself a node of the new one, so its root seeds the path.
        let path = size1.nonzeroBitCount == 1 ? [root1] + proof : proof
        var fn = size1 - 1
        var sn = size2 - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var firstRoot = path[0]
        var secondRoot = path[0]
        for node in path.dropFirst() {
            guard sn != 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
            if fn & 1 == 1 || fn == sn {
                firstRoot = hasher.nodeHash(node, firstRoot)
                secondRoot = hasher.nodeHash(node, secondRoot)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                secondRoot = hasher.nodeHash(secondRoot, node)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        guard firstRoot == root1 else { throw .rootMismatch(expected: root1, computed: firstRoot) }
        guard secondRoot == root2 else { throw .rootMismatch(expected: root2, computed: secondRoot) }
    }

    /// The only length an inclusion proof for (index, size) can have: one hash per level below the point
    /// where the leaf's path leaves the right border, plus one per left-border subtree above it.
    public static func inclusionProofLength(index: UInt64, size: UInt64) -> Int {
        precondition(index < size)
        let inner = bitLength(index ^ (size - 1))
        return inner + (index >> UInt64(inner)).nonzeroBitCount
    }

    /// The only length a consistency proof from size1 to size2 (0 < size1 ≤ size2) can have.
    public static func consistencyProofLength(size1: UInt64, size2: UInt64) -> Int {
        precondition(size1 > 0 && size1 <= size2)
        guard size1 < size2 else { return 0 }
        let inner = bitLength((size1 - 1) ^ (size2 - 1))
        let border = ((size1 - 1) >> UInt64(inner)).nonzeroBitCount
        let shift = size1.trailingZeroBitCount
        let seedIsOldRoot = size1 == UInt64(1) << UInt64(shift)
        return (seedIsOldRoot ? 0 : 1) + (inner - shift) + border
    }

    private static func bitLength(_ value: UInt64) -> Int { 64 - value.leadingZeroBitCount }
}
