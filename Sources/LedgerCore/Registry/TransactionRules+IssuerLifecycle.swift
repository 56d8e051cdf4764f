/// The issuer's lifecycle after registration: its standing, its key, and revoking what a compromised key signed.
extension TransactionRules {
    /// The issuer whose current key is `author`, while active: what issuing and adding catalogue entries need. A
    /// retired key gets its own refusal, so its holder learns the key was rotated away.
    static func activeIssuer(author: KeyID, view: some RegistryView) throws -> Result<
        IssuerRecord, TransactionRejection
    > {
        guard let issuer = try view.issuer(keyID: author) else {
            return .failure(try retiredKeyRejection(author, view: view) ?? .authorNotIssuer)
        }
        guard issuer.standing == .active else {
            return .failure(.issuerNotActive(issuer: issuer.issuerID, standing: issuer.standing))
        }
        return .success(issuer)
    }

    /// `issuerKeyRetired` when `author` is a key a rotation retired (of `issuerID`, when given), else nil: the
    /// refusal that tells a retired key's holder why, instead of "not authorized".
    static func retiredKeyRejection(_ author: KeyID, of issuerID: String? = nil, view: some RegistryView) throws
        -> TransactionRejection?
    {
        guard let retired = try view.issuerKey(keyID: author), let retirement = retired.retirement,
            issuerID == nil || retired.issuerID == issuerID
        else { return nil }
        return .issuerKeyRetired(issuer: retired.issuerID, retiredAtHeight: retirement.location.height)
    }

    /// Whether a new key (an issuer's, a QA body's or a validator's) was ever used by an issuer or a QA body, or
    /// belongs to a validator of the block, the next one, or a pending addition.
    static func keyInUse(_ keyID: KeyID, view: some RegistryView, context: RuleContext) throws -> Bool {
        try context.isValidatorKey(keyID) || view.issuerKey(keyID: keyID) != nil || view.qaBody(keyID: keyID) != nil
    }

    /// The authority that registered an issuer, while a validator of the block, suspends it, reinstates it, or
    /// deregisters it for good.
    static func changeIssuerStanding(
        _ change: ChangeIssuerStanding, author: KeyID, id: TransactionID, view: some RegistryView,
        context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        if let late = decisionTimeProblem(change.decidedAtMilliseconds, context: context) { return .failure(late) }
        guard let issuer = try view.issuer(id: change.issuerID) else {
            return .failure(.unknownIssuer(change.issuerID))
        }
        guard author == issuer.registeredBy, context.signers.contains(author) else {
            return .failure(.notAuthorizedToChangeStanding(change.issuerID))
        }
        guard issuer.standing != .deregistered else { return .failure(.issuerDeregistered(change.issuerID)) }
        guard issuer.standing != change.standing else {
            return .failure(.issuerAlreadyInStanding(issuer: change.issuerID, standing: change.standing))
        }
        return .success(
            .issuerStandingChanged(
                issuerID: change.issuerID,
                IssuerStandingChange(standing: change.standing, transactionID: id, location: context.location)))
    }

    /// The issuer rotates its own key while active, its current key signing and the new key proving possession;
    /// or the authority that registered it, while a validator of the block, re-keys it in any standing but
    /// deregistered, signing alone (the proof is then optional, and checked when present). The new key must never
    /// have been used.
    static func rotateIssuerKey(
        _ rotate: RotateIssuerKey, author: KeyID, id: TransactionID, view: some RegistryView, context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        guard let issuer = try view.issuer(id: rotate.issuerID) else {
            return .failure(.unknownIssuer(rotate.issuerID))
        }
        let byAuthority = author == issuer.registeredBy && context.signers.contains(author)
        guard byAuthority || author == issuer.keyID else {
            return .failure(
                try retiredKeyRejection(author, of: issuer.issuerID, view: view)
                    ?? .notAuthorizedToRotateKey(rotate.issuerID))
        }
        guard issuer.standing != .deregistered else { return .failure(.issuerDeregistered(rotate.issuerID)) }
        if !byAuthority, issuer.standing != .active {
            return .failure(.issuerNotActive(issuer: issuer.issuerID, standing: issuer.standing))
        }
        let key: P256PublicKey
        do {
            key = try P256PublicKey(spkiDER: rotate.publicKey)
        } catch {
            return .failure(.invalidIssuerKey(error.description))
        }
        if rotate.proofOfPossession.isEmpty {
            guard byAuthority else { return .failure(.missingProofOfPossession) }
        } else {
            let message = RotateIssuerKey.possessionMessage(
                chainID: context.chainID, issuerID: rotate.issuerID, publicKey: rotate.publicKey)
            guard key.verify(signature: rotate.proofOfPossession, message: message) == .valid else {
                return .failure(.badProofOfPossession)
            }
        }
        guard try !keyInUse(key.keyID, view: view, context: context) else {
            return .failure(.issuerKeyInUse(key.keyID))
        }
        return .success(
            .issuerKeyRotated(
                issuerID: issuer.issuerID,
                IssuerKeyRotation(
                    publicKey: key, previousKeyID: issuer.keyID, byAuthority: byAuthority, transactionID: id,
                    location: context.location)))
    }

    /// The authority that registered an issuer, while a validator of the block, revokes every credential the
    /// issuer anchored in final blocks fromHeight…toHeight that is not revoked yet: at least one, and at most
    /// `Limits.rangeRevocationCredentialsMax` issuances in the range.
    static func revokeIssuedRange(
        _ revoke: RevokeIssuedRange, author: KeyID, id: TransactionID, view: some RegistryView, context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        guard let issuer = try view.issuer(id: revoke.issuerID) else {
            return .failure(.unknownIssuer(revoke.issuerID))
        }
        guard author == issuer.registeredBy, context.signers.contains(author) else {
            return .failure(.notAuthorizedToRevokeRange(revoke.issuerID))
        }
        guard revoke.toHeight < context.location.height else {
            return .failure(.revocationRangeNotFinal(toHeight: revoke.toHeight, blockHeight: context.location.height))
        }
        let countMax = Limits.rangeRevocationCredentialsMax
        let issued = try view.credentials(
            issuedBy: revoke.issuerID, heights: revoke.fromHeight...revoke.toHeight, limit: countMax + 1)
        guard issued.count <= countMax else {
            return .failure(.revocationRangeTooLarge(countMax: countMax))
        }
        let covered = issued.filter { $0.revocation == nil }.map(\.credentialID)
        guard !covered.isEmpty else {
            return .failure(
                .nothingToRevoke(issuer: revoke.issuerID, fromHeight: revoke.fromHeight, toHeight: revoke.toHeight))
        }
        let record = RevocationRecord(
            reason: revoke.reason, revokedBy: author, transactionID: id, location: context.location)
        return .success(.credentialsRevoked(credentialIDs: covered, record))
    }
}
