/// What an offline verifier can hold beyond genesis against the long-range risk (docs/PROOFS.md): retired keys of
/// a past set could sign a forged later epoch, so a verifier pins a recent checkpoint, and remembers the epochs it
/// has seen.
extension ValidatorHistory {
    /// A checkpoint pinned out of band (`ledger verify --trust-checkpoint`): the proof's status header must be at or
    /// after it, and at its height be the very header it names; and it must carry a quorum of the set these handoffs
    /// give for its height. A status re-signed with retired keys at the pinned height has another header hash.
    public func checkPinned(_ note: SignedNote, genesis: Genesis, statusHeader: BlockHeader) throws(ProofFailure)
        -> CommitCheckpoint
    {
        let checkpoint: CommitCheckpoint
        do {
            checkpoint = try CommitCheckpoint.parse(
                text: note.text, chainName: genesis.chainName, chainID: genesis.chainID)
        } catch {
            throw ProofVerifier.fail(.trust, "the pinned checkpoint is not this chain's commit checkpoint: \(error)")
        }
        guard statusHeader.height >= checkpoint.height else {
            throw ProofVerifier.fail(
                .trust,
                "the proof's status is as of block \(statusHeader.height), before the pinned checkpoint at "
                    + "\(checkpoint.height): fetch a fresh status ('ledger proof ID --status-only')")
        }
        guard statusHeader.height > checkpoint.height || statusHeader.hash == checkpoint.headerHash else {
            throw ProofVerifier.fail(
                .trust,
                "the proof's status header at height \(checkpoint.height) is not the pinned checkpoint's header: the "
                    + "proof comes from another history than the chain you pinned")
        }
        let epoch = epoch(atHeight: checkpoint.height)
        do {
            _ = try CommitNote.verify(note, genesis: genesis, validators: epoch.validators)
        } catch {
            throw ProofVerifier.fail(
                .trust,
                "the pinned checkpoint at height \(checkpoint.height) is not signed by a quorum of epoch "
                    + "\(epoch.number)'s set, which the proof's \(epochs.count - 1) handoff(s) give for that height "
                    + "(\(error)): the proof's history is not the chain you pinned, or it stops before a later change; "
                    + "fetch a fresh proof or status")
        }
        return checkpoint
    }

    /// Compares these epochs with those `seen` before (by number: start height and set hash), and returns the union.
    /// Two histories that disagree about one epoch cannot both be the chain: one was forged with retired keys.
    public func merging(seen: [ValidatorEpochDigest]) throws(ProofFailure) -> [ValidatorEpochDigest] {
        var known = Dictionary(uniqueKeysWithValues: seen.map { ($0.number, $0) })
        for epoch in epochs {
            let digest = ValidatorEpochDigest(epoch)
            if let earlier = known[epoch.number] {
                guard earlier == digest else {
                    throw ProofVerifier.fail(
                        .trust,
                        "epoch \(epoch.number) begins at height \(epoch.startHeight) with set "
                            + "\(epoch.validators.hash.hex), but you saw it begin at \(earlier.startHeight) with set "
                            + "\(earlier.validatorSetHash.hex): one of the two histories is forged")
                }
            } else {
                known[epoch.number] = digest
            }
        }
        return known.values.sorted { $0.number < $1.number }
    }
}

extension VerifiedProof {
    /// Every header the proof rests on must name the set of the epoch, among those seen before, that covers its
    /// height: a history that stops early (its later handoffs stripped) cannot pass off a retired set's signatures.
    public func checkHeaders(against seen: [ValidatorEpochDigest]) throws(ProofFailure) {
        for header in [self.header, status.header] {
            guard let epoch = seen.last(where: { $0.startHeight <= header.height }) else { continue }
            guard header.validatorSetHash == epoch.validatorSetHash else {
                throw ProofVerifier.fail(
                    .trust,
                    "block \(header.height) names validator set \(header.validatorSetHash.hex), but you saw epoch "
                        + "\(epoch.number) certify heights from \(epoch.startHeight) with set "
                        + "\(epoch.validatorSetHash.hex): this proof is signed by a set that had already handed over")
            }
        }
    }
}

/// An epoch as a verifier remembers it: its number, first height and set hash.
public struct ValidatorEpochDigest: Sendable, Hashable {
    public let number: UInt32
    public let startHeight: UInt64
    public let validatorSetHash: SHA256Digest

    public init(number: UInt32, startHeight: UInt64, validatorSetHash: SHA256Digest) {
        self.number = number
        self.startHeight = startHeight
        self.validatorSetHash = validatorSetHash
    }

    public init(_ epoch: ValidatorEpoch) {
        self.init(number: epoch.number, startHeight: epoch.startHeight, validatorSetHash: epoch.validators.hash)
    }
}
