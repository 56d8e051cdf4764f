/// The outcome of a valid block: the new tip and the execution of its transactions (the status map after it, the
/// registry changes to apply, in order).
public struct AcceptedBlock: Sendable {
    public let header: BlockHeader
    public let tip: ChainTip
    public let execution: BlockExecution

    public var status: StatusMap { execution.status }
    /// The parent map's nodes the block replaced: a store keeps them only for the versions before this block.
    public var replacedStatusNodes: [SparseMerkleTree.Node] { execution.replacedStatusNodes }
    public var changes: [RegistryChange] { execution.changes }
    public var verifiedTransactions: [VerifiedTransaction] { execution.verifiedTransactions }
}

/// Transactions run on top of a parent: what a header over them must commit. Proposers build headers from it and
/// validators recompute it, so both derive every computed field the same way.
///
/// An execution depends only on its inputs: the parent (its header hash names its registry and status map), the
/// block's timestamp and the transactions. A caller that already ran a block (a proposer building it, a validator
/// voting on it) hands the execution to the next check of the same block (`known:`), which reuses it only when
/// all three are the same.
public struct BlockExecution: Sendable {
    public let parentHeaderHash: SHA256Digest
    public let timestampMilliseconds: UInt64
    public let verifiedTransactions: [VerifiedTransaction]
    public let changes: [RegistryChange]
    /// The parent's status map with `changes` applied.
    public let status: StatusMap
    /// The parent map's nodes that applying `changes` replaced.
    public let replacedStatusNodes: [SparseMerkleTree.Node]
    /// The ledger tree after the transactions.
    public let ledger: MerkleAccumulator
    public let transactionRoot: SHA256Digest
    /// The parent's governance with the block's proposals and approvals applied: its set certifies the next block.
    public let governance: ValidatorGovernance

