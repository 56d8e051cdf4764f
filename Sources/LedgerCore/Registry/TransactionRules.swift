/// Facts about the block a transaction is evaluated for; time is an input, never read from a clock.
public struct RuleContext: Sendable, Hashable {
    public let chainID: SHA256Digest
    public let location: TransactionLocation
    public let blockTimestampMilliseconds: UInt64
    /// S(h): the set that certifies the block, whose members are the authorities for all of it.
    public let signers: ValidatorSet
    /// The governance state before this transaction: the parent's, with the block's earlier governance
    /// transactions applied (so its set is already the next one if a change passed earlier in the block).
    public var governance: ValidatorGovernance

    public init(
        chainID: SHA256Digest, location: TransactionLocation, blockTimestampMilliseconds: UInt64,
        signers: ValidatorSet, governance: ValidatorGovernance
    ) {
        self.chainID = chainID
        self.location = location
        self.blockTimestampMilliseconds = blockTimestampMilliseconds
        self.signers = signers
        self.governance = governance
    }

    /// The context for a block on top of `parent`: its set signs, and governance starts from the parent's.
    public init(
        chainID: SHA256Digest, location: TransactionLocation, blockTimestampMilliseconds: UInt64, parent: ChainTip
    ) {
        self.init(
            chainID: chainID, location: location, blockTimestampMilliseconds: blockTimestampMilliseconds,
            signers: parent.validators, governance: parent.governance)
    }

    /// Whether a time a transaction states (issued, decided, proposed) is at most the issue-time margin after the
    /// block's timestamp: it may be earlier (offline signing), never far later.
    func admitsStatedTime(_ milliseconds: UInt64) -> Bool {
        let (latest, overflow) = blockTimestampMilliseconds.addingReportingOverflow(
            Limits.issueTimeAheadMillisecondsMax)
        return overflow || milliseconds <= latest
    }

    /// Whether `keyID` belongs to a validator of this block or the next, or to a pending addition: keys an issuer
    /// may not take, and a new validator may not reuse.
    func isValidatorKey(_ keyID: KeyID) -> Bool {
        signers.contains(keyID) || governance.validators.contains(keyID)
            || governance.proposals.contains { proposal in
                guard case .add(let addition) = proposal.change else { return false }
                return SHA256.hash(addition.publicKey) == keyID
            }
    }
}

/// The registry rules (DESIGN.md "Transactions"), as pure functions of a verified transaction and a view.
public enum TransactionRules {
    /// Decides whether the transaction is allowed now and, if so, what it changes. Throws only when the
    /// view's storage fails.
    public static func evaluate(
        _ verified: VerifiedTransaction, in view: some RegistryView, context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        let body = verified.body
        let author = body.authorKeyID
        guard body.chainID == context.chainID else {
            return .failure(.wrongChain(expected: context.chainID, actual: body.chainID))
        }
        guard try !view.containsTransaction(verified.id) else { return .failure(.duplicateTransaction(verified.id)) }
        switch body.payload {
        case .registerIssuer(let register):
            return try registerIssuer(register, author: author, id: verified.id, view: view, context: context)
        case .registerDefinition(let definition):
            return try registerDefinition(definition, author: author, id: verified.id, view: view, context: context)
        case .issueCredential(let issue):
            return try issueCredential(issue, author: author, id: verified.id, view: view, context: context)
        case .revokeCredential(let revoke):
            let unauthorized = TransactionRejection.notAuthorizedToRevoke(revoke.credentialID)
            return try changeStatus(of: revoke.credentialID, author: author, view: view, unauthorized) { credential in
                guard credential.revocation == nil else { return .failure(.alreadyRevoked(revoke.credentialID)) }
                let revocation = RevocationRecord(
                    reason: revoke.reason, revokedBy: author, transactionID: verified.id, location: context.location)
                return .success(.credentialRevoked(credentialID: revoke.credentialID, revocation))
            }
        case .suspendCredential(let suspend):
            if let late = decisionTimeProblem(suspend.decidedAtMilliseconds, context: context) { return .failure(late) }
            let unauthorized = TransactionRejection.notAuthorizedToSuspend(suspend.credentialID)
            return try changeStatus(of: suspend.credentialID, author: author, view: view, unauthorized) { credential in
                switch credential.state {
                case .revoked: return .failure(.alreadyRevoked(suspend.credentialID))
                case .suspended: return .failure(.alreadySuspended(suspend.credentialID))
                case .active:
                    let record = SuspensionRecord(
                        reason: suspend.reason, changedBy: author, transactionID: verified.id,
                        location: context.location)
                    return .success(.credentialSuspension(credentialID: suspend.credentialID, record))
                }
            }
        case .proposeValidatorChange(let propose):
            return try proposeValidatorChange(propose, author: author, id: verified.id, view: view, context: context)
        case .approveValidatorChange:
            return try approveValidatorChange(verified, view: view, context: context)
        case .registerQABody(let register):
            return try registerQABody(register, author: author, id: verified.id, view: view, context: context)
        case .recordAccreditation(let record):
            return try recordAccreditation(record, author: author, id: verified.id, view: view, context: context)
        case .withdrawAccreditation(let withdraw):
            return try withdrawAccreditation(withdraw, author: author, id: verified.id, view: view, context: context)
        case .changeIssuerStanding(let change):
            return try changeIssuerStanding(change, author: author, id: verified.id, view: view, context: context)
        case .rotateIssuerKey(let rotate):
            return try rotateIssuerKey(rotate, author: author, id: verified.id, view: view, context: context)
        case .revokeIssuedRange(let revoke):
            return try revokeIssuedRange(revoke, author: author, id: verified.id, view: view, context: context)
        case .reinstateCredential(let reinstate):
            if let late = decisionTimeProblem(reinstate.decidedAtMilliseconds, context: context) {
                return .failure(late)
            }
            let unauthorized = TransactionRejection.notAuthorizedToSuspend(reinstate.credentialID)
            return try changeStatus(of: reinstate.credentialID, author: author, view: view, unauthorized) {
                credential in
                switch credential.state {
                case .revoked: return .failure(.alreadyRevoked(reinstate.credentialID))
                case .active: return .failure(.notSuspended(reinstate.credentialID))
                case .suspended:
                    let record = SuspensionRecord(
                        reason: nil, changedBy: author, transactionID: verified.id, location: context.location)
                    return .success(.credentialSuspension(credentialID: reinstate.credentialID, record))
                }
            }
        }
    }

