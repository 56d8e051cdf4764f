/// A decoded block with its own Merkle tree, kept so that many proofs from one block decode it once.
struct CachedBlock {
    let block: Block
    let tree: InMemoryMerkleTree
}

/// The few most recently used decoded blocks (least recently used is evicted first).
struct BlockCache {
    /// Enough for the blocks a burst of proof requests or a block re-check touches.
    static let capacity = 16
    private var entries: [UInt64: CachedBlock] = [:]
    private var order: [UInt64] = []

    mutating func get(_ height: UInt64) -> CachedBlock? {
        guard let entry = entries[height] else { return nil }
        order.removeAll { $0 == height }
        order.append(height)
        return entry
    }

    mutating func put(_ height: UInt64, _ entry: CachedBlock) {
        if entries[height] == nil && entries.count >= Self.capacity, let oldest = order.first {
            entries[oldest] = nil
            order.removeFirst()
        }
        entries[height] = entry
        order.removeAll { $0 == height }
        order.append(height)
    }
}
