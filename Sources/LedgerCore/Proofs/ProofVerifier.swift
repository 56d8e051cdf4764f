/// The checks an offline verifier runs, in order; a failure names the first that did not hold.
public enum ProofCheck: String, Sendable, CaseIterable {
    case format, chain, handoffs, transaction, issuance, leaf, blockInclusion, header, ledgerInclusion, commitMessage
    case commitQuorum, issuerRegistration, transactionSignature, statusHeader, statusCommit, statusConsistency
    case statusRecord, issuerStatus, registryDefinition, registryAccreditation, registryComponents, document, subject
    case trust
}

/// The learner's claim to a credential: the identifier they give and the salt they were handed at issuance.
public struct SubjectClaim: Sendable, Equatable {
    public let identifier: String
    public let salt: [UInt8]

    public init(identifier: String, salt: [UInt8]) {
        self.identifier = identifier
        self.salt = salt
    }
}

/// A failed check and why, in words a verifier can act on.
public struct ProofFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let check: ProofCheck
    public let reason: String

    public var description: String { "\(check.rawValue) check failed: \(reason)" }

    public init(check: ProofCheck, reason: String) {
        self.check = check
        self.reason = reason
    }
}

/// A status part that verified: the records the quorum-signed header proves.
public struct VerifiedStatus: Sendable, Equatable {
    public let credential: StatusRecord.CredentialStatus
    public let issuer: StatusRecord.IssuerStatus
    /// The header the records are proven against; its time is "as of" for the status.
    public let header: BlockHeader
    /// Validators whose signatures on that header's checkpoint verified, in their set's order.
    public let signers: [String]
    /// The epoch of the status header: how many handoffs from genesis were followed to reach its set.
    public let epoch: UInt32
}

/// What a valid bundle proves. Only `ProofVerifier` creates one.
public struct VerifiedProof: Sendable {
    /// Where an authentic credential stands at a given time, in the order `standing` decides it: a proven
    /// revocation is final whatever its age; expiry is the anchored `expiresAt`; a status older than the allowed
    /// age proves nothing about now; then suspended or active.
    public enum Standing: Sendable, Equatable {
        case active
        case suspended(SuspensionReason)
        case revoked(RevocationReason, atHeight: UInt64)
        case expired(atMilliseconds: UInt64)
        case statusTooOld(asOfMilliseconds: UInt64, maxAgeMilliseconds: UInt64)
    }

    public let transaction: SignedTransaction
    /// The issuance the bundle proves; a bundle around any other transaction is refused (`ProofCheck.issuance`).
    public let issuance: IssueCredential
    public let header: BlockHeader
    public let issuerID: String
    public let issuerName: String
    public let issuerCountry: String
    /// The member state (a validator at the time) that registered the issuer.
    public let registeredBy: String
    /// Validators whose commit signatures made the block final, in their set's order.
    public let signers: [String]
    /// The epoch whose set certified the issuing block.
    public let epoch: UInt32
    /// The sets followed from genesis through the bundle's handoffs.
    public let history: ValidatorHistory
    /// The status the newest verified status part proves.
    public let status: VerifiedStatus
    /// Set when a document was given and its digest matched.
    public let documentForm: DocumentDigest.Form?
    /// True when a subject claim was given and it reproduced the anchored commitment.
    public let subjectChecked: Bool
    /// The credential's entry, accreditation and components, as of the bundle's own status header.
    public let registry: VerifiedRegistry

    public var credentialID: String { issuance.credentialID }

    /// The standing at `now`, with the status allowed to be at most `maxAgeMilliseconds` older than `now`.
    public func standing(atMilliseconds now: UInt64, maxAgeMilliseconds: UInt64) -> Standing {
        let record = status.credential
        if record.state == .revoked {
            return .revoked(
                RevocationReason(rawValue: record.reasonCode) ?? .unspecified, atHeight: record.changedAtHeight)
        }
        if let expiry = issuance.expiresAtMilliseconds, now >= expiry { return .expired(atMilliseconds: expiry) }
        let asOf = status.header.timestampMilliseconds
        if now > asOf, now - asOf > maxAgeMilliseconds {
            return .statusTooOld(asOfMilliseconds: asOf, maxAgeMilliseconds: maxAgeMilliseconds)
        }
        if record.state == .suspended {
            return .suspended(SuspensionReason(rawValue: record.reasonCode) ?? .unspecified)
        }
        return .active
    }
}

