import LedgerCore

/// The status map (docs/FORMATS.md, "Status map"): the latest version in memory, replaced by each derived block's
/// and read back from the index at open; every retained height's version in the index (docs/STORAGE.md, "Status
/// tree"), for proofs at those heights.
extension ChainStore {
    /// The status map's root after the last block.
    public var statusRoot: SHA256Digest { lock.withLock { statusMap.root } }

    /// The status map after the last block (a persistent tree: the copy shares every node).
    public var status: StatusMap { lock.withLock { statusMap } }

    /// A record (or nil when there is none) and its proof against `statusRoot`, under one lock.
    public func statusProof(_ kind: StatusRecordKind, id: String) throws(FormatError) -> (
        root: SHA256Digest, record: StatusRecord?, proof: SparseMerkleProof
    ) {
        let map = lock.withLock { statusMap }
        let (record, proof) = try map.proof(kind, id: id)
        return (map.root, record, proof)
    }

    /// The stored tree of `header`'s height read back into memory, every node checked from its root, which must
    /// be the header's `statusRoot`; nil when it is missing, damaged, or a read marked it damaged. The store then
    /// re-derives its index, tree included, from the log.
    func loadedStatusMap(at header: BlockHeader) throws(StoreError) -> StatusMap? {
        guard try !index.statusTreeMarkedDamaged() else { return nil }
        guard try index.statusRoot(height: header.height)?.hash == header.statusRoot,
            let tree = try index.loadStatusTree(height: header.height), tree.rootHash == header.statusRoot
        else { return nil }
        return StatusMap(chainID: genesis.chainID, tree: tree)
    }

    /// A record (or nil) and its proof against the status root of block `height`, read from the stored tree in
    /// one node read per level. Heights older than the retained ones are not found.
    public func statusProof(_ kind: StatusRecordKind, id: String, atHeight height: UInt64) throws(StoreError) -> (
        header: BlockHeader, record: StatusRecord?, proof: SparseMerkleProof
    ) {
        try lock.withLock { () throws(StoreError) -> (BlockHeader, StatusRecord?, SparseMerkleProof) in
            try storedStatusProof(kind, id: id, atHeight: height)
        }
    }

    func storedStatusProof(_ kind: StatusRecordKind, id: String, atHeight height: UInt64) throws(StoreError) -> (
        header: BlockHeader, record: StatusRecord?, proof: SparseMerkleProof
    ) {
        guard height >= 1, height <= currentTip.height else { throw .notFound("final block \(height)") }
        guard let root = try index.statusRoot(height: height) else {
            let oldest = try index.oldestStatusHeight().map { "\($0)" } ?? "none"
            throw .notFound(
                "the status tree at height \(height) (the store keeps the latest \(statusRetention) heights; the "
                    + "oldest kept is \(oldest))")
        }
        let header = try storedHeader(height: height)
        guard header.statusRoot == root.hash else {
            throw .corrupt(path: index.path, height: height, reason: "stored status root is not the header's")
        }
        let key: SHA256Digest
        do {
            key = try StatusKey.hash(chainID: genesis.chainID, kind: kind, recordID: id)
        } catch {
            throw .notFound("\(kind) \(id): \(error)")
        }
        let path = index.path
        let walked: (value: [UInt8]?, proof: SparseMerkleProof)
        do {
            walked = try SparseMerkleProof.walk(root: root.hash, rootRow: root.row, keyHash: key) {
                (row, hash) throws(StoreError) -> StoredStatusNode in
                guard let body = try index.statusNode(row: row) else {
                    throw .corrupt(path: path, height: height, reason: "status node \(hash.hex) is missing")
                }
                do {
                    return try StoredStatusNode.decode(body, expected: hash)
                } catch {
                    throw .corrupt(path: path, height: height, reason: "status node \(hash.hex) is damaged: \(error)")
                }
            }
        } catch {
            // Derived data: the next open re-derives the index, tree included, from the block log.
            if case .corrupt = error { try? index.markStatusTreeDamaged() }
            throw error
        }
        let (value, proof) = walked
        do {
            return (header, try value.map { (bytes) throws(FormatError) in try StatusRecord.decode(bytes) }, proof)
        } catch {
            throw .corrupt(path: path, height: height, reason: "stored status record does not decode: \(error)")
        }
    }
}
