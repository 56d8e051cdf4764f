import LedgerCore
import LedgerStore

/// What the driver needs from the peer-to-peer layer: the node's `PeerService`, or the simulator's network.
public protocol NodeNetwork {
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
public struct NoNetwork: NodeNetwork {
    public init() {}
    public func broadcast(_ message: PeerMessage, except: KeyID?) {}
    public func send(_ message: PeerMessage, to peer: KeyID) -> Bool { false }
    public func disconnect(_ peer: KeyID, reason: String) {}
    public var connectedPeers: [KeyID] { [] }
}

/// What the driver needs from a chain store: the real `ChainStore`, or the simulator's in-memory store. Every
/// write goes through `append`, which validates the block and makes it durable before it returns.
public protocol DriverStore: AnyObject {
    associatedtype Registry: RegistryView
    var genesis: Genesis { get }
    var tip: ChainTip { get }
    /// The status map at the tip: the parent state a next block's status root is computed from.
    var status: StatusMap { get }
    /// A live view of the registry at the tip: reads see blocks appended later.
    var registry: Registry { get }
    func withRegistry<Result>(_ body: (any RegistryView) throws -> Result) rethrows -> Result
    @discardableResult
    func append(
        _ block: Block, localTimeMilliseconds: UInt64, preverified: (SignedTransaction) -> VerifiedTransaction?,
        known: BlockExecution?
    ) throws(StoreError) -> AcceptedBlock
    func block(height: UInt64) throws(StoreError) -> Block
    func transaction(id: TransactionID) throws(StoreError) -> (SignedTransaction, TransactionLocation)?
}

extension ChainStore: DriverStore {}

/// What the driver reports as it goes, for the node's metrics (or a simulator's counters).
public protocol DriverObserver: AnyObject, Sendable {
    /// A block was stored: its transactions, and for those admitted here, how long they waited to be final.
    func committed(_ block: Block, finality: [Duration])
    /// A transaction from a client was refused, under its reason code.
    func rejected(code: String)
    /// The state after an input: height, round, transactions pending, peers connected.
    func updated(height: UInt64, round: UInt32, mempool: Int, peers: Int)
}

/// Who this node is: its key and name. Whether it votes is not fixed: it does at the heights whose validator set
/// holds its key (`ConsensusDriver.isValidator`), so an observer starts voting once a vote admits it.
public struct NodeIdentity: Sendable {
    public let key: P256PrivateKey
    /// Its name in `validators` when it is a member, else `observerName`.
    public let name: String

    public var keyID: KeyID { key.publicKey.keyID }

    public init(key: P256PrivateKey, validators: ValidatorSet, observerName: String = "observer") {
        self.key = key
        name = validators.validator(keyID: key.publicKey.keyID)?.name ?? observerName
    }
}

/// Milliseconds since the Unix epoch: block timestamps and the time rules read it through this. The node passes
/// the system clock; the simulator its simulated time.
public typealias WallClock = @Sendable () -> UInt64

/// The driver's knobs. Times are in ticks of the loop that drives it. The configurable ones have no default
/// here: they come from the node's configuration, whose defaults docs/CONFIG.md documents.
public struct RuntimeSettings: Sendable {
    public var batchTransactionsMax: Int
    public var batchBytesMax: Int
    /// A batch closes once its oldest transaction has waited this many ticks.
    public var batchDelayTicks: UInt64
    /// With no transaction pending, an empty heartbeat block closes this many ticks after the last block, so a
    /// quiet chain still has a recent quorum-signed head; 0 turns heartbeats off.
    public var heartbeatIntervalTicks: UInt64
    public var mempoolTransactionsMax: Int
    public var mempoolBytesMax: Int
    public var roundTimeoutBaseTicks: UInt64
    public var roundTimeoutCapTicks: UInt64
    public var retransmitIntervalTicks: UInt64
    /// Ticks between status announcements to peers: about one a second.
    public var statusIntervalTicks: UInt64
    /// One tick, for reporting finality as a duration.
    public var tickDuration: Duration
    /// Final blocks sent for one catch-up request, at most (and at most `catchUpBytesMax` bytes).
    public var catchUpBlocksMax = 64
    public var catchUpBytesMax = 16 << 20

    public init(
        batchTransactionsMax: Int, batchBytesMax: Int, batchDelayTicks: UInt64, heartbeatIntervalTicks: UInt64,
        mempoolTransactionsMax: Int, mempoolBytesMax: Int, roundTimeoutBaseTicks: UInt64, roundTimeoutCapTicks: UInt64,
        retransmitIntervalTicks: UInt64, statusIntervalTicks: UInt64, tickDuration: Duration
    ) {
        self.batchTransactionsMax = batchTransactionsMax
        self.batchBytesMax = batchBytesMax
        self.batchDelayTicks = batchDelayTicks
        self.heartbeatIntervalTicks = heartbeatIntervalTicks
        self.mempoolTransactionsMax = mempoolTransactionsMax
        self.mempoolBytesMax = mempoolBytesMax
        self.roundTimeoutBaseTicks = roundTimeoutBaseTicks
        self.roundTimeoutCapTicks = roundTimeoutCapTicks
        self.retransmitIntervalTicks = retransmitIntervalTicks
        self.statusIntervalTicks = statusIntervalTicks
        self.tickDuration = tickDuration
    }
}

/// What happened to one submitted transaction.
public enum AdmissionOutcome: Sendable, Equatable {
    case admitted(TransactionID)
    case rejected(TransactionID, AdmissionRejection)

    public var id: TransactionID {
        switch self {
        case .admitted(let id), .rejected(let id, _): id
        }
    }
}

/// Where a transaction stands, for GET /v1/transactions/{id}.
public enum TransactionStatus: Sendable {
    case final(SignedTransaction, TransactionLocation)
    case pending(SignedTransaction)
    case rejected(AdmissionRejection)
    case unknown
}

/// A map that forgets its oldest keys past `capacity`.
public struct BoundedMap<Key: Hashable, Value> {
    public let capacity: Int
    private var values: [Key: Value] = [:]
    private var order: [Key] = []
    private var start = 0

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public subscript(key: Key) -> Value? {
        get { values[key] }
        set {
            guard let newValue else {
                values[key] = nil
                return
            }
            if values.updateValue(newValue, forKey: key) == nil { order.append(key) }
            while values.count > capacity, start < order.count {
                values[order[start]] = nil
                start += 1
            }
            if start > capacity {
                order.removeFirst(start)
                start = 0
            }
        }
    }
}
