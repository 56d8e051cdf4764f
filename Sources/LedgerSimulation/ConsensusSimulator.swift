import Foundation
import LedgerCore
import LedgerRuntime

/// What to simulate. One seed drives everything: fault schedule, network randomness, clients and Byzantine
/// choices.
public struct SimulationOptions: Sendable {
    public var validators: Int
    public var byzantine: Int
    public var seed: UInt64
    /// ECDSA P-256 for consensus votes instead of the fast simulated signatures (much slower; same machine).
    /// Transactions are always signed with ECDSA, as clients sign them.
    public var realCrypto = false
    /// Random faults for a while, then heal; off for scripted scenarios.
    public var randomFaults = true
    /// Clients submitting transactions (valid, invalid and duplicate) through the nodes' admission path.
    public var clientTransactionsMax = 40
    /// After healing, a new height must be final, and every honest node caught up, within this many ticks.
    public var livenessBoundTicks: UInt64 = 2_500
    public var traceCapacity = 48
    /// Also trace every message a node sends (for debugging a seed).
    public var verboseTrace = false
    public var consensus: (base: UInt64, cap: UInt64, retransmit: UInt64) = (4, 64, 8)
    /// Nodes beyond the genesis validators, running as observers until a planned change admits them.
    public var joiners = 0
    /// Validator-set changes the operators drive, in order, during the faults and after; liveness then also
    /// requires every one of them to have passed.
    public var reconfiguration: [PlannedChange] = []

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
    /// Transactions in the longest honest chain, and client submissions the nodes refused at admission.
    public let transactionsFinal: Int
    public let transactionsRejected: Int
    /// The longest honest chain's transactions by kind: which parts of the clients' mix became final.
    public let finalKinds: [TransactionKind: Int]
    public let violations: [SimulationViolation]
    /// The last events before the end (or the first violation), for reproducing a failure.
    public let trace: [String]
    public let messagesDelivered: Int
    public let messagesDropped: Int
    public let peerFaultsReported: Int
    /// Planned validator-set changes that passed, and the size of the final set.
    public let validatorSetChanges: Int
    public let finalValidatorCount: Int
}

/// A deterministic, seeded simulation of n validators, each running the real `ConsensusDriver` (the node's shell
/// around `QBFTStateMachine`, with its mempool and admission) over a simulated network, clock and store, with
/// clients, network, crash, storage and Byzantine faults; invariants are checked as events happen and at the
/// end (TigerBeetle VOPR style). Scripted scenarios drive it through the public fault methods.
public final class ConsensusSimulator {
    public let options: SimulationOptions
    public let genesis: Genesis
    let settings: RuntimeSettings
    var random: SeededGenerator
    var network = SimulatedNetwork()
    var nodes: [SimulatedNode] = []
    var clients: SimulatedClients
    public private(set) var tick: UInt64 = 0
    public private(set) var violations: [SimulationViolation] = []
    var trace: [String] = []
    var decided: [UInt64: SHA256Digest] = [:]
    var peerFaults = 0
    var disconnects = 0
    /// Disconnects for votes from keys outside their height's set: a removed member still voting.
    var nonMemberDisconnects = 0
    var healTick: UInt64?
    var heightAtHeal: UInt64 = 0
    var schedule: [(tick: UInt64, event: FaultEvent)] = []
    /// Down time for nodes set to crash mid-batch by a scenario.
    var pendingRestartDelay: [Int: UInt64] = [:]
    var nextClientTick: UInt64 = 3
    let observer = SimulationObserver()
    var reconfiguration: ReconfigurationDriver?
    var tally: NaiveValidatorTally

    /// Ticks are 10 ms of simulated time from genesis.
    static let millisecondsPerTick: UInt64 = 10

