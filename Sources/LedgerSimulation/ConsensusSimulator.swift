import Foundation
import LedgerCore

/// What to simulate. One seed drives everything: fault schedule, network randomness and Byzantine choices.
public struct SimulationOptions: Sendable {
    public var validators: Int
    public var byzantine: Int
    public var seed: UInt64
    /// ECDSA P-256 instead of the fast simulated signatures (much slower; same state machine).
    public var realCrypto = false
    /// Random faults for a while, then heal; off for scripted scenarios.
    public var randomFaults = true
    /// After healing, a new height must be final, and every honest node caught up, within this many ticks.
    public var livenessBoundTicks: UInt64 = 2_500
    public var traceCapacity = 48
    /// Also trace every message a node sends (for debugging a seed).
    public var verboseTrace = false
    public var consensus: (base: UInt64, cap: UInt64, retransmit: UInt64) = (4, 64, 8)

    public init(validators: Int, byzantine: Int = 0, seed: UInt64) {
        self.validators = validators
        self.byzantine = byzantine
        self.seed = seed
    }
}

/// An invariant that did not hold, when, and what was seen.
public struct SimulationViolation: Sendable, CustomStringConvertible {
    public let invariant: String
    public let tick: UInt64
    public let detail: String

    public var description: String { "tick \(tick): \(invariant): \(detail)" }
}

/// The outcome of one seeded run.
public struct SimulationResult: Sendable {
    public let options: SimulationOptions
    public let ticks: UInt64
    /// The highest height final at an honest node.
    public let heightsDecided: UInt64
    public let violations: [SimulationViolation]
    /// The last events before the end (or the first violation), for reproducing a failure.
    public let trace: [String]
    public let messagesDelivered: Int
    public let messagesDropped: Int
    public let peerFaultsReported: Int
}

/// A deterministic, seeded simulation of n validators running the real `QBFTStateMachine` over a simulated
/// network, clock and disk, with network, crash and Byzantine faults; invariants are checked after every step
/// (TigerBeetle VOPR style). Scripted scenarios drive it through the public fault methods.
public final class ConsensusSimulator {
    public let options: SimulationOptions
    public let genesis: Genesis
    let configuration: ConsensusConfiguration
    var random: SeededGenerator
    var network = SimulatedNetwork()
    var nodes: [SimulatedNode] = []
    public private(set) var tick: UInt64 = 0
    public private(set) var violations: [SimulationViolation] = []
    var trace: [String] = []
    var decided: [UInt64: SHA256Digest] = [:]
    var peerFaults = 0
    var healTick: UInt64?
    var heightAtHeal: UInt64 = 0
    var schedule: [(tick: UInt64, event: FaultEvent)] = []
    /// Down time for nodes set to crash mid-batch by a scenario.
    var pendingRestartDelay: [Int: UInt64] = [:]
    let clock = SimulationClock()

    /// Ticks are 10 ms of simulated time from genesis.
    static let millisecondsPerTick: UInt64 = 10

    public init(options: SimulationOptions) throws {
        precondition((1...SimulationKeys.privateKeyPEMs.count).contains(options.validators), "1…10 validators")
        precondition(options.byzantine <= (options.validators - 1) / 3, "at most f Byzantine validators")
        self.options = options
        random = SeededGenerator(seed: options.seed)
        let keys = try SimulationKeys.privateKeyPEMs.prefix(options.validators).map { try P256PrivateKey(pem: $0) }
        genesis = try Genesis(
            chainName: "simulation", genesisTimeMilliseconds: 1_700_000_000_000,
            validators: keys.enumerated().map { ("node-\($0.offset)", $0.element.publicKey) }, parameters: .standard)
        configuration = ConsensusConfiguration(
            genesis: genesis, roundTimeoutBaseTicks: options.consensus.base,
            roundTimeoutCapTicks: options.consensus.cap,
            retransmitIntervalTicks: options.consensus.retransmit)
        let keyring = SimulationKeyring(keyIDs: keys.map(\.publicKey.keyID), seed: options.seed)
        // The Byzantine validators are the last `byzantine` ones: any subset is equivalent under rotation.
        for (index, key) in keys.enumerated() {
            let crypto: any ConsensusCrypto =
                options.realCrypto
                ? ECDSAConsensusCrypto(key: key, genesis: genesis)
                : SimulatedCrypto(localKeyID: key.publicKey.keyID, keyring: keyring)
            nodes.append(
                SimulatedNode(
                    index: index, keyID: key.publicKey.keyID, crypto: crypto,
                    isByzantine: index >= options.validators - options.byzantine))
        }
        for node in nodes { start(node) }
        if options.randomFaults { planRandomFaults() }
    }

