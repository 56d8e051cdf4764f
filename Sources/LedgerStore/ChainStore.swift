import LedgerCore
import LedgerParallel

/// What opening a store had to repair, for logs and tests.
public struct StoreRecovery: Sendable, Hashable {
    /// Bytes of a torn final block record removed (never a block that was reported final).
    public var tornTailBytes: UInt64 = 0
    /// Blocks present in the log but not yet indexed, indexed at open.
    public var blocksReindexed: UInt64 = 0
    public var indexRebuilt = false
    public var treeRebuilt = false

    public init() {}
}

/// The crash-safe chain store (docs/STORAGE.md): the block log is the source of truth; the ledger tree file
/// and the SQLite index are derived from it, verified at open and rebuilt when they disagree.
///
/// A block is final once `append` returns: its record has been fdatasync'ed to the log. Thread-safe.
public final class ChainStore: @unchecked Sendable {
    public let genesis: Genesis
    public let directory: String
    let lock = StoreLock()
    private let directoryLock: StoreDirectoryLock
    let log: BlockLog
    var tree: LedgerTreeFile
    var index: ChainIndex
    var currentTip: ChainTip
    /// Every validator set the chain has had, with the first height each certifies.
    var validatorHistory: ValidatorHistory
    /// Handoffs for epochs 1, 2, … built so far (`handoffs(throughHeight:)`).
    var handoffCache: [ValidatorHandoff] = []
    var issuerCache = IssuerCache()
    var blockCache = BlockCache()
    var proofMaterialCache = ProofMaterialCache()
    /// The latest final block's header and its checked certificate as a signed note, which every status proof
    /// against the tip carries: read, verified and rendered once per height, not once per proof.
    var tipHeadCache: (header: BlockHeader, note: SignedNote)?
    /// The status map after the last derived block (ChainStore+Status.swift).
    var statusMap: StatusMap
    /// How many of the latest heights keep their status-tree version on disk, for proofs at those heights;
    /// 0 keeps every height.
    public let statusRetention: UInt64
    /// The default `statusRetention`.
    public static let defaultStatusRetention: UInt64 = 10_000
    /// Old status versions are pruned at most this many blocks apart, so up to this many more are kept.
    static let statusPruneIntervalMax: UInt64 = 1_024
    /// Set when a write failed after the block became durable: reopen to re-derive the rest.
    private var needsRecovery = false
    public private(set) var recovery = StoreRecovery()

    /// The file in a data directory where a node records the genesis path its config names (relative to the
    /// data directory unless absolute), so that `replay --data-dir` and `export` find the same genesis.
    public static let genesisLocationFile = "genesis.location"

    static func paths(_ directory: String) -> (log: String, tree: String, index: String, lock: String) {
        (directory + "/blocks.log", directory + "/ledger-tree.dat", directory + "/index.sqlite", directory + "/LOCK")
    }

    /// Fails with `.locked` when another process has the store in `directory` open; creates nothing. A node runs
    /// this before it creates any file, so a second node on the same data directory changes nothing there.
    public static func checkNotInUse(directory: String) throws(StoreError) {
        let path = paths(directory).lock
        guard StoreFile.exists(path) else { return }
        _ = try StoreDirectoryLock.acquire(path: path, create: false)
    }

    /// Opens (creating if needed) the store for `genesis` in `directory`, recovering from any crash.
    public init(
        directory: String, genesis: Genesis, statusRetention: UInt64 = ChainStore.defaultStatusRetention
    ) throws(StoreError) {
        self.genesis = genesis
        self.directory = directory
        self.statusRetention = statusRetention
        let paths = Self.paths(directory)
        try StoreFile.createDirectory(directory)
        directoryLock = try StoreDirectoryLock.acquire(path: paths.lock, create: true)
        log = try BlockLog(path: paths.log, chainID: genesis.chainID)
        recovery.tornTailBytes = log.tornTailBytes
        tree = try LedgerTreeFile(path: paths.tree, chainID: genesis.chainID)
        currentTip = ChainTip.genesis(genesis)
        validatorHistory = ValidatorHistory(genesis: genesis)
        statusMap = StatusMap(chainID: genesis.chainID)
        do {
            index = try ChainIndex(path: paths.index, chainID: genesis.chainID)
            try index.quickCheck()
        } catch {
            if case .wrongChain = error { throw error }
            index = try Self.freshIndex(paths.index, chainID: genesis.chainID)
            recovery.indexRebuilt = true
        }
        try StoreFile.syncDirectory(directory)
        try recover()
    }

