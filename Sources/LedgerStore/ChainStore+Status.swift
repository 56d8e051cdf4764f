import LedgerCore

/// The status map (docs/FORMATS.md, "Status map"): kept in memory for the latest height, updated as each block is
/// derived and rebuilt from the index at open, so it always matches the blocks in the log. The index also keeps
/// every retained height's tree nodes (docs/STORAGE.md, "Status tree"), for proofs at those heights.
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

    /// Builds the map from the index: every credential and issuer, in one batch. Only credentials whose state a
    /// later transaction set need that transaction read from the log (for its reason).
    func rebuiltStatusMap() throws(StoreError) -> StatusMap {
        var entries: [SparseMerkleTree.Entry] = []
        let chainID = genesis.chainID
        func entry(_ kind: StatusRecordKind, _ id: String, _ record: StatusRecord) throws(StoreError) {
            guard let key = try? StatusKey.hash(chainID: chainID, kind: kind, recordID: id) else {
                throw .corrupt(path: index.path, height: nil, reason: "\(kind) id \(id) is not an identifier")
            }
            entries.append(SparseMerkleTree.Entry(keyHash: key, value: record.encoded))
        }
        for issuer in try index.issuerStatusRows() {
            try entry(
                .issuer, issuer.id,
                .issuer(
                    .init(
                        state: .active, keyID: issuer.keyID, changedAtHeight: issuer.height,
                        changeLedgerIndex: issuer.leaf)))
        }
        for row in try index.credentialStatusRows() {
            var state = CredentialState.active
            var reason: UInt8 = 0
            if let changeLeaf = row.changeLeaf {
                let (change, location) = try transaction(atLeaf: changeLeaf)
                switch change.body.payload {
                case .revokeCredential(let revoke) where row.revoked:
                    (state, reason) = (.revoked, revoke.reason.rawValue)
                case .suspendCredential(let suspend) where !row.revoked:
                    (state, reason) = (.suspended, suspend.reason.rawValue)
                case .reinstateCredential where !row.revoked:
                    break
                default:
                    throw .corrupt(
                        path: index.path, height: location.height,
                        reason: "credential \(row.id)'s status row points at leaf \(changeLeaf)")
                }
            }
            try entry(
                .credential, row.id,
                .credential(
                    .init(
                        state: state, reasonCode: reason, changedAtHeight: row.changeHeight ?? row.issueHeight,
                        changeLedgerIndex: row.changeLeaf ?? row.issueLeaf, issuanceLedgerIndex: row.issueLeaf)))
        }
        var map = StatusMap(chainID: chainID)
        map.load(entries)
        return map
    }

    /// Whether the stored tree has `header`'s status root at its height, with a readable root node. A store
    /// whose tree does not is re-derived from the log at open.
    func statusTreeHolds(_ header: BlockHeader) throws(StoreError) -> Bool {
        guard try !index.statusTreeMarkedDamaged() else { return false }
        guard try index.statusRoot(height: header.height) == header.statusRoot else { return false }
        guard header.statusRoot != SparseMerkleHasher.placeholder else { return true }
        guard let body = try index.statusNode(hash: header.statusRoot) else { return false }
        return (try? StoredStatusNode.decode(body, expected: header.statusRoot)) != nil
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
        guard header.statusRoot == root else {
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
            walked = try SparseMerkleProof.walk(root: root, keyHash: key) {
                (hash) throws(StoreError) -> StoredStatusNode in
                guard let body = try index.statusNode(hash: hash) else {
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
