/// Assembles the header for a new block on top of a tip; the proposer and tests use it, and
/// `ChainRules` re-derives every computed field, so a wrong builder cannot produce an accepted block.
public enum BlockBuilder {
    /// The header for `transactions` on top of `parent`, proposed by the validator scheduled for (height, round).
    public static func header(
        parent: ChainTip, genesis: Genesis, transactions: [SignedTransaction], timestampMilliseconds: UInt64,
        round: UInt32
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
            ledgerRoot: ledger.root(hasher: hasher),
            proposer: genesis.proposer(height: height, round: round).keyID, round: round)
    }

    /// One validator's seal over a header's commit message for `round` (by default the header's own round).
    public static func seal(_ header: BlockHeader, with key: P256PrivateKey, round: UInt32? = nil) throws(CryptoError)
        -> CommitSeal
    {
        let message = CommitMessage.encode(for: header, round: round ?? header.round)
        return CommitSeal(validatorKeyID: key.publicKey.keyID, signature: try key.sign(message: message))
    }
}
