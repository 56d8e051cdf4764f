/// The compact range [0, size) of an RFC 9162 tree: one perfect-subtree root ("peak") per set bit of
/// `size`, largest first. Appending costs O(1) amortised hashes and the root O(log n), so a block adds its
/// transactions to the ledger tree in O(transactions + log n) without touching older leaves.
public struct MerkleAccumulator: Sendable, Hashable {
    /// Leaves appended so far.
    public private(set) var size: UInt64
    /// Roots of the perfect subtrees that tile [0, size), left to right, sizes decreasing.
    public private(set) var peaks: [SHA256Digest]

    /// The empty tree.
    public init() {
        size = 0
        peaks = []
    }

    /// Restores a saved accumulator; the peak count must equal the number of set bits of `size`.
    public init(size: UInt64, peaks: [SHA256Digest]) throws(FormatError) {
        guard peaks.count == size.nonzeroBitCount else {
            throw .invalidValue(field: "accumulator", reason: "\(peaks.count) peaks for size \(size)")
        }
        self.size = size
        self.peaks = peaks
    }

    /// Appends one leaf hash, merging equal-sized subtrees as a binary counter carries.
    public mutating func append(leafHash: SHA256Digest, hasher: MerkleHasher) {
        precondition(size < UInt64.max, "Merkle tree is full")
        var node = leafHash
        var carry = size
        while carry & 1 == 1 {
            node = hasher.nodeHash(peaks.removeLast(), node)
            carry >>= 1
        }
        peaks.append(node)
        size += 1
    }

    /// The RFC 9162 §2.1.1 tree head MTH(D[0:size]): peaks folded from the right.
    public func root(hasher: MerkleHasher) -> SHA256Digest {
        guard var root = peaks.last else { return MerkleHasher.emptyRoot }
        for peak in peaks.dropLast().reversed() {
            root = hasher.nodeHash(peak, root)
        }
        return root
    }

    /// Appends to the canonical encoding: size, then each peak.
    public func encode(into writer: inout CanonicalWriter) {
        writer.write(size)
        for peak in peaks { writer.write(peak) }
    }

    /// Decodes what `encode(into:)` wrote.
    public static func decode(from reader: inout CanonicalReader) throws(FormatError) -> MerkleAccumulator {
        let size = try reader.readUInt64(field: "accumulator.size")
        var peaks: [SHA256Digest] = []
        for _ in 0..<size.nonzeroBitCount { peaks.append(try reader.readDigest(field: "accumulator.peak")) }
        return try MerkleAccumulator(size: size, peaks: peaks)
    }
}
