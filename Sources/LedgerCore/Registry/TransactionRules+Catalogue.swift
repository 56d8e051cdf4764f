/// The catalogue's rules: who may add an entry, and what a pathway's components must be.
extension TransactionRules {
    /// A registered issuer adds an entry under a new id. A pathway's components must already be in the catalogue
    /// (any issuer's, so awards stack across institutions), and must not be pathways themselves, so a verifier
    /// checks a stacked award one level deep.
    static func registerDefinition(
        _ definition: RegisterDefinition, author: KeyID, id: TransactionID, view: some RegistryView,
        context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        let issuer: IssuerRecord
        switch try activeIssuer(author: author, view: view) {
        case .success(let found): issuer = found
        case .failure(let rejection): return .failure(rejection)
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
}
