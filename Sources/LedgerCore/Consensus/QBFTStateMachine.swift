/// The lock: the block this validator prepared most recently at this height, and the prepares proving it.
struct PreparedValue: Sendable, Hashable {
    let round: UInt32
    let block: ProposedBlock
    let certificate: [ConsensusVote]
}

/// QBFT (EEA QBFT spec, Moniz 2020) for one validator, as a pure state machine: it takes ticks, messages and
/// candidate blocks, and returns actions (`ConsensusAction`), reading no clock and doing no I/O.
///
/// States, per height: the validator is in some round r, has or has not accepted r's proposal, and may hold a
/// lock (a prepared block). The "upon" rules of the spec fire until none applies:
/// - propose (round 0 proposer, or a proposer holding a quorum of round changes);
/// - accept a justified proposal, and PREPARE;
/// - on a quorum of PREPAREs, lock and COMMIT;
/// - on a quorum of COMMITs, the block is final;
/// - on round timeout, or f+1 round changes for higher rounds, move round and send ROUND-CHANGE.
/// The timer runs only once the validator is caught up and has something to decide.
public struct QBFTStateMachine: Sendable {
    public let configuration: ConsensusConfiguration
    let crypto: any ConsensusCrypto
    var genesis: Genesis { configuration.genesis }
    /// S(h) for the height being decided: the set the last final block names. Every vote for this height is checked
    /// against it alone, never against the set the chain will have after it.
    public var validators: ValidatorSet { tip.validators }
    var quorum: Int { validators.quorum }

    /// The last final block's tip; the height being decided is `tip.height + 1`.
    public internal(set) var tip: ChainTip
    /// The height being decided: replaced whole when it is finalized (`HeightState`).
    var current: HeightState
    var persistPending = false
    var futureMessages: [ConsensusMessage] = []
    var replayQueue: [ConsensusMessage] = []
    var currentTick: UInt64 = 0
    /// Height we must reach before deciding again (we are behind), and a peer that has the blocks.
    var catchUpTarget: UInt64?
    var catchUpPeer: KeyID?
    var lastCatchUpRequestTick: UInt64 = 0
    var futureHeights: [KeyID: UInt64] = [:]

    public var height: UInt64 { tip.height + 1 }
    public var round: UInt32 { current.round.number }
    /// What has been (or is about to be) persisted: signatures given, round, lock.
    public var persisted: ConsensusState { current.persisted }
    public var isCaughtUp: Bool { catchUpTarget == nil }
    /// Whether the current round already has its proposal (ours or the proposer's): a fresher candidate could only
    /// serve a later round.
    public var currentRoundHasProposal: Bool { current.log.proposals[round] != nil }
    /// Whether a round change made this node the proposer and it has no candidate block to propose.
    public var needsCandidate: Bool { current.candidate == nil && current.candidateNeeded }
    public var localKeyID: KeyID? { crypto.localKeyID }
    /// Whether this node votes at the current height: a member of S(h). A node that joins by vote starts voting at
    /// the first height its set certifies; one removed stops at the same point.
    public var isValidator: Bool { localKeyID.map { validators.contains($0) } ?? false }
    /// The round this validator has prepared in, if any (exposed for invariant checks).
    public var lockedRound: UInt32? { current.lock?.round }

    /// Starts at the height after `tip`, resuming the round and lock of `recovered` when it is for that height.
    /// A recovered lock that does not decode is an error, never dropped: the validator could otherwise prepare
    /// a different block in a later round of the same height.
    public init(
        configuration: ConsensusConfiguration, crypto: any ConsensusCrypto, tip: ChainTip, recovered: ConsensusState?
    ) throws(ConsensusRecoveryError) {
        self.configuration = configuration
        self.crypto = crypto
        self.tip = tip
        guard let recovered, recovered.height == tip.height + 1 else {
            current = HeightState(height: tip.height + 1, tick: 0, candidateRequested: false)
            return
        }
        var lock: PreparedValue? = nil
        if let saved = recovered.lock {
            do {
                let block = try ProposedBlock.decode(saved.proposal)
                let certificate = try PrepareCertificateCoding.decode(saved.certificate)
                lock = PreparedValue(round: saved.round, block: block, certificate: certificate)
            } catch {
                throw ConsensusRecoveryError(height: recovered.height, reason: "\(error)")
            }
        }
        current = HeightState(recovered: recovered, lock: lock, tick: 0)
    }

