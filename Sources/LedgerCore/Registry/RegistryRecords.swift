/// Where a transaction sits: its block, its position in that block, and its leaf index in the ledger tree.
public struct TransactionLocation: Sendable, Hashable {
    public let height: UInt64
    public let indexInBlock: UInt32
    public let ledgerIndex: UInt64

    public init(height: UInt64, indexInBlock: UInt32, ledgerIndex: UInt64) {
        self.height = height
        self.indexInBlock = indexInBlock
        self.ledgerIndex = ledgerIndex
    }
}

/// A member-state authority from genesis; its position is its place in the proposer rotation.
public struct ValidatorRecord: Sendable, Hashable {
    public let index: Int
    public let name: String
    public let publicKey: P256PublicKey
    public var keyID: KeyID { publicKey.keyID }

    public init(index: Int, name: String, publicKey: P256PublicKey) {
        self.index = index
        self.name = name
        self.publicKey = publicKey
    }
}

/// A registered institution allowed to issue.
public struct IssuerRecord: Sendable, Hashable {
    public let issuerID: String
    public let displayName: String
    public let country: String
    public let publicKey: P256PublicKey
    /// The validator that registered it, which may also revoke its credentials.
    public let registeredBy: KeyID
    public let transactionID: TransactionID
    public let location: TransactionLocation
    public var keyID: KeyID { publicKey.keyID }

    public init(
        issuerID: String, displayName: String, country: String, publicKey: P256PublicKey, registeredBy: KeyID,
        transactionID: TransactionID, location: TransactionLocation
    ) {
        self.issuerID = issuerID
        self.displayName = displayName
        self.country = country
        self.publicKey = publicKey
        self.registeredBy = registeredBy
        self.transactionID = transactionID
        self.location = location
    }
}

/// A catalogue entry.
public struct DefinitionRecord: Sendable, Hashable {
    public let definition: RegisterDefinition
    public let issuerID: String
    public let transactionID: TransactionID
    public let location: TransactionLocation

    public init(
        definition: RegisterDefinition, issuerID: String, transactionID: TransactionID, location: TransactionLocation
    ) {
        self.definition = definition
        self.issuerID = issuerID
        self.transactionID = transactionID
        self.location = location
    }
}

/// A withdrawal of a credential.
public struct RevocationRecord: Sendable, Hashable {
    public let reason: RevocationReason
    public let revokedBy: KeyID
    public let transactionID: TransactionID
    public let location: TransactionLocation

    public init(reason: RevocationReason, revokedBy: KeyID, transactionID: TransactionID, location: TransactionLocation)
    {
        self.reason = reason
        self.revokedBy = revokedBy
        self.transactionID = transactionID
        self.location = location
    }
}

/// An anchored credential and, once revoked, its revocation.
public struct CredentialRecord: Sendable, Hashable {
    public let issue: IssueCredential
    public let issuerID: String
    public let transactionID: TransactionID
    public let location: TransactionLocation
    public var revocation: RevocationRecord?
    public var credentialID: String { issue.credentialID }

    public init(
        issue: IssueCredential, issuerID: String, transactionID: TransactionID, location: TransactionLocation,
        revocation: RevocationRecord?
    ) {
        self.issue = issue
        self.issuerID = issuerID
        self.transactionID = transactionID
        self.location = location
        self.revocation = revocation
    }
}

/// The effect of one accepted transaction on the registry.
public enum RegistryChange: Sendable, Hashable {
    case issuerRegistered(IssuerRecord)
    case definitionRegistered(DefinitionRecord)
    case credentialIssued(CredentialRecord)
    case credentialRevoked(credentialID: String, RevocationRecord)

    public var transactionID: TransactionID {
        switch self {
        case .issuerRegistered(let record): record.transactionID
        case .definitionRegistered(let record): record.transactionID
        case .credentialIssued(let record): record.transactionID
        case .credentialRevoked(_, let record): record.transactionID
        }
    }
}
