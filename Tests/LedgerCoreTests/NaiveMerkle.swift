import LedgerCore

/// RFC 9162 §2.1 written as literally as possible (recursive MTH, PATH, PROOF over explicit lists),
/// used only as the reference the real implementation is cross-checked against.
enum NaiveMerkle {
    static func largestPowerOfTwo(below count: Int) -> Int {
        var power = 1
        while power * 2 < count { power *= 2 }
        return power
    }

    static func mth(_ leaves: ArraySlice<SHA256Digest>, _ hasher: MerkleHasher) -> SHA256Digest {
        if leaves.isEmpty { return SHA256.hash([UInt8]()) }
        if leaves.count == 1 { return leaves.first! }
        let k = largestPowerOfTwo(below: leaves.count)
        let start = leaves.startIndex
        return hasher.nodeHash(mth(leaves[start..<start + k], hasher), mth(leaves[(start + k)...], hasher))
    }

    static func path(_ m: Int, _ leaves: ArraySlice<SHA256Digest>, _ hasher: MerkleHasher) -> [SHA256Digest] {
        if leaves.count == 1 { return [] }
        let k = largestPowerOfTwo(below: leaves.count)
        let start = leaves.startIndex
        if m < k {
            return path(m, leaves[start..<start + k], hasher) + [mth(leaves[(start + k)...], hasher)]
        }
        return path(m - k, leaves[(start + k)...], hasher) + [mth(leaves[start..<start + k], hasher)]
    }

    static func proof(_ m: Int, _ leaves: ArraySlice<SHA256Digest>, _ hasher: MerkleHasher) -> [SHA256Digest] {
        subproof(m, leaves, true, hasher)
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<SHA256Digest>, _ whole: Bool, _ hasher: MerkleHasher)
        -> [SHA256Digest]
    {
        if m == leaves.count { return whole ? [] : [mth(leaves, hasher)] }
        let k = largestPowerOfTwo(below: leaves.count)
        let start = leaves.startIndex
        if m <= k {
            return subproof(m, leaves[start..<start + k], whole, hasher) + [mth(leaves[(start + k)...], hasher)]
        }
        return subproof(m - k, leaves[(start + k)...], false, hasher) + [mth(leaves[start..<start + k], hasher)]
    }

    /// leaf_i = SHA-256(uint64 big-endian i) as the entry data, hashed as an RFC 9162 leaf.
    static func countingLeafHash(_ index: UInt64, _ hasher: MerkleHasher) -> SHA256Digest {
        var writer = CanonicalWriter()
        writer.write(index)
        return hasher.leafHash(SHA256.hash(writer.bytes).bytes)
    }
}
