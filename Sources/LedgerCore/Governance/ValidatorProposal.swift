/// A pending proposal to change the validator set.
public struct ValidatorProposal: Sendable, Hashable {
    /// The id of the transaction that proposed it.
    public let id: TransactionID
    public let change: ValidatorChange
    public let proposedBy: KeyID
    public let location: TransactionLocation
    /// Validators that approved, in order, the proposer first. When a change passes, approvals from validators no
    /// longer in the set are dropped from every other proposal.
    public internal(set) var approvals: [KeyID]

    public init(
        id: TransactionID, change: ValidatorChange, proposedBy: KeyID, location: TransactionLocation,
        approvals: [KeyID]
    ) {
        self.id = id
        self.change = change
        self.proposedBy = proposedBy
        self.location = location
        self.approvals = approvals
    }

    /// The last height at which an approval may be included.
    public func lastApprovalHeight(lifetimeBlocks: UInt64) -> UInt64 {
        let (last, overflow) = location.height.addingReportingOverflow(lifetimeBlocks)
        return overflow ? .max : last
    }
}

/// What a governance transaction does, as the rules decided it.
public enum ValidatorGovernanceChange: Sendable, Hashable {
    /// A new proposal; `passes` when the proposer's approval alone is a quorum (a one-validator chain).
    case proposed(ValidatorProposal, passes: Bool)
    /// One more approval; `passes` when it completes the quorum.
    case approved(
        proposalID: TransactionID, approver: KeyID, transactionID: TransactionID, location: TransactionLocation,
        passes: Bool)

    public var transactionID: TransactionID {
        switch self {
        case .proposed(let proposal, _): proposal.id
        case .approved(_, _, let transactionID, _, _): transactionID
        }
    }

    public var location: TransactionLocation {
        switch self {
        case .proposed(let proposal, _): proposal.location
        case .approved(_, _, _, let location, _): location
        }
    }

    /// Whether this transaction passes a change, ending the epoch at its block.
    public var passes: Bool {
        switch self {
        case .proposed(_, let passes): passes
        case .approved(_, _, _, _, let passes): passes
        }
    }
}