/// Checks a proof bundle with nothing but the genesis file (and optionally the document):
/// SHA-256 and ECDSA P-256 only, no network and no node.
public enum ProofVerifier {
    /// - Parameters:
    ///   - document: the digest of the holder's document, computed with `DocumentDigest` by the same rule the
    ///     issuer used; it must equal the anchored one.
    ///   - subject: the learner's identifier and salt; SHA-256(salt ‖ identifier) must equal the commitment.
    ///   - newerStatus: a status proof fetched after the bundle (`mcledger.status.v2`); it must be for the same
    ///     credential and chain, at least as new as the bundle's own status, and it then decides the standing.
    public static func verify(
        bundleJSON: [UInt8], genesis: Genesis, document: DocumentDigest.Computed? = nil, subject: SubjectClaim? = nil,
        newerStatusJSON: [UInt8]? = nil
    ) -> Result<VerifiedProof, ProofFailure> {
        let bundle: ProofBundle
        var newer: StatusProofDocument? = nil
        do {
            bundle = try ProofBundle.parse(json: bundleJSON)
            newer = try newerStatusJSON.map { (json) throws(FormatError) in try StatusProofDocument.parse(json: json) }
        } catch {
            return .failure(ProofFailure(check: .format, reason: error.description))
        }
        return verify(bundle, genesis: genesis, document: document, subject: subject, newerStatus: newer)
    }

    public static func verify(
        _ bundle: ProofBundle, genesis: Genesis, document: DocumentDigest.Computed? = nil, subject: SubjectClaim? = nil,
        newerStatus: StatusProofDocument? = nil
    ) -> Result<VerifiedProof, ProofFailure> {
        do {
            return .success(
                try check(bundle, genesis: genesis, document: document, subject: subject, newerStatus: newerStatus))
        } catch {
            return .failure(error)
        }
    }

    static func fail(_ check: ProofCheck, _ reason: String) -> ProofFailure {
        ProofFailure(check: check, reason: reason)
    }

    private static func check(
        _ bundle: ProofBundle, genesis: Genesis, document: DocumentDigest.Computed?, subject: SubjectClaim?,
        newerStatus: StatusProofDocument?
    ) throws(ProofFailure) -> VerifiedProof {
        guard bundle.chainID == genesis.chainID else {
            throw fail(
                .chain, "bundle is for chain \(bundle.chainID.hex), the genesis file defines \(genesis.chainID.hex)")
        }
        let history = try ValidatorHistory.following(bundle.handoffs, genesis: genesis)
        let transaction = try decodeTransaction(bundle.transaction, check: .transaction, genesis: genesis)
        guard case .issueCredential(let issuance) = transaction.body.payload else {
            throw fail(
                .issuance,
                "the bundle proves a \(transaction.body.payload.kind) transaction, not an issuance; a credential's "
                    + "proof carries its issueCredential transaction (fetch it with 'ledger proof CREDENTIAL_ID')")
        }
        let hasher = MerkleHasher()
        let leafHash = transaction.leafHash(hasher: hasher)
        guard leafHash == bundle.leaf.hash else {
            throw fail(.leaf, "SHA-256(0x00 ‖ transaction) is \(leafHash.hex), bundle says \(bundle.leaf.hash.hex)")
        }
        let header = try checkHeader(bundle.header, check: .header)
        guard bundle.blockInclusion.size == UInt64(header.transactionCount) else {
            throw fail(
                .blockInclusion,
                "size \(bundle.blockInclusion.size) but the header has \(header.transactionCount) transactions")
        }
        do {
            try MerkleProofVerifier.verifyInclusion(
                leafHash: leafHash, index: bundle.blockInclusion.index, size: bundle.blockInclusion.size,
                proof: bundle.blockInclusion.path, root: header.transactionRoot, hasher: hasher)
        } catch {
            throw fail(.blockInclusion, "\(error) (against header.txRoot)")
        }
        let expectedLedgerIndex = header.ledgerSize - UInt64(header.transactionCount) + bundle.blockInclusion.index
        guard bundle.leaf.index == expectedLedgerIndex, bundle.ledgerInclusion.index == expectedLedgerIndex else {
            throw fail(
                .ledgerInclusion, "leaf index must be \(expectedLedgerIndex): the block's first leaf plus its position")
        }
        try checkLedgerInclusion(
            leafHash, bundle.ledgerInclusion, header: header, check: .ledgerInclusion, hasher: hasher)
        let signers = try checkCommit(
            bundle.commit, header: header, genesis: genesis,
            validators: try history.validators(for: header, check: .commitQuorum),
            checks: (.commitMessage, .commitQuorum))
        let (issuer, registeredBy) = try checkIssuer(
            bundle.issuer, transaction: transaction, credentialLeafIndex: bundle.leaf.index, header: header,
            genesis: genesis, history: history, hasher: hasher)
        let verdict = issuer.publicKey.verify(signature: transaction.signature, message: transaction.body.encoded)
        guard verdict == .valid else { throw fail(.transactionSignature, "issuer signature: \(verdict)") }
        let issued = IssuedCredential(
            credentialID: issuance.credentialID, ledgerIndex: bundle.leaf.index, issuerID: issuer.issuerID,
            issuerKeyID: issuer.keyID, header: header)
        var status = try checkStatus(bundle.status, of: issued, genesis: genesis, history: history)
        let registry = try checkRegistry(
            bundle.registry, issuance: issuance, issuer: issuer, issuingHeader: header, statusHeader: status.header,
            genesis: genesis)
        var latestHistory = history
        if let newerStatus {
            guard newerStatus.chainID == genesis.chainID, newerStatus.credentialID == issuance.credentialID else {
                throw fail(.statusRecord, "the status proof is for another credential or chain")
            }
            let newerHistory = try ValidatorHistory.following(newerStatus.handoffs, genesis: genesis)
            let newer = try checkStatus(newerStatus.status, of: issued, genesis: genesis, history: newerHistory)
            // A status from before the bundle's own cannot stand in for a newer one.
            guard newer.header.height >= status.header.height else {
                throw fail(
                    .statusHeader,
                    "the status proof is as of block \(newer.header.height), older than the bundle's own status "
                        + "(block \(status.header.height))")
            }
            status = newer
            if newerHistory.epochs.count > latestHistory.epochs.count { latestHistory = newerHistory }
        }
        if let document, document.digest != issuance.documentDigest {
            throw fail(
                .document,
                "document digest (\(document.form.rawValue)) is \(document.digest.hex), the anchored one is "
                    + "\(issuance.documentDigest.hex)")
        }
        if let subject,
            DocumentDigest.subjectCommitment(salt: subject.salt, identifier: subject.identifier)
                != issuance.subjectCommitment
        {
            throw fail(
                .subject,
                "SHA-256(salt ‖ subject) is not the anchored commitment \(issuance.subjectCommitment.hex): this "
                    + "credential was not issued to that subject with that salt")
        }
        return VerifiedProof(
            transaction: transaction, issuance: issuance, header: header, issuerID: issuer.issuerID,
            issuerName: issuer.displayName, issuerCountry: issuer.country, registeredBy: registeredBy,
            signers: signers, epoch: history.epoch(atHeight: header.height).number, history: latestHistory,
            status: status, documentForm: document?.form, subjectChecked: subject != nil, registry: registry)
    }