    public init(options: SimulationOptions) throws {
        precondition(
            (1...SimulationKeys.privateKeyPEMs.count).contains(options.validators + options.joiners),
            "1…10 nodes in all")
        precondition(options.byzantine <= (options.validators - 1) / 3, "at most f Byzantine validators")
        precondition(options.reconfiguration.allSatisfy { $0.node < options.validators + options.joiners })
        self.options = options
        random = SeededGenerator(seed: options.seed)
        let keys = try SimulationKeys.privateKeyPEMs.prefix(options.validators + options.joiners).map {
            try P256PrivateKey(pem: $0)
        }
        genesis = try Genesis(
            chainName: "simulation", genesisTimeMilliseconds: 1_700_000_000_000,
            validators: keys.prefix(options.validators).enumerated().map {
                ("node-\($0.offset)", $0.element.publicKey)
            },
            parameters: .standard)
        tally = NaiveValidatorTally(genesis: genesis)
        reconfiguration = options.reconfiguration.isEmpty ? nil : ReconfigurationDriver(plan: options.reconfiguration)
        settings = RuntimeSettings(
            batchTransactionsMax: 16, batchBytesMax: 1 << 20, batchDelayTicks: 2, heartbeatIntervalTicks: 2,
            mempoolTransactionsMax: 256, mempoolBytesMax: 4 << 20, roundTimeoutBaseTicks: options.consensus.base,
            roundTimeoutCapTicks: options.consensus.cap, retransmitIntervalTicks: options.consensus.retransmit,
            statusIntervalTicks: 25, tickDuration: .milliseconds(Int64(Self.millisecondsPerTick)))
        clients = SimulatedClients(
            genesis: genesis, authority: keys[0], transactionsMax: options.clientTransactionsMax)
        let keyring = SimulationKeyring(keyIDs: keys.map(\.publicKey.keyID), seed: options.seed)
        // The Byzantine validators are the last `byzantine` ones: any subset is equivalent under rotation.
        for (index, key) in keys.enumerated() {
            let crypto: any ConsensusCrypto =
                options.realCrypto
                ? ECDSAConsensusCrypto(key: key)
                : SimulatedCrypto(localKeyID: key.publicKey.keyID, keyring: keyring)
            nodes.append(
                SimulatedNode(
                    index: index, key: key, crypto: crypto,
                    isByzantine: index >= options.validators - options.byzantine && index < options.validators,
                    genesis: genesis))
        }
        for node in nodes { start(node) }
        if options.randomFaults { planRandomFaults() }
    }

    /// Runs the seeded scenario: faults, heal, then until liveness is shown or the bound passes; then the
    /// end-of-run checks.
    public func run() -> SimulationResult {
        let faultEnd = schedule.last?.tick ?? 0
        while violations.isEmpty {
            step()
            if healTick == nil && tick > faultEnd { heal() }
            if let healed = healTick {
                if livenessShown() && reconfiguration?.isDone ?? true {
                    checkAtEnd()
                    break
                }
                if tick > healed + options.livenessBoundTicks {
                    violate(
                        "liveness",
                        "no progress or catch-up within \(options.livenessBoundTicks) ticks of healing at tick \(healed) (heights \(heightsDescription))"
                            + (reconfiguration.map { " (reconfiguration at step \($0.step) of \($0.plan.count))" } ?? "")
                    )
                }
            }
        }
        return result()
    }

    public func result() -> SimulationResult {
        let longest = honestNodes.max { $0.height < $1.height }
        return SimulationResult(
            options: options, ticks: tick, heightsDecided: longest?.height ?? 0,
            transactionsFinal: longest.map { $0.store.blocks.reduce(0) { $0 + $1.transactions.count } } ?? 0,
            transactionsRejected: clients.rejected,
            finalKinds: (longest?.store.blocks ?? []).flatMap(\.transactions).reduce(into: [:]) {
                $0[$1.body.payload.kind, default: 0] += 1
            }, violations: violations, trace: trace,
            messagesDelivered: network.delivered, messagesDropped: network.dropped, peerFaultsReported: peerFaults,
            validatorSetChanges: reconfiguration?.step ?? 0,
            finalValidatorCount: longest?.store.tip.validators.count ?? genesis.validatorSet.count)
    }

    var honestNodes: [SimulatedNode] { nodes.filter { !$0.isByzantine } }
    var heightsDescription: String {
        nodes.map { "\($0.index):\($0.height)\($0.isUp ? "" : "↓")" }.joined(separator: " ")
    }

