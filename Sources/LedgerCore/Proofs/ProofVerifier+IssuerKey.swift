/// Which key an issuer signed with (docs/PROOFS.md, "Rotated issuer keys"). The ledger holds only transactions the
/// rules admitted, and they refuse a retired key, so a signed transaction in the ledger was signed by the issuer's
/// key of the time: a verifier needs only to learn that the key was ever the issuer's. That is its registered key,
/// or the key a rotation of the same issuer introduced, included in the ledger between the registration and the
/// signed transaction.
extension ProofVerifier {
    /// The issuer's key with id `author`: `registered` itself, or the new key of `rotation`, which must name
    /// `issuerID`, sit in `header`'s ledger at a leaf after `registrationLeaf` and before `signedLeaf`, and carry a
    /// valid proof of possession when it carries one.
    static func issuerSigningKey(
        author: KeyID, registered: P256PublicKey, issuerID: String, rotation: ProofBundle.KeyRotationPart?,
        registrationLeaf: UInt64, signedLeaf: UInt64, header: BlockHeader, genesis: Genesis, check: ProofCheck
    ) throws(ProofFailure) -> P256PublicKey {
        guard let rotation else {
            guard registered.keyID == author else {
                throw fail(check, "issuer \(issuerID)'s registered key did not sign, and no key rotation is carried")
            }
            return registered
        }
        guard registered.keyID != author else {
            throw fail(check, "the registered key signed, yet a key rotation is carried")
        }
        let transaction = try decodeTransaction(rotation.transaction, check: check, genesis: genesis)
        guard case .rotateIssuerKey(let rotate) = transaction.body.payload, rotate.issuerID == issuerID else {
            throw fail(check, "the carried key rotation is not a rotateIssuerKey of issuer \(issuerID)")
        }
        let key: P256PublicKey
        do {
            key = try P256PublicKey(spkiDER: rotate.publicKey)
        } catch {
            throw fail(check, "the rotation's new key is invalid: \(error)")
        }
        guard key.keyID == author else {
            throw fail(check, "the rotation introduced key \(key.keyID.hex), not the signing key \(author.hex)")
        }
        guard registrationLeaf < rotation.inclusion.index, rotation.inclusion.index < signedLeaf else {
            throw fail(
                check,
                "the rotation (leaf \(rotation.inclusion.index)) must come after the registration (leaf "
                    + "\(registrationLeaf)) and before the signed transaction (leaf \(signedLeaf))")
        }
        if !rotate.proofOfPossession.isEmpty {
            let message = RotateIssuerKey.possessionMessage(
                chainID: genesis.chainID, issuerID: issuerID, publicKey: rotate.publicKey)
            guard key.verify(signature: rotate.proofOfPossession, message: message) == .valid else {
                throw fail(check, "the rotation's proof of possession does not verify")
            }
        }
        let hasher = MerkleHasher()
        try checkLedgerInclusion(
            transaction.leafHash(hasher: hasher), rotation.inclusion, header: header, check: check, hasher: hasher)
        return key
    }
}
