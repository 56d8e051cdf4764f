/// Assembles the header for a new block on top of a tip; the proposer and tests use it, and
/// `ChainRules` re-derives every computed field, so a wrong builder cannot produce an accepted block.
public enum BlockBuilder {
    /// The header for an execution (`ChainRules.execute`) on top of `parent`, proposed by the validator scheduled
    /// for (height, round).
    public static func header(
        parent: ChainTip, genesis: Genesis, execution: BlockExecution, timestampMilliseconds: UInt64, round: UInt32
    ) -> BlockHeader {
        let height = parent.height + 1
        return BlockHeader(
            chainID: genesis.chainID, height: height, previousHash: parent.headerHash,
            timestampMilliseconds: timestampMilliseconds,
            transactionCount: UInt32(execution.verifiedTransactions.count),
            transactionRoot: execution.transactionRoot, ledgerSize: execution.ledger.size,
            ledgerRoot: execution.ledger.root(hasher: MerkleHasher()), statusRoot: execution.status.root,
            validatorSetHash: parent.validators.hash, nextValidatorSetHash: execution.governance.validators.hash,
            proposer: parent.validators.proposer(height: height, round: round).keyID, round: round)
    }

    /// A header whose status root is given rather than computed: for consensus tests, whose blocks never meet the
    /// registry rules.
    public static func header(
        parent: ChainTip, genesis: Genesis, transactions: [SignedTransaction], statusRoot: SHA256Digest,
        timestampMilliseconds: UInt64, round: UInt32
    ) -> BlockHeader {
        let hasher = MerkleHasher()
        var blockTree = MerkleAccumulator()
        var ledger = parent.ledger
        for transaction in transactions {
            let leaf = transaction.leafHash(hasher: hasher)
            blockTree.append(leafHash: leaf, hasher: hasher)
            ledger.append(leafHash: leaf, hasher: hasher)
        }
        let height = parent.height + 1
        return BlockHeader(
            chainID: genesis.chainID, height: height, previousHash: parent.headerHash,
            timestampMilliseconds: timestampMilliseconds, transactionCount: UInt32(transactions.count),
            transactionRoot: blockTree.root(hasher: hasher), ledgerSize: ledger.size,
            ledgerRoot: ledger.root(hasher: hasher), statusRoot: statusRoot,
            validatorSetHash: parent.validators.hash, nextValidatorSetHash: parent.validators.hash,
            proposer: parent.validators.proposer(height: height, round: round).keyID, round: round)
    }

    /// One validator's seal over a header's commit checkpoint for `round` (by default the header's own round).
    public static func seal(_ header: BlockHeader, genesis: Genesis, with key: P256PrivateKey, round: UInt32? = nil)
        throws(CryptoError) -> CommitSeal
    {
        let message = header.commitMessage(chainName: genesis.chainName, round: round ?? header.round)
        return CommitSeal(validatorKeyID: key.publicKey.keyID, signature: try key.sign(message: message))
    }
}
