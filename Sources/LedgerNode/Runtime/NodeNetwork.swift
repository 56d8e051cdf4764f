import Foundation
import LedgerCore

/// What the runtime needs from the peer-to-peer layer.
protocol NodeNetwork: Sendable {
    /// Sends to every authenticated peer except `except`.
    func broadcast(_ message: PeerMessage, except: KeyID?)
    /// Sends to one peer; false when it is not connected.
    @discardableResult
    func send(_ message: PeerMessage, to peer: KeyID) -> Bool
    /// Closes a peer's connection, logging the reason.
    func disconnect(_ peer: KeyID, reason: String)
    /// Authenticated peers now connected.
    var connectedPeers: [KeyID] { get }
}

/// A network with no peers: a single-validator node, or a runtime under test before one is attached.
struct NoNetwork: NodeNetwork {
    func broadcast(_ message: PeerMessage, except: KeyID?) {}
    func send(_ message: PeerMessage, to peer: KeyID) -> Bool { false }
    func disconnect(_ peer: KeyID, reason: String) {}
    var connectedPeers: [KeyID] { [] }
}

/// Who this node is: its key, and whether genesis lists it as a validator (otherwise it is an observer).
struct NodeIdentity: Sendable {
    let key: P256PrivateKey
    let name: String
    let isValidator: Bool

    var keyID: KeyID { key.publicKey.keyID }

    init(key: P256PrivateKey, genesis: Genesis, observerName: String = "observer") {
        self.key = key
        let validator = genesis.validator(keyID: key.publicKey.keyID)
        name = validator?.name ?? observerName
        isValidator = validator != nil
    }
}

/// Milliseconds since the Unix epoch: block timestamps and the time rules read it through this.
typealias WallClock = @Sendable () -> UInt64

let systemWallClock: WallClock = { UInt64(Date().timeIntervalSince1970 * 1000) }

/// The runtime's knobs. The configurable ones have no default here: they come from `NodeConfiguration`, whose
/// defaults docs/CONFIG.md documents (`NodeConfiguration.development.runtimeSettings` for the standard set).
struct RuntimeSettings: Sendable {
    var batchTransactionsMax: Int
    var batchBytesMax: Int
    var batchDelay: Duration
    var allowEmptyBlocks: Bool
    var mempoolTransactionsMax: Int
    var mempoolBytesMax: Int
    var roundTimeoutBaseTicks: UInt64
    var roundTimeoutCapTicks: UInt64
    var retransmitIntervalTicks: UInt64
    /// Ticks between status announcements to peers: about one a second.
    var statusIntervalTicks: UInt64
    /// Final blocks sent for one catch-up request, at most (and at most `catchUpBytesMax` bytes).
    var catchUpBlocksMax = 64
    var catchUpBytesMax = 16 << 20

    /// The settings of a node on every default.
    static var standard: RuntimeSettings { NodeConfiguration.development.runtimeSettings }
}