    private static func freshIndex(_ path: String, chainID: SHA256Digest) throws(StoreError) -> ChainIndex {
        for suffix in ["", "-wal", "-shm"] { _ = unlinkFile(path + suffix) }
        return try ChainIndex(path: path, chainID: chainID)
    }

    /// Brings the tree and index up to the log: drop what disagrees, then re-derive the missing blocks.
    private func recover() throws(StoreError) {
        var indexed = try index.indexedHeight()
        if indexed > 0 {
            let row = try index.block(height: indexed)
            var matches = indexed <= log.height
            if matches {
                let header = try decodedBlock(height: indexed).header
                matches = row?.headerHash == header.hash
                // The status tree is derived data too: a missing or damaged node means re-deriving from the log.
                if matches, let loaded = try loadedStatusMap(at: header) {
                    statusMap = loaded
                } else {
                    matches = false
                }
            }
            if !matches {
                index = try Self.freshIndex(index.path, chainID: genesis.chainID)
                recovery.indexRebuilt = true
                indexed = 0
            }
        }
        if indexed == 0 { statusMap = StatusMap(chainID: genesis.chainID) }
        try restoreTree(indexedHeight: indexed)
        while currentTip.height < log.height {
            let block = try decodedBlock(height: currentTip.height + 1)
            let accepted: AcceptedBlock
            switch try validate(
                block, localTimeMilliseconds: block.header.timestampMilliseconds, preverified: { _ in nil })
            {
            case .success(let value): accepted = value
            case .failure(let rejection):
                throw .corrupt(
                    path: log.path, height: block.header.height,
                    reason: "stored block breaks a chain rule: \(rejection)")
            }
            try derive(block, accepted: accepted)
            recovery.blocksReindexed += 1
        }
    }

    /// Cuts the tree back to the indexed height, or rebuilds it from the log when it is short or wrong.
    private func restoreTree(indexedHeight: UInt64) throws(StoreError) {
        guard indexedHeight > 0 else {
            try tree.restore(leafCount: 0)
            return
        }
        let header = try decodedBlock(height: indexedHeight).header
        if tree.leafCount >= header.ledgerSize {
            try tree.restore(leafCount: header.ledgerSize)
        }
        if tree.leafCount != header.ledgerSize || tree.root() != header.ledgerRoot {
            try tree.restore(leafCount: 0)
            let hasher = MerkleHasher()
            for height in 1...indexedHeight {
                try tree.append(
                    leafHashes: try decodedBlock(height: height).transactions.map { $0.leafHash(hasher: hasher) })
            }
            try tree.sync()
            recovery.treeRebuilt = true
            guard tree.root() == header.ledgerRoot else {
                throw .corrupt(path: log.path, height: indexedHeight, reason: "ledger root does not match the blocks")
            }
        }
        currentTip = ChainTip(
            height: header.height, headerHash: header.hash, timestampMilliseconds: header.timestampMilliseconds,
            ledger: tree.accumulator, governance: try restoredGovernance(indexedHeight: indexedHeight))
    }

    /// The governance state after `indexedHeight`: the indexed blocks that hold governance transactions re-applied
    /// from genesis (they are few), recording each epoch they begin.
    private func restoredGovernance(indexedHeight: UInt64) throws(StoreError) -> ValidatorGovernance {
        var governance = ValidatorGovernance(genesis: genesis)
        validatorHistory = ValidatorHistory(genesis: genesis)
        handoffCache = []
        for height in try index.governanceHeights(upTo: indexedHeight) {
            governance = governance.applying(try decodedBlock(height: height))
            noteEpoch(of: governance)
        }
        return governance
    }

