/// The kinds of transaction; the raw value is the kind byte in the body.
public enum TransactionKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case registerIssuer = 1
    case registerDefinition = 2
    case issueCredential = 3
    case revokeCredential = 4
    case suspendCredential = 5
    case reinstateCredential = 6
    case proposeValidatorChange = 7
    case approveValidatorChange = 8
    case registerQABody = 9
    case recordAccreditation = 10
    case withdrawAccreditation = 11
    case changeIssuerStanding = 12
    case rotateIssuerKey = 13
    case revokeIssuedRange = 14

    /// The name used in JSON and the CLI.
    public var description: String {
        switch self {
        case .registerIssuer: "registerIssuer"
        case .registerDefinition: "registerDefinition"
        case .issueCredential: "issueCredential"
        case .revokeCredential: "revokeCredential"
        case .suspendCredential: "suspendCredential"
        case .reinstateCredential: "reinstateCredential"
        case .proposeValidatorChange: "proposeValidatorChange"
        case .approveValidatorChange: "approveValidatorChange"
        case .registerQABody: "registerQABody"
        case .recordAccreditation: "recordAccreditation"
        case .withdrawAccreditation: "withdrawAccreditation"
        case .changeIssuerStanding: "changeIssuerStanding"
        case .rotateIssuerKey: "rotateIssuerKey"
        case .revokeIssuedRange: "revokeIssuedRange"
        }
    }
}

/// How a learner earned a credential: by taking the course, or by recognition of prior learning (PLAR).
public enum LearningRoute: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case course = 1
    case priorLearning = 2

    public var description: String {
        switch self {
        case .course: "course"
        case .priorLearning: "priorLearning"
        }
    }
}

/// Why an issuer withdrew a credential; public, so it never carries personal detail.
public enum RevocationReason: UInt8, Sendable, CaseIterable {
    case unspecified = 0
    case issuedInError = 1
    case superseded = 2
    case fraudulent = 3
    case withdrawnByIssuer = 4
    case issuerKeyCompromised = 5
}

/// An authority (a current validator) registers an institution allowed to issue.
public struct RegisterIssuer: Sendable, Hashable {
    public var issuerID: String
    public var displayName: String
    /// ISO 3166-1 alpha-2 code of the member state that accredits the issuer.
    public var country: String
    /// The issuer's P-256 SubjectPublicKeyInfo DER; its key id becomes the issuer's author id.
    public var publicKey: [UInt8]
    public var accreditationNotes: String

    public init(issuerID: String, displayName: String, country: String, publicKey: [UInt8], accreditationNotes: String)
    {
        self.issuerID = issuerID
        self.displayName = displayName
        self.country = country
        self.publicKey = publicKey
        self.accreditationNotes = accreditationNotes
    }
}

/// An issuer anchors one credential: digests only, never personal data.
public struct IssueCredential: Sendable, Hashable {
    /// Unique chain-wide and URL-safe.
    public var credentialID: String
    /// SHA-256 of the document's RFC 8785 canonical form (JSON) or of its raw bytes.
    public var documentDigest: SHA256Digest
    /// SHA-256(salt ‖ learner identifier); the learner keeps the salt.
    public var subjectCommitment: SHA256Digest
    public var definitionID: String?
    public var issuedAtMilliseconds: UInt64
    public var expiresAtMilliseconds: UInt64?
    /// The accreditation record the credential relies on; the rules check at issue time that it covers it.
    public var accreditationID: String?
    /// By course, or by recognition of prior learning.
    public var route: LearningRoute
    /// For a stacked award (its definition a pathway): the component credentials it stacks.
    public var components: [String]

    public init(
        credentialID: String, documentDigest: SHA256Digest, subjectCommitment: SHA256Digest, definitionID: String?,
        issuedAtMilliseconds: UInt64, expiresAtMilliseconds: UInt64?, accreditationID: String? = nil,
        route: LearningRoute = .course, components: [String] = []
    ) {
        self.credentialID = credentialID
        self.documentDigest = documentDigest
        self.subjectCommitment = subjectCommitment
        self.definitionID = definitionID
        self.issuedAtMilliseconds = issuedAtMilliseconds
        self.expiresAtMilliseconds = expiresAtMilliseconds
        self.accreditationID = accreditationID
        self.route = route
        self.components = components
    }
}

/// The issuer, or the authority that registered it, withdraws a credential.
public struct RevokeCredential: Sendable, Hashable {
    public var credentialID: String
    public var reason: RevocationReason