    /// Runs the seeded scenario: faults, heal, then until liveness is shown or the bound passes.
    public func run() -> SimulationResult {
        let faultEnd = schedule.last?.tick ?? 0
        while violations.isEmpty {
            step()
            if healTick == nil && tick > faultEnd { heal() }
            if let healed = healTick {
                if livenessShown() { break }
                if tick > healed + options.livenessBoundTicks {
                    violate(
                        "liveness",
                        "no progress or catch-up within \(options.livenessBoundTicks) ticks of healing at tick \(healed) (heights \(heightsDescription))"
                    )
                }
            }
        }
        return result()
    }

    public func result() -> SimulationResult {
        SimulationResult(
            options: options, ticks: tick, heightsDecided: honestNodes.map(\.height).max() ?? 0, violations: violations,
            trace: trace, messagesDelivered: network.delivered, messagesDropped: network.dropped,
            peerFaultsReported: peerFaults)
    }

    var honestNodes: [SimulatedNode] { nodes.filter { !$0.isByzantine } }
    var heightsDescription: String {
        nodes.map { "\($0.index):\($0.height)\($0.isUp ? "" : "↓")" }.joined(separator: " ")
    }

    /// One tick: deliver due messages, apply due faults, run every node's own inputs and timer.
    public func step() {
        tick += 1
        clock.tick = tick
        while let envelope = network.nextDue(at: tick) { deliver(envelope) }
        applyScheduledFaults()
        for node in nodes where node.restartAtTick.map({ $0 <= tick }) ?? false { restart(node) }
        for node in nodes where node.isUp {
            // Inputs the shell produced last tick (candidates); new ones wait for the next tick.
            let inputs = node.pendingInputs
            node.pendingInputs = []
            for input in inputs where node.isUp { handle(input, at: node) }
            if node.isUp { handle(.tick, at: node) }
            if node.isByzantine && node.isUp { misbehave(node) }
        }
    }

    public func run(ticks: UInt64) {
        for _ in 0..<ticks where violations.isEmpty { step() }
    }

    /// Runs until `condition` holds, at most `maxTicks`; returns whether it held.
    @discardableResult
    public func run(until condition: () -> Bool, maxTicks: UInt64) -> Bool {
        let limit = tick + maxTicks
        while tick < limit && violations.isEmpty {
            if condition() { return true }
            step()
        }
        return condition()
    }

    func deliver(_ envelope: Envelope) {
        let node = nodes[envelope.to]
        guard node.isUp else { return }
        if node.isByzantine && node.captured.count < 256 { node.captured.append(envelope.bytes) }
        let message: ConsensusMessage
        do {
            message = try ConsensusMessage.decode(envelope.bytes)
        } catch {
            peerFaults += 1
            return
        }
        handle(.message(message, from: nodes[envelope.from].keyID), at: node)
    }

    /// Like the node: an input's actions run in order, and a `.validate` is answered by the next input.
    func handle(_ input: ConsensusInput, at node: SimulatedNode) {
        node.answers = [input]
        while !node.answers.isEmpty {
            guard var machine = node.machine else { return }
            let actions = machine.handle(node.answers.removeFirst())
            node.machine = machine
            execute(actions, at: node)
        }
    }

    func execute(_ actions: [ConsensusAction], at node: SimulatedNode) {
        var limit = actions.count
        let cut = node.crashAfterActions
        if let cut {
            limit = min(cut, actions.count)
            node.crashAfterActions = nil
        }
        for action in actions.prefix(limit) { perform(action, at: node) }
        if cut != nil {
            let scheduled = node.restartAtTick.map { $0 > tick ? $0 - tick : 1 }
            crash(node, downForTicks: pendingRestartDelay.removeValue(forKey: node.index) ?? scheduled ?? 20)
        }
    }

    func perform(_ action: ConsensusAction, at node: SimulatedNode) {
        switch action {
        case .persist(let state): node.durable = state
        case .broadcast(let message): broadcast(message, from: node)
        case .commit(let block): commit(block, at: node)
        case .requestBlocks(let from, let peer):
            if let source = nodes.first(where: { $0.keyID == peer }), source.isUp {
                sendBlocks(from: source, to: node, startingAt: from)
            }
        case .peerBehind(let peer, let height):
            if let target = nodes.first(where: { $0.keyID == peer }) {
                sendBlocks(from: node, to: target, startingAt: height)
            }
        case .requestCandidate(let height):
            if height == node.height + 1 { node.pendingInputs.append(.candidate(candidate(for: node))) }
        case .peerFault: peerFaults += 1
        case .validate(let block):
            node.answers.append(.validated(blockHash: block.digest, valid: isValid(block, at: node)))
        }
    }