    /// Adds the epoch `governance` is in to the history when it is new.
    private func noteEpoch(of governance: ValidatorGovernance) {
        guard governance.epoch > validatorHistory.latest.number else { return }
        validatorHistory.append(
            ValidatorEpoch(
                number: governance.epoch, startHeight: governance.epochStartHeight, validators: governance.validators))
    }

    /// The chain's tip: height, last header hash and time, and the ledger tree's compact range.
    public var tip: ChainTip { lock.withLock { currentTip } }

    /// Validates a final block against the chain and makes it durable. When this returns the block is final.
    @discardableResult
    /// `known`, an execution of this block a caller already computed (`BlockExecution`), is used only when it ran
    /// the block's transactions on the stored tip at the block's time; the header and certificate are checked
    /// regardless.
    public func append(
        _ block: Block, localTimeMilliseconds: UInt64,
        preverified: (SignedTransaction) -> VerifiedTransaction? = { _ in nil }, known: BlockExecution? = nil
    ) throws(StoreError) -> AcceptedBlock {
        try lock.withLock { () throws(StoreError) -> AcceptedBlock in
            guard !needsRecovery else { throw .index("an earlier write failed; reopen the store to recover") }
            let accepted: AcceptedBlock
            switch try validate(
                block, localTimeMilliseconds: localTimeMilliseconds, preverified: preverified,
                known: known)
            {
            case .success(let value): accepted = value
            case .failure(let rejection): throw .rejected(rejection)
            }
            let payload = block.encoded
            // Paired check: the bytes about to be written decode to the block that was validated.
            precondition((try? Block.decode(payload)) == block, "block encoding must round-trip before it is stored")
            try log.append(height: block.header.height, payload: payload)
            do throws(StoreError) {
                try derive(block, accepted: accepted)
            } catch {
                needsRecovery = true
                throw error
            }
            return accepted
        }
    }

    /// Runs the chain rules against the tip and the stored registry; storage failures become `StoreError`.
    private func validate(
        _ block: Block, localTimeMilliseconds: UInt64, preverified: (SignedTransaction) -> VerifiedTransaction?,
        known: BlockExecution? = nil
    ) throws(StoreError) -> Result<AcceptedBlock, BlockRejection> {
        do {
            return try ChainRules.validate(
                block: block, parent: currentTip, parentStatus: statusMap, genesis: genesis, registry: registryView,
                localTimeMilliseconds: localTimeMilliseconds, preverified: preverified, known: known,
                work: Parallel.everyCore)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .index("\(error)")
        }
    }

    /// Updates the derived tree and index for a block already durable in the log.
    private func derive(_ block: Block, accepted: AcceptedBlock) throws(StoreError) {
        let hasher = MerkleHasher()
        try tree.append(leafHashes: block.transactions.map { $0.leafHash(hasher: hasher) })
        try tree.sync()
        var offset = UInt32(Block.transactionsOffset)
        var leaves: [(id: TransactionID, location: LeafLocation)] = []
        for transaction in block.transactions {
            let length = UInt32(transaction.encodedByteCount)
            leaves.append(
                (transaction.id, LeafLocation(height: block.header.height, byteOffset: offset, byteLength: length)))
            offset += length
        }
        let row = IndexedBlock(
            headerHash: block.header.hash, ledgerSize: block.header.ledgerSize,
            transactionCount: block.header.transactionCount)
        let height = block.header.height
        // Pruning deletes rows scattered through the table, so it runs every `interval` blocks, not every block:
        // each page is then rewritten once per run rather than once per block.
        let interval = max(1, min(Self.statusPruneIntervalMax, statusRetention))
        let prunes = statusRetention > 0 && height >= statusRetention && height % interval == 0
        let status = StatusTreeWrite(
            tree: accepted.status.tree,
            replaced: accepted.replacedStatusNodes,
            pruneBelow: prunes ? height - statusRetention + 1 : nil)
        try index.record(height: height, block: row, leaves: leaves, changes: accepted.changes, status: status)
        for change in accepted.changes {
            if case .issuerRegistered(let issuer) = change { issuerCache.insert(issuer) }
            if case .issuerStandingChanged(let issuerID, let standing) = change,
                var issuer = issuerCache.issuer(id: issuerID)
            {
                issuer.standingChange = standing
                issuerCache.insert(issuer)
            }
            if case .issuerKeyRotated(let issuerID, _) = change { issuerCache.remove(id: issuerID) }
        }
        statusMap = accepted.status
        currentTip = accepted.tip
        noteEpoch(of: accepted.tip.governance)
        // The block just stored is the one clients and catching-up peers read next: no need to decode it again.
        blockCache.put(height, block)
    }

