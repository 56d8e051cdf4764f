/// Builds a proof bundle for one transaction from its final block and the ledger tree's stored nodes.
public enum ProofBundleBuilder {
    /// Why a bundle could not be built from what the caller supplied.
    public enum BuildError: Error, Sendable, Equatable, CustomStringConvertible {
        case transactionIndexOutOfRange(Int)
        case registrationNotInLedger(String)
        case proof(MerkleProofError)
        case storage(String)
        case certificate(String)

        public var description: String {
            switch self {
            case .transactionIndexOutOfRange(let index): "block has no transaction \(index)"
            case .registrationNotInLedger(let reason): "issuer registration: \(reason)"
            case .proof(let error): "Merkle proof: \(error)"
            case .storage(let reason): "reading ledger nodes failed: \(reason)"
            case .certificate(let reason): "the block's certificate is not a commit note: \(reason)"
            }
        }
    }

    /// - Parameters:
    ///   - block: the final block holding the transaction; its header and certificate go into the bundle.
    ///   - ledger: stored ledger-tree nodes covering at least `block.header.ledgerSize` leaves.
    ///   - registration: the issuer's registerIssuer transaction and its leaf index in the ledger tree.
    ///   - blockTree: the block's own tree, if the caller keeps one; built when nil.
    ///   - validators: the set that certified the block.
    ///   - handoffs: the chain's handoffs for epochs 1…e, e being the status header's epoch.
    public static func build<Ledger: MerkleNodeReader>(
        genesis: Genesis, block: Block, transactionIndex: Int, ledger: Ledger,
        registration: (transaction: SignedTransaction, ledgerIndex: UInt64), status: StatusProof,
        validators: ValidatorSet, handoffs: [ValidatorHandoff], blockTree: InMemoryMerkleTree? = nil
    ) throws(BuildError) -> ProofBundle {
        guard block.transactions.indices.contains(transactionIndex) else {
            throw .transactionIndexOutOfRange(transactionIndex)
        }
        let hasher = MerkleHasher()
        return try build(
            genesis: genesis, header: block.header, certificate: block.certificate,
            transaction: block.transactions[transactionIndex], transactionIndex: transactionIndex,
            blockTree: blockTree
                ?? InMemoryMerkleTree(
                    leafHashes: block.transactions.map { $0.leafHash(hasher: hasher) }, hasher: hasher),
            ledger: ledger, registration: registration, status: status, validators: validators, handoffs: handoffs)
    }

    /// The same from a block's parts, for a caller (the store) that keeps the block's tree but not its
    /// transactions. `blockTree` must be the tree of all `header.transactionCount` transactions, and
    /// `transaction` the one at `transactionIndex`: its leaf must be the tree's.
    public static func build<Ledger: MerkleNodeReader>(
        genesis: Genesis, header: BlockHeader, certificate: CommitCertificate, transaction: SignedTransaction,
        transactionIndex: Int, blockTree: InMemoryMerkleTree, ledger: Ledger,
        registration: (transaction: SignedTransaction, ledgerIndex: UInt64), status: StatusProof,
        validators: ValidatorSet, handoffs: [ValidatorHandoff]
    ) throws(BuildError) -> ProofBundle {
        let count = UInt64(header.transactionCount)
        guard transactionIndex >= 0, UInt64(transactionIndex) < count, blockTree.leafCount == count else {
            throw .transactionIndexOutOfRange(transactionIndex)
        }
        guard registration.ledgerIndex < header.ledgerSize else {
            throw .registrationNotInLedger(
                "leaf \(registration.ledgerIndex) is beyond ledger size \(header.ledgerSize)")
        }
        let hasher = MerkleHasher()
        let ledgerIndex = header.ledgerSize - count + UInt64(transactionIndex)
        do {
            let leafHash = try blockTree.node(level: 0, index: UInt64(transactionIndex))
            guard transaction.leafHash(hasher: hasher) == leafHash else {
                throw BuildError.storage("transaction \(transactionIndex) is not the block tree's leaf")
            }
            let blockPath = try MerkleProofBuilder(reader: blockTree, hasher: hasher).inclusionProof(
                index: UInt64(transactionIndex), size: count)
            let ledgerBuilder = MerkleProofBuilder(reader: ledger, hasher: hasher)
            let ledgerPath = try ledgerBuilder.inclusionProof(index: ledgerIndex, size: header.ledgerSize)
            let registrationPath = try ledgerBuilder.inclusionProof(
                index: registration.ledgerIndex, size: header.ledgerSize)
            let note = try certificate.note(for: header, chainName: genesis.chainName, validators: validators)
            return ProofBundle(
                chainID: genesis.chainID, transaction: .init(transaction),
                leaf: .init(index: ledgerIndex, hash: leafHash),
                blockInclusion: .init(index: UInt64(transactionIndex), size: count, path: blockPath),
                ledgerInclusion: .init(index: ledgerIndex, size: header.ledgerSize, path: ledgerPath),
                header: .init(encoded: header.encoded, hash: header.hash, header: header),
                commit: .init(note: note),
                issuer: .init(
                    registration: .init(registration.transaction),
                    leaf: .init(
                        index: registration.ledgerIndex, hash: registration.transaction.leafHash(hasher: hasher)),
                    ledgerInclusion: .init(
                        index: registration.ledgerIndex, size: header.ledgerSize, path: registrationPath)),
                status: status, handoffs: handoffs)
        } catch let error as BuildError {
            throw error
        } catch let error as MerkleProofError {
            throw .proof(error)
        } catch let error as FormatError {
            throw .certificate("\(error)")
        } catch {
            throw .storage("\(error)")
        }
    }
}

extension StatusProof {
    /// The status proof of a credential and its issuer from `map`, whose root `header` commits; `consistency`
    /// runs from the issuing header's ledger to `header`'s.
    public static func build(
        map: StatusMap, credentialID: String, issuerID: String, header: BlockHeader, certificate: CommitCertificate,
        genesis: Genesis, validators: ValidatorSet, consistency: ConsistencyPart
    ) throws(ProofBundleBuilder.BuildError) -> StatusProof {
        let note: SignedNote
        do {
            note = try certificate.note(for: header, chainName: genesis.chainName, validators: validators)
        } catch {
            throw .certificate("\(error)")
        }
        return try build(
            map: map, credentialID: credentialID, issuerID: issuerID, header: header, note: note,
            consistency: consistency)
    }

    /// The same, with `header`'s certificate already rendered as its signed note.
    public static func build(
        map: StatusMap, credentialID: String, issuerID: String, header: BlockHeader, note: SignedNote,
        consistency: ConsistencyPart
    ) throws(ProofBundleBuilder.BuildError) -> StatusProof {
        guard map.root == header.statusRoot else {
            throw .storage("the status map's root \(map.root.hex) is not the header's statusRoot")
        }
        func part(_ kind: StatusRecordKind, _ id: String) throws(ProofBundleBuilder.BuildError) -> RecordPart {
            do {
                let (record, proof) = try map.proof(kind, id: id)
                guard let record else { throw ProofBundleBuilder.BuildError.storage("no \(kind) record for \(id)") }
                return RecordPart(record: record.encoded, siblings: proof.siblings)
            } catch let error as ProofBundleBuilder.BuildError {
                throw error
            } catch {
                throw .storage("\(error)")
            }
        }
        return StatusProof(
            credential: try part(.credential, credentialID), issuer: try part(.issuer, issuerID),
            header: .init(header), commit: .init(note: note), consistency: consistency)
    }
}
