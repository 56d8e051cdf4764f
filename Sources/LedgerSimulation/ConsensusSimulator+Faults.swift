import LedgerCore
import LedgerRuntime

/// A planned fault.
enum FaultEvent {
    case networkConditions(lossPerMille: Int, duplicatePerMille: Int, delay: ClosedRange<UInt64>)
    case partition(groupA: [Int], oneWay: Bool)
    case clearPartitions
    case crash(node: Int, downTicks: UInt64, wiped: Bool, midBatch: Bool)
    /// The node's next write fails (the block log, or the consensus state): it must halt, as on disk.
    case failWrite(node: Int, consensusState: Bool)
}

extension ConsensusSimulator {
    /// Draws a fault phase of 150–600 ticks: network conditions, partitions and crashes, all from the seed.
    func planRandomFaults() {
        let length = UInt64.random(in: 150...600, using: &random)
        var at: UInt64 = 1
        var wipedBudget = genesis.validatorSet.faultTolerance - options.byzantine
        while at < length {
            let event: FaultEvent
            switch Int.random(in: 0..<10, using: &random) {
            case 0...2:
                event = .networkConditions(
                    lossPerMille: Int.random(in: 0...300, using: &random),
                    duplicatePerMille: Int.random(in: 0...100, using: &random),
                    delay: 1...UInt64.random(in: 1...12, using: &random))
            case 3, 4:
                let shuffled = nodes.map(\.index).shuffled(using: &random)
                let split = Int.random(in: 0...max(0, nodes.count - 1), using: &random)
                event = .partition(groupA: Array(shuffled.prefix(split)), oneWay: Bool.random(using: &random))
            case 5: event = .clearPartitions
            case 6 where Int.random(in: 0..<3, using: &random) == 0:
                event = .failWrite(
                    node: Int.random(in: 0..<nodes.count, using: &random), consensusState: Bool.random(using: &random))
            default:
                let wipe = wipedBudget > 0 && Int.random(in: 0..<5, using: &random) == 0
                if wipe { wipedBudget -= 1 }
                event = .crash(
                    node: Int.random(in: 0..<nodes.count, using: &random),
                    downTicks: UInt64.random(in: 5...200, using: &random),
                    wiped: wipe, midBatch: Bool.random(using: &random))
            }
            schedule.append((at, event))
            at += UInt64.random(in: 5...60, using: &random)
        }
    }

    func applyScheduledFaults() {
        while let next = schedule.first, next.tick <= tick, healTick == nil {
            schedule.removeFirst()
            apply(next.event)
        }
    }

    func apply(_ event: FaultEvent) {
        switch event {
        case .networkConditions(let loss, let duplicate, let delay):
            network.lossPerMille = loss
            network.duplicatePerMille = duplicate
            network.delayTicks = delay
            record("network loss \(loss)‰ dup \(duplicate)‰ delay \(delay)")
        case .partition(let groupA, let oneWay):
            partition(groupA, oneWay: oneWay)
        case .clearPartitions:
            network.blocked = []
            record("partitions cleared")
        case .crash(let index, let downTicks, let wiped, let midBatch):
            let node = nodes[index]
            guard node.isUp else { return }
            if midBatch {
                node.effectsBeforeCrash = Int.random(in: 0...3, using: &random)
                node.restartAtTick = tick + downTicks
                node.wipedOnRestart = wiped
                record("node \(index) will crash mid-batch after \(node.effectsBeforeCrash!) writes or sends")
            } else {
                crash(node, downForTicks: downTicks, wiped: wiped)
            }
        case .failWrite(let index, let consensusState):
            if consensusState {
                nodes[index].stateStore.failNextSave = true
            } else {
                nodes[index].store.failNextAppend = true
            }
            record("node \(index)'s next \(consensusState ? "consensus-state" : "block") write will fail")
        }
    }

    /// Cuts every link between `groupA` and the rest (only A → rest when one-way).
    public func partition(_ groupA: [Int], oneWay: Bool = false) {
        let inside = Set(groupA)
        for from in nodes.map(\.index) {
            for to in nodes.map(\.index) where from != to && inside.contains(from) != inside.contains(to) {
                if !oneWay || inside.contains(from) { network.blocked.insert(.init(from: from, to: to)) }
            }
        }
        record("partition \(groupA.sorted()) \(oneWay ? "one-way" : "both ways")")
    }

