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
    /// Position in its set's proposer rotation.
    public let index: Int
    public let name: String
    public let publicKey: P256PublicKey
    /// ISO 3166-1 alpha-2 code given when the member joined by vote; genesis members have none.
    public let country: String?
    public var keyID: KeyID { publicKey.keyID }

    public init(index: Int, name: String, publicKey: P256PublicKey, country: String? = nil) {
        self.index = index
        self.name = name
        self.publicKey = publicKey
        self.country = country
    }
}

/// The latest change of an issuer's standing by its registering authority.
public struct IssuerStandingChange: Sendable, Hashable {
    public let standing: IssuerState
    public let transactionID: TransactionID
    public let location: TransactionLocation

    public init(standing: IssuerState, transactionID: TransactionID, location: TransactionLocation) {
        self.standing = standing
        self.transactionID = transactionID
        self.location = location
    }
}

/// A move of an issuer to a new key: by the issuer itself (its old key signed, with the new key's proof of
/// possession) or by its registering authority.
public struct IssuerKeyRotation: Sendable, Hashable {
    public let publicKey: P256PublicKey
    public let previousKeyID: KeyID
    /// Whether the registering authority re-keyed the issuer (after a compromise) rather than the issuer itself.
    public let byAuthority: Bool
    public let transactionID: TransactionID
    public let location: TransactionLocation

    public init(
        publicKey: P256PublicKey, previousKeyID: KeyID, byAuthority: Bool, transactionID: TransactionID,
        location: TransactionLocation
    ) {
        self.publicKey = publicKey
        self.previousKeyID = previousKeyID
        self.byAuthority = byAuthority
        self.transactionID = transactionID
        self.location = location
    }
}

/// A key an issuer holds or held; `retirement` is the rotation that retired it, nil while it is the current key.
public struct IssuerKeyRecord: Sendable, Hashable {
    public let issuerID: String
    public let publicKey: P256PublicKey
    public let retirement: IssuerKeyRotation?

    public init(issuerID: String, publicKey: P256PublicKey, retirement: IssuerKeyRotation?) {
        self.issuerID = issuerID
        self.publicKey = publicKey
        self.retirement = retirement
    }
}

/// A registered institution allowed to issue while active.
public struct IssuerRecord: Sendable, Hashable {
    public let issuerID: String
    public let displayName: String
    public let country: String
    /// The current key: the registered one until a rotation.
    public var publicKey: P256PublicKey
    /// The validator that registered it, which may also revoke its credentials.
    public let registeredBy: KeyID
    public let transactionID: TransactionID
    public let location: TransactionLocation
    /// The latest standing change; nil while the issuer stands as registered (active).
    public var standingChange: IssuerStandingChange?
    /// The latest key rotation; nil while the issuer holds its registered key.
    public var keyRotation: IssuerKeyRotation?
    public var keyID: KeyID { publicKey.keyID }
    public var standing: IssuerState { standingChange?.standing ?? .active }

    public init(
        issuerID: String, displayName: String, country: String, publicKey: P256PublicKey, registeredBy: KeyID,
        transactionID: TransactionID, location: TransactionLocation, standingChange: IssuerStandingChange? = nil,
        keyRotation: IssuerKeyRotation? = nil
    ) {
        self.standingChange = standingChange
        self.keyRotation = keyRotation
        self.issuerID = issuerID
        self.displayName = displayName
        self.country = country
        self.publicKey = publicKey
        self.registeredBy = registeredBy
        self.transactionID = transactionID
        self.location = location
    }

