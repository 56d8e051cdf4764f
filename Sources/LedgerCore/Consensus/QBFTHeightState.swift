/// Everything a validator holds for the height it is deciding. It is replaced whole when the height is
/// finalized, so nothing from one height can leak into the next.
struct HeightState: Sendable {
    /// The round being decided in, replaced whole on every round change.
    var round: RoundState
    /// What has been (or is about to be) persisted for this height: signatures given, round, lock.
    var persisted: ConsensusState
    /// Every valid message received for this height, by kind and round.
    var log = ConsensusMessageLog()
    /// The block this validator prepared most recently at this height, and the prepares proving it.
    var lock: PreparedValue?
    /// Rounds whose proposal was judged and refused; never judged again.
    var rejectedProposals: Set<UInt32> = []
    /// The block the shell offered for proposing at this height.
    var candidate: ProposedBlock?
    var candidateRequested: Bool
    /// The machine wanted to propose at this height and had no candidate (see `needsCandidate`).
    var candidateNeeded = false
    /// Something is waiting to be decided (a candidate, or a message for this height): the round timer runs.
    var hasDemand = false
    /// When each peer was last reported behind: re-reported every retransmit interval, since blocks can be lost.
    var peersReportedBehind: [KeyID: UInt64] = [:]
    /// The shell's verdicts on proposed blocks (by header hash), and the blocks it was asked about.
    var validity: [SHA256Digest: Bool] = [:]
    var validationsRequested: Set<SHA256Digest> = []

    /// A fresh height: round 0 from `tick`, nothing signed, a candidate already asked for when `requested`.
    init(height: UInt64, tick: UInt64, candidateRequested requested: Bool) {
        round = RoundState(number: 0, tick: tick)
        persisted = ConsensusState(height: height)
        candidateRequested = requested
    }

    /// A height resumed from persisted state: its round and lock, and the signatures already given.
    init(recovered: ConsensusState, lock: PreparedValue?, tick: UInt64) {
        round = RoundState(number: recovered.round, tick: tick)
        persisted = recovered
        self.lock = lock
        candidateRequested = false
    }
}

/// What a validator holds for one round: replaced whole when it moves to a higher round.
struct RoundState: Sendable {
    let number: UInt32
    /// The justified proposal accepted (and prepared) in this round.
    var accepted: ProposalEntry?
    /// When the round began, for its timeout, and when its messages were last re-sent.
    var startTick: UInt64
    var lastRetransmitTick: UInt64
    /// This validator's own messages of this round, re-sent every retransmit interval.
    var ownMessages: [ConsensusMessage] = []

    init(number: UInt32, tick: UInt64) {
        self.number = number
        startTick = tick
        lastRetransmitTick = tick
    }
}

/// A persisted lock that does not decode: the state file is damaged, and starting without the lock could
/// prepare a different block at the same height. The node refuses to start.
public struct ConsensusRecoveryError: Error, Sendable, Equatable, CustomStringConvertible {
    public let height: UInt64
    public let reason: String

    public var description: String { "the persisted lock for height \(height) does not decode: \(reason)" }
}
