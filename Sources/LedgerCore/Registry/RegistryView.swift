/// Read access to registry state: validators from genesis plus issuers, definitions and credentials from
/// the chain. Rules are pure functions over this view; the store and `InMemoryRegistry` implement it.
public protocol RegistryView {
    func validator(keyID: KeyID) -> ValidatorRecord?
    func issuer(keyID: KeyID) -> IssuerRecord?
    func issuer(id: String) -> IssuerRecord?
    func definition(id: String) -> DefinitionRecord?
    func credential(id: String) -> CredentialRecord?
    func containsTransaction(_ id: TransactionID) -> Bool
}

extension RegistryView {
    /// The key of a validator or issuer, for checking an author's signature.
    public func publicKey(for keyID: KeyID) -> P256PublicKey? {
        validator(keyID: keyID)?.publicKey ?? issuer(keyID: keyID)?.publicKey
    }
}

/// The whole registry in memory: for tests, replay and small nodes; the store offers the same view on disk.
public struct InMemoryRegistry: RegistryView, Sendable {
    private let validators: [KeyID: ValidatorRecord]
    private var issuersByKey: [KeyID: IssuerRecord] = [:]
    private var issuerKeys: [String: KeyID] = [:]
    private var definitions: [String: DefinitionRecord] = [:]
    private var credentials: [String: CredentialRecord] = [:]
    private var transactions: Set<TransactionID> = []

    /// Starts from genesis: validators only.
    public init(genesis: Genesis) {
        validators = Dictionary(uniqueKeysWithValues: genesis.validators.map { ($0.keyID, $0) })
    }

    public var issuerCount: Int { issuersByKey.count }
    public var definitionCount: Int { definitions.count }
    public var credentialCount: Int { credentials.count }
    public var revokedCount: Int { credentials.values.count { $0.revocation != nil } }

    public func validator(keyID: KeyID) -> ValidatorRecord? { validators[keyID] }
    public func issuer(keyID: KeyID) -> IssuerRecord? { issuersByKey[keyID] }
    public func issuer(id: String) -> IssuerRecord? { issuerKeys[id].flatMap { issuersByKey[$0] } }
    public func definition(id: String) -> DefinitionRecord? { definitions[id] }
    public func credential(id: String) -> CredentialRecord? { credentials[id] }
    public func containsTransaction(_ id: TransactionID) -> Bool { transactions.contains(id) }

    /// Applies a change the rules produced; changes from a validated block are applied in order.
    public mutating func apply(_ change: RegistryChange) {
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
            precondition(credentials[credentialID] != nil, "revocation of an unknown credential passed the rules")
            credentials[credentialID]?.revocation = revocation
        }
    }
}

/// Pending changes layered over a base view, so a block is validated without touching the base;
/// on success the caller applies `changes` to the base in order.
public struct RegistryOverlay<Base: RegistryView>: RegistryView {
    public let base: Base
    public private(set) var changes: [RegistryChange] = []
    private var issuersByKey: [KeyID: IssuerRecord] = [:]
    private var issuerKeys: [String: KeyID] = [:]
    private var definitions: [String: DefinitionRecord] = [:]
    private var credentials: [String: CredentialRecord] = [:]
    private var transactions: Set<TransactionID> = []

    public init(base: Base) {
        self.base = base
    }

    public func validator(keyID: KeyID) -> ValidatorRecord? { base.validator(keyID: keyID) }
    public func issuer(keyID: KeyID) -> IssuerRecord? { issuersByKey[keyID] ?? base.issuer(keyID: keyID) }
    public func issuer(id: String) -> IssuerRecord? {
        issuerKeys[id].flatMap { issuersByKey[$0] } ?? base.issuer(id: id)
    }
    public func definition(id: String) -> DefinitionRecord? { definitions[id] ?? base.definition(id: id) }
    public func credential(id: String) -> CredentialRecord? { credentials[id] ?? base.credential(id: id) }
    public func containsTransaction(_ id: TransactionID) -> Bool {
        transactions.contains(id) || base.containsTransaction(id)
    }

    public mutating func apply(_ change: RegistryChange) {
        changes.append(change)
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
            var record = credential(id: credentialID)
            precondition(record != nil, "revocation of an unknown credential passed the rules")
            record!.revocation = revocation
            credentials[credentialID] = record
        }
    }
}
