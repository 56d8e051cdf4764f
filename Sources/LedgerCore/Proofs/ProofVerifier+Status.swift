/// The issuance a status part must be about, as the bundle's issuance part proved it.
struct IssuedCredential {
    let credentialID: String
    /// The issuance's leaf in the ledger tree; the credential's record must name it.
    let ledgerIndex: UInt64
    let issuerID: String
    let issuerKeyID: KeyID
    /// The issuing block's header; the status header must be on the same chain, at or after it.
    let header: BlockHeader
}

extension ProofVerifier {
    /// The status checks of docs/PROOFS.md ("The status part"), in order: the status header and its commit
    /// note; the consistency proof from the issuing header's ledger; the credential's record (bound to this
    /// issuance) and the issuer's record (bound to its key), each against `statusRoot`. The keys are computed
    /// here from the ids; a proof never supplies one.
    static func checkStatus(
        _ status: StatusProof, of issued: IssuedCredential, genesis: Genesis, history: ValidatorHistory
    ) throws(ProofFailure) -> VerifiedStatus {
        let header = try checkHeader(status.header, check: .statusHeader)
        guard header.chainID == genesis.chainID else { throw fail(.statusHeader, "status header names another chain") }
        let signers = try checkCommit(
            status.commit, header: header, genesis: genesis,
            validators: try history.validators(for: header, check: .statusCommit),
            checks: (.statusCommit, .statusCommit))
        guard header.height >= issued.header.height else {
            throw fail(
                .statusConsistency,
                "status header (block \(header.height)) is before the issuing block \(issued.header.height)")
        }
        let consistency = status.consistency
        guard consistency.fromSize == issued.header.ledgerSize, consistency.toSize == header.ledgerSize else {
            throw fail(
                .statusConsistency,
                "the consistency proof must run from ledger size \(issued.header.ledgerSize) to \(header.ledgerSize)")
        }
        do {
            try MerkleProofVerifier.verifyConsistency(
                size1: consistency.fromSize, size2: consistency.toSize, root1: issued.header.ledgerRoot,
                root2: header.ledgerRoot, proof: consistency.path, hasher: MerkleHasher())
        } catch {
            throw fail(.statusConsistency, "the status header's ledger does not extend the issuing one: \(error)")
        }
        guard
            case .credential(let credential) = try provenRecord(
                status.credential, kind: .credential, id: issued.credentialID, chainID: genesis.chainID,
                root: header.statusRoot, check: .statusRecord)
        else { throw fail(.statusRecord, "the record is not a credential's") }
        guard credential.issuanceLedgerIndex == issued.ledgerIndex, credential.changedAtHeight <= header.height else {
            throw fail(
                .statusRecord,
                "the record names issuance leaf \(credential.issuanceLedgerIndex), the bundle's issuance is leaf "
                    + "\(issued.ledgerIndex)")
        }
        guard
            case .issuer(let issuer) = try provenRecord(
                status.issuer, kind: .issuer, id: issued.issuerID, chainID: genesis.chainID, root: header.statusRoot,
                check: .issuerStatus)
        else { throw fail(.issuerStatus, "the record is not an issuer's") }
        // Any standing: a suspended or deregistered issuer's past credentials stay valid; the standing is reported.
        // Any key too: the record holds the current key, which a later rotation may have changed; the signing key
        // was proven to be the issuer's (`issuerSigningKey`), and a verifier reports the difference.
        return VerifiedStatus(
            credential: credential, issuer: issuer, header: header, signers: signers,
            epoch: history.epoch(atHeight: header.height).number)
    }

    /// A record's inclusion under `root` at the key computed from the chain, `kind` and `id`.
    static func provenRecord(
        _ part: StatusProof.RecordPart, kind: StatusRecordKind, id: String, chainID: SHA256Digest, root: SHA256Digest,
        check: ProofCheck
    ) throws(ProofFailure) -> StatusRecord {
        do {
            let key = try StatusKey.hash(chainID: chainID, kind: kind, recordID: id)
            let proof = SparseMerkleProof(
                leaf: .init(keyHash: key, valueHash: SparseMerkleHasher().valueHash(part.record)),
                siblings: part.siblings)
            try proof.verifyInclusion(root: root, keyHash: key, value: part.record)
        } catch let error as SparseMerkleProofError {
            throw fail(check, "the \(kind) record is not in the status map of the status header: \(error)")
        } catch {
            throw fail(check, "\(error)")
        }
        do {
            return try StatusRecord.decode(part.record)
        } catch {
            throw fail(check, "the \(kind) record does not decode: \(error)")
        }
    }
}
