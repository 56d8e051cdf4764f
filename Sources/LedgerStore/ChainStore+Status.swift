import LedgerCore

/// The status map (docs/FORMATS.md, "Status map"): kept in memory, updated as each block is derived, and rebuilt
/// from the index at open, so it always matches the blocks in the log. Its nodes are not yet kept on disk.
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
}