    public init(credentialID: String, reason: RevocationReason) {
        self.credentialID = credentialID
        self.reason = reason
    }
}

/// The issuer, or the authority that registered it, suspends a credential until it is reinstated or revoked.
/// A credential may be suspended many times, so the decision's time makes each body, and so its id, unique.
public struct SuspendCredential: Sendable, Hashable {
    public var credentialID: String
    public var reason: SuspensionReason
    /// When the issuer decided, in milliseconds since the Unix epoch; at most a small margin after the block.
    public var decidedAtMilliseconds: UInt64

    public init(credentialID: String, reason: SuspensionReason, decidedAtMilliseconds: UInt64) {
        self.credentialID = credentialID
        self.reason = reason
        self.decidedAtMilliseconds = decidedAtMilliseconds
    }
}

/// The issuer, or the authority that registered it, ends a credential's suspension.
public struct ReinstateCredential: Sendable, Hashable {
    public var credentialID: String
    /// As for a suspension: the decision's time, which keeps repeated reinstatements distinct.
    public var decidedAtMilliseconds: UInt64

    public init(credentialID: String, decidedAtMilliseconds: UInt64) {
        self.credentialID = credentialID
        self.decidedAtMilliseconds = decidedAtMilliseconds
    }
}

/// An issuer's registering authority suspends, reinstates (back to active) or deregisters it (kind 12).
public struct ChangeIssuerStanding: Sendable, Hashable {
    public var issuerID: String
    public var standing: IssuerState
    /// When the authority decided, as for a suspension: at most the issue-time margin after the block.
    public var decidedAtMilliseconds: UInt64

    public init(issuerID: String, standing: IssuerState, decidedAtMilliseconds: UInt64) {
        self.issuerID = issuerID
        self.standing = standing
        self.decidedAtMilliseconds = decidedAtMilliseconds
    }
}

/// The kind-specific part of a transaction body.
public enum TransactionPayload: Sendable, Hashable {
    case registerIssuer(RegisterIssuer)
    case registerDefinition(RegisterDefinition)
    case issueCredential(IssueCredential)
    case revokeCredential(RevokeCredential)
    case suspendCredential(SuspendCredential)
    case reinstateCredential(ReinstateCredential)
    case proposeValidatorChange(ProposeValidatorChange)
    case approveValidatorChange(ApproveValidatorChange)
    case registerQABody(RegisterQABody)
    case recordAccreditation(RecordAccreditation)
    case withdrawAccreditation(WithdrawAccreditation)
    case changeIssuerStanding(ChangeIssuerStanding)
    case rotateIssuerKey(RotateIssuerKey)
    case revokeIssuedRange(RevokeIssuedRange)

    public var kind: TransactionKind {
        switch self {
        case .registerIssuer: .registerIssuer
        case .registerDefinition: .registerDefinition
        case .issueCredential: .issueCredential
        case .revokeCredential: .revokeCredential
        case .suspendCredential: .suspendCredential
        case .reinstateCredential: .reinstateCredential
        case .proposeValidatorChange: .proposeValidatorChange
        case .approveValidatorChange: .approveValidatorChange
        case .registerQABody: .registerQABody
        case .recordAccreditation: .recordAccreditation
        case .withdrawAccreditation: .withdrawAccreditation
        case .changeIssuerStanding: .changeIssuerStanding
        case .rotateIssuerKey: .rotateIssuerKey
        case .revokeIssuedRange: .revokeIssuedRange
        }
    }

    /// The credential this transaction concerns, if any.
    public var credentialID: String? {
        switch self {
        case .issueCredential(let issue): issue.credentialID
        case .revokeCredential(let revoke): revoke.credentialID
        case .suspendCredential(let suspend): suspend.credentialID
        case .reinstateCredential(let reinstate): reinstate.credentialID
        case .registerIssuer, .registerDefinition, .proposeValidatorChange, .approveValidatorChange, .registerQABody,
            .recordAccreditation, .withdrawAccreditation, .changeIssuerStanding, .rotateIssuerKey, .revokeIssuedRange:
            nil
        }
    }

    /// Whether the transaction changes an issuer as a whole (its standing, its key, or many of its credentials at
    /// once), so whatever depends on that issuer must be judged again.
    public var changesIssuer: Bool {
        switch self {
        case .changeIssuerStanding, .rotateIssuerKey, .revokeIssuedRange: true
        default: false
        }
    }
}
