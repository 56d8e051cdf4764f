import LedgerCore

/// One simulated validator: the real `QBFTStateMachine`, its durable state (final blocks and consensus state),
/// and what it has observably done, for the invariant checks.
final class SimulatedNode {
    let index: Int
    let keyID: KeyID
    let crypto: any ConsensusCrypto
    let isByzantine: Bool
    /// Final blocks, durable once a `.commit` action ran.
    var chain: [Block] = []
    /// The consensus state as last persisted by a `.persist` action.
    var durable: ConsensusState?
    var machine: QBFTStateMachine?
    var restartAtTick: UInt64?
    var wipedOnRestart = false
    /// Inputs produced by the node's own shell (candidates), run before the next tick.
    var pendingInputs: [ConsensusInput] = []
    /// Inputs that answer the actions being run (`.validated`), handled before anything else.
    var answers: [ConsensusInput] = []
    /// When set, the next action batch is cut after this many actions and the node crashes (a crash mid-write).
    var crashAfterActions: Int?
    /// Messages this node has seen, for a Byzantine node's replays.
    var captured: [[UInt8]] = []
    /// Highest round this node sent a signed message in, per height: what restarts must not go below.
    var sentRounds: [UInt64: UInt32] = [:]
    /// What this node signed and sent in each slot; two different messages in one slot is equivocation.
    var sentVotes: [SigningSlot: [UInt8]] = [:]

    init(index: Int, keyID: KeyID, crypto: any ConsensusCrypto, isByzantine: Bool) {
        self.index = index
        self.keyID = keyID
        self.crypto = crypto
        self.isByzantine = isByzantine
    }

    var isUp: Bool { machine != nil }
    var height: UInt64 { UInt64(chain.count) }

    /// The chain tip implied by the durable final blocks.
    func tip(genesis: Genesis) -> ChainTip {
        guard let last = chain.last else { return ChainTip.genesis(genesis) }
        var ledger = MerkleAccumulator()
        let hasher = MerkleHasher()
        for block in chain {
            for transaction in block.transactions {
                ledger.append(leafHash: transaction.leafHash(hasher: hasher), hasher: hasher)
            }
        }
        return ChainTip(
            height: last.header.height, headerHash: last.header.hash,
            timestampMilliseconds: last.header.timestampMilliseconds,
            ledger: ledger)
    }
}