    /// Whether this is the execution of exactly `transactions` on `parent` at `timestampMilliseconds`.
    public func ran(_ transactions: [SignedTransaction], on parent: ChainTip, at timestampMilliseconds: UInt64) -> Bool
    {
        guard parentHeaderHash == parent.headerHash, self.timestampMilliseconds == timestampMilliseconds,
            verifiedTransactions.count == transactions.count
        else { return false }
        return zip(verifiedTransactions, transactions).allSatisfy { verified, transaction in
            verified.transaction.id == transaction.id && verified.transaction.signature == transaction.signature
        }
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
        preverified: (SignedTransaction) -> VerifiedTransaction? = { _ in nil }, known: BlockExecution? = nil,
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
            registry: registry, preverified: preverified, known: known, work: work)
    }

    /// A final block: the proposal rules plus a commit certificate with q valid seals from S(h), the set the parent
    /// names for it. The seals are ECDSA P-256 unless `sealCheck` is given (the simulator's stand-in signatures).
    public static func validate<View: RegistryView>(
        block: Block, parent: ChainTip, parentStatus: StatusMap, genesis: Genesis, registry: View,
        localTimeMilliseconds: UInt64, preverified: (SignedTransaction) -> VerifiedTransaction? = { _ in nil },
        sealCheck: ((_ signature: [UInt8], _ message: [UInt8], _ signer: ValidatorRecord) -> Bool)? = nil,
        known: BlockExecution? = nil, work: any WorkSpreader = .inline
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
                try block.certificate.verify(
                    header: block.header, chainName: genesis.chainName, validators: parent.validators,
                    signatureCheck: sealCheck)
            } else {
                try block.certificate.verify(
                    header: block.header, chainName: genesis.chainName, validators: parent.validators)
            }
        } catch {
            return .failure(.certificate(error))
        }
        return try validateContents(
            header: block.header, transactions: block.transactions, parent: parent, parentStatus: parentStatus,
            genesis: genesis, registry: registry, preverified: preverified, known: known, work: work)
    }

    /// Runs `transactions` as block `parent.height + 1` stamped `timestampMilliseconds`: signatures, registry rules,
    /// the ledger and transaction trees and the status map. `known`, when it ran the same transactions on the same
    /// parent at the same time, is the answer; one on the same parent whose registry changes are these gives the
    /// status map.
    public static func execute<View: RegistryView>(
        _ transactions: [SignedTransaction], timestampMilliseconds: UInt64, parent: ChainTip, parentStatus: StatusMap,
        genesis: Genesis, registry: View, preverified: (SignedTransaction) -> VerifiedTransaction? = { _ in nil },
        known: BlockExecution? = nil, work: any WorkSpreader = .inline
    ) throws -> Result<BlockExecution, BlockRejection> {
        if let known, known.ran(transactions, on: parent, at: timestampMilliseconds) { return .success(known) }
        let verified: [VerifiedTransaction]
        let signers = parent.validators
        switch try authenticate(
            transactions, registry: registry, signers: signers, preverified: preverified, work: work)
        {
        case .success(let list): verified = list
        case .failure(let rejection): return .failure(rejection)
        }
        var overlay = RegistryOverlay(base: registry)
        let hasher = MerkleHasher()
        var blockTree = MerkleAccumulator()
        var ledger = parent.ledger
        var governance = parent.governance
        for (index, transaction) in verified.enumerated() {
            let location = TransactionLocation(
                height: parent.height + 1, indexInBlock: UInt32(index), ledgerIndex: ledger.size)
            let context = RuleContext(
                chainID: genesis.chainID, location: location, blockTimestampMilliseconds: timestampMilliseconds,
                signers: signers, governance: governance)
            switch try TransactionRules.evaluate(transaction, in: overlay, context: context) {
            case .success(let change):
                try overlay.apply(change)
                if case .validatorGovernance(let governanceChange) = change {
                    governance = governance.applying(governanceChange)
                }
            case .failure(let rejection): return .failure(.transaction(index: index, rejection))
            }
            let leaf = transaction.transaction.leafHash(hasher: hasher)
            blockTree.append(leafHash: leaf, hasher: hasher)
            ledger.append(leafHash: leaf, hasher: hasher)
        }
        var status = parentStatus
        let replaced: [SparseMerkleTree.Node]
        if let known, known.parentHeaderHash == parent.headerHash, known.changes == overlay.changes {
            // The same registry changes on the same parent map give the same map: a validator whose own candidate
            // held the proposal's transactions, stamped at another time, reuses its status update.
            (status, replaced) = (known.status, known.replacedStatusNodes)
        } else {
            replaced = status.apply(overlay.changes)
        }
        return .success(
            BlockExecution(
                parentHeaderHash: parent.headerHash, timestampMilliseconds: timestampMilliseconds,
                verifiedTransactions: verified, changes: overlay.changes, status: status, replacedStatusNodes: replaced,
                ledger: ledger, transactionRoot: blockTree.root(hasher: hasher), governance: governance))
    }

    /// Executes the transactions and compares every computed root with the header's, for a header whose links
    /// were already checked.
    private static func validateContents<View: RegistryView>(
        header: BlockHeader, transactions: [SignedTransaction], parent: ChainTip, parentStatus: StatusMap,
        genesis: Genesis, registry: View, preverified: (SignedTransaction) -> VerifiedTransaction?,
        known: BlockExecution?, work: any WorkSpreader
    ) throws -> Result<AcceptedBlock, BlockRejection> {
        let execution: BlockExecution
        switch try execute(
            transactions, timestampMilliseconds: header.timestampMilliseconds, parent: parent,
            parentStatus: parentStatus, genesis: genesis, registry: registry, preverified: preverified,
            known: known, work: work)
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
        // Header H commits the set that certifies H + 1: the new one when H passes a change.
        let next = execution.governance.validators
        guard header.nextValidatorSetHash == next.hash else {
            return .failure(
                .wrongValidatorSet(field: "nextValidatorSetHash", header: header.nextValidatorSetHash, expected: next))
        }
        let tip = ChainTip(
            height: header.height, headerHash: header.hash, timestampMilliseconds: header.timestampMilliseconds,
            ledger: execution.ledger, governance: execution.governance)
        return .success(
            AcceptedBlock(header: header, tip: tip, execution: execution))
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
        // S(h) is the set the parent names: the proposer and the certificate come from it alone (besu#2901 used the
        // set the chain would have after the block).
        let signers = parent.validators
        let scheduled = signers.proposer(height: header.height, round: header.round).keyID
        guard header.proposer == scheduled else { return .wrongProposer(expected: scheduled, actual: header.proposer) }
        guard header.validatorSetHash == signers.hash else {
            return .wrongValidatorSet(field: "validatorSetHash", header: header.validatorSetHash, expected: signers)
        }
        guard transactions.count == Int(header.transactionCount) else {
            return .transactionCountMismatch(header: header.transactionCount, actual: transactions.count)
        }
        let countMax = Int(genesis.parameters.transactionsPerBlockMax)
        guard transactions.count <= countMax else {
            return .tooManyTransactions(count: transactions.count, countMax: countMax)
        }
        let bytes =
            encodedBlockBytesWithoutCertificate(transactions) + 2 + signers.count
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
        _ transactions: [SignedTransaction], registry: View, signers: ValidatorSet,
        preverified: (SignedTransaction) -> VerifiedTransaction?, work: any WorkSpreader
    ) throws -> Result<[VerifiedTransaction], BlockRejection> {
        var keys: [KeyID: P256PublicKey] = [:]
        var pending: [Int] = []
        var verified = [VerifiedTransaction?](repeating: nil, count: transactions.count)
        for (index, transaction) in transactions.enumerated() {
            // Keys registered or rotated in earlier in the block (an issuer's, a QA body's) may sign its later
            // transactions.
            var registered: [UInt8]? = nil
            switch transaction.body.payload {
            case .registerIssuer(let register): registered = register.publicKey
            case .registerQABody(let register): registered = register.publicKey
            case .rotateIssuerKey(let rotate): registered = rotate.publicKey
            default: break
            }
            if let registered, let key = try? P256PublicKey(spkiDER: registered) {
                keys[key.keyID] = keys[key.keyID] ?? key
            }
            if let earlier = preverified(transaction).flatMap({ TransactionAuthenticator.reuse($0, for: transaction) })
            {
                verified[index] = earlier
            } else {
                pending.append(index)
                let author = transaction.body.authorKeyID
                if keys[author] == nil, let key = try registry.publicKey(for: author, validators: signers) {
                    keys[author] = key
                }
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
