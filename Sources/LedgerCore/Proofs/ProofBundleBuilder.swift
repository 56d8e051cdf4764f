/// Builds a proof bundle for one transaction from its final block and the ledger tree's stored nodes.
public enum ProofBundleBuilder {
    /// Why a bundle could not be built from what the caller supplied.
    public enum BuildError: Error, Sendable, Equatable, CustomStringConvertible {
        case transactionIndexOutOfRange(Int)
        case registrationNotInLedger(String)
        case proof(MerkleProofError)
        case storage(String)

        public var description: String {
            switch self {
            case .transactionIndexOutOfRange(let index): "block has no transaction \(index)"
            case .registrationNotInLedger(let reason): "issuer registration: \(reason)"
            case .proof(let error): "Merkle proof: \(error)"
            case .storage(let reason): "reading ledger nodes failed: \(reason)"
            }
        }
    }

    /// - Parameters:
    ///   - block: the final block holding the transaction; its header and certificate go into the bundle.
    ///   - ledger: stored ledger-tree nodes covering at least `block.header.ledgerSize` leaves.
    ///   - registration: the issuer's registerIssuer transaction and its leaf index in the ledger tree.
    ///   - blockTree: the block's own tree, if the caller keeps one (a store caches it); built when nil.
    public static func build<Ledger: MerkleNodeReader>(
        genesis: Genesis, block: Block, transactionIndex: Int, ledger: Ledger,
        registration: (transaction: SignedTransaction, ledgerIndex: UInt64), status: ProofBundle.StatusPart,
        blockTree: InMemoryMerkleTree? = nil
    ) throws(BuildError) -> ProofBundle {
        guard block.transactions.indices.contains(transactionIndex) else {
            throw .transactionIndexOutOfRange(transactionIndex)
        }
        let header = block.header
        guard registration.ledgerIndex < header.ledgerSize else {
            throw .registrationNotInLedger(
                "leaf \(registration.ledgerIndex) is beyond ledger size \(header.ledgerSize)")
        }
        let hasher = MerkleHasher()
        let transaction = block.transactions[transactionIndex]
        let blockTree =
            blockTree
            ?? InMemoryMerkleTree(leafHashes: block.transactions.map { $0.leafHash(hasher: hasher) }, hasher: hasher)
        let ledgerIndex = header.ledgerSize - UInt64(block.transactions.count) + UInt64(transactionIndex)
        do {
            let blockPath = try MerkleProofBuilder(reader: blockTree, hasher: hasher).inclusionProof(
                index: UInt64(transactionIndex), size: UInt64(block.transactions.count))
            let ledgerBuilder = MerkleProofBuilder(reader: ledger, hasher: hasher)
            let ledgerPath = try ledgerBuilder.inclusionProof(index: ledgerIndex, size: header.ledgerSize)
            let registrationPath = try ledgerBuilder.inclusionProof(
                index: registration.ledgerIndex, size: header.ledgerSize)
            let signatures = block.certificate.seals.map { seal in
                ProofBundle.CommitSignature(
                    validator: genesis.validator(keyID: seal.validatorKeyID)?.name ?? "unknown",
                    keyID: seal.validatorKeyID, signature: seal.signature)
            }
            return ProofBundle(
                chainID: genesis.chainID, transaction: .init(transaction),
                leaf: .init(index: ledgerIndex, hash: try blockTree.node(level: 0, index: UInt64(transactionIndex))),
                blockInclusion: .init(
                    index: UInt64(transactionIndex), size: UInt64(block.transactions.count), path: blockPath),
                ledgerInclusion: .init(index: ledgerIndex, size: header.ledgerSize, path: ledgerPath),
                header: .init(encoded: header.encoded, hash: header.hash, header: header),
                commit: .init(
                    message: CommitMessage.encode(for: header, round: block.certificate.round), signatures: signatures),
                status: status,
                issuer: .init(
                    registration: .init(registration.transaction),
                    leaf: .init(
                        index: registration.ledgerIndex, hash: registration.transaction.leafHash(hasher: hasher)),
                    ledgerInclusion: .init(
                        index: registration.ledgerIndex, size: header.ledgerSize, path: registrationPath)))
        } catch let error as MerkleProofError {
            throw .proof(error)
        } catch {
            throw .storage("\(error)")
        }
    }
}
