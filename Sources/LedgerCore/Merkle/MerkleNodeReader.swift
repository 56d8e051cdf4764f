/// Reads stored perfect-subtree hashes; the store persists them so proofs cost O(log n) reads at any size.
public protocol MerkleNodeReader {
    /// Leaves currently stored.
    var leafCount: UInt64 { get }
    /// The root of the perfect subtree over leaves [index·2^level, (index+1)·2^level), which must be complete.
    func node(level: Int, index: UInt64) throws -> SHA256Digest
}

/// A Merkle tree held in memory, every complete subtree root kept: 2n hashes for n leaves.
/// Used to build proofs for a single block and in tests; the store provides the same reads from disk.
public struct InMemoryMerkleTree: MerkleNodeReader, Sendable {
    // levels[k][i] is the root of leaves [i·2^k, (i+1)·2^k); only complete subtrees are stored.
    private var levels: [[SHA256Digest]] = [[]]

    public init() {}

    /// Builds a tree over the given leaf hashes.
    public init(leafHashes: [SHA256Digest], hasher: MerkleHasher) {
        levels = [leafHashes]
        var level = 0
        while levels[level].count > 1 {
            let below = levels[level]
            var above: [SHA256Digest] = []
            above.reserveCapacity(below.count / 2)
            var index = 0
            while index + 1 < below.count {
                above.append(hasher.nodeHash(below[index], below[index + 1]))
                index += 2
            }
            levels.append(above)
            level += 1
        }
    }

    public var leafCount: UInt64 { UInt64(levels[0].count) }

    /// Appends one leaf and every subtree root it completes.
    public mutating func append(leafHash: SHA256Digest, hasher: MerkleHasher) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let count = levels[level].count
            let parent = hasher.nodeHash(levels[level][count - 2], levels[level][count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    public func node(level: Int, index: UInt64) throws -> SHA256Digest {
        guard level < levels.count, index < UInt64(levels[level].count) else {
            throw MerkleProofError.nodeUnavailable(level: level, index: index)
        }
        return levels[level][Int(index)]
    }

    /// The tree head of the first `size` leaves.
    public func root(size: UInt64, hasher: MerkleHasher) throws -> SHA256Digest {
        try MerkleProofBuilder(reader: self, hasher: hasher).root(size: size)
    }
}
