/// The validator set and its pending proposals after a block: what the next block's governance transactions are
/// judged against (docs/CONSENSUS.md, "Validator-set changes"). A pure value, carried in `ChainTip`.
///
/// The rules, after EIP-225 (Clique) and the issue that introduced them:
/// - only current validators propose and approve, and a proposer's own approval counts;
/// - a change passes when approvals from at least q = ⌈2n/3⌉ of the current set reach it, q computed from the set;
/// - one change per epoch: the block that passes a change ends the epoch, and no second change passes in it;
/// - a proposal can be approved for `proposalLifetimeBlocks` blocks after its own;
/// - when a change passes, approvals from members who left are dropped from every other proposal;
/// - no cascading: a proposal passes only in the transaction that approves it, never because the set shrank;
/// - no change may leave fewer than `minValidators` members, or more than `Limits.validatorsMax`.
public struct ValidatorGovernance: Sendable, Hashable {
    public let minValidators: Int
    public let proposalLifetimeBlocks: UInt64
    /// 0 for the genesis set; one more for each change passed.
    public private(set) var epoch: UInt32
    /// The set that certifies the next block: S(h + 1) after block h.
    public private(set) var validators: ValidatorSet
    /// The first height `validators` certifies: 1 for genesis, H + 1 for a change passed at H.
    public private(set) var epochStartHeight: UInt64
    /// Pending proposals in the order they were made. Expired ones are pruned at the next governance transaction.
    public private(set) var proposals: [ValidatorProposal]

    public init(genesis: Genesis) {
        self.init(
            minValidators: Int(genesis.parameters.minValidators),
            proposalLifetimeBlocks: genesis.parameters.proposalLifetimeBlocks, epoch: 0,
            validators: genesis.validatorSet, epochStartHeight: 1, proposals: [])
    }

    public init(
        minValidators: Int, proposalLifetimeBlocks: UInt64, epoch: UInt32, validators: ValidatorSet,
        epochStartHeight: UInt64, proposals: [ValidatorProposal]
    ) {
        self.minValidators = minValidators
        self.proposalLifetimeBlocks = proposalLifetimeBlocks
        self.epoch = epoch
        self.validators = validators
        self.epochStartHeight = epochStartHeight
        self.proposals = proposals
    }

    /// The proposals that a transaction in block `height` may still approve.
    public func pending(atHeight height: UInt64) -> [ValidatorProposal] {
        proposals.filter { height <= $0.lastApprovalHeight(lifetimeBlocks: proposalLifetimeBlocks) }
    }

    public func proposal(id: TransactionID) -> ValidatorProposal? { proposals.first { $0.id == id } }

    /// Decides a governance transaction in a block whose certifying set is `signers` (S(h), fixed for the whole
    /// block even after a change passes in it). Proofs of possession and key collisions with issuers are the
    /// registry rules' to check (`TransactionRules`); everything about the set is checked here.
    public func evaluate(
        _ payload: TransactionPayload, author: KeyID, transactionID: TransactionID, location: TransactionLocation,
        signers: ValidatorSet
    ) -> Result<ValidatorGovernanceChange, TransactionRejection> {
        // A member removed earlier in this block still certifies it, but may no longer vote on the next set.
        guard signers.contains(author), validators.contains(author) else { return .failure(.authorNotValidator) }
        let passedInBlock = epochStartHeight == location.height + 1
        switch payload {
        case .proposeValidatorChange(let propose):
            if let problem = problem(with: propose.change) { return .failure(problem) }
            if let open = pending(atHeight: location.height).first(where: { $0.change.name == propose.change.name }) {
                return .failure(.proposalPending(name: propose.change.name, proposalID: open.id))
            }
            let passes = 1 >= validators.quorum
            if passes && passedInBlock { return .failure(.changeAlreadyPassed(height: location.height)) }
            let proposal = ValidatorProposal(
                id: transactionID, change: propose.change, proposedBy: author, location: location, approvals: [author])
            return .success(.proposed(proposal, passes: passes))
        case .approveValidatorChange(let approve):
            guard let proposal = proposal(id: approve.proposalID) else {
                return .failure(.unknownProposal(approve.proposalID))
            }
            let last = proposal.lastApprovalHeight(lifetimeBlocks: proposalLifetimeBlocks)
            guard location.height <= last else {
                return .failure(.proposalExpired(proposalID: proposal.id, lastHeight: last))
            }
            guard !proposal.approvals.contains(author) else { return .failure(.alreadyApproved(proposal.id)) }
            let passes = proposal.approvals.count + 1 >= validators.quorum
            if passes {
                if passedInBlock { return .failure(.changeAlreadyPassed(height: location.height)) }
                if let problem = problem(with: proposal.change) { return .failure(problem) }
            }
            return .success(
                .approved(
                    proposalID: proposal.id, approver: author, transactionID: transactionID, location: location,
                    passes: passes))
        default:
            preconditionFailure("\(payload.kind) is not a governance transaction")
        }
    }

