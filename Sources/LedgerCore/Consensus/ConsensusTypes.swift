/// Settings every validator's consensus instance runs with; times are in ticks of the driving loop.
public struct ConsensusConfiguration: Sendable {
    public let genesis: Genesis
    /// Round r lasts base × 2^r ticks (QBFT spec `roundTimeout`)…
    public let roundTimeoutBaseTicks: UInt64
    /// …but never more than this, so a long outage does not leave rounds lasting hours.
    public let roundTimeoutCapTicks: UInt64
    /// How often a validator re-sends its messages for the current round, so lost messages are replaced.
    public let retransmitIntervalTicks: UInt64

    /// No defaults: the node takes these from its configuration (docs/CONFIG.md), the simulator from its options.
    public init(
        genesis: Genesis, roundTimeoutBaseTicks: UInt64, roundTimeoutCapTicks: UInt64, retransmitIntervalTicks: UInt64
    ) {
        precondition(
            roundTimeoutBaseTicks >= 1 && roundTimeoutCapTicks >= roundTimeoutBaseTicks && retransmitIntervalTicks >= 1)
        self.genesis = genesis
        self.roundTimeoutBaseTicks = roundTimeoutBaseTicks
        self.roundTimeoutCapTicks = roundTimeoutCapTicks
        self.retransmitIntervalTicks = retransmitIntervalTicks
    }

    /// base × 2^round ticks, capped.
    public func roundTimeout(round: UInt32) -> UInt64 {
        guard round < 40 else { return roundTimeoutCapTicks }
        let (value, overflow) = roundTimeoutBaseTicks.multipliedReportingOverflow(by: UInt64(1) << UInt64(round))
        return overflow ? roundTimeoutCapTicks : min(value, roundTimeoutCapTicks)
    }
}

/// What drives the state machine.
public enum ConsensusInput: Sendable {
    /// One tick of the node's clock passed.
    case tick
    /// A decoded message from a peer (`from` is the peer's authenticated key id, when known).
    case message(ConsensusMessage, from: KeyID?)
    /// A block the node could propose at the current height, built from its mempool.
    case candidate(ProposedBlock)
    /// Transactions are waiting, but this node does not propose this round: the round timer starts as a candidate
    /// would start it, and should a round change make this node the proposer, `needsCandidate` asks for a block.
    /// (Building a block executes it, which a node that does not propose would do for nothing.)
    case demand
    /// The answer to a `.validate`: whether the block with this header hash passes the chain rules (its
    /// transactions against the registry, its roots and its time against the shell's clock) on top of the tip.
    case validated(blockHash: SHA256Digest, valid: Bool)
}

/// What the state machine asks its shell to do. The shell runs actions **in order**: a `.persist` must be
/// durable before any later action runs, and a `.commit` must be durable in the store before a later
/// `.broadcast` of that block — persist, then send, then apply.
public enum ConsensusAction: Sendable, Equatable {
    /// Save this consensus state durably (the vote, lock, round and signatures just made).
    case persist(ConsensusState)
    /// Send to every validator.
    case broadcast(ConsensusMessage)
    /// Store this final block; it is final once stored.
    case commit(Block)
    /// We are behind: fetch final blocks from `fromHeight` onwards from `peer` and feed them back as messages.
    case requestBlocks(fromHeight: UInt64, peer: KeyID)
    /// `peer` is behind at `height`: send it the final blocks it lacks.
    case peerBehind(peer: KeyID, height: UInt64)
    /// Please supply a `.candidate` block for this height.
    case requestCandidate(height: UInt64)
    /// Check this proposed block against the chain rules on top of the current tip, and answer with a
    /// `.validated` input once every earlier action has run (so a `.commit` before it is already stored). Asked
    /// at most once per block.
    case validate(ProposedBlock)
    /// A peer sent a message no honest validator sends: ignore it, and disconnect a repeat offender.
    case peerFault(peer: KeyID?, PeerFault)

    public var isCommit: Bool {
        if case .commit = self { return true }
        return false
    }
}