    /// Handles one input and returns the actions to run, in order.
    public mutating func handle(_ input: ConsensusInput) -> [ConsensusAction] {
        var actions: [ConsensusAction] = []
        switch input {
        case .tick:
            currentTick += 1
            onTick(&actions)
        case .message(let message, let peer):
            receive(message, from: peer, &actions)
        case .candidate(let block):
            if block.header.height == height && block.header.previousHash == tip.headerHash {
                current.candidate = block
                noteDemand()
            }
        case .demand:
            noteDemand()
        case .validated(let blockHash, let valid):
            if current.validationsRequested.contains(blockHash) { current.validity[blockHash] = valid }
        }
        progress(&actions)
        // Messages kept for a height that has just begun, one at a time (no recursion through catch-up). A
        // proposal among them is validated by the shell after it has run the `.commit` before it.
        while !replayQueue.isEmpty {
            receive(replayQueue.removeFirst(), from: nil, &actions)
            progress(&actions)
        }
        flushPersist(&actions)
        checkInvariants()
        return actions
    }

    /// Far more passes than any input can cause: every pass fires a one-shot rule, and rounds are bounded.
    static let progressPassesMax = 1_000_000

    /// What holds after every input, checked in release builds too (TigerBeetle style): a broken invariant is a
    /// bug, and a validator that carried on could sign what it must not.
    func checkInvariants() {
        precondition(current.persisted.height == height, "persisted state is for height \(current.persisted.height)")
        precondition(current.persisted.round == round, "persisted round \(current.persisted.round), in round \(round)")
        precondition(!persistPending, "a persist was left unflushed")
        precondition(
            current.round.accepted.map { $0.vote.round == round } ?? true, "accepted a proposal of another round")
        precondition(current.lock.map { $0.round <= round } ?? true, "locked in a round above the current one")
        precondition(current.persisted.lock?.round == current.lock?.round, "the lock and its persisted copy differ")
        precondition(current.candidate.map { $0.header.height == height } ?? true, "a candidate for another height")
        precondition(catchUpTarget.map { $0 > height } ?? true, "catching up to a height already reached")
        precondition(futureMessages.count <= Limits.futureConsensusMessagesMax, "future messages beyond their bound")
    }

    /// Applies the spec's "upon" rules until none fires: a fixed point. Each rule fires at most once for the same
    /// state (a proposal, prepare or commit per round, a round change only upwards, a finalization per height), so
    /// the loop ends; the precondition turns a bug that broke that into a crash instead of a hang.
    mutating func progress(_ actions: inout [ConsensusAction]) {
        var passes = 0
        while true {
            passes += 1
            precondition(passes <= Self.progressPassesMax, "the upon rules did not reach a fixed point")
            if tryFinalize(&actions) { continue }
            if tryPropose(&actions) { continue }
            if tryAcceptProposal(&actions) { continue }
            if tryCommitVote(&actions) { continue }
            if tryRoundChangeJump(&actions) { continue }
            return
        }
    }

    /// The round timer runs once caught up and once there is something to decide.
    var timerRunning: Bool { isCaughtUp && current.hasDemand && isValidator }

    mutating func noteDemand() {
        if !current.hasDemand {
            current.hasDemand = true
            current.round.startTick = currentTick
        }
    }

    mutating func onTick(_ actions: inout [ConsensusAction]) {
        if let target = catchUpTarget, let peer = catchUpPeer,
            currentTick - lastCatchUpRequestTick >= configuration.retransmitIntervalTicks
        {
            lastCatchUpRequestTick = currentTick
            if height < target { actions.append(.requestBlocks(fromHeight: height, peer: peer)) }
        }
        guard timerRunning else { return }
        if currentTick >= current.round.startTick + configuration.roundTimeout(round: round) {
            onRoundTimeout(&actions)
        } else if currentTick - current.round.lastRetransmitTick >= configuration.retransmitIntervalTicks {
            current.round.lastRetransmitTick = currentTick
            for message in current.round.ownMessages { emit(.broadcast(message), &actions) }
        }
    }

