/// The whole registry in memory: for tests, replay and small nodes; the store offers the same view on disk.
public struct InMemoryRegistry: RegistryView, Sendable, Equatable {
    private var tables = RegistryTables()
    /// The chain the records belong to, for their status-map keys.
    public let chainID: SHA256Digest

    /// Starts from genesis: no records yet.
    public init(genesis: Genesis) {
        chainID = genesis.chainID
    }

    public var issuerCount: Int { tables.issuersByKey.count }
    public var definitionCount: Int { tables.definitions.count }
    public var credentialCount: Int { tables.credentials.count }
    public var revokedCount: Int { tables.credentials.values.count { $0.revocation != nil } }
    /// Every credential and every issuer, in no particular order: for checks that recompute from scratch.
    public var allCredentials: [CredentialRecord] { Array(tables.credentials.values) }
    public var allIssuers: [IssuerRecord] { Array(tables.issuersByKey.values) }

    /// The status map's root computed from scratch from these records, in one batch: what a map kept up to date
    /// block by block must equal.
    public var statusRootFromScratch: SHA256Digest {
        let chainID = self.chainID
        var tree = SparseMerkleTree()
        var entries: [SparseMerkleTree.Entry] = []
        for credential in tables.credentials.values {
            let key = StatusKey.hash(chainID: chainID, kind: .credential, checkedID: credential.credentialID)
            entries.append(.init(keyHash: key, value: StatusRecord(credential: credential).encoded))
        }
        for issuer in tables.issuersByKey.values {
            let key = StatusKey.hash(chainID: chainID, kind: .issuer, checkedID: issuer.issuerID)
            entries.append(.init(keyHash: key, value: StatusRecord(issuer: issuer).encoded))
        }
        for definition in tables.definitions.values {
            let key = StatusKey.hash(chainID: chainID, kind: .definition, checkedID: definition.definition.definitionID)
            entries.append(.init(keyHash: key, value: StatusRecord(definition: definition).encoded))
        }
        for body in tables.qaBodiesByKey.values {
            let key = StatusKey.hash(chainID: chainID, kind: .qaBody, checkedID: body.qaBodyID)
            entries.append(.init(keyHash: key, value: StatusRecord(qaBody: body).encoded))
        }
        for accreditation in tables.accreditations.values {
            let key = StatusKey.hash(chainID: chainID, kind: .accreditation, checkedID: accreditation.accreditationID)
            entries.append(.init(keyHash: key, value: StatusRecord(accreditation: accreditation).encoded))
        }
        tree.update(entries)
        return tree.rootHash
    }

    public func issuer(keyID: KeyID) -> IssuerRecord? { tables.issuersByKey[keyID] }
    public func issuer(id: String) -> IssuerRecord? { tables.issuer(id: id) }
    public func definition(id: String) -> DefinitionRecord? { tables.definitions[id] }
    public func credential(id: String) -> CredentialRecord? { tables.credentials[id] }
    public func qaBody(keyID: KeyID) -> QABodyRecord? { tables.qaBodiesByKey[keyID] }
    public func qaBody(id: String) -> QABodyRecord? { tables.qaBody(id: id) }
    public func accreditation(id: String) -> AccreditationRecord? { tables.accreditations[id] }
    public func containsTransaction(_ id: TransactionID) -> Bool { tables.transactions.contains(id) }
    public func issuerKey(keyID: KeyID) -> IssuerKeyRecord? { tables.issuerKey(keyID: keyID) }
    /// A scan of every credential: fine for tests, replay and small nodes; the store keeps an index instead.
    public func credentials(issuedBy issuerID: String, heights: ClosedRange<UInt64>, limit: Int) -> [CredentialRecord] {
        Array(tables.credentials(issuedBy: issuerID, heights: heights).prefix(limit))
    }

    /// Applies a change the rules produced; changes from a validated block are applied in order.
    public mutating func apply(_ change: RegistryChange) {
        tables.apply(change, existing: { _ in nil }, existingAccreditation: { _ in nil }, existingIssuer: { _ in nil })
    }
}
