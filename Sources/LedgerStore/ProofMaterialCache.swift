import LedgerCore

/// What a proof bundle needs from a block besides the one transaction: its header, its certificate and its own
/// Merkle tree. Built without decoding the block's transactions (docs/STORAGE.md, "Serving proofs").
struct ProofMaterial {
    let header: BlockHeader
    let certificate: CommitCertificate
    let tree: InMemoryMerkleTree

    /// Heap bytes held, for the cache's budget: every tree level plus the header and certificate.
    var approximateBytes: Int { Int(tree.leafCount) * 2 * SHA256Digest.byteCount + 1_024 }
}

/// Proof material of recently used blocks within a byte budget, least recently used evicted first.
struct ProofMaterialCache {
    /// 64 MiB holds the material of every block of a 1,000,000-credential chain in 1,000-transaction blocks, so
    /// random proof requests stay in memory well within the node's 300 MB target (BENCHMARKS.md).
    static let byteBudget = 64 << 20
    private var entries: [UInt64: (material: ProofMaterial, lastUse: UInt64)] = [:]
    private var bytes = 0
    private var useCounter: UInt64 = 0

    mutating func get(_ height: UInt64) -> ProofMaterial? {
        guard let entry = entries[height] else { return nil }
        useCounter += 1
        entries[height] = (entry.material, useCounter)
        return entry.material
    }

    mutating func put(_ height: UInt64, _ material: ProofMaterial) {
        if let old = entries[height] { bytes -= old.material.approximateBytes }
        useCounter += 1
        entries[height] = (material, useCounter)
        bytes += material.approximateBytes
        while bytes > Self.byteBudget, entries.count > 1,
            let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key
        {
            bytes -= entries[oldest]!.material.approximateBytes
            entries[oldest] = nil
        }
    }
}
