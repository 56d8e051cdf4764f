/// The registry's half of the governance rules: what needs a signature check or the issuer table. The set's own
/// rules are `ValidatorGovernance.evaluate`.
extension TransactionRules {
    static func proposeValidatorChange(
        _ propose: ProposeValidatorChange, author: KeyID, id: TransactionID, view: some RegistryView,
        context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        guard context.admitsStatedTime(propose.proposedAtMilliseconds) else {
            return .failure(
                .proposalTimeInFuture(
                    proposedAtMilliseconds: propose.proposedAtMilliseconds,
                    blockTimestampMilliseconds: context.blockTimestampMilliseconds))
        }
        if case .add(let addition) = propose.change {
            let key: P256PublicKey
            do {
                key = try P256PublicKey(spkiDER: addition.publicKey)
            } catch {
                return .failure(.invalidValidatorKey(error.description))
            }
            let message = ValidatorAddition.possessionMessage(
                chainID: context.chainID, name: addition.name, country: addition.country,
                publicKey: addition.publicKey)
            guard key.verify(signature: addition.proofOfPossession, message: message) == .valid else {
                return .failure(.badProofOfPossession)
            }
            if let collision = try keyCollision(key.keyID, view: view, context: context) {
                return .failure(collision)
            }
        }
        return governance(
            .proposeValidatorChange(propose), author: author, id: id, context: context)
    }

    static func approveValidatorChange(
        _ verified: VerifiedTransaction, view: some RegistryView, context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        let decision = governance(
            verified.body.payload, author: verified.body.authorKeyID, id: verified.id, context: context)
        // An issuer registered while the proposal was pending may have taken its key since.
        if case .success(.validatorGovernance(let change)) = decision, change.passes,
            case .approved(let proposalID, _, _, _, _) = change,
            case .add(let addition)? = context.governance.proposal(id: proposalID)?.change,
            let collision = try keyCollision(SHA256.hash(addition.publicKey), view: view, context: context)
        {
            return .failure(collision)
        }
        return decision
    }

    private static func keyCollision(_ keyID: KeyID, view: some RegistryView, context: RuleContext) throws
        -> TransactionRejection?
    {
        guard !context.signers.contains(keyID), try view.issuerKey(keyID: keyID) == nil,
            try view.qaBody(keyID: keyID) == nil
        else {
            return .validatorKeyInUse(keyID)
        }
        return nil
    }

    private static func governance(
        _ payload: TransactionPayload, author: KeyID, id: TransactionID, context: RuleContext
    ) -> Result<RegistryChange, TransactionRejection> {
        context.governance.evaluate(
            payload, author: author, transactionID: id, location: context.location, signers: context.signers
        ).map { .validatorGovernance($0) }
    }
}
