/// `mcledger.proof.v1`: everything an employer needs to check a credential offline with only the genesis file.
/// Fields follow DESIGN.md; `issuer` is an addition that proves the issuer's registration (and so its key)
/// against the same signed header, so the credential's own signature can be checked too (docs/PROOFS.md).
public struct ProofBundle: Sendable, Hashable {
    public static let formatName = "mcledger.proof.v1"

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

    public struct CommitSignature: Sendable, Hashable {
        public var validator: String
        public var keyID: KeyID
        public var signature: [UInt8]
    }

    public struct CommitPart: Sendable, Hashable {
        /// The exact signed bytes: "mcledger/commit/v1" ‖ chainId ‖ height ‖ round ‖ headerHash.
        public var message: [UInt8]
        public var signatures: [CommitSignature]
    }

    /// Revocation status as the serving node reported it; not yet proven (see docs/PROOFS.md).
    public struct StatusPart: Sendable, Hashable {
        public var revoked: Bool
        public var asOfHeight: UInt64
        public var revocationReason: RevocationReason?

        public init(revoked: Bool, asOfHeight: UInt64, revocationReason: RevocationReason?) {
            self.revoked = revoked
            self.asOfHeight = asOfHeight
            self.revocationReason = revocationReason
        }
    }

    /// The registerIssuer transaction that admitted the issuer, included in the same ledger head.
    public struct IssuerPart: Sendable, Hashable {
        public var registration: TransactionPart
        public var leaf: LeafPart
        public var ledgerInclusion: InclusionPart
    }

    public var chainID: SHA256Digest
    public var transaction: TransactionPart
    public var leaf: LeafPart
    public var blockInclusion: InclusionPart
    public var ledgerInclusion: InclusionPart
    public var header: HeaderPart
    public var commit: CommitPart
    public var status: StatusPart
    public var issuer: IssuerPart
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
