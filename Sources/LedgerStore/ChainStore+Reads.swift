import LedgerCore

/// Registered issuers by key id and by issuer id: few, immutable once registered, read on every transaction.
struct IssuerCache {
    private var byKey: [KeyID: IssuerRecord] = [:]
    private var keyByID: [String: KeyID] = [:]

    mutating func insert(_ issuer: IssuerRecord) {
        byKey[issuer.keyID] = issuer
        keyByID[issuer.issuerID] = issuer.keyID
    }

    func issuer(keyID: KeyID) -> IssuerRecord? { byKey[keyID] }
    func issuer(id: String) -> IssuerRecord? { keyByID[id].flatMap { byKey[$0] } }

    /// Forgets an issuer whose key changed, so its next read comes from the index.
    mutating func remove(id: String) {
        if let key = keyByID.removeValue(forKey: id) { byKey[key] = nil }
    }
}

/// The store seen as a `RegistryView`; used with the store's lock held.
struct StoreRegistryView: RegistryView {
    unowned let store: ChainStore

    func issuer(keyID: KeyID) throws -> IssuerRecord? { try store.issuerRecord(keyID: keyID) }
    func issuer(id: String) throws -> IssuerRecord? { try store.issuerRecord(id: id) }
    func definition(id: String) throws -> DefinitionRecord? { try store.definitionRecord(id: id) }
    func credential(id: String) throws -> CredentialRecord? { try store.credentialRecord(id: id) }
    func qaBody(keyID: KeyID) throws -> QABodyRecord? {
        try store.index.qaBodyLeaf(keyID: keyID).map { leaf throws(StoreError) in try store.qaBodyRecord(leaf: leaf) }
    }
    func qaBody(id: String) throws -> QABodyRecord? {
        try store.index.qaBodyLeaf(id: id).map { leaf throws(StoreError) in try store.qaBodyRecord(leaf: leaf) }
    }
    func accreditation(id: String) throws -> AccreditationRecord? { try store.accreditationRecord(id: id) }
    func containsTransaction(_ id: TransactionID) throws -> Bool {
        try store.index.ledgerIndex(transactionID: id) != nil
    }
    func issuerKey(keyID: KeyID) throws -> IssuerKeyRecord? { try store.issuerKeyRecord(keyID: keyID) }
    func credentials(issuedBy issuerID: String, heights: ClosedRange<UInt64>, limit: Int) throws -> [CredentialRecord] {
        try store.credentialRecords(issuedBy: issuerID, heights: heights, limit: limit)
    }
}

extension ChainStore {
    var registryView: StoreRegistryView { StoreRegistryView(store: self) }

    /// Reads the transaction at a ledger leaf from the log, checking its bytes against the tree's leaf hash
    /// (a paired check: the index, the log and the tree must agree, or the store refuses).
    func transaction(atLeaf leaf: UInt64) throws(StoreError) -> (SignedTransaction, TransactionLocation) {
        guard let location = try index.leaf(ledgerIndex: leaf), let row = try index.block(height: location.height)
        else {
            throw .corrupt(path: index.path, height: nil, reason: "index has no location for ledger leaf \(leaf)")
        }
        let bytes = try log.payloadSlice(
            height: location.height, offset: location.byteOffset, length: location.byteLength)
        let stored: SHA256Digest
        do {
            stored = try tree.node(level: 0, index: leaf)
        } catch {
            throw .corrupt(path: tree.path, height: location.height, reason: "leaf \(leaf) is missing from the tree")
        }
        guard MerkleHasher().leafHash(bytes) == stored else {
            throw .corrupt(
                path: log.path, height: location.height,
                reason: "transaction at leaf \(leaf) does not match the ledger tree")
        }
        guard let transaction = try? SignedTransaction.decode(bytes) else {
            throw .corrupt(
                path: log.path, height: location.height, reason: "transaction at leaf \(leaf) does not decode")
        }
        let first = row.ledgerSize - UInt64(row.transactionCount)
        let position = TransactionLocation(
            height: location.height, indexInBlock: UInt32(leaf - first), ledgerIndex: leaf)
        return (transaction, position)
    }

    func definitionRecord(id: String) throws(StoreError) -> DefinitionRecord? {
        guard let leaf = try index.definitionLeaf(id: id) else { return nil }
        return try definitionRecord(leaf: leaf)
    }

    func definitionRecord(leaf: UInt64) throws(StoreError) -> DefinitionRecord {
        let (transaction, location) = try transaction(atLeaf: leaf)
        guard case .registerDefinition(let definition) = transaction.body.payload,
            let issuer = try issuerRecord(anyKeyID: transaction.body.authorKeyID)
        else {
            throw .corrupt(path: index.path, height: location.height, reason: "definition row points at leaf \(leaf)")
        }
        return DefinitionRecord(
            definition: definition, issuerID: issuer.issuerID, transactionID: transaction.id, location: location)
    }

