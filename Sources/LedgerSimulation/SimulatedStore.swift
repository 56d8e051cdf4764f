import LedgerCore
import LedgerRuntime

/// A simulated node's chain store: in memory, behind the same `DriverStore` protocol as `ChainStore`, with the
/// same contract (a block is validated against the chain rules and durable when `append` returns), and the
/// faults a disk has:
/// - a crash during an append: the block is lost (a torn write), or it is in the log but the derived state is
///   not (a crash between the block-log and tree fsyncs), rebuilt at the next start;
/// - a failed write: `append` throws, and the driver must halt exactly as on disk.
final class SimulatedStore: DriverStore {
    /// How a crash lands on an append in flight.
    enum CrashedAppend {
        case torn
        case loggedNotDerived
    }

    let genesis: Genesis
    /// Checks commit seals with the consensus signatures the simulation runs (stand-ins, or ECDSA).
    let crypto: any ConsensusCrypto
    /// The durable block log, and each block's registry changes (what a real store's index derives).
    private(set) var blocks: [Block] = []
    private var changes: [[RegistryChange]] = []
    private(set) var tip: ChainTip
    fileprivate(set) var tables: InMemoryRegistry
    private var heights: [TransactionID: TransactionLocation] = [:]
    /// The status map kept up to date block by block, as a real store keeps it, and its root after each height.
    private(set) var status: StatusMap
    private(set) var statusRoots: [SHA256Digest] = []
    /// The set that certified each stored block, in height order (derived, as the real store's epochs are).
    private(set) var certifyingSets: [ValidatorSet] = []
    /// Asked before every write: false when the node is crashing, with how the write in flight lands.
    var crashCheck: () -> CrashedAppend? = { nil }
    /// Set by a fault: the next append fails as a write error would; `injectedFailureHit` once it has.
    var failNextAppend = false
    var injectedFailureHit = false
    /// Told of every block that becomes durable (the simulator's checkers), and of refused final blocks.
    var onStored: (Block) -> Void = { _ in }
    var onRefused: (Block, BlockRejection) -> Void = { _, _ in }

    init(genesis: Genesis, crypto: any ConsensusCrypto) {
        self.genesis = genesis
        self.crypto = crypto
        tip = ChainTip.genesis(genesis)
        tables = InMemoryRegistry(genesis: genesis)
        status = StatusMap(chainID: genesis.chainID)
    }

    var registry: SimulatedRegistry { SimulatedRegistry(store: self) }

    func withRegistry<Result>(_ body: (any RegistryView) throws -> Result) rethrows -> Result {
        try body(tables)
    }

