import LedgerCore

/// Reading issuers back from the log through the index: the registration, the latest standing change and key
/// rotation, every key ever held, and the credentials issued in a range of blocks.
extension ChainStore {
    /// The issuer whose current key is `keyID`.
    func issuerRecord(keyID: KeyID) throws(StoreError) -> IssuerRecord? {
        if let cached = issuerCache.issuer(keyID: keyID) { return cached }
        guard let leaf = try index.issuerLeaf(keyID: keyID) else { return nil }
        return try loadIssuer(leaf: leaf)
    }

    func issuerRecord(id: String) throws(StoreError) -> IssuerRecord? {
        if let cached = issuerCache.issuer(id: id) { return cached }
        guard let leaf = try index.issuerLeaf(id: id) else { return nil }
        return try loadIssuer(leaf: leaf)
    }

    /// The issuer that holds or held `keyID`: the author of an old credential may be a retired key.
    func issuerRecord(anyKeyID keyID: KeyID) throws(StoreError) -> IssuerRecord? {
        if let current = try issuerRecord(keyID: keyID) { return current }
        guard let retired = try index.retiredIssuerKey(keyID: keyID) else { return nil }
        return try issuerRecord(id: retired.issuerID)
    }

    func issuerKeyRecord(keyID: KeyID) throws(StoreError) -> IssuerKeyRecord? {
        if let current = try issuerRecord(keyID: keyID) {
            return IssuerKeyRecord(issuerID: current.issuerID, publicKey: current.publicKey, retirement: nil)
        }
        guard let retired = try index.retiredIssuerKey(keyID: keyID),
            let issuer = try issuerRecord(id: retired.issuerID)
        else { return nil }
        let (introducing, introducedAt) = try transaction(atLeaf: retired.introducedLeaf)
        let spki: [UInt8]
        switch introducing.body.payload {
        case .registerIssuer(let register) where register.issuerID == retired.issuerID: spki = register.publicKey
        case .rotateIssuerKey(let rotate) where rotate.issuerID == retired.issuerID: spki = rotate.publicKey
        default:
            throw .corrupt(
                path: index.path, height: introducedAt.height,
                reason: "issuer key row points at leaf \(retired.introducedLeaf), which introduces no key of it")
        }
        guard let key = try? P256PublicKey(spkiDER: spki), key.keyID == keyID else {
            throw .corrupt(path: index.path, height: introducedAt.height, reason: "issuer key row names another key")
        }
        let rotation = try loadRotation(leaf: retired.retiredLeaf, of: issuer, previousKeyID: keyID)
        return IssuerKeyRecord(issuerID: retired.issuerID, publicKey: key, retirement: rotation)
    }

    func loadIssuer(leaf: UInt64) throws(StoreError) -> IssuerRecord {
        let (transaction, location) = try transaction(atLeaf: leaf)
        guard case .registerIssuer(let register) = transaction.body.payload,
            let key = try? P256PublicKey(spkiDER: register.publicKey)
        else {
            throw .corrupt(
                path: index.path, height: location.height,
                reason: "issuer row points at leaf \(leaf), not a registration")
        }
        var record = IssuerRecord(
            issuerID: register.issuerID, displayName: register.displayName, country: register.country, publicKey: key,
            registeredBy: transaction.body.authorKeyID, transactionID: transaction.id, location: location)
        if let standingLeaf = try index.issuerStandingLeaf(id: register.issuerID) {
            let (change, changeLocation) = try self.transaction(atLeaf: standingLeaf)
            guard case .changeIssuerStanding(let standing) = change.body.payload, standing.issuerID == register.issuerID
            else {
                throw .corrupt(
                    path: index.path, height: changeLocation.height,
                    reason: "issuer standing row points at leaf \(standingLeaf)")
            }
            record.standingChange = IssuerStandingChange(
                standing: standing.standing, transactionID: change.id, location: changeLocation)
        }
        if let rotationLeaf = try index.issuerRotationLeaf(id: register.issuerID) {
            guard let previous = try index.keyRetired(byLeaf: rotationLeaf) else {
                throw .corrupt(
                    path: index.path, height: nil, reason: "no retired key for the rotation at leaf \(rotationLeaf)")
            }
            let rotation = try loadRotation(leaf: rotationLeaf, of: record, previousKeyID: previous)
            record.publicKey = rotation.publicKey
            record.keyRotation = rotation
        }
        issuerCache.insert(record)
        return record
    }