    /// A suspension's or reinstatement's decision time may run ahead of the block by the margin an issue time has.
    static func decisionTimeProblem(_ decided: UInt64, context: RuleContext) -> TransactionRejection? {
        guard context.admitsStatedTime(decided) else {
            return .decisionTimeInFuture(
                decidedAtMilliseconds: decided, blockTimestampMilliseconds: context.blockTimestampMilliseconds)
        }
        return nil
    }

    /// A revocation, suspension or reinstatement: the credential exists, `decide` allows the transition from
    /// its state, and then the author must be its issuer or the authority that registered that issuer.
    private static func changeStatus(
        of credentialID: String, author: KeyID, view: some RegistryView, _ unauthorized: TransactionRejection,
        decide: (CredentialRecord) -> Result<RegistryChange, TransactionRejection>
    ) throws -> Result<RegistryChange, TransactionRejection> {
        guard let credential = try view.credential(id: credentialID) else {
            return .failure(.unknownCredential(credentialID))
        }
        let decision = decide(credential)
        guard case .success = decision else { return decision }
        guard let issuer = try view.issuer(id: credential.issuerID) else {
            preconditionFailure("a credential's issuer is always registered")
        }
        guard author == issuer.keyID || author == issuer.registeredBy else {
            return .failure(try retiredKeyRejection(author, of: issuer.issuerID, view: view) ?? unauthorized)
        }
        return decision
    }

    private static func registerIssuer(
        _ register: RegisterIssuer, author: KeyID, id: TransactionID, view: some RegistryView, context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        guard context.signers.contains(author) else { return .failure(.authorNotValidator) }
        guard try view.issuer(id: register.issuerID) == nil else {
            return .failure(.issuerAlreadyRegistered(register.issuerID))
        }
        let key: P256PublicKey
        do {
            key = try P256PublicKey(spkiDER: register.publicKey)
        } catch {
            return .failure(.invalidIssuerKey(error.description))
        }
        guard try !keyInUse(key.keyID, view: view, context: context) else {
            return .failure(.issuerKeyInUse(key.keyID))
        }
        return .success(
            .issuerRegistered(
                IssuerRecord(
                    issuerID: register.issuerID, displayName: register.displayName, country: register.country,
                    publicKey: key, registeredBy: author, transactionID: id, location: context.location)))
    }

    private static func issueCredential(
        _ issue: IssueCredential, author: KeyID, id: TransactionID, view: some RegistryView, context: RuleContext
    ) throws -> Result<RegistryChange, TransactionRejection> {
        let issuer: IssuerRecord
        switch try activeIssuer(author: author, view: view) {
        case .success(let found): issuer = found
        case .failure(let rejection): return .failure(rejection)
        }
        guard try view.credential(id: issue.credentialID) == nil else {
            return .failure(.credentialAlreadyIssued(issue.credentialID))
        }
        var definition: DefinitionRecord? = nil
        if let definitionID = issue.definitionID {
            guard let found = try view.definition(id: definitionID) else {
                return .failure(.unknownDefinition(definitionID))
            }
            definition = found
        }
        guard context.admitsStatedTime(issue.issuedAtMilliseconds) else {
            return .failure(
                .issueTimeInFuture(
                    issuedAtMilliseconds: issue.issuedAtMilliseconds,
                    blockTimestampMilliseconds: context.blockTimestampMilliseconds))
        }
        if let accreditationID = issue.accreditationID,
            let problem = try accreditationProblem(
                accreditationID, issuer: issuer, definition: definition, view: view, context: context)
        {
            return .failure(problem)
        }
        if let problem = try stackingProblem(issue, definition: definition, view: view) { return .failure(problem) }
        return .success(
            .credentialIssued(
                CredentialRecord(
                    issue: issue, issuerID: issuer.issuerID, transactionID: id, location: context.location,
                    revocation: nil)))
    }
}