    /// One tick: deliver due messages, apply due faults, let the clients act, then tick every running driver.
    public func step() {
        tick += 1
        while let envelope = network.nextDue(at: tick) { deliver(envelope) }
        applyScheduledFaults()
        for node in nodes where node.restartAtTick.map({ $0 <= tick }) ?? false { restart(node) }
        clientsAct()
        reconfigure()
        for node in nodes where node.isUp {
            node.driver?.tick()
            settle(node)
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

    /// A message arrives at a node's peer layer: decoded as the node would, then handed to its driver.
    func deliver(_ envelope: Envelope) {
        let node = nodes[envelope.to]
        guard let driver = node.driver else { return }
        if node.isByzantine && node.captured.count < 256 { node.captured.append(envelope.bytes) }
        let sender = nodes[envelope.from].keyID
        guard let message = try? PeerWire.decode(envelope.bytes) else {
            peerFaults += 1
            return
        }
        if case .transactions(let transactions) = message {
            _ = driver.submit(transactions, from: sender)
        } else {
            driver.receive(message, from: sender)
        }
        settle(node)
    }

    /// What a node's driver sends: checked, then into the network (altered first when the node is Byzantine).
    func outgoing(_ message: PeerMessage, from node: SimulatedNode, to targets: [SimulatedNode]) {
        if case .consensus(let consensus) = message {
            if options.verboseTrace { record("node \(node.index) sends \(Self.describe(consensus))") }
            if let vote = consensus.vote, vote.signer == node.keyID {
                node.sentRounds[vote.height] = max(node.sentRounds[vote.height] ?? 0, vote.round)
                checkNoEquivocation(vote, by: node)
            }
            if node.isByzantine {
                byzantineBroadcast(consensus, from: node, to: targets)
                return
            }
        }
        let bytes = PeerWire.encode(message)
        for target in targets {
            network.send(from: node.index, to: target.index, bytes: bytes, now: tick, random: &random)
        }
    }

    /// After a driver call: a node that crashed inside it goes down; one that halted on a failed write is
    /// stopped and restarted later, as an operator would.
    func settle(_ node: SimulatedNode) {
        guard let driver = node.driver else { return }
        if node.crashing {
            let scheduled = node.restartAtTick.map { $0 > tick ? $0 - tick : 1 }
            crash(node, downForTicks: pendingRestartDelay.removeValue(forKey: node.index) ?? scheduled ?? 20)
            return
        }
        let failed = node.store.injectedFailureHit || node.stateStore.injectedFailureHit
        node.store.injectedFailureHit = false
        node.stateStore.injectedFailureHit = false
        if failed && !driver.isHalted {
            violate("halt on write failure", "node \(node.index) carried on after a failed write")
        }
        if driver.isHalted {
            record("node \(node.index) halted: \(driver.haltReason ?? "?")")
            crash(node, downForTicks: 20)
        }
    }

    /// The clients submit their next transaction every few ticks to a running node, and ask after the ones
    /// they sent.
    func clientsAct() {
        if tick >= nextClientTick,
            let node = nodes.filter({ $0.isUp && !$0.isByzantine }).randomElement(using: &random),
            let transaction = clients.next(now: wallTime(node), random: &random)
        {
            nextClientTick = tick + UInt64.random(in: 2...8, using: &random)
            if let outcome = node.driver?.submit([transaction]).first {
                clients.record(transaction, node: node.index, outcome: outcome)
            }
            settle(node)
        }
        guard tick % 10 == 0 else { return }
        for submission in clients.submissions where clients.reportedFinal[submission.transaction.id] == nil {
            guard let driver = nodes[submission.node].driver,
                case .final(_, let location)? = try? driver.status(of: submission.transaction.id)
            else { continue }
            clients.reportFinal(submission.transaction.id, height: location.height)
        }
    }

    /// A node's wall clock: simulated time from genesis, a millisecond apart per node.
    func wallTime(_ node: SimulatedNode) -> UInt64 {
        genesis.genesisTimeMilliseconds + tick * Self.millisecondsPerTick + UInt64(node.index)
    }

    /// Starts (or restarts) a node's driver from its durable state, as `ledger-node` starts from its data
    /// directory: the store re-derives what it derives, then consensus resumes.
    func start(_ node: SimulatedNode) {
        node.store.recover()
        node.crashing = false
        node.store.crashCheck = { [unowned self, unowned node] in
            node.mayAct() ? nil : (Bool.random(using: &self.random) ? .torn : .loggedNotDerived)
        }
        node.store.onStored = { [unowned self, unowned node] block in self.stored(block, at: node) }
        node.store.onRefused = { [unowned self, unowned node] block, rejection in
            guard !node.isByzantine else { return }
            self.violate(
                "final block validity",
                "node \(node.index) refused final block \(block.header.height) against the registry of its parent: \(rejection)"
            )
        }
        node.stateStore.crashCheck = { [unowned node] in !node.mayAct() }
        let clock = SimulationWallClock { [unowned self, unowned node] in self.wallTime(node) }
        do {
            let driver = try ConsensusDriver(
                store: node.store, identity: NodeIdentity(key: node.key, validators: node.store.tip.validators),
                crypto: node.crypto,
                consensusStore: node.stateStore, settings: settings, observer: observer, logger: .simulation,
                wallClock: { clock.read() })
            driver.network = SimulatedNodeNetwork(simulator: self, node: node)
            node.driver = driver
        } catch {
            violate("recovery", "node \(node.index) cannot resume from its durable state: \(error)")
            return
        }
        checkRecovered(node)
    }

    static func describe(_ message: ConsensusMessage) -> String {
        switch message {
        case .proposal(let vote, let block, let roundChanges, let prepares):
            "PROPOSAL h=\(vote.height) r=\(vote.round) \(block.digest.hex.prefix(8)) tx=\(block.transactions.count) rc=\(roundChanges.count) p=\(prepares.count)"
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

/// The driver's wall clock must be `@Sendable`; the simulator is single-threaded, and this box says so once.
struct SimulationWallClock: @unchecked Sendable {
    let read: () -> UInt64

    init(read: @escaping () -> UInt64) {
        self.read = read
    }
}