    private func loadRotation(leaf: UInt64, of issuer: IssuerRecord, previousKeyID: KeyID) throws(StoreError)
        -> IssuerKeyRotation
    {
        let (transaction, location) = try transaction(atLeaf: leaf)
        guard case .rotateIssuerKey(let rotate) = transaction.body.payload, rotate.issuerID == issuer.issuerID,
            let key = try? P256PublicKey(spkiDER: rotate.publicKey)
        else {
            throw .corrupt(
                path: index.path, height: location.height, reason: "issuer rotation row points at leaf \(leaf)")
        }
        return IssuerKeyRotation(
            publicKey: key, previousKeyID: previousKeyID,
            byAuthority: transaction.body.authorKeyID == issuer.registeredBy,
            transactionID: transaction.id, location: location)
    }

    /// The leaf of the rotation that gave `issuer` the key `keyID`; nil for its registered key.
    func rotationLeaf(introducing keyID: KeyID, of issuer: IssuerRecord) throws(StoreError) -> UInt64? {
        if keyID == issuer.keyID { return issuer.keyRotation?.location.ledgerIndex }
        guard let retired = try index.retiredIssuerKey(keyID: keyID), retired.issuerID == issuer.issuerID else {
            throw .corrupt(
                path: index.path, height: nil, reason: "key \(keyID.hex) was never issuer \(issuer.issuerID)'s")
        }
        return retired.introducedLeaf == issuer.location.ledgerIndex ? nil : retired.introducedLeaf
    }

    /// The key rotation part for a transaction `author` signed, proven in a ledger of `ledgerSize` leaves.
    func keyRotationPart(author: KeyID, of issuer: IssuerRecord, ledgerSize: UInt64) throws(StoreError)
        -> ProofBundle.KeyRotationPart?
    {
        guard let leaf = try rotationLeaf(introducing: author, of: issuer) else { return nil }
        let path = try proofPath {
            try MerkleProofBuilder(reader: tree, hasher: $0).inclusionProof(index: leaf, size: ledgerSize)
        }
        return ProofBundle.KeyRotationPart(
            transaction: .init(try transaction(atLeaf: leaf).0),
            inclusion: .init(index: leaf, size: ledgerSize, path: path))
    }

    /// Up to `limit` credentials `issuerID` anchored in blocks `heights`, through the issuances index.
    func credentialRecords(issuedBy issuerID: String, heights: ClosedRange<UInt64>, limit: Int) throws(StoreError)
        -> [CredentialRecord]
    {
        guard let issuerLeaf = try index.issuerLeaf(id: issuerID) else { return [] }
        let indexed = try index.indexedHeight()
        guard heights.lowerBound <= indexed, let first = try index.block(height: heights.lowerBound),
            let last = try index.block(height: min(heights.upperBound, indexed))
        else { return [] }
        let leaves = (first.ledgerSize - UInt64(first.transactionCount))..<last.ledgerSize
        var records: [CredentialRecord] = []
        for leaf in try index.issuanceLeaves(issuerLeaf: issuerLeaf, leaves: leaves, limit: limit) {
            let (transaction, location) = try transaction(atLeaf: leaf)
            guard case .issueCredential(let issue) = transaction.body.payload,
                let record = try credentialRecord(id: issue.credentialID)
            else {
                throw .corrupt(
                    path: index.path, height: location.height, reason: "issuance row points at leaf \(leaf)")
            }
            records.append(record)
        }
        return records
    }
}
