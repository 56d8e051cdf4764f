import LedgerCore

/// The few most recently used decoded blocks, for block reads; least recently used is evicted first. Proofs
/// use `ProofMaterialCache` instead, which needs no decoded transactions.
struct BlockCache {
    /// Enough for the recent blocks that clients and catching-up peers read again and again.
    static let capacity = 16
    private var entries: [UInt64: Block] = [:]
    private var order: [UInt64] = []

    mutating func get(_ height: UInt64) -> Block? {
        guard let entry = entries[height] else { return nil }
        order.removeAll { $0 == height }
        order.append(height)
        return entry
    }

    mutating func put(_ height: UInt64, _ entry: Block) {
        if entries[height] == nil && entries.count >= Self.capacity, let oldest = order.first {
            entries[oldest] = nil
            order.removeFirst()
        }
        entries[height] = entry
        order.removeAll { $0 == height }
        order.append(height)
    }
}