    func broadcast(_ message: ConsensusMessage, from node: SimulatedNode) {
        if options.verboseTrace { record("node \(node.index) sends \(Self.describe(message))") }
        if let vote = message.vote, vote.signer == node.keyID {
            node.sentRounds[vote.height] = max(node.sentRounds[vote.height] ?? 0, vote.round)
            checkNoEquivocation(vote, by: node)
        }
        if node.isByzantine {
            byzantineBroadcast(message, from: node)
            return
        }
        let bytes = message.encoded
        for peer in nodes where peer.index != node.index {
            network.send(from: node.index, to: peer.index, bytes: bytes, now: tick, random: &random)
        }
    }

    /// Serves up to 64 final blocks from `source`'s chain to `target`, over the network.
    func sendBlocks(from source: SimulatedNode, to target: SimulatedNode, startingAt height: UInt64) {
        guard height >= 1, height <= source.height else { return }
        for index in height...min(source.height, height + 63) {
            let bytes = ConsensusMessage.finalBlock(source.chain[Int(index) - 1]).encoded
            network.send(from: source.index, to: target.index, bytes: bytes, now: tick, random: &random)
        }
    }

    /// An empty block on top of the node's chain, timestamped from the simulated clock.
    func candidate(for node: SimulatedNode) -> ProposedBlock {
        let tip = node.tip(genesis: genesis)
        let now = genesis.genesisTimeMilliseconds + tick * Self.millisecondsPerTick + UInt64(node.index)
        let header = BlockBuilder.header(
            parent: tip, genesis: genesis, transactions: [],
            timestampMilliseconds: max(now, tip.timestampMilliseconds + 1), round: 0)
        return ProposedBlock(header: header, transactions: [])
    }

    /// The chain rules for a proposed block on top of the node's durable chain, at the simulated time.
    func isValid(_ block: ProposedBlock, at node: SimulatedNode) -> Bool {
        let now = genesis.genesisTimeMilliseconds + tick * Self.millisecondsPerTick
        let result = try? ChainRules.validateProposal(
            header: block.header, transactions: block.transactions, parent: node.tip(genesis: genesis),
            genesis: genesis, registry: InMemoryRegistry(genesis: genesis), localTimeMilliseconds: now)
        if case .success = result { return true }
        return false
    }

    func start(_ node: SimulatedNode) {
        do {
            node.machine = try QBFTStateMachine(
                configuration: configuration, crypto: node.crypto, tip: node.tip(genesis: genesis),
                recovered: node.durable)
        } catch {
            violate("recovery", "node \(node.index) cannot resume its persisted state: \(error)")
            return
        }
        node.pendingInputs = [.candidate(candidate(for: node))]
    }

    static func describe(_ message: ConsensusMessage) -> String {
        switch message {
        case .proposal(let vote, let block, let roundChanges, let prepares):
            "PROPOSAL h=\(vote.height) r=\(vote.round) \(block.digest.hex.prefix(8)) rc=\(roundChanges.count) p=\(prepares.count)"
        case .prepare(let vote): "PREPARE h=\(vote.height) r=\(vote.round) \(vote.digest!.hex.prefix(8))"
        case .commit(let vote): "COMMIT h=\(vote.height) r=\(vote.round) \(vote.digest!.hex.prefix(8))"
        case .roundChange(let vote, _, _):
            "ROUND-CHANGE h=\(vote.height) r=\(vote.round) prepared=\(vote.preparedRound.map { "r\($0) \(vote.digest!.hex.prefix(8))" } ?? "none")"
        case .finalBlock(let block): "FINAL h=\(block.header.height) \(block.header.hash.hex.prefix(8))"
        }
    }

    func record(_ event: String) {
        trace.append("t=\(tick) \(event)")
        if trace.count > options.traceCapacity { trace.removeFirst(trace.count - options.traceCapacity) }
    }

    func violate(_ invariant: String, _ detail: String) {
        violations.append(SimulationViolation(invariant: invariant, tick: tick, detail: detail))
        record("VIOLATION \(invariant): \(detail)")
    }
}

/// The simulated clock, read by the block validator closures (time is an input, never read by consensus).
final class SimulationClock: @unchecked Sendable {
    var tick: UInt64 = 0
}