    /// Cuts a node off from every other node, both ways.
    public func isolate(_ index: Int) { partition([index]) }

    /// Stops a node now; it restarts after `downForTicks` from its durable state (or wiped, from nothing).
    public func crash(_ index: Int, downForTicks: UInt64, wiped: Bool = false) {
        crash(nodes[index], downForTicks: downForTicks, wiped: wiped)
    }

    func crash(_ node: SimulatedNode, downForTicks: UInt64, wiped: Bool? = nil) {
        guard node.isUp else { return }
        node.driver = nil
        node.effectsBeforeCrash = nil
        node.restartAtTick = tick + downForTicks
        if let wiped { node.wipedOnRestart = wiped }
        record(
            "node \(node.index) crashed at height \(node.height)\(node.wipedOnRestart ? " (data will be wiped)" : "")")
    }

    /// Restarts a stopped node now.
    public func restart(_ index: Int, wiped: Bool = false) {
        nodes[index].wipedOnRestart = nodes[index].wipedOnRestart || wiped
        restart(nodes[index])
    }

    func restart(_ node: SimulatedNode) {
        node.restartAtTick = nil
        guard !node.isUp else { return }
        if node.wipedOnRestart {
            node.store = SimulatedStore(genesis: genesis, crypto: node.crypto)
            node.stateStore = SimulatedStateStore()
            node.sentRounds = [:]
            node.sentVotes = [:]
            node.wipedOnRestart = false
            record("node \(node.index) restarts with a wiped data directory")
        } else {
            record("node \(node.index) restarts at height \(node.height) round \(node.stateStore.state?.round ?? 0)")
        }
        start(node)
        checkNoRegression(node)
    }

    /// Ends every fault: perfect network, no partitions, every node restarted; liveness is judged from here.
    public func heal() {
        network.heal()
        schedule = []
        for node in nodes {
            node.store.failNextAppend = false
            node.stateStore.failNextSave = false
            node.effectsBeforeCrash = nil
        }
        for node in nodes where !node.isUp { restart(node) }
        healTick = tick
        heightAtHeal = honestNodes.map(\.height).max() ?? 0
        record("healed at height \(heightAtHeal)")
    }

