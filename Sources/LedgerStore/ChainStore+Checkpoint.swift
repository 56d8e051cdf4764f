import LedgerCore

/// The latest final block's commit as a signed checkpoint note (docs/FORMATS.md, "Commit checkpoint and
/// certificate"): what `GET /v1/checkpoint` serves.
extension ChainStore {
    /// A final block's header and certificate, read without decoding its transactions.
    public func commit(height: UInt64) throws(StoreError) -> (header: BlockHeader, certificate: CommitCertificate) {
        try lock.withLock { () throws(StoreError) -> (BlockHeader, CommitCertificate) in
            guard height >= 1, height <= currentTip.height, let row = try index.block(height: height) else {
                throw .notFound("final block \(height)")
            }
            let header = try storedHeader(height: height)
            return (header, try storedCertificate(height: height, header: header, row: row))
        }
    }

    /// The latest final block's certificate as a signed note, and that block's header; nil before block 1.
    public func latestCheckpoint() throws(StoreError) -> (header: BlockHeader, note: SignedNote)? {
        try lock.withLock { () throws(StoreError) -> (header: BlockHeader, note: SignedNote)? in
            guard currentTip.height > 0 else { return nil }
            return try tipCheckpoint()
        }
    }

    /// The same, under the lock, for a tip past genesis: read from the log, its certificate checked and rendered
    /// the first time a height is asked for, then reused while the tip's height and header hash stay (every
    /// status proof against the tip carries this note).
    func tipCheckpoint() throws(StoreError) -> (header: BlockHeader, note: SignedNote) {
        let height = currentTip.height
        if let cached = tipHeadCache, cached.header.height == height, cached.header.hash == currentTip.headerHash {
            return cached
        }
        guard let row = try index.block(height: height) else { throw .notFound("block \(height)") }
        let header = try storedHeader(height: height)
        let certificate = try storedCertificate(height: height, header: header, row: row)
        let note: SignedNote
        do {
            note = try certificate.note(
                for: header, chainName: genesis.chainName, validators: validators(atHeight: height))
        } catch {
            throw .corrupt(path: directory, height: height, reason: "certificate does not render as a note: \(error)")
        }
        let checkpoint = (header: header, note: note)
        tipHeadCache = checkpoint
        return checkpoint
    }
}
