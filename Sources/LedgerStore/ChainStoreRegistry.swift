import LedgerCore

/// The store's registry for use outside the store, such as a mempool's overlay: every read takes the store's lock.
public struct ChainStoreRegistry: RegistryView, Sendable {
    let store: ChainStore

    public func issuer(keyID: KeyID) throws -> IssuerRecord? {
        try store.lock.withLock { () throws(StoreError) -> IssuerRecord? in try store.issuerRecord(keyID: keyID) }
    }

    public func issuer(id: String) throws -> IssuerRecord? { try store.issuer(id: id) }

    public func definition(id: String) throws -> DefinitionRecord? { try store.definition(id: id) }

    public func credential(id: String) throws -> CredentialRecord? { try store.credential(id: id) }

    public func qaBody(keyID: KeyID) throws -> QABodyRecord? {
        try store.lock.withLock { () throws -> QABodyRecord? in try store.registryView.qaBody(keyID: keyID) }
    }

    public func qaBody(id: String) throws -> QABodyRecord? { try store.qaBody(id: id) }

    public func accreditation(id: String) throws -> AccreditationRecord? { try store.accreditation(id: id) }

    public func issuerKey(keyID: KeyID) throws -> IssuerKeyRecord? {
        try store.lock.withLock { () throws(StoreError) -> IssuerKeyRecord? in try store.issuerKeyRecord(keyID: keyID) }
    }

    public func credentials(issuedBy issuerID: String, heights: ClosedRange<UInt64>, limit: Int) throws
        -> [CredentialRecord]
    {
        try store.lock.withLock { () throws(StoreError) -> [CredentialRecord] in
            try store.credentialRecords(issuedBy: issuerID, heights: heights, limit: limit)
        }
    }

    public func containsTransaction(_ id: TransactionID) throws -> Bool {
        try store.lock.withLock { () throws(StoreError) -> Bool in try store.index.ledgerIndex(transactionID: id) != nil
        }
    }
}

extension ChainStore {
    /// A registry view that locks per read, safe to keep and to share.
    public var registry: ChainStoreRegistry { ChainStoreRegistry(store: self) }
}
