import Foundation
import LedgerClient
import LedgerCore
import LedgerStore
import LedgerTesting
import Logging

@testable import LedgerNode
@testable import LedgerRuntime

/// A single-validator runtime on a fresh store in a temporary directory, driven by explicit ticks.
struct NodeFixture {
    let directory: String
    let validatorKey: P256PrivateKey
    let genesis: Genesis
    let store: ChainStore
    let runtime: NodeRuntime
    let metrics: NodeMetrics
    let factory: TransactionFactory
    let network: RecordingNetwork

    init(settings: RuntimeSettings = NodeFixture.immediateBatching, validators: Int = 1) async throws {
        directory = NSTemporaryDirectory() + "mcledger-node-\(UUID().uuidString)"
        let keys = try (0..<validators).map { _ in try P256PrivateKey.generate() }
        validatorKey = keys[0]
        genesis = try Genesis(
            chainName: "node-test", genesisTimeMilliseconds: systemWallClock() - 60_000,
            validators: keys.enumerated().map { ("validator-\($0.offset)", $0.element.publicKey) },
            parameters: .standard)
        store = try ChainStore(directory: directory, genesis: genesis)
        metrics = NodeMetrics()
        network = RecordingNetwork()
        runtime = try NodeRuntime(
            store: store, identity: NodeIdentity(key: validatorKey, validators: genesis.validatorSet),
            consensusStore: InMemoryConsensusStateStore(), settings: settings, metrics: metrics,
            logger: Logger(label: "test"))
        await runtime.attach(network)
        factory = TransactionFactory(
            chainID: genesis.chainID, authorityKey: validatorKey, issuerKey: try P256PrivateKey.generate(),
            issuerID: "test-institute")
    }

    /// Batches close as soon as anything is pending, so one tick proposes (and, alone, finalizes) a block.
    static var immediateBatching: RuntimeSettings {
        var settings = RuntimeSettings.standard
        settings.batchDelayTicks = 0
        return settings
    }

    func credentials(_ count: Int, prefix: String = "credential", first: Int = 0) throws -> [SignedTransaction] {
        try factory.credentials(prefix: prefix, first: first, count: count, issuedAtMilliseconds: systemWallClock())
    }

    /// Registers the factory's issuer and makes it final.
    func registerIssuer() async throws {
        let outcomes = await runtime.submit([try factory.registerIssuer()])
        guard case .admitted = outcomes[0] else { throw FixtureError("registration refused: \(outcomes)") }
        await runtime.tick()
        guard store.tip.height == 1 else { throw FixtureError("registration not final") }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A network that records what the runtime sends, for assertions; it has no peers to deliver to.
final class RecordingNetwork: NodeNetwork, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [(PeerMessage, to: KeyID?)] = []
    private var disconnected: [(KeyID, String)] = []
    var peers: [KeyID] = []

    func broadcast(_ message: PeerMessage, except: KeyID?) {
        lock.withLock { sent.append((message, nil)) }
    }

    func send(_ message: PeerMessage, to peer: KeyID) -> Bool {
        lock.withLock {
            sent.append((message, peer))
            return peers.contains(peer)
        }
    }

    func disconnect(_ peer: KeyID, reason: String) {
        lock.withLock { disconnected.append((peer, reason)) }
    }

    var connectedPeers: [KeyID] { lock.withLock { peers } }
    var messages: [(PeerMessage, to: KeyID?)] { lock.withLock { sent } }
    var disconnects: [(KeyID, String)] { lock.withLock { disconnected } }
}