    /// A decoded block, from the cache when recently used. Proofs do not decode blocks: see `proofMaterial`.
    func cachedBlock(height: UInt64) throws(StoreError) -> Block {
        if let cached = blockCache.get(height) { return cached }
        let block = try decodedBlock(height: height)
        blockCache.put(height, block)
        return block
    }

    /// A block's header, certificate and transaction tree for proofs, without decoding its transactions: the
    /// leaf hashes come from the ledger tree in one read and must rebuild the header's transaction root, and the
    /// certificate (the payload after the last transaction) must carry a quorum of valid seals over the header.
    func proofMaterial(height: UInt64) throws(StoreError) -> ProofMaterial {
        if let cached = proofMaterialCache.get(height) { return cached }
        guard let row = try index.block(height: height), row.transactionCount > 0 else {
            throw .notFound("a block \(height) with transactions")
        }
        let header = try storedHeader(height: height)
        let first = row.ledgerSize - UInt64(row.transactionCount)
        let hasher = MerkleHasher()
        let tree = InMemoryMerkleTree(
            leafHashes: try tree.leafHashes(first: first, count: Int(row.transactionCount)), hasher: hasher)
        guard (try? tree.root(size: tree.leafCount, hasher: hasher)) == header.transactionRoot else {
            throw .corrupt(
                path: self.tree.path, height: height, reason: "stored leaves do not rebuild the transaction root")
        }
        let certificate = try storedCertificate(height: height, header: header, row: row)
        let material = ProofMaterial(header: header, certificate: certificate, tree: tree)
        proofMaterialCache.put(height, material)
        return material
    }

    /// A block's certificate, read from the log after its last transaction (or its header, for an empty block)
    /// without decoding the transactions; it must carry a quorum of valid seals over `header`.
    func storedCertificate(height: UInt64, header: BlockHeader, row: IndexedBlock) throws(StoreError)
        -> CommitCertificate
    {
        var offset = UInt32(Block.transactionsOffset)
        if row.transactionCount > 0 {
            guard let last = try index.leaf(ledgerIndex: row.ledgerSize - 1), last.height == height else {
                throw .corrupt(
                    path: index.path, height: height, reason: "index has no location for the last transaction")
            }
            offset = last.byteOffset + last.byteLength
        }
        let certificateBytes = try log.payloadTail(height: height, from: offset)
        do {
            var reader = CanonicalReader(certificateBytes)
            let certificate = try CommitCertificate.decode(from: &reader)
            try reader.finish()
            try certificate.verify(
                header: header, chainName: genesis.chainName, validators: validators(atHeight: height))
            return certificate
        } catch {
            throw .corrupt(path: log.path, height: height, reason: "stored certificate is not valid: \(error)")
        }
    }

    /// Only a block's header: its 290 bytes read from the log, checked against the header hash in the index.
    func storedHeader(height: UInt64) throws(StoreError) -> BlockHeader {
        guard let row = try index.block(height: height) else { throw .notFound("block \(height)") }
        let bytes = try log.payloadSlice(height: height, offset: 0, length: UInt32(BlockHeader.encodedByteCount))
        guard let header = try? BlockHeader.decode(bytes), header.hash == row.headerHash else {
            throw .corrupt(path: log.path, height: height, reason: "header does not match the indexed header hash")
        }
        return header
    }

    func decodedBlock(height: UInt64) throws(StoreError) -> Block {
        try BlockRecord.decodeBlock(try log.payload(height: height), height: height, path: log.path)
    }

}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func unlinkFile(_ path: String) -> Bool { unlink(path) == 0 }
