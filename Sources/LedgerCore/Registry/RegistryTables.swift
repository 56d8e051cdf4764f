/// The mutable tables behind both in-memory registry views: issuers, definitions, credentials, transaction ids.
struct RegistryTables: Sendable, Equatable {
    var issuersByKey: [KeyID: IssuerRecord] = [:]
    var issuerKeys: [String: KeyID] = [:]
    var definitions: [String: DefinitionRecord] = [:]
    var credentials: [String: CredentialRecord] = [:]
    var qaBodiesByKey: [KeyID: QABodyRecord] = [:]
    var qaBodyKeys: [String: KeyID] = [:]
    var accreditations: [String: AccreditationRecord] = [:]
    /// Keys rotations retired, with the rotation that retired each.
    var retiredIssuerKeys: [KeyID: IssuerKeyRecord] = [:]
    var transactions: Set<TransactionID> = []

    func issuer(id: String) -> IssuerRecord? { issuerKeys[id].flatMap { issuersByKey[$0] } }

    /// A key held here: retired by a rotation here, or the current key of an issuer here.
    func issuerKey(keyID: KeyID) -> IssuerKeyRecord? {
        if let retired = retiredIssuerKeys[keyID] { return retired }
        return issuersByKey[keyID].map {
            IssuerKeyRecord(issuerID: $0.issuerID, publicKey: $0.publicKey, retirement: nil)
        }
    }

    /// The credentials here that `issuerID` anchored in `heights`, in ledger order.
    func credentials(issuedBy issuerID: String, heights: ClosedRange<UInt64>) -> [CredentialRecord] {
        credentials.values.filter { $0.issuerID == issuerID && heights.contains($0.location.height) }
            .sorted { $0.location.ledgerIndex < $1.location.ledgerIndex }
    }
    func qaBody(id: String) -> QABodyRecord? { qaBodyKeys[id].flatMap { qaBodiesByKey[$0] } }

    /// Records a change; `existing` supplies the credential a status change applies to when it is not here yet,
    /// and `existingAccreditation` the accreditation a withdrawal applies to.
    mutating func apply(
        _ change: RegistryChange, existing: (String) throws -> CredentialRecord?,
        existingAccreditation: (String) throws -> AccreditationRecord?,
        existingIssuer: (String) throws -> IssuerRecord?
    ) rethrows {
        precondition(!transactions.contains(change.transactionID), "a change must come from the rules, once")
        transactions.insert(change.transactionID)
        switch change {
        case .issuerRegistered(let record):
            issuersByKey[record.keyID] = record
            issuerKeys[record.issuerID] = record.keyID
        case .definitionRegistered(let record):
            definitions[record.definition.definitionID] = record
        case .credentialIssued(let record):
            credentials[record.credentialID] = record
        case .credentialRevoked(let credentialID, let revocation):
            guard var record = try credentials[credentialID] ?? existing(credentialID) else {
                preconditionFailure("revocation of credential \(credentialID), unknown here, passed the rules")
            }
            record.revocation = revocation
            credentials[credentialID] = record
        case .credentialSuspension(let credentialID, let suspension):
            guard var record = try credentials[credentialID] ?? existing(credentialID) else {
                preconditionFailure("suspension of an unknown credential passed the rules")
            }
            record.suspension = suspension
            credentials[credentialID] = record
        case .validatorGovernance:
            break
        case .qaBodyRegistered(let record):
            qaBodiesByKey[record.keyID] = record
            qaBodyKeys[record.qaBodyID] = record.keyID
        case .accreditationRecorded(let record):
            accreditations[record.accreditationID] = record
        case .accreditationWithdrawn(let accreditationID, let withdrawal):
            guard var record = try accreditations[accreditationID] ?? existingAccreditation(accreditationID) else {
                preconditionFailure("withdrawal of an unknown accreditation passed the rules")
            }
            record.withdrawal = withdrawal
            accreditations[accreditationID] = record
        case .issuerStandingChanged(let issuerID, let standing):
            guard var record = try issuer(id: issuerID) ?? existingIssuer(issuerID) else {
                preconditionFailure("a standing change of an unknown issuer passed the rules")
            }
            record.standingChange = standing
            issuersByKey[record.keyID] = record
            issuerKeys[record.issuerID] = record.keyID
        case .issuerKeyRotated(let issuerID, let rotation):
            guard var record = try issuer(id: issuerID) ?? existingIssuer(issuerID) else {
                preconditionFailure("a key rotation of an unknown issuer passed the rules")
            }
            issuersByKey[record.keyID] = nil
            retiredIssuerKeys[record.keyID] = IssuerKeyRecord(
                issuerID: issuerID, publicKey: record.publicKey, retirement: rotation)
            record.publicKey = rotation.publicKey
            record.keyRotation = rotation
            issuersByKey[record.keyID] = record
            issuerKeys[issuerID] = record.keyID
        case .credentialsRevoked(let credentialIDs, let revocation):
            for credentialID in credentialIDs {
                guard var record = try credentials[credentialID] ?? existing(credentialID) else {
                    preconditionFailure(
                        "a range revocation of credential \(credentialID), unknown here, passed the rules")
                }
                record.revocation = revocation
                credentials[credentialID] = record
            }
        }
    }

    /// Removes a change that the base now holds. A credential stays while a later change to it is still here.
    mutating func forget(_ change: RegistryChange) {
        transactions.remove(change.transactionID)
        switch change {
        case .issuerRegistered(let record):
            issuersByKey[record.keyID] = nil
            issuerKeys[record.issuerID] = nil
        case .definitionRegistered(let record):
            definitions[record.definition.definitionID] = nil
        case .credentialIssued(let record):
            forgetCredential(record.credentialID, ifLatest: record.transactionID)
        case .credentialRevoked(let credentialID, let revocation):
            forgetCredential(credentialID, ifLatest: revocation.transactionID)
        case .credentialSuspension(let credentialID, let suspension):
            forgetCredential(credentialID, ifLatest: suspension.transactionID)
        case .validatorGovernance:
            break
        case .qaBodyRegistered(let record):
            qaBodiesByKey[record.keyID] = nil
            qaBodyKeys[record.qaBodyID] = nil
        case .accreditationRecorded(let record):
            if accreditations[record.accreditationID]?.withdrawal == nil {
                accreditations[record.accreditationID] = nil
            }
        case .accreditationWithdrawn(let accreditationID, let withdrawal):
            if accreditations[accreditationID]?.withdrawal?.transactionID == withdrawal.transactionID {
                accreditations[accreditationID] = nil
            }
        case .issuerStandingChanged(let issuerID, let standing):
            if let record = issuer(id: issuerID), record.latestChange.transactionID == standing.transactionID {
                issuersByKey[record.keyID] = nil
                issuerKeys[issuerID] = nil
            }
        case .issuerKeyRotated(let issuerID, let rotation):
            retiredIssuerKeys[rotation.previousKeyID] = nil
            if let record = issuer(id: issuerID), record.latestChange.transactionID == rotation.transactionID {
                issuersByKey[record.keyID] = nil
                issuerKeys[issuerID] = nil
            }
        case .credentialsRevoked(let credentialIDs, let revocation):
            for credentialID in credentialIDs { forgetCredential(credentialID, ifLatest: revocation.transactionID) }
        }
    }

    /// Drops a credential's row when `transactionID` made its current state: no later change to it is here.
    private mutating func forgetCredential(_ credentialID: String, ifLatest transactionID: TransactionID) {
        if credentials[credentialID]?.stateChange.transactionID == transactionID { credentials[credentialID] = nil }
    }
}
