/// Quality assurance: QA bodies, their accreditations, and what a credential that cites one must satisfy.
///
/// Jurisdiction (docs/DECISIONS.md, issue 15): a member-state authority registers its QA bodies and its issuers;
/// a QA body accredits only issuers registered by the authority that registered it, in its own country. Across
/// states nothing is implied: an accreditation is shown to every verifier as its body's, for its state.
extension TransactionRules {
    static func registerQABody(
        _ register: RegisterQABody, author: KeyID, id: TransactionID, view: some RegistryView, context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        guard context.signers.contains(author) else { return .failure(.authorNotValidator) }
        guard try view.qaBody(id: register.qaBodyID) == nil else {
            return .failure(.qaBodyAlreadyRegistered(register.qaBodyID))
        }
        let key: P256PublicKey
        do {
            key = try P256PublicKey(spkiDER: register.publicKey)
        } catch {
            return .failure(.invalidQABodyKey(error.description))
        }
        guard try !keyInUse(key.keyID, view: view, context: context) else {
            return .failure(.qaBodyKeyInUse(key.keyID))
        }
        return .success(
            .qaBodyRegistered(
                QABodyRecord(
                    qaBodyID: register.qaBodyID, displayName: register.displayName, country: register.country,
                    publicKey: key, registeredBy: author, transactionID: id, location: context.location)))
    }

    static func recordAccreditation(
        _ record: RecordAccreditation, author: KeyID, id: TransactionID, view: some RegistryView,
        context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        guard let body = try view.qaBody(keyID: author) else { return .failure(.authorNotQABody) }
        guard try view.accreditation(id: record.accreditationID) == nil else {
            return .failure(.accreditationAlreadyRecorded(record.accreditationID))
        }
        guard let issuer = try view.issuer(id: record.issuerID) else {
            return .failure(.unknownIssuer(record.issuerID))
        }
        guard issuer.registeredBy == body.registeredBy, issuer.country == body.country else {
            return .failure(.outsideJurisdiction(qaBody: body.qaBodyID, issuer: issuer.issuerID))
        }
        if case .entries(let ids) = record.scope {
            for entry in ids {
                guard let definition = try view.definition(id: entry) else {
                    return .failure(.unknownDefinition(entry))
                }
                guard definition.issuerID == issuer.issuerID else {
                    return .failure(.definitionOfAnotherIssuer(definition: entry, issuer: issuer.issuerID))
                }
            }
        }
        return .success(
            .accreditationRecorded(
                AccreditationRecord(
                    accreditation: record, qaBodyID: body.qaBodyID, transactionID: id, location: context.location)))
    }

    static func withdrawAccreditation(
        _ withdraw: WithdrawAccreditation, author: KeyID, id: TransactionID, view: some RegistryView,
        context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        if let late = decisionTimeProblem(withdraw.decidedAtMilliseconds, context: context) { return .failure(late) }
        guard let record = try view.accreditation(id: withdraw.accreditationID) else {
            return .failure(.unknownAccreditation(withdraw.accreditationID))
        }
        guard try view.qaBody(id: record.qaBodyID)?.keyID == author else {
            return .failure(.notAuthorizedToWithdraw(withdraw.accreditationID))
        }
        guard record.withdrawal == nil else { return .failure(.accreditationWithdrawn(withdraw.accreditationID)) }
        return .success(
            .accreditationWithdrawn(
                accreditationID: withdraw.accreditationID,
                AccreditationWithdrawal(
                    decidedAtMilliseconds: withdraw.decidedAtMilliseconds, transactionID: id,
                    location: context.location)))
    }

    /// A credential that cites an accreditation: the record exists, is not withdrawn, is for the credential's
    /// issuer, is valid at the block's time, and its scope covers the credential's catalogue entry.
    static func accreditationProblem(
        _ accreditationID: String, issuer: IssuerRecord, definition: DefinitionRecord?, view: some RegistryView,
        context: RuleContext
    ) throws -> TransactionRejection? {
        guard let record = try view.accreditation(id: accreditationID) else {
            return .unknownAccreditation(accreditationID)
        }
        guard record.withdrawal == nil else { return .accreditationWithdrawn(accreditationID) }
        let accreditation = record.accreditation
        func notCovered(_ reason: String) -> TransactionRejection {
            .accreditationDoesNotCover(accreditation: accreditationID, reason: reason)
        }
        guard accreditation.issuerID == issuer.issuerID else {
            return notCovered("it accredits issuer \(accreditation.issuerID), not \(issuer.issuerID)")
        }
        guard accreditation.isValid(atMilliseconds: context.blockTimestampMilliseconds) else {
            return notCovered(
                "it is valid from \(accreditation.validFromMilliseconds) to \(accreditation.validUntilMilliseconds) "
                    + "ms, and the block is at \(context.blockTimestampMilliseconds) ms")
        }
        guard accreditation.scope.covers(definition?.definition) else {
            return notCovered(
                definition.map { "its scope does not include \($0.definition.definitionID)" }
                    ?? "the credential names no catalogue entry, and the scope is not every kind")
        }
        return nil
    }

    /// A credential for a pathway stacks component credentials: each exists and is active, is for one of the
    /// pathway's entries (each entry counted once), and together they reach the pathway's requirement. The
    /// components may come from any issuer and need not share the award's subject commitment.
    static func stackingProblem(
        _ issue: IssueCredential, definition: DefinitionRecord?, view: some RegistryView
    ) throws -> TransactionRejection? {
        guard let definition, definition.definition.activity == .pathway else {
            guard issue.components.isEmpty else { return .notAPathway(issue.definitionID ?? "") }
            return nil
        }
        let pathway = definition.definition
        var held = Set<String>()
        for component in issue.components {
            guard let credential = try view.credential(id: component) else { return .unknownCredential(component) }
            guard credential.state == .active else {
                return .componentNotActive(credential: component, state: credential.state)
            }
            guard let entry = credential.issue.definitionID, pathway.components.contains(entry), !held.contains(entry)
            else { return .componentNotInPathway(credential: component, pathway: pathway.definitionID) }
            held.insert(entry)
        }
        guard pathway.isCompleted(byHolding: held) else {
            return .pathwayIncomplete(
                pathway: pathway.definitionID, required: Int(pathway.componentsRequired), held: held.count)
        }
        return nil
    }
}
