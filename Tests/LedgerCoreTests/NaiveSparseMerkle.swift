import LedgerCore

/// The status map's root computed literally from its definition, for tests only: every key is a leaf at depth
/// 256, and the tree is folded up one level at a time through all 256 levels. A node with exactly one leaf
/// below it takes that leaf's hash; any other non-empty node hashes its two children, an empty child being the
/// placeholder. It shares no code with SparseMerkleTree beyond the two hash functions.
enum NaiveSparseMerkle {
    struct Subtree {
        var hash: [UInt8]
        var leafCount: Int
    }

    static let placeholder = Array("SPARSE_MERKLE_PLACEHOLDER_HASH__".utf8)

    static func leafHash(keyHash: [UInt8], valueHash: [UInt8]) -> [UInt8] {
        SHA256.hash(Array("JMT::LeafNode".utf8) + keyHash + valueHash).bytes
    }

    static func internalHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        SHA256.hash(Array("JMT::IntrnalNode".utf8) + left + right).bytes
    }

    /// The first `bits` bits of a key as a path, the rest cleared.
    static func prefix(_ key: [UInt8], bits: Int) -> [UInt8] {
        var path = key
        for index in 0..<256 where index >= bits {
            path[index >> 3] &= ~(UInt8(0x80) >> UInt8(index & 7))
        }
        return path
    }

    static func bit(_ key: [UInt8], _ index: Int) -> Bool {
        (key[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
    }

    /// The root of the map holding these key hashes and value hashes (distinct keys).
    static func root(_ entries: [(keyHash: [UInt8], valueHash: [UInt8])]) -> [UInt8] {
        var level: [[UInt8]: Subtree] = [:]
        for entry in entries {
            level[entry.keyHash] = Subtree(
                hash: leafHash(keyHash: entry.keyHash, valueHash: entry.valueHash), leafCount: 1)
        }
        for depth in stride(from: 255, through: 0, by: -1) {
            var parents: [[UInt8]: (left: Subtree?, right: Subtree?)] = [:]
            for (path, subtree) in level {
                let parent = prefix(path, bits: depth)
                if bit(path, depth) {
                    parents[parent, default: (nil, nil)].right = subtree
                } else {
                    parents[parent, default: (nil, nil)].left = subtree
                }
            }
            level = parents.mapValues { children in
                let count = (children.left?.leafCount ?? 0) + (children.right?.leafCount ?? 0)
                if count == 1, let only = children.left ?? children.right { return only }
                return Subtree(
                    hash: internalHash(children.left?.hash ?? placeholder, children.right?.hash ?? placeholder),
                    leafCount: count)
            }
        }
        return level.values.first?.hash ?? placeholder
    }
}