    static func decodeTransaction(_ part: ProofBundle.TransactionPart, check: ProofCheck, genesis: Genesis)
        throws(ProofFailure) -> SignedTransaction
    {
        let transaction: SignedTransaction
        do {
            transaction = try SignedTransaction.decode(part.encoded)
        } catch {
            throw fail(check, "encoded transaction does not decode: \(error)")
        }
        guard transaction.id == part.id else {
            throw fail(check, "id is SHA-256(body) = \(transaction.id.hex), bundle says \(part.id.hex)")
        }
        guard transaction.body.chainID == genesis.chainID else { throw fail(check, "transaction names another chain") }
        guard transaction.body.payload.kind == part.kind else {
            throw fail(check, "kind is \(transaction.body.payload.kind), bundle says \(part.kind)")
        }
        guard transaction.body.payload.credentialID == part.credentialID else {
            throw fail(check, "credentialId does not match the encoded transaction")
        }
        var digest: SHA256Digest? = nil
        if case .issueCredential(let issue) = transaction.body.payload { digest = issue.documentDigest }
        guard digest == part.documentDigest else {
            throw fail(check, "documentDigest does not match the encoded transaction")
        }
        return transaction
    }

    static func checkHeader(_ part: ProofBundle.HeaderPart, check: ProofCheck) throws(ProofFailure) -> BlockHeader {
        let header: BlockHeader
        do {
            header = try BlockHeader.decode(part.encoded)
        } catch {
            throw fail(check, "encoded header does not decode: \(error)")
        }
        guard header.hash == part.hash else {
            throw fail(check, "SHA-256(header) is \(header.hash.hex), bundle says \(part.hash.hex)")
        }
        guard header == part.header else {
            throw fail(check, "readable header fields differ from the encoded header")
        }
        return header
    }

