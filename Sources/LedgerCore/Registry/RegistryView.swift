/// Read access to registry state: issuers, definitions and credentials from the chain. The validators are the
/// block's (`RuleContext.signers`), not the registry's. Rules are pure functions over this view; the store and
/// `InMemoryRegistry` implement it.
/// Reads throw only when storage fails (never for a missing record), so a disk error is never mistaken
/// for a rule's verdict.
public protocol RegistryView {
    func issuer(keyID: KeyID) throws -> IssuerRecord?
    func issuer(id: String) throws -> IssuerRecord?
    func definition(id: String) throws -> DefinitionRecord?
    func credential(id: String) throws -> CredentialRecord?
    func qaBody(keyID: KeyID) throws -> QABodyRecord?
    func qaBody(id: String) throws -> QABodyRecord?
    func accreditation(id: String) throws -> AccreditationRecord?
    func containsTransaction(_ id: TransactionID) throws -> Bool
    /// Any key an issuer holds or held (its current one, or one a rotation retired); keys are never reused.
    func issuerKey(keyID: KeyID) throws -> IssuerKeyRecord?
    /// Up to `limit` credentials the issuer anchored in blocks `heights`, revoked ones included, in ledger order.
    func credentials(issuedBy issuerID: String, heights: ClosedRange<UInt64>, limit: Int) throws -> [CredentialRecord]
}

extension RegistryView {
    /// The key of a validator of `validators`, of an issuer or of a QA body, for checking an author's signature.
    /// A retired issuer key is found too, so a transaction it signs gets the rules' verdict (`issuerKeyRetired`)
    /// rather than "unknown author".
    public func publicKey(for keyID: KeyID, validators: ValidatorSet) throws -> P256PublicKey? {
        try validators.validator(keyID: keyID)?.publicKey ?? issuerKey(keyID: keyID)?.publicKey
            ?? qaBody(keyID: keyID)?.publicKey
    }
}
