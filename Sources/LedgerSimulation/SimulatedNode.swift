import LedgerCore
import LedgerRuntime
import Logging

/// One simulated validator: the real `ConsensusDriver` (the node's shell and QBFT machine) over a simulated
/// store, consensus-state store and network, plus what it has observably done, for the invariant checks. Its
/// durable state (the store's log and the consensus state) outlives the driver across crashes.
final class SimulatedNode {
    let index: Int
    let key: P256PrivateKey
    let crypto: any ConsensusCrypto
    let isByzantine: Bool
    var store: SimulatedStore
    var stateStore = SimulatedStateStore()
    /// The running driver; nil while the node is down.
    var driver: ConsensusDriver<SimulatedStore>?
    var restartAtTick: UInt64?
    var wipedOnRestart = false
    /// When set, the node crashes at its `effectsBeforeCrash`-th write or send from now (a crash mid-batch).
    var effectsBeforeCrash: Int?
    /// The node has crashed inside the driver's current call: every later effect is lost, and the simulator
    /// takes it down when the call returns.
    var crashing = false
    /// Messages this node has seen, for a Byzantine node's replays.
    var captured: [[UInt8]] = []
    /// Highest round this node sent a signed message in, per height: what restarts must not go below.
    var sentRounds: [UInt64: UInt32] = [:]
    /// What this node signed and sent in each slot; two different messages in one slot is equivocation.
    var sentVotes: [SigningSlot: [UInt8]] = [:]

    var keyID: KeyID { key.publicKey.keyID }

    init(index: Int, key: P256PrivateKey, crypto: any ConsensusCrypto, isByzantine: Bool, genesis: Genesis) {
        self.index = index
        self.key = key
        self.crypto = crypto
        self.isByzantine = isByzantine
        store = SimulatedStore(genesis: genesis, crypto: crypto)
    }

    var isUp: Bool { driver != nil }
    /// The height of the node's durable chain.
    var height: UInt64 { UInt64(store.blocks.count) }

    /// Called before every effect (a write or a send): false once the node has crashed.
    func mayAct() -> Bool {
        if crashing { return false }
        guard let remaining = effectsBeforeCrash else { return true }
        guard remaining > 0 else {
            effectsBeforeCrash = nil
            crashing = true
            return false
        }
        effectsBeforeCrash = remaining - 1
        return true
    }
}

/// A simulated node's view of the network: what the driver sends goes into the seeded `SimulatedNetwork` as the
/// node's peer wire bytes, through the simulator's checks and, for a Byzantine node, its misbehaviour.
final class SimulatedNodeNetwork: NodeNetwork {
    unowned let simulator: ConsensusSimulator
    let node: SimulatedNode

    init(simulator: ConsensusSimulator, node: SimulatedNode) {
        self.simulator = simulator
        self.node = node
    }

    func broadcast(_ message: PeerMessage, except: KeyID?) {
        guard node.mayAct() else { return }
        simulator.outgoing(
            message, from: node, to: simulator.nodes.filter { $0.index != node.index && $0.keyID != except })
    }

    func send(_ message: PeerMessage, to peer: KeyID) -> Bool {
        guard let target = simulator.nodes.first(where: { $0.keyID == peer }) else { return false }
        guard node.mayAct() else { return true }
        simulator.outgoing(message, from: node, to: [target])
        return true
    }

    func disconnect(_ peer: KeyID, reason: String) {
        simulator.record("node \(node.index) disconnects \(peer.hex.prefix(8)): \(reason)")
        simulator.disconnects += 1
        if reason.contains("not a validator of its height") { simulator.nonMemberDisconnects += 1 }
    }

    var connectedPeers: [KeyID] { simulator.nodes.filter { $0.index != node.index }.map(\.keyID) }
}

/// What the simulated drivers report: nothing the simulator needs beyond its own checks, so it is discarded.
final class SimulationObserver: DriverObserver {
    func committed(_ block: Block, finality: [Duration]) {}
    func rejected(code: String) {}
    func updated(height: UInt64, round: UInt32, mempool: Int, peers: Int) {}
}

extension Logger {
    /// A logger that drops everything: the simulator keeps its own trace.
    static let simulation = Logger(label: "mcledger.simulation", factory: { _ in SwiftLogNoOpLogHandler() })
}
