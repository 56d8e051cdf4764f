/// The outcome of a valid block: the new tip, the status map after it, and the registry changes to apply, in order.
public struct AcceptedBlock: Sendable {
    public let header: BlockHeader
    public let tip: ChainTip
    public let status: StatusMap
    /// The status-map keys the block wrote, each once (a store persists the nodes on their paths).
    public let statusKeys: [SHA256Digest]
    public let changes: [RegistryChange]
    public let verifiedTransactions: [VerifiedTransaction]
}

/// Transactions run on top of a parent: what a header over them must commit. Proposers build headers from it and
/// validators recompute it, so both derive every computed field the same way.
public struct BlockExecution: Sendable {
    public let verifiedTransactions: [VerifiedTransaction]
    public let changes: [RegistryChange]
    /// The parent's status map with `changes` applied.
    public let status: StatusMap
    /// The keys `changes` wrote in the map, each once.
    public let statusKeys: [SHA256Digest]
    /// The ledger tree after the transactions.
    public let ledger: MerkleAccumulator
    public let transactionRoot: SHA256Digest
}

/// A status-map update already computed: `changes` applied to the map whose root is `parentRoot` gave `status`.
/// A caller that executed a block once (a proposer building it, a validator voting on it) hands it to the next
/// execution of the same block, which uses it only when the parent root and the changes are exactly these.
public struct StatusTransition: Sendable {
    public let parentRoot: SHA256Digest
    public let changes: [RegistryChange]
    public let status: StatusMap
    public let keys: [SHA256Digest]

    public init(parentRoot: SHA256Digest, changes: [RegistryChange], status: StatusMap, keys: [SHA256Digest]) {
        self.parentRoot = parentRoot
        self.changes = changes
        self.status = status
        self.keys = keys
    }

    /// The transition an accepted block made from `parent`.
    public init(from parent: StatusMap, accepted: AcceptedBlock) {
        self.init(
            parentRoot: parent.root, changes: accepted.changes, status: accepted.status, keys: accepted.statusKeys)
    }

    /// The transition an execution made from `parent`.
    public init(from parent: StatusMap, execution: BlockExecution) {
        self.init(
            parentRoot: parent.root, changes: execution.changes, status: execution.status, keys: execution.statusKeys)
    }
}

/// Chain validation as pure functions: the parent tip and status map, genesis, a registry view and the local time
/// are inputs; nothing here reads a clock or does I/O.
public enum ChainRules {
    /// Everything about a proposed block except its certificate: what a validator checks before voting.
    /// `preverified` returns transactions whose signatures were already checked (at admission), so a
    /// block re-check reuses them; the rest are checked as `work` spreads them (every core, for the node).
    /// Throws only when the registry's storage fails; a bad block is a `.failure`.
    public static func validateProposal<View: RegistryView>(
        header: BlockHeader, transactions: [SignedTransaction], parent: ChainTip, parentStatus: StatusMap,
        genesis: Genesis, registry: View, localTimeMilliseconds: UInt64,
        preverified: (SignedTransaction) -> VerifiedTransaction? = { _ in nil }, knownStatus: StatusTransition? = nil,
        work: any WorkSpreader = .inline
    ) throws -> Result<AcceptedBlock, BlockRejection> {
        if let rejection = checkHeaderLinks(
            header, transactions: transactions, parent: parent, genesis: genesis,
            localTimeMilliseconds: localTimeMilliseconds)
        {
            return .failure(rejection)
        }
        return try validateContents(
            header: header, transactions: transactions, parent: parent, parentStatus: parentStatus, genesis: genesis,
            registry: registry, preverified: preverified, knownStatus: knownStatus, work: work)
    }

    /// A final block: the proposal rules plus a commit certificate with q valid seals. The seals are ECDSA P-256
    /// under the genesis keys unless `sealCheck` is given (the simulator's stand-in signatures).
    public static func validate<View: RegistryView>(
        block: Block, parent: ChainTip, parentStatus: StatusMap, genesis: Genesis, registry: View,
        localTimeMilliseconds: UInt64, preverified: (SignedTransaction) -> VerifiedTransaction? = { _ in nil },
        sealCheck: ((_ signature: [UInt8], _ message: [UInt8], _ signer: KeyID) -> Bool)? = nil,
        knownStatus: StatusTransition? = nil, work: any WorkSpreader = .inline
    ) throws -> Result<AcceptedBlock, BlockRejection> {
        // Cheap structural checks and the certificate come before per-transaction work.
        if let rejection = checkHeaderLinks(
            block.header, transactions: block.transactions, parent: parent, genesis: genesis,
            localTimeMilliseconds: localTimeMilliseconds)
        {
            return .failure(rejection)
        }
        do {
            if let sealCheck {
                try block.certificate.verify(header: block.header, genesis: genesis, signatureCheck: sealCheck)
            } else {
                try block.certificate.verify(header: block.header, genesis: genesis)
            }
        } catch {
            return .failure(.certificate(error))
        }
        return try validateContents(
            header: block.header, transactions: block.transactions, parent: parent, parentStatus: parentStatus,
            genesis: genesis, registry: registry, preverified: preverified, knownStatus: knownStatus, work: work)
    }