    /// The round timer fired. Deviation from the spec (docs/CONSENSUS.md), a pacemaker in the style of DiemBFT:
    /// - join the highest round any validator has asked for, if above ours (rejoin a validator that is ahead);
    /// - else move on only if this round had its chance: round 0, a proposal was accepted, or a quorum asked
    ///   for this round;
    /// - else stay and keep asking, so the others can join.
    /// With capped timeouts the spec's "always round + 1" lets a lone validator run a round or two ahead of the
    /// rest forever, phase-locked (found by the simulator, seed 2, n=4, one Byzantine; celo-blockchain#706).
    mutating func onRoundTimeout(_ actions: inout [ConsensusAction]) {
        if let ahead = current.log.roundChanges.keys.filter({ $0 > round }).max() {
            moveToRound(ahead, &actions)
            return
        }
        // A PREPARE signed in this round (before a restart, say) means a proposal was accepted here: without this,
        // a validator that crashed after locking in round r > 0 restarts into r, cannot re-sign its ROUND-CHANGE
        // for r (signed before the lock, so now a different message) and never moves on (found by the driver
        // simulator, seed 16, n = 1).
        let preparedHere =
            current.persisted.signatures[SigningSlot(height: height, round: round, kind: .prepare)] != nil
        let roundHadItsChance =
            round == 0 || current.round.accepted != nil || preparedHere
            || Set(current.log.roundChanges(round: round).map(\.vote.signer)).count >= quorum
        if roundHadItsChance && round < UInt32.max {
            moveToRound(round + 1, &actions)
        } else {
            // Stay, and make sure the others know which round we are in: a validator that entered this round
            // without sending a ROUND-CHANGE (say, restarted into it) would otherwise wait silently forever
            // (found by the simulator, seed 105, n=4).
            current.round.startTick = currentTick
            current.round.lastRetransmitTick = currentTick
            if !current.round.ownMessages.contains(where: { $0.vote?.kind == .roundChange && $0.vote?.round == round })
            {
                announceRound(&actions)
            } else {
                for message in current.round.ownMessages { emit(.broadcast(message), &actions) }
            }
        }
    }

    /// Emits an action, first emitting a pending persist: persist before send.
    mutating func emit(_ action: ConsensusAction, _ actions: inout [ConsensusAction]) {
        flushPersist(&actions)
        actions.append(action)
    }

    mutating func flushPersist(_ actions: inout [ConsensusAction]) {
        if persistPending {
            actions.append(.persist(persisted))
            persistPending = false
        }
    }

    /// Signs a vote for the current height, reusing a stored signature for the same slot and message, and
    /// refusing to sign a different message in a slot already used (that would be equivocation).
    mutating func sign(
        kind: ConsensusMessageKind, round: UInt32, digest: SHA256Digest?, preparedRound: UInt32? = nil,
        ledgerHead: LedgerHead? = nil
    ) -> ConsensusVote? {
        guard isValidator, let signer = localKeyID else { return nil }
        let bytes = ConsensusVote.signedBytes(
            kind: kind, genesis: genesis, height: height, round: round, digest: digest, preparedRound: preparedRound,
            ledgerHead: ledgerHead)
        let slot = SigningSlot(height: height, round: round, kind: kind)
        let messageDigest = SHA256.hash(bytes)
        let signature: [UInt8]
        switch current.persisted.lookup(slot, messageDigest: messageDigest) {
        case .alreadySigned(let stored): signature = stored
        case .conflict: return nil
        case .unsigned:
            guard let fresh = try? crypto.sign(bytes) else { return nil }
            signature = fresh
            current.persisted.signatures[slot] = StoredSignature(messageDigest: messageDigest, signature: fresh)
            persistPending = true
        }
        return ConsensusVote(
            kind: kind, height: height, round: round, digest: digest, preparedRound: preparedRound,
            ledgerHead: ledgerHead, signer: signer, signature: signature)
    }

    /// Moves to a higher round and asks the others to follow (QBFT spec UponRoundTimeout / UponRoundChange).
    mutating func moveToRound(_ newRound: UInt32, _ actions: inout [ConsensusAction]) {
        precondition(newRound > round, "rounds only increase within a height")
        enterRound(newRound)
        announceRound(&actions)
    }

    /// Sends a ROUND-CHANGE for the current round, reporting the lock (QBFT spec createRoundChange).
    mutating func announceRound(_ actions: inout [ConsensusAction]) {
        let vote = sign(
            kind: .roundChange, round: round, digest: current.lock?.block.digest, preparedRound: current.lock?.round)
        guard let vote else { return }
        let message = ConsensusMessage.roundChange(
            vote: vote, preparedBlock: current.lock?.block, preparedCertificate: current.lock?.certificate ?? [])
        _ = current.log.add(
            RoundChangeEntry(
                vote: vote, preparedBlock: current.lock?.block, certificate: current.lock?.certificate ?? []))
        current.round.ownMessages.append(message)
        emit(.broadcast(message), &actions)
    }

    /// Replaces the round state for a higher round and records the round for persistence.
    mutating func enterRound(_ newRound: UInt32) {
        guard newRound > round else { return }
        current.round = RoundState(number: newRound, tick: currentTick)
        current.persisted.round = newRound
        persistPending = true
    }
}
