import LedgerCore

/// Every complete subtree root of the ledger tree, in post-order, one 32-byte slot each (docs/STORAGE.md).
/// Appending n leaves writes 2n − popcount(n) slots in the order `MerkleAccumulator` creates them, so a node's
/// slot is computable and a proof costs O(log n) reads. Derived from the block log; rebuilt if inconsistent.
final class LedgerTreeFile: MerkleNodeReader {
    static let fileTag = "mcledger/tree/v1"
    static let fileHeaderBytes = 16 + 32

    private let file: StoreFile
    private let hasher = MerkleHasher()
    private(set) var accumulator = MerkleAccumulator()
    /// Nodes at `cachedLevelMinimum` and above, kept once read: a written node never changes, and every proof
    /// reads the upper levels, so a proof's reads drop from about 2·log2(n) to the few below this level. At
    /// 1,000,000 leaves this holds at most about 62,000 nodes (a few MB). Cleared when the file is cut back.
    private var upperNodes: [UInt64: SHA256Digest] = [:]
    static let cachedLevelMinimum = 5
    /// About 16 MB: every upper node of an 8,000,000-leaf ledger; past that, further nodes are read each time.
    static let cachedNodesMax = 1 << 18

    var path: String { file.path }
    var leafCount: UInt64 { accumulator.size }

    /// Opens or creates the file. A partial final append (a crash mid-write) is cut back to whole leaves.
    init(path: String, chainID: SHA256Digest) throws(StoreError) {
        file = try StoreFile.open(path: path, create: true)
        let size = try file.size()
        if size == 0 {
            var writer = CanonicalWriter()
            writer.write(raw: Self.fileTag.utf8)
            writer.write(chainID)
            try file.write(offset: 0, writer.bytes)
            try file.sync()
            return
        }
        guard size >= UInt64(Self.fileHeaderBytes) else {
            throw .corrupt(path: path, height: nil, reason: "file header is truncated")
        }
        let header = try file.read(offset: 0, count: Self.fileHeaderBytes)
        guard header.prefix(16).elementsEqual(Self.fileTag.utf8) else {
            throw .corrupt(path: path, height: nil, reason: "not a ledger tree file (bad file tag)")
        }
        let found = try! SHA256Digest(bytes: header.suffix(32))
        guard found == chainID else { throw .wrongChain(path: path, expected: chainID, found: found) }
        let slots = (size - UInt64(Self.fileHeaderBytes)) / 32
        try restore(leafCount: Self.wholeLeafCount(slots: slots))
    }

    /// Slots used by a tree of `leaves` leaves.
    static func slotCount(leaves: UInt64) -> UInt64 { 2 * leaves - UInt64(leaves.nonzeroBitCount) }

    /// The most leaves whose complete post-order fits in `slots`.
    static func wholeLeafCount(slots: UInt64) -> UInt64 {
        var low: UInt64 = 0
        var high = slots
        while low < high {
            let middle = (low + high + 1) / 2
            if slotCount(leaves: middle) <= slots { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Post-order slot of the complete subtree at `level` covering leaves [index·2^level, (index+1)·2^level).
    static func slot(level: Int, index: UInt64) -> UInt64 {
        let leaves = (index + 1) << UInt64(level)
        return slotCount(leaves: leaves) - 1 - UInt64(leaves.trailingZeroBitCount - level)
    }

    /// Cuts the file to `leafCount` whole leaves and reloads the accumulator's peaks from it.
    func restore(leafCount: UInt64) throws(StoreError) {
        upperNodes = [:]
        try file.truncate(to: UInt64(Self.fileHeaderBytes) + 32 * Self.slotCount(leaves: leafCount))
        var peaks: [SHA256Digest] = []
        var offset: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where (leafCount >> UInt64(level)) & 1 == 1 {
            peaks.append(try readSlot(Self.slot(level: level, index: offset >> UInt64(level))))
            offset += UInt64(1) << UInt64(level)
        }
        accumulator = try! MerkleAccumulator(size: leafCount, peaks: peaks)
    }

    private func readSlot(_ slot: UInt64) throws(StoreError) -> SHA256Digest {
        let bytes = try file.read(offset: UInt64(Self.fileHeaderBytes) + 32 * slot, count: 32)
        return try! SHA256Digest(bytes: bytes)
    }

    /// Appends leaves and the subtree roots they complete, in one write (not yet durable).
    func append(leafHashes: [SHA256Digest]) throws(StoreError) {
        var writer = CanonicalWriter(capacity: leafHashes.count * 64)
        var peaks = accumulator.peaks
        var size = accumulator.size
        for leaf in leafHashes {
            writer.write(leaf)
            var node = leaf
            var carry = size
            while carry & 1 == 1 {
                node = hasher.nodeHash(peaks.removeLast(), node)
                writer.write(node)
                carry >>= 1
            }
            peaks.append(node)
            size += 1
        }
        try file.write(
            offset: UInt64(Self.fileHeaderBytes) + 32 * Self.slotCount(leaves: accumulator.size), writer.bytes)
        accumulator = try! MerkleAccumulator(size: size, peaks: peaks)
    }

    func sync() throws(StoreError) { try file.sync() }

    func node(level: Int, index: UInt64) throws -> SHA256Digest {
        guard level < 64, (index + 1) << UInt64(level) <= leafCount else {
            throw MerkleProofError.nodeUnavailable(level: level, index: index)
        }
        let slot = Self.slot(level: level, index: index)
        guard level >= Self.cachedLevelMinimum else { return try readSlot(slot) }
        if let cached = upperNodes[slot] { return cached }
        let node = try readSlot(slot)
        if upperNodes.count < Self.cachedNodesMax { upperNodes[slot] = node }
        return node
    }

    /// The leaf hashes of leaves [first, first + count) from one read: in post-order they lie within one run of
    /// slots, interleaved with the subtree roots they complete.
    func leafHashes(first: UInt64, count: Int) throws(StoreError) -> [SHA256Digest] {
        guard count > 0 else { return [] }
        let last = first + UInt64(count) - 1
        guard last < leafCount else { throw .notFound("ledger leaves \(first)…\(last)") }
        let start = Self.slot(level: 0, index: first)
        let end = Self.slot(level: 0, index: last)
        let bytes = try file.read(offset: UInt64(Self.fileHeaderBytes) + 32 * start, count: Int(32 * (end - start + 1)))
        return (first...last).map { leaf in
            let offset = Int(32 * (Self.slot(level: 0, index: leaf) - start))
            return try! SHA256Digest(bytes: bytes[offset..<offset + 32])
        }
    }

    /// The tree head of all leaves written.
    func root() -> SHA256Digest { accumulator.root(hasher: hasher) }

    var byteCount: UInt64 { UInt64(Self.fileHeaderBytes) + 32 * Self.slotCount(leaves: leafCount) }
}
