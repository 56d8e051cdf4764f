/// Builds RFC 9162 §2.1.3.1 inclusion proofs and §2.1.4.1 consistency proofs from stored subtree roots.
/// At most one range in a proof is not a complete subtree, so a proof costs O(log n) node reads.
public struct MerkleProofBuilder<Reader: MerkleNodeReader> {
    public let reader: Reader
    public let hasher: MerkleHasher

    public init(reader: Reader, hasher: MerkleHasher) {
        self.reader = reader
        self.hasher = hasher
    }

    /// MTH(D[0:size]) (RFC 9162 §2.1.1).
    public func root(size: UInt64) throws -> SHA256Digest {
        guard size <= reader.leafCount else {
            throw MerkleProofError.indexOutOfRange(index: size, size: reader.leafCount)
        }
        return size == 0 ? MerkleHasher.emptyRoot : try rangeRoot(begin: 0, end: size)
    }

    /// PATH(m, D[0:size]) (RFC 9162 §2.1.3.1), leaf's sibling first.
    public func inclusionProof(index: UInt64, size: UInt64) throws -> [SHA256Digest] {
        guard index < size else { throw MerkleProofError.indexOutOfRange(index: index, size: size) }
        guard size <= reader.leafCount else {
            throw MerkleProofError.indexOutOfRange(index: size - 1, size: reader.leafCount)
        }
        var proof: [SHA256Digest] = []
        try appendPath(index: index, begin: 0, end: size, to: &proof)
        return proof
    }

    /// PROOF(size1, D[0:size2]) (RFC 9162 §2.1.4.1). Empty when the sizes are equal.
    public func consistencyProof(from size1: UInt64, to size2: UInt64) throws -> [SHA256Digest] {
        guard size1 > 0, size1 <= size2 else {
            throw MerkleProofError.invalidSizes(size1: size1, size2: size2, reason: "need 0 < size1 ≤ size2")
        }
        guard size2 <= reader.leafCount else {
            throw MerkleProofError.indexOutOfRange(index: size2 - 1, size: reader.leafCount)
        }
        var proof: [SHA256Digest] = []
        try appendSubproof(size1: size1, begin: 0, end: size2, wholeOldTree: true, to: &proof)
        return proof
    }

    // PATH(m, D[begin:end]): recurse into the half holding m; its sibling's root follows the deeper path.
    private func appendPath(index: UInt64, begin: UInt64, end: UInt64, to proof: inout [SHA256Digest]) throws {
        guard end - begin > 1 else { return }
        let split = begin + Self.largestPowerOfTwo(below: end - begin)
        if index < split {
            try appendPath(index: index, begin: begin, end: split, to: &proof)
            proof.append(try rangeRoot(begin: split, end: end))
        } else {
            try appendPath(index: index, begin: split, end: end, to: &proof)
            proof.append(try rangeRoot(begin: begin, end: split))
        }
    }

    // SUBPROOF(m, D[begin:end], b) with m counted from `begin`.
    private func appendSubproof(
        size1: UInt64, begin: UInt64, end: UInt64, wholeOldTree: Bool, to proof: inout [SHA256Digest]
    ) throws {
        if size1 == end - begin {
            if !wholeOldTree { proof.append(try rangeRoot(begin: begin, end: end)) }
            return
        }
        let half = Self.largestPowerOfTwo(below: end - begin)
        if size1 <= half {
            try appendSubproof(size1: size1, begin: begin, end: begin + half, wholeOldTree: wholeOldTree, to: &proof)
            proof.append(try rangeRoot(begin: begin + half, end: end))
        } else {
            try appendSubproof(size1: size1 - half, begin: begin + half, end: end, wholeOldTree: false, to: &proof)
            proof.append(try rangeRoot(begin: begin, end: begin + half))
        }
    }

    /// MTH(D[begin:end]) for a range whose start is aligned to a power of two at least its length:
    /// the stored complete subtrees that tile it, folded from the right.
    func rangeRoot(begin: UInt64, end: UInt64) throws -> SHA256Digest {
        precondition(begin < end, "empty Merkle range")
        var tiles: [SHA256Digest] = []
        var offset = begin
        let length = end - begin
        for level in stride(from: 63, through: 0, by: -1) where (length >> UInt64(level)) & 1 == 1 {
            precondition(offset % (UInt64(1) << UInt64(level)) == 0, "Merkle range is not aligned")
            tiles.append(try reader.node(level: level, index: offset >> UInt64(level)))
            offset += UInt64(1) << UInt64(level)
        }
        var root = tiles.removeLast()
        for tile in tiles.reversed() { root = hasher.nodeHash(tile, root) }
        return root
    }

    /// The largest power of two strictly below `count` (count ≥ 2), where RFC 9162 splits a tree.
    static func largestPowerOfTwo(below count: UInt64) -> UInt64 {
        precondition(count >= 2)
        return UInt64(1) << UInt64(63 - (count - 1).leadingZeroBitCount)
    }
}