    /// A Byzantine validator's extra behaviour each tick: replays captured messages and sends garbage bytes; once
    /// removed from the set, it goes on voting at the current height with its old key, for blocks nobody proposed.
    func misbehave(_ node: SimulatedNode) {
        let target = Int.random(in: 0..<nodes.count, using: &random)
        if let driver = node.driver, !driver.isValidator, genesis.validatorSet.contains(node.keyID),
            Int.random(in: 0..<4, using: &random) == 0
        {
            let digest = SHA256.hash(Array("removed \(node.index) \(tick)".utf8))
            let kind: ConsensusMessageKind = Bool.random(using: &random) ? .prepare : .roundChange
            let bytes = ConsensusVote.signedBytes(
                kind: kind, genesis: genesis, height: driver.height, round: driver.round,
                digest: kind == .prepare ? digest : nil, preparedRound: nil, ledgerHead: nil)
            if let signature = try? node.crypto.sign(bytes) {
                let vote = ConsensusVote(
                    kind: kind, height: driver.height, round: driver.round, digest: kind == .prepare ? digest : nil,
                    preparedRound: nil, ledgerHead: nil, signer: node.keyID, signature: signature)
                let message: ConsensusMessage =
                    kind == .prepare
                    ? .prepare(vote) : .roundChange(vote: vote, preparedBlock: nil, preparedCertificate: [])
                network.send(
                    from: node.index, to: target, bytes: PeerWire.encode(.consensus(message)), now: tick,
                    random: &random)
            }
        }
        switch Int.random(in: 0..<20, using: &random) {
        case 0 where !node.captured.isEmpty:
            let old = node.captured[Int.random(in: 0..<node.captured.count, using: &random)]
            network.send(from: node.index, to: target, bytes: old, now: tick, random: &random)
        case 1:
            let garbage = (0..<Int.random(in: 1...200, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            network.send(from: node.index, to: target, bytes: garbage, now: tick, random: &random)
        default: break
        }
    }

    /// A Byzantine validator equivocates: one version of each proposal and vote to half the peers, another
    /// (validly signed by itself) to the other half.
    func byzantineBroadcast(_ message: ConsensusMessage, from node: SimulatedNode, to targets: [SimulatedNode]) {
        var alternative = message
        switch message {
        case .proposal(let vote, let block, let roundChanges, let prepares):
            var header = block.header
            header.timestampMilliseconds += 1
            let other = ProposedBlock(header: header, transactions: block.transactions)
            if let forged = signedVote(like: vote, digest: other.digest, by: node) {
                alternative = .proposal(vote: forged, block: other, roundChanges: roundChanges, prepares: prepares)
            }
        case .prepare(let vote):
            if let forged = signedVote(like: vote, digest: SHA256.hash(Array("fork \(tick)".utf8)), by: node) {
                alternative = .prepare(forged)
            }
        case .commit(let vote):
            if let forged = signedVote(like: vote, digest: SHA256.hash(Array("fork \(tick)".utf8)), by: node) {
                alternative = .commit(forged)
            }
        default: break
        }
        let first = PeerWire.encode(.consensus(message))
        let second = PeerWire.encode(.consensus(alternative))
        for peer in targets {
            network.send(
                from: node.index, to: peer.index, bytes: peer.index % 2 == 0 ? first : second, now: tick,
                random: &random)
        }
    }

    private func signedVote(like vote: ConsensusVote, digest: SHA256Digest, by node: SimulatedNode) -> ConsensusVote? {
        let bytes = ConsensusVote.signedBytes(
            kind: vote.kind, genesis: genesis, height: vote.height, round: vote.round, digest: digest,
            preparedRound: nil, ledgerHead: vote.ledgerHead)
        guard let signature = try? node.crypto.sign(bytes) else { return nil }
        return ConsensusVote(
            kind: vote.kind, height: vote.height, round: vote.round, digest: digest, preparedRound: nil,
            ledgerHead: vote.ledgerHead, signer: node.keyID, signature: signature)
    }
}

/// Read-outs and hooks for scripted scenarios (the incident tests).
extension ConsensusSimulator {
    public var validatorCount: Int { nodes.count }

    /// Final height of a node.
    public func height(of index: Int) -> UInt64 { nodes[index].height }

    /// Current round of a running node, nil while it is down.
    public func round(of index: Int) -> UInt32? { nodes[index].driver?.round }

    public func isUp(_ index: Int) -> Bool { nodes[index].isUp }

    /// Highest final height at an honest node.
    public var highestHonestHeight: UInt64 { honestNodes.map(\.height).max() ?? 0 }

    /// The set that certifies a node's next block, as its own store derived it.
    public func validators(of index: Int) -> ValidatorSet { nodes[index].store.tip.validators }

    /// The epoch a node's chain is in.
    public func epoch(of index: Int) -> UInt32 { nodes[index].store.tip.governance.epoch }

    /// Whether the node votes at its current height (a member of that height's set).
    public func isVoting(_ index: Int) -> Bool { nodes[index].driver?.isValidator ?? false }

    public func keyID(of index: Int) -> KeyID { nodes[index].keyID }

    /// Planned validator-set changes that have passed so far.
    public var reconfigurationStepsDone: Int { reconfiguration?.step ?? 0 }

    /// Disconnects the drivers asked for after repeated votes from keys outside their height's set.
    public var nonMemberDisconnectCount: Int { nonMemberDisconnects }

    /// Restarts a node as if its last persisted state put it in `round` at its next height (a state it reaches
    /// legitimately, for example after following f+1 round changes before a crash).
    public func restartInRound(_ index: Int, round: UInt32) {
        let node = nodes[index]
        node.driver = nil
        node.stateStore.state = ConsensusState(height: node.height + 1, round: round)
        restart(node)
    }

    /// Crashes a node part-way through its next batch of effects: after `afterActions` writes or sends.
    public func crashDuringNextBatch(_ index: Int, afterActions: Int, downForTicks: UInt64) {
        nodes[index].effectsBeforeCrash = afterActions
        nodes[index].restartAtTick = nil
        pendingRestartDelay[index] = downForTicks
    }
}