    static func checkLedgerInclusion(
        _ leafHash: SHA256Digest, _ inclusion: ProofBundle.InclusionPart, header: BlockHeader, check: ProofCheck,
        hasher: MerkleHasher
    ) throws(ProofFailure) {
        guard inclusion.size == header.ledgerSize else {
            throw fail(check, "size \(inclusion.size) but header.ledgerSize is \(header.ledgerSize)")
        }
        do {
            try MerkleProofVerifier.verifyInclusion(
                leafHash: leafHash, index: inclusion.index, size: inclusion.size, proof: inclusion.path,
                root: header.ledgerRoot, hasher: hasher)
        } catch {
            throw fail(check, "\(error) (against header.ledgerRoot)")
        }
    }

    /// The note must be this chain's commit checkpoint for exactly this header, signed by a quorum.
    static func checkCommit(
        _ commit: ProofBundle.CommitPart, header: BlockHeader, genesis: Genesis, validators: ValidatorSet,
        checks: (message: ProofCheck, quorum: ProofCheck)
    ) throws(ProofFailure) -> [String] {
        let checkpoint: CommitCheckpoint
        do {
            checkpoint = try CommitCheckpoint.parse(
                text: commit.note.text, chainName: genesis.chainName, chainID: genesis.chainID)
        } catch {
            throw fail(checks.message, "the note is not this chain's commit checkpoint: \(error)")
        }
        // The checkpoint names the round the quorum committed in, which may be later than the header's round.
        guard checkpoint.height == header.height, checkpoint.headerHash == header.hash,
            checkpoint.ledgerSize == header.ledgerSize, checkpoint.ledgerRoot == header.ledgerRoot,
            checkpoint.round >= header.round
        else {
            throw fail(
                checks.message,
                "the commit checkpoint does not state this header's height, hash and ledger head (at or after its round)"
            )
        }
        do {
            return try CommitNote.verify(commit.note, genesis: genesis, validators: validators).signers.map(\.name)
        } catch {
            throw fail(checks.quorum, error.description)
        }
    }

    private static func checkIssuer(
        _ part: ProofBundle.IssuerPart, transaction: SignedTransaction, credentialLeafIndex: UInt64,
        header: BlockHeader, genesis: Genesis, history: ValidatorHistory, hasher: MerkleHasher
    ) throws(ProofFailure) -> (IssuerRecord, String) {
        let registration = try decodeTransaction(part.registration, check: .issuerRegistration, genesis: genesis)
        guard case .registerIssuer(let register) = registration.body.payload else {
            throw fail(.issuerRegistration, "not a registerIssuer transaction")
        }
        // The ledger includes the registration before the issuing block, so its author was a member of a set that
        // began at or before that block.
        guard let authority = history.member(keyID: registration.body.authorKeyID, atOrBefore: header.height) else {
            throw fail(
                .issuerRegistration,
                "registered by \(registration.body.authorKeyID.hex), which was not a validator of any set up to block "
                    + "\(header.height)")
        }
        let verdict = authority.publicKey.verify(signature: registration.signature, message: registration.body.encoded)
        guard verdict == .valid else { throw fail(.issuerRegistration, "authority signature: \(verdict)") }
        let leafHash = registration.leafHash(hasher: hasher)
        guard leafHash == part.leaf.hash, part.leaf.index == part.ledgerInclusion.index else {
            throw fail(.issuerRegistration, "leaf hash or index does not match the registration transaction")
        }
        guard part.leaf.index < credentialLeafIndex else {
            throw fail(
                .issuerRegistration,
                "registration (leaf \(part.leaf.index)) must precede the transaction (leaf \(credentialLeafIndex))")
        }
        try checkLedgerInclusion(
            leafHash, part.ledgerInclusion, header: header, check: .issuerRegistration, hasher: hasher)
        let registered: P256PublicKey
        do {
            registered = try P256PublicKey(spkiDER: register.publicKey)
        } catch {
            throw fail(.issuerRegistration, "registered key is invalid: \(error)")
        }
        let key = try issuerSigningKey(
            author: transaction.body.authorKeyID, registered: registered, issuerID: register.issuerID,
            rotation: part.keyRotation, registrationLeaf: part.leaf.index, signedLeaf: credentialLeafIndex,
            header: header, genesis: genesis, check: .issuerRegistration)
        let record = IssuerRecord(
            issuerID: register.issuerID, displayName: register.displayName, country: register.country, publicKey: key,
            registeredBy: authority.keyID, transactionID: registration.id,
            location: TransactionLocation(height: 0, indexInBlock: 0, ledgerIndex: part.leaf.index))
        return (record, authority.name)
    }
}
