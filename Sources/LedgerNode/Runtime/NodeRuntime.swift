import Foundation
import LedgerCore
import LedgerRuntime
import LedgerStore
import Logging

/// The node's `ConsensusDriver` behind an actor: the driver is the shell the simulator runs too, and this adds
/// only what a real node needs around it, one input at a time from the tick loop, the peers and the API, and
/// transaction signatures checked on every core outside the actor so consensus is not held up by them.
actor NodeRuntime {
    nonisolated let store: ChainStore
    nonisolated let genesis: Genesis
    nonisolated let identity: NodeIdentity
    nonisolated let settings: RuntimeSettings
    nonisolated let metrics: NodeMetrics
    nonisolated let verifiedCache: VerifiedTransactionCache
    let driver: ConsensusDriver<ChainStore>

    init(
        store: ChainStore, identity: NodeIdentity, consensusStore: any ConsensusStateStore, settings: RuntimeSettings,
        metrics: NodeMetrics, logger: Logger, wallClock: @escaping WallClock = systemWallClock,
        onHalt: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(StoreError) {
        self.store = store
        self.genesis = store.genesis
        self.identity = identity
        self.settings = settings
        self.metrics = metrics
        driver = try ConsensusDriver(
            store: store, identity: identity,
            crypto: ECDSAConsensusCrypto(key: identity.key),
            consensusStore: consensusStore, settings: settings, observer: metrics, logger: logger,
            wallClock: wallClock, onHalt: onHalt)
        verifiedCache = driver.verifiedCache
    }

    func attach(_ network: any NodeNetwork) {
        driver.network = network
    }

    var height: UInt64 { driver.height }
    var round: UInt32 { driver.round }
    var isCaughtUp: Bool { driver.isCaughtUp }
    var isHalted: Bool { driver.isHalted }
    var haltReason: String? { driver.haltReason }
    var pendingCount: Int { driver.pendingCount }

    /// Round, caught-up flag, mempool size and peer count, for GET /v1/head.
    func overview() -> (round: UInt32, caughtUp: Bool, mempool: Int, peers: Int) {
        (driver.round, driver.isCaughtUp, driver.pendingCount, driver.network.connectedPeers.count)
    }

    func tick() { driver.tick() }

    func run(_ input: ConsensusInput) { driver.run(input) }

    func offerCandidateIfDue() { driver.offerCandidateIfDue() }

    /// Admits transactions from the API or a peer: the driver's admission, with the signature checks of each pass
    /// run outside the actor.
    nonisolated func submit(_ transactions: [SignedTransaction], from peer: KeyID? = nil) async -> [AdmissionOutcome] {
        var pass = AdmissionPass(transactions)
        while let batch = pass.next {
            let keys = await authorKeys(for: batch)
            let verified = AdmissionPass.verify(batch, keys: keys)
            pass.record(await admit(verified, ids: batch.map(\.id), from: peer))
        }
        return await finish(pass, from: peer)
    }

    func authorKeys(for transactions: [SignedTransaction]) -> [Result<P256PublicKey, AdmissionRejection>] {
        driver.authorKeys(for: transactions)
    }

    func admit(_ verified: [Result<VerifiedTransaction, AdmissionRejection>], ids: [TransactionID], from peer: KeyID?)
        -> [AdmissionOutcome]
    {
        driver.admit(verified, ids: ids, from: peer)
    }

    private func finish(_ pass: AdmissionPass, from peer: KeyID?) -> [AdmissionOutcome] {
        driver.finish(pass, from: peer)
    }

    /// Final, pending, recently refused, or unknown.
    func status(of id: TransactionID) throws(StoreError) -> TransactionStatus { try driver.status(of: id) }

    /// A message from an authenticated peer. Gossiped transactions take the same path as the API's.
    nonisolated func receive(_ message: PeerMessage, from peer: KeyID) async {
        if case .transactions(let transactions) = message {
            _ = await submit(transactions, from: peer)
        } else {
            await deliver(message, from: peer)
        }
    }

    private func deliver(_ message: PeerMessage, from peer: KeyID) { driver.receive(message, from: peer) }

    func serveBlocks(to peer: KeyID, fromHeight: UInt64) { driver.serveBlocks(to: peer, fromHeight: fromHeight) }
}

/// The system clock in milliseconds since the Unix epoch: the node's wall clock.
let systemWallClock: WallClock = { UInt64(Date().timeIntervalSince1970 * 1000) }
