import LedgerCore

/// The validator sets the chain has had, and the handoffs between them for proofs (docs/STORAGE.md).
extension ChainStore {
    /// S(height): the set that certifies block `height`. Lock held.
    func validators(atHeight height: UInt64) -> ValidatorSet { validatorHistory.epoch(atHeight: height).validators }

    /// The set that certifies block `height` (the next block's set for a height beyond the tip).
    public func validatorSet(atHeight height: UInt64) -> ValidatorSet {
        lock.withLock { validators(atHeight: height) }
    }

    /// Every epoch from genesis, with the first height its set certifies.
    public var history: ValidatorHistory { lock.withLock { validatorHistory } }

    /// Every handoff up to the current epoch (`GET /v1/handoffs`).
    public func handoffsDocument() throws(StoreError) -> HandoffsDocument {
        try lock.withLock { () throws(StoreError) -> HandoffsDocument in
            HandoffsDocument(chainID: genesis.chainID, handoffs: try handoffs(throughHeight: currentTip.height + 1))
        }
    }

    /// The handoffs for epochs 1…e, e being the epoch of block `height`: what a proof against that block carries.
    /// Each is read from the log once, its certificate checked against the set before it, then kept. Lock held.
    func handoffs(throughHeight height: UInt64) throws(StoreError) -> [ValidatorHandoff] {
        let epoch = Int(validatorHistory.epoch(atHeight: height).number)
        while handoffCache.count < epoch {
            let next = validatorHistory.epochs[handoffCache.count + 1]
            let handoffHeight = next.startHeight - 1
            guard let row = try index.block(height: handoffHeight) else { throw .notFound("block \(handoffHeight)") }
            let header = try storedHeader(height: handoffHeight)
            let certificate = try storedCertificate(height: handoffHeight, header: header, row: row)
            do {
                handoffCache.append(
                    try ValidatorHandoff(
                        header: header, certificate: certificate, chainName: genesis.chainName,
                        validators: validators(atHeight: handoffHeight), nextValidators: next.validators))
            } catch {
                throw .corrupt(
                    path: directory, height: handoffHeight, reason: "certificate does not render as a note: \(error)")
            }
        }
        return Array(handoffCache.prefix(epoch))
    }
}