    /// The transaction that last changed the issuer's status record: its registration, its latest standing change
    /// or its latest rotation, whichever is latest.
    /// The transaction that last changed the issuer's status record: its registration, its latest standing
    /// change or its latest rotation, whichever came last.
    public var latestChange: (transactionID: TransactionID, location: TransactionLocation) {
        var latest = (transactionID: transactionID, location: location)
        if let standingChange, standingChange.location.ledgerIndex > latest.location.ledgerIndex {
            latest = (standingChange.transactionID, standingChange.location)
        }
        if let keyRotation, keyRotation.location.ledgerIndex > latest.location.ledgerIndex {
            latest = (keyRotation.transactionID, keyRotation.location)
        }
        return latest
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

/// A registered quality-assurance body.
public struct QABodyRecord: Sendable, Hashable {
    public let qaBodyID: String
    public let displayName: String
    public let country: String
    public let publicKey: P256PublicKey
    /// The validator (member-state authority) that registered it: it accredits only that authority's issuers.
    public let registeredBy: KeyID
    public let transactionID: TransactionID
    public let location: TransactionLocation
    public var keyID: KeyID { publicKey.keyID }

    public init(
        qaBodyID: String, displayName: String, country: String, publicKey: P256PublicKey, registeredBy: KeyID,
        transactionID: TransactionID, location: TransactionLocation
    ) {
        self.qaBodyID = qaBodyID
        self.displayName = displayName
        self.country = country
        self.publicKey = publicKey
        self.registeredBy = registeredBy
        self.transactionID = transactionID
        self.location = location
    }
}

/// The end of an accreditation before its period: the QA body withdrew it.
public struct AccreditationWithdrawal: Sendable, Hashable {
    public let decidedAtMilliseconds: UInt64
    public let transactionID: TransactionID
    public let location: TransactionLocation

    public init(decidedAtMilliseconds: UInt64, transactionID: TransactionID, location: TransactionLocation) {
        self.decidedAtMilliseconds = decidedAtMilliseconds
        self.transactionID = transactionID
        self.location = location
    }
}

/// An accreditation a QA body recorded, and its withdrawal if any.
public struct AccreditationRecord: Sendable, Hashable {
    public let accreditation: RecordAccreditation
    public let qaBodyID: String
    public let transactionID: TransactionID
    public let location: TransactionLocation
    public var withdrawal: AccreditationWithdrawal?
    public var accreditationID: String { accreditation.accreditationID }

    public init(
        accreditation: RecordAccreditation, qaBodyID: String, transactionID: TransactionID,
        location: TransactionLocation, withdrawal: AccreditationWithdrawal? = nil
    ) {
        self.accreditation = accreditation
        self.qaBodyID = qaBodyID
        self.transactionID = transactionID
        self.location = location
        self.withdrawal = withdrawal
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

/// A suspension of a credential, or the reinstatement that ended one.
public struct SuspensionRecord: Sendable, Hashable {
    /// The suspension's reason; nil for a reinstatement.
    public let reason: SuspensionReason?
    public let changedBy: KeyID
    public let transactionID: TransactionID
    public let location: TransactionLocation
    public var isSuspension: Bool { reason != nil }

    public init(
        reason: SuspensionReason?, changedBy: KeyID, transactionID: TransactionID, location: TransactionLocation
    ) {
        self.reason = reason
        self.changedBy = changedBy
        self.transactionID = transactionID
        self.location = location
    }
}

/// An anchored credential, its latest suspension or reinstatement, and once revoked, its revocation.
public struct CredentialRecord: Sendable, Hashable {
    public let issue: IssueCredential
    public let issuerID: String
    public let transactionID: TransactionID
    public let location: TransactionLocation
    /// The latest suspension or reinstatement; nil when the credential was never suspended.
    public var suspension: SuspensionRecord?
    public var revocation: RevocationRecord?
    public var credentialID: String { issue.credentialID }

    public init(
        issue: IssueCredential, issuerID: String, transactionID: TransactionID, location: TransactionLocation,
        suspension: SuspensionRecord? = nil, revocation: RevocationRecord?
    ) {
        self.issue = issue
        self.issuerID = issuerID
        self.transactionID = transactionID
        self.location = location
        self.suspension = suspension
        self.revocation = revocation
    }

    /// Revoked is final; otherwise suspended while the latest suspension change is a suspension.
    public var state: CredentialState {
        if revocation != nil { return .revoked }
        return suspension?.isSuspension == true ? .suspended : .active
    }

    /// The transaction that set the current state: the revocation, the latest suspension change, or the issue.
    public var stateChange: (transactionID: TransactionID, location: TransactionLocation) {
        if let revocation { return (revocation.transactionID, revocation.location) }
        if let suspension { return (suspension.transactionID, suspension.location) }
        return (transactionID, location)
    }
}

/// The effect of one accepted transaction on the registry.
public enum RegistryChange: Sendable, Hashable {
    case issuerRegistered(IssuerRecord)
    case definitionRegistered(DefinitionRecord)
    case credentialIssued(CredentialRecord)
    case credentialRevoked(credentialID: String, RevocationRecord)
    /// A suspension or a reinstatement (`SuspensionRecord.reason` tells which).
    case credentialSuspension(credentialID: String, SuspensionRecord)
    /// A proposal or approval; the set and proposals it changes travel in `ChainTip.governance`.
    case validatorGovernance(ValidatorGovernanceChange)
    case qaBodyRegistered(QABodyRecord)
    case accreditationRecorded(AccreditationRecord)
    case accreditationWithdrawn(accreditationID: String, AccreditationWithdrawal)
    case issuerStandingChanged(issuerID: String, IssuerStandingChange)
    case issuerKeyRotated(issuerID: String, IssuerKeyRotation)
    /// A range revocation: every listed credential (the issuer's unrevoked ones in the range) gets the same record.
    case credentialsRevoked(credentialIDs: [String], RevocationRecord)

    public var transactionID: TransactionID {
        switch self {
        case .validatorGovernance(let change): change.transactionID
        case .issuerRegistered(let record): record.transactionID
        case .definitionRegistered(let record): record.transactionID
        case .credentialIssued(let record): record.transactionID
        case .credentialRevoked(_, let record): record.transactionID
        case .credentialSuspension(_, let record): record.transactionID
        case .qaBodyRegistered(let record): record.transactionID
        case .accreditationRecorded(let record): record.transactionID
        case .accreditationWithdrawn(_, let record): record.transactionID
        case .issuerStandingChanged(_, let record): record.transactionID
        case .issuerKeyRotated(_, let record): record.transactionID
        case .credentialsRevoked(_, let record): record.transactionID
        }
    }
}
