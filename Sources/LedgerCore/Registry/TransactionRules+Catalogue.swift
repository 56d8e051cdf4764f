/// The catalogue's rules: who may add an entry, and what a pathway's components must be.
extension TransactionRules {
    /// A registered issuer adds an entry under a new id. A pathway's components must already be in the catalogue
    /// (any issuer's, so awards stack across institutions), and must not be pathways themselves, so a verifier
    /// checks a stacked award one level deep.
    static func registerDefinition(
        _ definition: RegisterDefinition, author: KeyID, id: TransactionID, view: some RegistryView,
        context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        guard let issuer = try view.issuer(keyID: author) else { return .failure(.authorNotIssuer) }
        guard issuer.standing == .active else {
            return .failure(.issuerNotActive(issuer: issuer.issuerID, standing: issuer.standing))
        }
        guard try view.definition(id: definition.definitionID) == nil else {
            return .failure(.definitionAlreadyRegistered(definition.definitionID))
        }
        for component in definition.components {
            guard let entry = try view.definition(id: component) else { return .failure(.unknownDefinition(component)) }
            guard entry.definition.activity != .pathway else { return .failure(.componentIsPathway(component)) }
        }
        return .success(
            .definitionRegistered(
                DefinitionRecord(
                    definition: definition, issuerID: issuer.issuerID, transactionID: id, location: context.location)))
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
}