    @discardableResult
    func append(
        _ block: Block, localTimeMilliseconds: UInt64, preverified: (SignedTransaction) -> VerifiedTransaction?,
        known: BlockExecution?
    ) throws(StoreError) -> AcceptedBlock {
        let accepted: AcceptedBlock
        do {
            switch try ChainRules.validate(
                block: block, parent: tip, parentStatus: status, genesis: genesis, registry: tables,
                localTimeMilliseconds: localTimeMilliseconds, preverified: preverified, sealCheck: crypto.verify,
                known: known)
            {
            case .success(let value): accepted = value
            case .failure(let rejection):
                onRefused(block, rejection)
                throw StoreError.rejected(rejection)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .index("\(error)")
        }
        if failNextAppend {
            failNextAppend = false
            injectedFailureHit = true
            throw .io(path: "simulated blocks.log", operation: "write", reason: "injected write failure")
        }
        switch crashCheck() {
        case .torn?:
            throw .io(path: "simulated blocks.log", operation: "write", reason: "crashed mid-write")
        case .loggedNotDerived?:
            blocks.append(block)
            changes.append(accepted.changes)
            throw .io(path: "simulated ledger-tree.dat", operation: "fsync", reason: "crashed before the tree sync")
        case nil:
            break
        }
        blocks.append(block)
        changes.append(accepted.changes)
        derive(block, changes: accepted.changes, status: accepted.status)
        onStored(block)
        return accepted
    }

    private func derive(_ block: Block, changes: [RegistryChange], status: StatusMap) {
        certifyingSets.append(tip.validators)
        for change in changes { tables.apply(change) }
        self.status = status
        statusRoots.append(status.root)
        for (index, transaction) in block.transactions.enumerated() {
            heights[transaction.id] = TransactionLocation(
                height: block.header.height, indexInBlock: UInt32(index), ledgerIndex: tip.ledger.size + UInt64(index))
        }
        tip = tip.appending(block)
    }

    /// At start, as `ChainStore` does: every derived structure is rebuilt from the durable log.
    func recover() {
        tip = ChainTip.genesis(genesis)
        tables = InMemoryRegistry(genesis: genesis)
        heights = [:]
        status = StatusMap(chainID: genesis.chainID)
        statusRoots = []
        certifyingSets = []
        for (block, blockChanges) in zip(blocks, changes) {
            var next = status
            next.apply(blockChanges)
            derive(block, changes: blockChanges, status: next)
        }
    }

    func block(height: UInt64) throws(StoreError) -> Block {
        guard height >= 1, height <= UInt64(blocks.count) else { throw .notFound("block \(height)") }
        return blocks[Int(height) - 1]
    }

    func transaction(id: TransactionID) throws(StoreError) -> (SignedTransaction, TransactionLocation)? {
        guard let location = heights[id] else { return nil }
        return (blocks[Int(location.height) - 1].transactions[Int(location.indexInBlock)], location)
    }

    /// The registry a full replay of the durable log gives: what the incrementally derived one must equal.
    /// `afterEach` sees the replayed registry after every block.
    func replayedRegistry(afterEach: (UInt64, InMemoryRegistry) -> Void = { _, _ in }) -> Result<
        InMemoryRegistry, BlockRejection
    > {
        var replay = InMemoryRegistry(genesis: genesis)
        var parent = ChainTip.genesis(genesis)
        var parentStatus = StatusMap(chainID: genesis.chainID)
        for block in blocks {
            let result: Result<AcceptedBlock, BlockRejection>
            do {
                result = try ChainRules.validate(
                    block: block, parent: parent, parentStatus: parentStatus, genesis: genesis, registry: replay,
                    localTimeMilliseconds: block.header.timestampMilliseconds, sealCheck: crypto.verify)
            } catch {
                return .failure(.malformed(.invalidValue(field: "replay", reason: "\(error)")))
            }
            switch result {
            case .success(let accepted):
                for change in accepted.changes { replay.apply(change) }
                parent = accepted.tip
                parentStatus = accepted.status
                afterEach(block.header.height, replay)
            case .failure(let rejection): return .failure(rejection)
            }
        }
        return .success(replay)
    }
}

/// A live view of a simulated store's registry, as `ChainStoreRegistry` is of a real one.
struct SimulatedRegistry: RegistryView {
    let store: SimulatedStore

    func issuer(keyID: KeyID) -> IssuerRecord? { store.tables.issuer(keyID: keyID) }
    func issuer(id: String) -> IssuerRecord? { store.tables.issuer(id: id) }
    func definition(id: String) -> DefinitionRecord? { store.tables.definition(id: id) }
    func credential(id: String) -> CredentialRecord? { store.tables.credential(id: id) }
    func qaBody(keyID: KeyID) -> QABodyRecord? { store.tables.qaBody(keyID: keyID) }
    func qaBody(id: String) -> QABodyRecord? { store.tables.qaBody(id: id) }
    func accreditation(id: String) -> AccreditationRecord? { store.tables.accreditation(id: id) }
    func containsTransaction(_ id: TransactionID) -> Bool { store.tables.containsTransaction(id) }
    func issuerKey(keyID: KeyID) -> IssuerKeyRecord? { store.tables.issuerKey(keyID: keyID) }
    func credentials(issuedBy issuerID: String, heights: ClosedRange<UInt64>, limit: Int) -> [CredentialRecord] {
        store.tables.credentials(issuedBy: issuerID, heights: heights, limit: limit)
    }
}

/// A simulated node's consensus state: durable when `save` returns, unless the node crashes during the save,
/// in which case the old state stays (the real file is replaced atomically).
final class SimulatedStateStore: ConsensusStateStore {
    var state: ConsensusState?
    var crashCheck: () -> Bool = { false }
    var failNextSave = false
    var injectedFailureHit = false

    func load() throws(StoreError) -> ConsensusState? { state }

    func save(_ state: ConsensusState) throws(StoreError) {
        if failNextSave {
            failNextSave = false
            injectedFailureHit = true
            throw .io(path: "simulated consensus.state", operation: "write", reason: "injected write failure")
        }
        guard !crashCheck() else {
            throw .io(path: "simulated consensus.state", operation: "write", reason: "crashed before the sync")
        }
        self.state = state
    }
}