    func credentialRecord(id: String) throws(StoreError) -> CredentialRecord? {
        guard let leaves = try index.credentialLeaves(id: id) else { return nil }
        let (transaction, location) = try transaction(atLeaf: leaves.issue)
        guard case .issueCredential(let issue) = transaction.body.payload, issue.credentialID == id,
            let issuer = try issuerRecord(anyKeyID: transaction.body.authorKeyID)
        else {
            throw .corrupt(
                path: index.path, height: location.height, reason: "credential row points at leaf \(leaves.issue)")
        }
        var record = CredentialRecord(
            issue: issue, issuerID: issuer.issuerID, transactionID: transaction.id, location: location, revocation: nil)
        if let revokeLeaf = leaves.revoke {
            let (revokeTransaction, revokeLocation) = try self.transaction(atLeaf: revokeLeaf)
            let reason: RevocationReason
            switch revokeTransaction.body.payload {
            case .revokeCredential(let revoke) where revoke.credentialID == id: reason = revoke.reason
            case .revokeIssuedRange(let range)
            where range.issuerID == issuer.issuerID && (range.fromHeight...range.toHeight).contains(location.height):
                reason = range.reason
            default:
                throw .corrupt(
                    path: index.path, height: revokeLocation.height,
                    reason: "revocation row points at leaf \(revokeLeaf)")
            }
            record.revocation = RevocationRecord(
                reason: reason, revokedBy: revokeTransaction.body.authorKeyID,
                transactionID: revokeTransaction.id,
                location: revokeLocation)
        }
        if let suspensionLeaf = leaves.suspension {
            let (change, changeLocation) = try self.transaction(atLeaf: suspensionLeaf)
            let reason: SuspensionReason?
            switch change.body.payload {
            case .suspendCredential(let suspend) where suspend.credentialID == id: reason = suspend.reason
            case .reinstateCredential(let reinstate) where reinstate.credentialID == id: reason = nil
            default:
                throw .corrupt(
                    path: index.path, height: changeLocation.height,
                    reason: "suspension row points at leaf \(suspensionLeaf)")
            }
            record.suspension = SuspensionRecord(
                reason: reason, changedBy: change.body.authorKeyID, transactionID: change.id, location: changeLocation)
        }
        return record
    }

    // MARK: - Public reads

    /// Runs `body` with a consistent view of the registry (e.g. to check a transaction for the mempool).
    public func withRegistry<Result>(_ body: (any RegistryView) throws -> Result) rethrows -> Result {
        try lock.withLock { () throws -> Result in try body(registryView) }
    }

    /// A final block by height.
    public func block(height: UInt64) throws(StoreError) -> Block {
        try lock.withLock { () throws(StoreError) -> Block in try cachedBlock(height: height) }
    }

    /// A transaction by id, with where it sits.
    public func transaction(id: TransactionID) throws(StoreError) -> (SignedTransaction, TransactionLocation)? {
        try lock.withLock { () throws(StoreError) -> (SignedTransaction, TransactionLocation)? in
            guard let leaf = try index.ledgerIndex(transactionID: id) else { return nil }
            let found = try transaction(atLeaf: leaf)
            guard found.0.id == id else {
                throw .corrupt(
                    path: index.path, height: found.1.height,
                    reason: "transaction \(id.hex) is indexed at the wrong leaf")
            }
            return found
        }
    }

    /// A credential's issuance and revocation, if any.
    public func credential(id: String) throws(StoreError) -> CredentialRecord? {
        try lock.withLock { () throws(StoreError) -> CredentialRecord? in try credentialRecord(id: id) }
    }

    public func issuer(id: String) throws(StoreError) -> IssuerRecord? {
        try lock.withLock { () throws(StoreError) -> IssuerRecord? in try issuerRecord(id: id) }
    }

    /// Registered issuers in registration order, at most `limit`.
    public func issuers(limit: Int = 10_000) throws(StoreError) -> [IssuerRecord] {
        try lock.withLock { () throws(StoreError) -> [IssuerRecord] in
            var records: [IssuerRecord] = []
            for leaf in try index.issuerLeaves(limit: limit) { records.append(try loadIssuer(leaf: leaf)) }
            return records
        }
    }

    public func definition(id: String) throws(StoreError) -> DefinitionRecord? {
        try lock.withLock { () throws(StoreError) -> DefinitionRecord? in try definitionRecord(id: id) }
    }

    /// Row counts of the index.
    public func counts() throws(StoreError) -> IndexCounts {
        try lock.withLock { () throws(StoreError) -> IndexCounts in try index.counts() }
    }

    /// A digest of every index row: equal digests mean equal indexes (used to check a rebuild).
    public func indexDigest() throws(StoreError) -> SHA256Digest {
        try lock.withLock { () throws(StoreError) -> SHA256Digest in try index.contentDigest() }
    }

    /// Bytes on disk: the block log, the tree file and the index (with its WAL).
    public func diskUsage() -> (log: UInt64, tree: UInt64, index: UInt64) {
        lock.withLock {
            let paths = Self.paths(directory)
            let indexBytes = ["", "-wal", "-shm"].reduce(UInt64(0)) { $0 + fileSize(paths.index + $1) }
            return (log.byteCount, tree.byteCount, indexBytes)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func fileSize(_ path: String) -> UInt64 {
    var status = stat()
    return stat(path, &status) == 0 ? UInt64(status.st_size) : 0
}

extension ChainStore {
    /// One page of catalogue entries matching `query`, in registration order.
    public func searchDefinitions(_ query: CatalogueQuery) throws(StoreError) -> CataloguePage {
        try lock.withLock { () throws(StoreError) -> CataloguePage in
            var page = query
            page.limit = max(1, min(query.limit, CatalogueQuery.limitMax))
            // One more row than asked says whether another page follows.
            page.limit += 1
            let (leaves, total) = try index.searchDefinitions(page)
            var entries: [DefinitionRecord] = []
            for leaf in leaves.prefix(page.limit - 1) { entries.append(try definitionRecord(leaf: leaf)) }
            let next = leaves.count == page.limit ? entries.last?.location.ledgerIndex : nil
            return CataloguePage(entries: entries, total: total, next: next)
        }
    }
}