    /// Runs `transactions` as block `parent.height + 1` stamped `timestampMilliseconds`: signatures, registry rules,
    /// the ledger and transaction trees and the status map.
    public static func execute<View: RegistryView>(
        _ transactions: [SignedTransaction], timestampMilliseconds: UInt64, parent: ChainTip, parentStatus: StatusMap,
        genesis: Genesis, registry: View, preverified: (SignedTransaction) -> VerifiedTransaction? = { _ in nil },
        knownStatus: StatusTransition? = nil, work: any WorkSpreader = .inline
    ) throws -> Result<BlockExecution, BlockRejection> {
        let verified: [VerifiedTransaction]
        switch try authenticate(transactions, registry: registry, preverified: preverified, work: work) {
        case .success(let list): verified = list
        case .failure(let rejection): return .failure(rejection)
        }
        var overlay = RegistryOverlay(base: registry)
        let hasher = MerkleHasher()
        var blockTree = MerkleAccumulator()
        var ledger = parent.ledger
        for (index, transaction) in verified.enumerated() {
            let location = TransactionLocation(
                height: parent.height + 1, indexInBlock: UInt32(index), ledgerIndex: ledger.size)
            let context = RuleContext(
                chainID: genesis.chainID, location: location, blockTimestampMilliseconds: timestampMilliseconds)
            switch try TransactionRules.evaluate(transaction, in: overlay, context: context) {
            case .success(let change): try overlay.apply(change)
            case .failure(let rejection): return .failure(.transaction(index: index, rejection))
            }
            let leaf = transaction.transaction.leafHash(hasher: hasher)
            blockTree.append(leafHash: leaf, hasher: hasher)
            ledger.append(leafHash: leaf, hasher: hasher)
        }
        var status = parentStatus
        let keys: [SHA256Digest]
        if let known = knownStatus, known.parentRoot == parentStatus.root, known.changes == overlay.changes {
            (status, keys) = (known.status, known.keys)
        } else {
            keys = status.apply(overlay.changes)
        }
        return .success(
            BlockExecution(
                verifiedTransactions: verified, changes: overlay.changes, status: status, statusKeys: keys,
                ledger: ledger, transactionRoot: blockTree.root(hasher: hasher)))
    }

    /// Executes the transactions and compares every computed root with the header's, for a header whose links
    /// were already checked.
    private static func validateContents<View: RegistryView>(
        header: BlockHeader, transactions: [SignedTransaction], parent: ChainTip, parentStatus: StatusMap,
        genesis: Genesis, registry: View, preverified: (SignedTransaction) -> VerifiedTransaction?,
        knownStatus: StatusTransition?, work: any WorkSpreader
    ) throws -> Result<AcceptedBlock, BlockRejection> {
        let execution: BlockExecution
        switch try execute(
            transactions, timestampMilliseconds: header.timestampMilliseconds, parent: parent,
            parentStatus: parentStatus, genesis: genesis, registry: registry, preverified: preverified,
            knownStatus: knownStatus, work: work)
        {
        case .success(let value): execution = value
        case .failure(let rejection): return .failure(rejection)
        }
        guard execution.transactionRoot == header.transactionRoot else {
            return .failure(.wrongTransactionRoot(header: header.transactionRoot, computed: execution.transactionRoot))
        }
        guard execution.ledger.size == header.ledgerSize else {
            return .failure(.wrongLedgerSize(header: header.ledgerSize, computed: execution.ledger.size))
        }
        let hasher = MerkleHasher()
        let ledgerRoot = execution.ledger.root(hasher: hasher)
        guard ledgerRoot == header.ledgerRoot else {
            return .failure(.wrongLedgerRoot(header: header.ledgerRoot, computed: ledgerRoot))
        }
        let statusRoot = execution.status.root
        guard statusRoot == header.statusRoot else {
            return .failure(.wrongStatusRoot(header: header.statusRoot, computed: statusRoot))
        }
        let tip = ChainTip(
            height: header.height, headerHash: header.hash, timestampMilliseconds: header.timestampMilliseconds,
            ledger: execution.ledger)
        return .success(
            AcceptedBlock(
                header: header, tip: tip, status: execution.status, statusKeys: execution.statusKeys,
                changes: execution.changes, verifiedTransactions: execution.verifiedTransactions))
    }