    /// Why `change` cannot apply to the current set, if it cannot.
    func problem(with change: ValidatorChange) -> TransactionRejection? {
        switch change {
        case .add(let addition):
            guard validators.validator(named: addition.name) == nil else {
                return .validatorNameInUse(addition.name)
            }
            let key: P256PublicKey
            do {
                key = try P256PublicKey(spkiDER: addition.publicKey)
            } catch {
                return .invalidValidatorKey(error.description)
            }
            guard !validators.contains(key.keyID) else { return .validatorKeyInUse(key.keyID) }
            guard validators.count < Limits.validatorsMax else {
                return .tooManyValidators(countMax: Limits.validatorsMax)
            }
        case .remove(let name):
            guard validators.validator(named: name) != nil else { return .unknownValidator(name) }
            guard validators.count - 1 >= minValidators else {
                return .belowMinimumValidators(count: validators.count - 1, minimum: minValidators)
            }
        }
        return nil
    }

    /// The state after a change the rules allowed.
    public func applying(_ change: ValidatorGovernanceChange) -> ValidatorGovernance {
        var next = self
        let height = change.location.height
        next.proposals.removeAll { height > $0.lastApprovalHeight(lifetimeBlocks: proposalLifetimeBlocks) }
        switch change {
        case .proposed(let proposal, let passes):
            if passes {
                next.pass(proposal.change, at: height)
            } else {
                next.proposals.append(proposal)
            }
        case .approved(let proposalID, let approver, _, _, let passes):
            guard let index = next.proposals.firstIndex(where: { $0.id == proposalID }) else {
                preconditionFailure("an approval of an unknown proposal passed the rules")
            }
            if passes {
                let proposal = next.proposals.remove(at: index)
                next.pass(proposal.change, at: height)
            } else {
                next.proposals[index].approvals.append(approver)
            }
        }
        return next
    }

    /// Ends the epoch at `height`: the new set certifies from `height + 1`.
    private mutating func pass(_ change: ValidatorChange, at height: UInt64) {
        switch change {
        case .add(let addition):
            guard let key = try? P256PublicKey(spkiDER: addition.publicKey) else {
                preconditionFailure("an addition with an invalid key passed the rules")
            }
            validators = validators.adding(
                ValidatorRecord(index: validators.count, name: addition.name, publicKey: key, country: addition.country)
            )
        case .remove(let name):
            guard let member = validators.validator(named: name) else {
                preconditionFailure("removal of a non-member passed the rules")
            }
            validators = validators.removing(member.keyID)
        }
        epoch += 1
        epochStartHeight = height + 1
        let members = validators
        for index in proposals.indices {
            proposals[index].approvals.removeAll { !members.contains($0) }
        }
    }

    /// The state after a final block: its governance transactions re-decided in order. A block that reached this
    /// point was validated, so a transaction the rules refuse cannot occur; one is skipped rather than trusted,
    /// and the store, which validates the block in full, refuses it.
    public func applying(_ block: Block) -> ValidatorGovernance {
        var state = self
        let signers = validators
        var ledgerIndex = block.header.ledgerSize - UInt64(block.transactions.count)
        for (index, transaction) in block.transactions.enumerated() {
            defer { ledgerIndex += 1 }
            guard transaction.body.payload.isGovernance else { continue }
            let location = TransactionLocation(
                height: block.header.height, indexInBlock: UInt32(index), ledgerIndex: ledgerIndex)
            if case .success(let change) = state.evaluate(
                transaction.body.payload, author: transaction.body.authorKeyID, transactionID: transaction.id,
                location: location, signers: signers)
            {
                state = state.applying(change)
            }
        }
        return state
    }
}

extension TransactionPayload {
    /// Whether the transaction proposes or approves a validator-set change.
    public var isGovernance: Bool {
        switch self {
        case .proposeValidatorChange, .approveValidatorChange: true
        default: false
        }
    }
}
