/// Read access to registry state: issuers, definitions and credentials from the chain. The validators are the
/// block's (`RuleContext.signers`), not the registry's. Rules are pure functions over this view; the store and
/// `InMemoryRegistry` implement it.
/// Reads throw only when storage fails (never for a missing record), so a disk error is never mistaken
/// for a rule's verdict.
public protocol RegistryView {
    func issuer(keyID: KeyID) throws -> IssuerRecord?
    func issuer(id: String) throws -> IssuerRecord?
    func definition(id: String) throws -> DefinitionRecord?
    func credential(id: String) throws -> CredentialRecord?
    func qaBody(keyID: KeyID) throws -> QABodyRecord?
    func qaBody(id: String) throws -> QABodyRecord?
    func accreditation(id: String) throws -> AccreditationRecord?
    func containsTransaction(_ id: TransactionID) throws -> Bool
}

extension RegistryView {
    /// The key of a validator of `validators`, of an issuer or of a QA body, for checking an author's signature.
    public func publicKey(for keyID: KeyID, validators: ValidatorSet) throws -> P256PublicKey? {
        try validators.validator(keyID: keyID)?.publicKey ?? issuer(keyID: keyID)?.publicKey
            ?? qaBody(keyID: keyID)?.publicKey
    }
}

/// The mutable tables behind both in-memory registry views: issuers, definitions, credentials, transaction ids.
struct RegistryTables: Sendable, Equatable {
    var issuersByKey: [KeyID: IssuerRecord] = [:]
    var issuerKeys: [String: KeyID] = [:]
    var definitions: [String: DefinitionRecord] = [:]
    var credentials: [String: CredentialRecord] = [:]
    var qaBodiesByKey: [KeyID: QABodyRecord] = [:]
    var qaBodyKeys: [String: KeyID] = [:]
    var accreditations: [String: AccreditationRecord] = [:]
    var transactions: Set<TransactionID> = []

    func issuer(id: String) -> IssuerRecord? { issuerKeys[id].flatMap { issuersByKey[$0] } }
    func qaBody(id: String) -> QABodyRecord? { qaBodyKeys[id].flatMap { qaBodiesByKey[$0] } }

    /// Records a change; `existing` supplies the credential a status change applies to when it is not here yet,
    /// and `existingAccreditation` the accreditation a withdrawal applies to.
    mutating func apply(
        _ change: RegistryChange, existing: (String) throws -> CredentialRecord?,
        existingAccreditation: (String) throws -> AccreditationRecord?,
        existingIssuer: (String) throws -> IssuerRecord?
    ) rethrows {
        precondition(!transactions.contains(change.transactionID), "a change must come from the rules, once")
        transactions.insert(change.transactionID)
        switch change {
        case .issuerRegistered(let record):
            issuersByKey[record.keyID] = record
            issuerKeys[record.issuerID] = record.keyID
        case .definitionRegistered(let record):
            definitions[record.definition.definitionID] = record
        case .credentialIssued(let record):
            credentials[record.credentialID] = record
        case .credentialRevoked(let credentialID, let revocation):
            guard var record = try credentials[credentialID] ?? existing(credentialID) else {
                preconditionFailure("revocation of credential \(credentialID), unknown here, passed the rules")
            }
            record.revocation = revocation
            credentials[credentialID] = record
        case .credentialSuspension(let credentialID, let suspension):
            guard var record = try credentials[credentialID] ?? existing(credentialID) else {
                preconditionFailure("suspension of an unknown credential passed the rules")
            }
            record.suspension = suspension
            credentials[credentialID] = record
        case .validatorGovernance:
            break
        case .qaBodyRegistered(let record):
            qaBodiesByKey[record.keyID] = record
            qaBodyKeys[record.qaBodyID] = record.keyID
        case .accreditationRecorded(let record):
            accreditations[record.accreditationID] = record
        case .accreditationWithdrawn(let accreditationID, let withdrawal):
            guard var record = try accreditations[accreditationID] ?? existingAccreditation(accreditationID) else {
                preconditionFailure("withdrawal of an unknown accreditation passed the rules")
            }
            record.withdrawal = withdrawal
            accreditations[accreditationID] = record
        case .issuerStandingChanged(let issuerID, let standing):
            guard var record = try issuer(id: issuerID) ?? existingIssuer(issuerID) else {
                preconditionFailure("a standing change of an unknown issuer passed the rules")
            }
            record.standingChange = standing
            issuersByKey[record.keyID] = record
            issuerKeys[record.issuerID] = record.keyID
        }
    }

    /// Removes a change that the base now holds. A credential stays while a later change to it is still here.
    mutating func forget(_ change: RegistryChange) {
        transactions.remove(change.transactionID)
        switch change {
        case .issuerRegistered(let record):
            issuersByKey[record.keyID] = nil
            issuerKeys[record.issuerID] = nil
        case .definitionRegistered(let record):
            definitions[record.definition.definitionID] = nil
        case .credentialIssued(let record):
            forgetCredential(record.credentialID, ifLatest: record.transactionID)
        case .credentialRevoked(let credentialID, let revocation):
            forgetCredential(credentialID, ifLatest: revocation.transactionID)
        case .credentialSuspension(let credentialID, let suspension):
            forgetCredential(credentialID, ifLatest: suspension.transactionID)
        case .validatorGovernance:
            break
        case .qaBodyRegistered(let record):
            qaBodiesByKey[record.keyID] = nil
            qaBodyKeys[record.qaBodyID] = nil
        case .accreditationRecorded(let record):
            if accreditations[record.accreditationID]?.withdrawal == nil {
                accreditations[record.accreditationID] = nil
            }
        case .accreditationWithdrawn(let accreditationID, let withdrawal):
            if accreditations[accreditationID]?.withdrawal?.transactionID == withdrawal.transactionID {
                accreditations[accreditationID] = nil
            }
        case .issuerStandingChanged(let issuerID, let standing):
            if let record = issuer(id: issuerID), record.standingChange?.transactionID == standing.transactionID {
                issuersByKey[record.keyID] = nil
                issuerKeys[issuerID] = nil
            }
        }
    }

    /// Drops a credential's row when `transactionID` made its current state: no later change to it is here.
    private mutating func forgetCredential(_ credentialID: String, ifLatest transactionID: TransactionID) {
        if credentials[credentialID]?.stateChange.transactionID == transactionID { credentials[credentialID] = nil }
    }
}

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

    /// Applies a change the rules produced; changes from a validated block are applied in order.
    public mutating func apply(_ change: RegistryChange) {
        tables.apply(change, existing: { _ in nil }, existingAccreditation: { _ in nil }, existingIssuer: { _ in nil })
    }
}

/// Pending changes layered over a base view, so a block is validated without touching the base;
/// on success the caller applies `changes` to the base in order.
public struct RegistryOverlay<Base: RegistryView>: RegistryView {
    public let base: Base
    public private(set) var changes: [RegistryChange] = []
    private var tables = RegistryTables()

    public init(base: Base) {
        self.base = base
    }

    public func issuer(keyID: KeyID) throws -> IssuerRecord? {
        try tables.issuersByKey[keyID] ?? base.issuer(keyID: keyID)
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
