/// One validator-set handoff as a proof carries it: the header of block H that passed a change, H's certificate
/// (made by the old set), and the new set that H's `nextValidatorSetHash` names and that certifies from H + 1.
public struct ValidatorHandoff: Sendable, Hashable {
    public var header: ProofBundle.HeaderPart
    public var commit: ProofBundle.CommitPart
    public var nextValidators: ValidatorSet

    public init(header: ProofBundle.HeaderPart, commit: ProofBundle.CommitPart, nextValidators: ValidatorSet) {
        self.header = header
        self.commit = commit
        self.nextValidators = nextValidators
    }

    /// A handoff from a final block that passed a change, `validators` being the set that certified it.
    public init(
        header: BlockHeader, certificate: CommitCertificate, chainName: String, validators: ValidatorSet,
        nextValidators: ValidatorSet
    ) throws(FormatError) {
        self.init(
            header: .init(encoded: header.encoded, hash: header.hash, header: header),
            commit: .init(note: try certificate.note(for: header, chainName: chainName, validators: validators)),
            nextValidators: nextValidators)
    }
}

/// One epoch: a set and the first height it certifies.
public struct ValidatorEpoch: Sendable, Hashable {
    /// 0 for genesis.
    public let number: UInt32
    public let startHeight: UInt64
    public let validators: ValidatorSet

    public init(number: UInt32, startHeight: UInt64, validators: ValidatorSet) {
        self.number = number
        self.startHeight = startHeight
        self.validators = validators
    }
}

/// The sets a verifier has followed from genesis, each proven by the handoff certified by the set before it
/// (docs/PROOFS.md, "Validator-set handoffs"). It trusts nothing but genesis.
public struct ValidatorHistory: Sendable, Hashable {
    /// In order, epoch 0 first; start heights strictly increase.
    public private(set) var epochs: [ValidatorEpoch]

    public init(genesis: Genesis) {
        epochs = [ValidatorEpoch(number: 0, startHeight: 1, validators: genesis.validatorSet)]
    }

    /// The epochs a node's own chain holds, epoch 0 first, without checking them: for building proofs.
    public init(epochs: [ValidatorEpoch]) {
        precondition(!epochs.isEmpty && epochs[0].number == 0, "a history starts at genesis")
        self.epochs = epochs
    }

    public var latest: ValidatorEpoch { epochs[epochs.count - 1] }

    /// Records the next epoch of a chain the caller has validated.
    public mutating func append(_ epoch: ValidatorEpoch) {
        precondition(
            epoch.number == latest.number + 1 && epoch.startHeight > latest.startHeight, "epochs follow in order")
        epochs.append(epoch)
    }

    /// The epoch that certifies `height`: the last one that starts at or before it.
    public func epoch(atHeight height: UInt64) -> ValidatorEpoch {
        epochs.last { $0.startHeight <= height } ?? epochs[0]
    }

    /// Follows `handoffs` from genesis. Each must be the next epoch: its header after the current epoch's start,
    /// naming the current set, certified by a quorum of it, and naming the next set as `nextValidatorSetHash`.
    public static func following(_ handoffs: [ValidatorHandoff], genesis: Genesis) throws(ProofFailure)
        -> ValidatorHistory
    {
        var history = ValidatorHistory(genesis: genesis)
        for (offset, handoff) in handoffs.enumerated() {
            try history.follow(handoff, position: offset + 1, genesis: genesis)
        }
        return history
    }

    private mutating func follow(_ handoff: ValidatorHandoff, position: Int, genesis: Genesis) throws(ProofFailure) {
        let current = latest
        let label = "handoff \(position) (to epoch \(current.number + 1))"
        let header = try ProofVerifier.checkHeader(handoff.header, check: .handoffs)
        guard header.chainID == genesis.chainID else {
            throw ProofVerifier.fail(.handoffs, "\(label) names another chain")
        }
        guard header.height >= current.startHeight else {
            throw ProofVerifier.fail(
                .handoffs,
                "\(label) is at height \(header.height), before epoch \(current.number) began at "
                    + "\(current.startHeight): handoffs must be in order")
        }
        guard header.validatorSetHash == current.validators.hash else {
            throw ProofVerifier.fail(
                .handoffs,
                "\(label) at height \(header.height) is not certified by epoch \(current.number)'s set (its "
                    + "validatorSetHash is \(header.validatorSetHash.hex)): a handoff is missing or out of order")
        }
        _ = try ProofVerifier.checkCommit(
            handoff.commit, header: header, genesis: genesis, validators: current.validators,
            checks: (.handoffs, .handoffs))
        guard header.nextValidatorSetHash == handoff.nextValidators.hash,
            handoff.nextValidators.hash != current.validators.hash
        else {
            throw ProofVerifier.fail(
                .handoffs,
                "\(label): the next set's hash \(handoff.nextValidators.hash.hex) is not the header's "
                    + "nextValidatorSetHash \(header.nextValidatorSetHash.hex), or the set does not change")
        }
        epochs.append(
            ValidatorEpoch(
                number: current.number + 1, startHeight: header.height + 1, validators: handoff.nextValidators))
    }

    /// The set that must certify `header`: the epoch covering its height, whose hash the header must name. A header
    /// signed by a set whose epoch had already ended when it was made is refused here.
    public func validators(for header: BlockHeader, check: ProofCheck) throws(ProofFailure) -> ValidatorSet {
        let epoch = epoch(atHeight: header.height)
        guard header.validatorSetHash == epoch.validators.hash else {
            let known = epochs.count - 1
            throw ProofVerifier.fail(
                check,
                "block \(header.height) names validator set \(header.validatorSetHash.hex), but epoch "
                    + "\(epoch.number) (from height \(epoch.startHeight), \(known) handoff(s) followed from genesis) "
                    + "is certified by \(epoch.validators.hash.hex): a handoff is missing, or the block is signed by "
                    + "a set that had already handed over")
        }
        return epoch.validators
    }

    /// The member with `keyID` in any epoch that began at or before `height`, latest first: the authority of a
    /// registration the ledger includes before that height.
    public func member(keyID: KeyID, atOrBefore height: UInt64) -> ValidatorRecord? {
        for epoch in epochs.reversed() where epoch.startHeight <= height {
            if let member = epoch.validators.validator(keyID: keyID) { return member }
        }
        return nil
    }
}
