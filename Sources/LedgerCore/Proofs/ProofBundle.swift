/// `mcledger.proof.v2`: everything an employer needs to check a credential offline with only the genesis file:
/// the issuance (transaction, inclusion, header, commit note), the issuer's registration against the same header,
/// and the credential's status proven against a later quorum-signed header (docs/PROOFS.md).
public struct ProofBundle: Sendable, Hashable {
    public static let formatName = "mcledger.proof.v2"

    /// A transaction as carried in the bundle: its canonical bytes plus readable copies of key fields.
    public struct TransactionPart: Sendable, Hashable {
        public var id: TransactionID
        public var kind: TransactionKind
        public var encoded: [UInt8]
        public var credentialID: String?
        public var documentDigest: SHA256Digest?
    }

    public struct LeafPart: Sendable, Hashable {
        public var index: UInt64
        public var hash: SHA256Digest

        public init(index: UInt64, hash: SHA256Digest) {
            self.index = index
            self.hash = hash
        }
    }

    public struct InclusionPart: Sendable, Hashable {
        public var index: UInt64
        public var size: UInt64
        public var path: [SHA256Digest]

        public init(index: UInt64, size: UInt64, path: [SHA256Digest]) {
            self.index = index
            self.size = size
            self.path = path
        }
    }

    /// The header's exact bytes plus readable copies of its fields; the verifier checks the copies match.
    public struct HeaderPart: Sendable, Hashable {
        public var encoded: [UInt8]
        public var hash: SHA256Digest
        public var header: BlockHeader
    }

    /// The header's commit certificate as a signed note over its commit checkpoint (`CommitNote`).
    public struct CommitPart: Sendable, Hashable {
        public var note: SignedNote

        public init(note: SignedNote) {
            self.note = note
        }
    }

    /// The rotateIssuerKey transaction that gave an issuer the key that signed, included in a ledger head before
    /// the signed transaction; absent when the registered key signed.
    public struct KeyRotationPart: Sendable, Hashable {
        public var transaction: TransactionPart
        public var inclusion: InclusionPart

        public init(transaction: TransactionPart, inclusion: InclusionPart) {
            self.transaction = transaction
            self.inclusion = inclusion
        }
    }

    /// The registerIssuer transaction that admitted the issuer, included in the same ledger head, and the
    /// rotation that introduced the signing key when it is not the registered one.
    public struct IssuerPart: Sendable, Hashable {
        public var registration: TransactionPart
        public var leaf: LeafPart
        public var ledgerInclusion: InclusionPart
        public var keyRotation: KeyRotationPart? = nil
    }

    public var chainID: SHA256Digest
    public var transaction: TransactionPart
    public var leaf: LeafPart
    public var blockInclusion: InclusionPart
    public var ledgerInclusion: InclusionPart
    public var header: HeaderPart
    public var commit: CommitPart
    public var issuer: IssuerPart
    /// The credential's status against a quorum-signed header, normally the latest final one.
    public var status: StatusProof
    /// The validator-set handoffs for epochs 1…e, e being the epoch of the bundle's newest header (its status
    /// header), so a verifier holding only genesis learns every set that signed what it checks.
    public var handoffs: [ValidatorHandoff]
    /// The registry records the credential names (its entry, accreditation and components), proven against the
    /// status header; nil when it names none.
    public var registry: RegistryProof? = nil
}

extension ProofBundle.TransactionPart {
    /// Describes a signed transaction for a bundle.
    public init(_ transaction: SignedTransaction) {
        id = transaction.id
        kind = transaction.body.payload.kind
        encoded = transaction.encoded
        credentialID = transaction.body.payload.credentialID
        if case .issueCredential(let issue) = transaction.body.payload {
            documentDigest = issue.documentDigest
        } else {
            documentDigest = nil
        }
    }
}