    static func checkHeaderLinks(
        _ header: BlockHeader, transactions: [SignedTransaction], parent: ChainTip, genesis: Genesis,
        localTimeMilliseconds: UInt64
    ) -> BlockRejection? {
        guard header.version == BlockHeader.currentVersion else {
            return .malformed(.unsupportedVersion(field: "header", version: UInt64(header.version)))
        }
        guard header.chainID == genesis.chainID else { return .wrongChain(header.chainID) }
        guard header.height == parent.height + 1 else {
            return .wrongHeight(expected: parent.height + 1, actual: header.height)
        }
        guard header.previousHash == parent.headerHash else {
            return .wrongPreviousHash(expected: parent.headerHash, actual: header.previousHash)
        }
        guard header.timestampMilliseconds > parent.timestampMilliseconds else {
            return .timestampNotIncreasing(
                parentMilliseconds: parent.timestampMilliseconds, blockMilliseconds: header.timestampMilliseconds)
        }
        let latest = localTimeMilliseconds &+ genesis.parameters.clockDriftMilliseconds
        guard header.timestampMilliseconds <= latest else {
            return .timestampTooFarAhead(
                blockMilliseconds: header.timestampMilliseconds, latestAllowedMilliseconds: latest)
        }
        let scheduled = genesis.proposer(height: header.height, round: header.round).keyID
        guard header.proposer == scheduled else { return .wrongProposer(expected: scheduled, actual: header.proposer) }
        // Until validators change by vote (the governance issue), both sets are the genesis set.
        guard header.validatorSetHash == genesis.validatorSetHash else {
            return .wrongValidatorSet(field: "validatorSetHash", header: header.validatorSetHash)
        }
        guard header.nextValidatorSetHash == genesis.validatorSetHash else {
            return .wrongValidatorSet(field: "nextValidatorSetHash", header: header.nextValidatorSetHash)
        }
        guard transactions.count == Int(header.transactionCount) else {
            return .transactionCountMismatch(header: header.transactionCount, actual: transactions.count)
        }
        let countMax = Int(genesis.parameters.transactionsPerBlockMax)
        guard transactions.count <= countMax else {
            return .tooManyTransactions(count: transactions.count, countMax: countMax)
        }
        let bytes =
            encodedBlockBytesWithoutCertificate(transactions) + 2 + genesis.validatorCount
            * (32 + 1 + Limits.signatureBytesMax)
        let bytesMax = Int(genesis.parameters.blockBytesMax)
        guard bytes <= bytesMax else { return .tooLarge(bytes: bytes, bytesMax: bytesMax) }
        return nil
    }

    /// Header and transactions as encoded in a block, without allocating the encoding.
    public static func encodedBlockBytesWithoutCertificate(_ transactions: [SignedTransaction]) -> Int {
        transactions.reduce(Block.transactionsOffset) { $0 + $1.encodedByteCount }
    }

    /// Resolves authors (including issuers registered earlier in the same block) and checks signatures.
    static func authenticate<View: RegistryView>(
        _ transactions: [SignedTransaction], registry: View, preverified: (SignedTransaction) -> VerifiedTransaction?,
        work: any WorkSpreader
    ) throws -> Result<[VerifiedTransaction], BlockRejection> {
        var keys: [KeyID: P256PublicKey] = [:]
        var pending: [Int] = []
        var verified = [VerifiedTransaction?](repeating: nil, count: transactions.count)
        for (index, transaction) in transactions.enumerated() {
            if case .registerIssuer(let register) = transaction.body.payload,
                let key = try? P256PublicKey(spkiDER: register.publicKey)
            {
                keys[key.keyID] = keys[key.keyID] ?? key
            }
            if let earlier = preverified(transaction).flatMap({ TransactionAuthenticator.reuse($0, for: transaction) })
            {
                verified[index] = earlier
            } else {
                pending.append(index)
                let author = transaction.body.authorKeyID
                if keys[author] == nil, let key = try registry.publicKey(for: author) { keys[author] = key }
            }
        }
        let frozenKeys = keys
        let results = TransactionAuthenticator.verifyAll(pending.map { transactions[$0] }, work: work) {
            frozenKeys[$0]
        }
        for (slot, index) in pending.enumerated() {
            switch results[slot] {
            case .success(let transaction): verified[index] = transaction
            case .failure(let rejection): return .failure(.transaction(index: index, rejection))
            }
        }
        return .success(verified.map { $0! })
    }
}
