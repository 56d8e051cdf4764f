import LedgerCore

/// An RFC 9162 §2.1.4 consistency proof between the ledger heads of two heights.
public struct LedgerConsistencyProof: Sendable, Hashable {
    public let fromHeight: UInt64
    public let toHeight: UInt64
    public let size1: UInt64
    public let size2: UInt64
    public let root1: SHA256Digest
    public let root2: SHA256Digest
    public let path: [SHA256Digest]
}

/// An RFC 9162 §2.1.3 inclusion proof of one transaction in the ledger head of a block.
public struct LedgerInclusionProof: Sendable, Hashable {
    public let transaction: SignedTransaction
    public let leafIndex: UInt64
    public let header: BlockHeader
    public let path: [SHA256Digest]
}

extension ChainStore {
    /// The proof bundle for a credential's issuance, with its status proven against the latest final block.
    public func proofBundle(credentialID: String) throws(StoreError) -> ProofBundle {
        try lock.withLock { () throws(StoreError) -> ProofBundle in
            guard let record = try credentialRecord(id: credentialID) else {
                throw .notFound("credential \(credentialID)")
            }
            return try bundle(leaf: record.location.ledgerIndex, credentialID: credentialID)
        }
    }

    /// The proof bundle for any issuer-signed transaction about a credential (its issuance, a revocation or
    /// another status change), with that credential's status.
    public func proofBundle(transactionID: TransactionID) throws(StoreError) -> ProofBundle {
        try lock.withLock { () throws(StoreError) -> ProofBundle in
            guard let leaf = try index.ledgerIndex(transactionID: transactionID) else {
                throw .notFound("transaction \(transactionID.hex)")
            }
            let (transaction, _) = try self.transaction(atLeaf: leaf)
            guard let credentialID = transaction.body.payload.credentialID else {
                throw .notFound(
                    "a credential for transaction \(transactionID.hex), which a bundle needs for its status")
            }
            return try bundle(leaf: leaf, credentialID: credentialID)
        }
    }

    /// A credential's status proof, `mcledger.status.v2`, against the latest final block, or against the retained
    /// block `height` (read from the stored status tree).
    public func statusProof(credentialID: String, atHeight height: UInt64? = nil) throws(StoreError)
        -> StatusProofDocument
    {
        try lock.withLock { () throws(StoreError) -> StatusProofDocument in
            guard let record = try credentialRecord(id: credentialID) else {
                throw .notFound("credential \(credentialID)")
            }
            let issuing = try storedHeader(height: record.location.height)
            let status: StatusProof
            if let height, height != currentTip.height {
                guard height >= issuing.height else {
                    throw .notFound(
                        "a status of \(credentialID) at height \(height), before its issue at \(issuing.height)")
                }
                status = try retainedStatus(
                    credentialID: credentialID, issuerID: record.issuerID, issuing: issuing, height: height)
            } else {
                status = try latestStatus(credentialID: credentialID, issuerID: record.issuerID, issuing: issuing)
            }
            return StatusProofDocument(
                chainID: genesis.chainID, credentialID: credentialID, status: status,
                handoffs: try handoffs(throughHeight: status.header.header.height))
        }
    }

    /// The status part against a retained older block, from the stored tree.
    private func retainedStatus(credentialID: String, issuerID: String, issuing: BlockHeader, height: UInt64)
        throws(StoreError) -> StatusProof
    {
        let credential = try storedStatusProof(.credential, id: credentialID, atHeight: height)
        let issuer = try storedStatusProof(.issuer, id: issuerID, atHeight: height)
        guard let credentialRecord = credential.record, let issuerRecord = issuer.record else {
            throw .corrupt(path: index.path, height: height, reason: "the stored tree lacks \(credentialID)'s records")
        }
        guard let row = try index.block(height: height) else { throw .notFound("block \(height)") }
        let header = credential.header
        let certificate = try storedCertificate(height: height, header: header, row: row)
        let path = try consistencyPath(from: issuing, to: header)
        do {
            return StatusProof(
                credential: .init(record: credentialRecord.encoded, siblings: credential.proof.siblings),
                issuer: .init(record: issuerRecord.encoded, siblings: issuer.proof.siblings), header: .init(header),
                commit: .init(
                    note: try certificate.note(
                        for: header, chainName: genesis.chainName, validators: validators(atHeight: height))),
                consistency: .init(fromSize: issuing.ledgerSize, toSize: header.ledgerSize, path: path))
        } catch {
            throw .corrupt(path: directory, height: height, reason: "cannot build a status proof: \(error)")
        }
    }

    /// RFC 9162 consistency from one header's ledger to a later one's (empty for equal sizes).
    private func consistencyPath(from first: BlockHeader, to second: BlockHeader) throws(StoreError)
        -> [SHA256Digest]
    {
        guard first.ledgerSize != second.ledgerSize else { return [] }
        return try proofPath {
            try MerkleProofBuilder(reader: tree, hasher: $0).consistencyProof(
                from: first.ledgerSize, to: second.ledgerSize)
        }
    }

    /// The status part against the tip, with a consistency proof from `issuing`'s ledger.
    private func latestStatus(credentialID: String, issuerID: String, issuing: BlockHeader) throws(StoreError)
        -> StatusProof
    {
        let (header, note) = try tipCheckpoint()
        let height = header.height
        let path = try consistencyPath(from: issuing, to: header)
        do {
            return try StatusProof.build(
                map: statusMap, credentialID: credentialID, issuerID: issuerID, header: header, note: note,
                consistency: .init(fromSize: issuing.ledgerSize, toSize: header.ledgerSize, path: path))
        } catch {
            throw .corrupt(path: directory, height: height, reason: "cannot build a status proof: \(error)")
        }
    }

