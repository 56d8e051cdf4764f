/// Pending changes layered over a base view, so a block is validated without touching the base;
/// on success the caller applies `changes` to the base in order.
public struct RegistryOverlay<Base: RegistryView>: RegistryView {
    public let base: Base
    public private(set) var changes: [RegistryChange] = []
    private var tables = RegistryTables()

    public init(base: Base) {
        self.base = base
    }

    /// A key retired by a pending rotation is nobody's current key, whatever the base says.
    public func issuer(keyID: KeyID) throws -> IssuerRecord? {
        guard tables.retiredIssuerKeys[keyID] == nil else { return nil }
        return try tables.issuersByKey[keyID] ?? base.issuer(keyID: keyID)
    }
    public func issuerKey(keyID: KeyID) throws -> IssuerKeyRecord? {
        try tables.issuerKey(keyID: keyID) ?? base.issuerKey(keyID: keyID)
    }
    /// The base's credentials in the range, as changed here, with those issued here.
    public func credentials(issuedBy issuerID: String, heights: ClosedRange<UInt64>, limit: Int) throws
        -> [CredentialRecord]
    {
        var merged = try base.credentials(issuedBy: issuerID, heights: heights, limit: limit).map {
            tables.credentials[$0.credentialID] ?? $0
        }
        let held = Set(merged.map(\.credentialID))
        merged += tables.credentials(issuedBy: issuerID, heights: heights).filter { !held.contains($0.credentialID) }
        merged.sort { $0.location.ledgerIndex < $1.location.ledgerIndex }
        return Array(merged.prefix(limit))
    }
    public func issuer(id: String) throws -> IssuerRecord? { try tables.issuer(id: id) ?? base.issuer(id: id) }
    public func definition(id: String) throws -> DefinitionRecord? {
        try tables.definitions[id] ?? base.definition(id: id)
    }
    public func credential(id: String) throws -> CredentialRecord? {
        try tables.credentials[id] ?? base.credential(id: id)
    }
    public func qaBody(keyID: KeyID) throws -> QABodyRecord? {
        try tables.qaBodiesByKey[keyID] ?? base.qaBody(keyID: keyID)
    }
    public func qaBody(id: String) throws -> QABodyRecord? { try tables.qaBody(id: id) ?? base.qaBody(id: id) }
    public func accreditation(id: String) throws -> AccreditationRecord? {
        try tables.accreditations[id] ?? base.accreditation(id: id)
    }
    public func containsTransaction(_ id: TransactionID) throws -> Bool {
        try tables.transactions.contains(id) || base.containsTransaction(id)
    }

    /// Drops changes that have become part of the base (their block is final), in the order they were applied,
    /// leaving the view as it was. Only valid when the base now holds exactly these changes and every remaining
    /// change was made on top of them, as for a mempool whose final block held only its own transactions.
    public mutating func forget(_ final: [RegistryChange]) {
        guard !final.isEmpty else { return }
        for change in final { tables.forget(change) }
        let ids = Set(final.map(\.transactionID))
        changes.removeAll { ids.contains($0.transactionID) }
    }

    /// Records a change on top of the base; reads the base only for a revoked credential issued earlier.
    public mutating func apply(_ change: RegistryChange) throws {
        changes.append(change)
        let base = self.base
        try tables.apply(
            change, existing: { try base.credential(id: $0) },
            existingAccreditation: { try base.accreditation(id: $0) },
            existingIssuer: { try base.issuer(id: $0) })
    }
}