    private func bundle(leaf: UInt64, credentialID: String) throws(StoreError) -> ProofBundle {
        let (transaction, location) = try transaction(atLeaf: leaf)
        guard let issuer = try issuerRecord(anyKeyID: transaction.body.authorKeyID) else {
            throw .notFound("an issuer for transaction \(transaction.id.hex) (validator transactions have no bundle)")
        }
        let (registration, _) = try self.transaction(atLeaf: issuer.location.ledgerIndex)
        let material = try proofMaterial(height: location.height)
        let status = try latestStatus(credentialID: credentialID, issuerID: issuer.issuerID, issuing: material.header)
        let handoffs = try handoffs(throughHeight: status.header.header.height)
        var bundle: ProofBundle
        do {
            bundle = try ProofBundleBuilder.build(
                genesis: genesis, header: material.header, certificate: material.certificate,
                transaction: transaction, transactionIndex: Int(location.indexInBlock), blockTree: material.tree,
                ledger: tree, registration: (registration, issuer.location.ledgerIndex), status: status,
                validators: validators(atHeight: location.height), handoffs: handoffs)
        } catch {
            throw .corrupt(path: tree.path, height: location.height, reason: "cannot build a proof: \(error)")
        }
        bundle.issuer.keyRotation = try keyRotationPart(
            author: transaction.body.authorKeyID, of: issuer, ledgerSize: material.header.ledgerSize)
        if case .issueCredential(let issue) = transaction.body.payload {
            bundle.registry = try registryProof(for: issue, statusHeader: status.header.header)
        }
        // Paired check: never hand out a proof that does not lead to the signed header's roots.
        let hasher = MerkleHasher()
        do {
            try MerkleProofVerifier.verifyInclusion(
                leafHash: bundle.leaf.hash, index: bundle.ledgerInclusion.index, size: bundle.ledgerInclusion.size,
                proof: bundle.ledgerInclusion.path, root: material.header.ledgerRoot, hasher: hasher)
            try MerkleProofVerifier.verifyInclusion(
                leafHash: bundle.issuer.leaf.hash, index: bundle.issuer.ledgerInclusion.index,
                size: bundle.issuer.ledgerInclusion.size, proof: bundle.issuer.ledgerInclusion.path,
                root: material.header.ledgerRoot, hasher: hasher)
        } catch {
            throw .corrupt(
                path: tree.path, height: location.height, reason: "stored tree gives a wrong proof: \(error)")
        }
        return bundle
    }

    /// Inclusion of a transaction in the ledger head of block `height` (default: the tip).
    public func inclusionProof(transactionID: TransactionID, atHeight height: UInt64? = nil) throws(StoreError)
        -> LedgerInclusionProof
    {
        try lock.withLock { () throws(StoreError) -> LedgerInclusionProof in
            guard let leaf = try index.ledgerIndex(transactionID: transactionID) else {
                throw .notFound("transaction \(transactionID.hex)")
            }
            let (transaction, location) = try transaction(atLeaf: leaf)
            let target = height ?? currentTip.height
            guard target >= location.height, target <= currentTip.height else {
                throw .notFound("height \(target) at or after block \(location.height)")
            }
            let header = try storedHeader(height: target)
            let path = try proofPath {
                try MerkleProofBuilder(reader: tree, hasher: $0).inclusionProof(index: leaf, size: header.ledgerSize)
            }
            let proof = LedgerInclusionProof(transaction: transaction, leafIndex: leaf, header: header, path: path)
            do {
                try MerkleProofVerifier.verifyInclusion(
                    leafHash: transaction.leafHash(hasher: MerkleHasher()), index: leaf, size: header.ledgerSize,
                    proof: path,
                    root: header.ledgerRoot, hasher: MerkleHasher())
            } catch {
                throw .corrupt(path: tree.path, height: target, reason: "stored tree gives a wrong proof: \(error)")
            }
            return proof
        }
    }

    /// A consistency proof between the ledger heads after blocks `fromHeight` and `toHeight`.
    public func consistencyProof(fromHeight: UInt64, toHeight: UInt64) throws(StoreError) -> LedgerConsistencyProof {
        try lock.withLock { () throws(StoreError) -> LedgerConsistencyProof in
            guard fromHeight >= 1, fromHeight <= toHeight, toHeight <= currentTip.height else {
                throw .notFound("heights \(fromHeight)…\(toHeight) within 1…\(currentTip.height)")
            }
            let first = try storedHeader(height: fromHeight)
            let second = try storedHeader(height: toHeight)
            guard first.ledgerSize > 0 else { throw .notFound("a non-empty ledger at height \(fromHeight)") }
            let path = try proofPath {
                try MerkleProofBuilder(reader: tree, hasher: $0).consistencyProof(
                    from: first.ledgerSize, to: second.ledgerSize)
            }
            do {
                try MerkleProofVerifier.verifyConsistency(
                    size1: first.ledgerSize, size2: second.ledgerSize, root1: first.ledgerRoot,
                    root2: second.ledgerRoot,
                    proof: path, hasher: MerkleHasher())
            } catch {
                throw .corrupt(path: tree.path, height: toHeight, reason: "stored tree gives a wrong proof: \(error)")
            }
            return LedgerConsistencyProof(
                fromHeight: fromHeight, toHeight: toHeight, size1: first.ledgerSize, size2: second.ledgerSize,
                root1: first.ledgerRoot, root2: second.ledgerRoot, path: path)
        }
    }

    func proofPath(_ build: (MerkleHasher) throws -> [SHA256Digest]) throws(StoreError) -> [SHA256Digest] {
        do {
            return try build(MerkleHasher())
        } catch let error as StoreError {
            throw error
        } catch {
            throw .corrupt(path: tree.path, height: nil, reason: "cannot build a proof: \(error)")
        }
    }
}
