/// Why a transaction was refused; every rule has its own case, and `code` is stable for the API and CLI.
public enum TransactionRejection: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(FormatError)
    case wrongChain(expected: SHA256Digest, actual: SHA256Digest)
    case unknownAuthor(KeyID)
    case badSignature(SignatureVerdict)
    case duplicateTransaction(TransactionID)
    case authorNotValidator
    case issuerAlreadyRegistered(String)
    case issuerKeyInUse(KeyID)
    case invalidIssuerKey(String)
    case authorNotIssuer
    case definitionAlreadyRegistered(String)
    case unknownDefinition(String)
    case componentIsPathway(String)
    case credentialAlreadyIssued(String)
    case unknownCredential(String)
    case notAuthorizedToRevoke(String)
    case alreadyRevoked(String)
    case notAuthorizedToSuspend(String)
    case alreadySuspended(String)
    case notSuspended(String)
    case issueTimeInFuture(issuedAtMilliseconds: UInt64, blockTimestampMilliseconds: UInt64)
    case decisionTimeInFuture(decidedAtMilliseconds: UInt64, blockTimestampMilliseconds: UInt64)
    case proposalTimeInFuture(proposedAtMilliseconds: UInt64, blockTimestampMilliseconds: UInt64)
    case validatorNameInUse(String)
    case validatorKeyInUse(KeyID)
    case invalidValidatorKey(String)
    case badProofOfPossession
    case unknownValidator(String)
    case belowMinimumValidators(count: Int, minimum: Int)
    case tooManyValidators(countMax: Int)
    case proposalPending(name: String, proposalID: TransactionID)
    case unknownProposal(TransactionID)
    case proposalExpired(proposalID: TransactionID, lastHeight: UInt64)
    case alreadyApproved(TransactionID)
    case changeAlreadyPassed(height: UInt64)
    case qaBodyAlreadyRegistered(String)
    case qaBodyKeyInUse(KeyID)
    case invalidQABodyKey(String)
    case authorNotQABody
    case unknownIssuer(String)
    case accreditationAlreadyRecorded(String)
    case outsideJurisdiction(qaBody: String, issuer: String)
    case definitionOfAnotherIssuer(definition: String, issuer: String)
    case unknownAccreditation(String)
    case notAuthorizedToWithdraw(String)
    case accreditationWithdrawn(String)
    case accreditationDoesNotCover(accreditation: String, reason: String)
    case notAPathway(String)
    case componentNotActive(credential: String, state: CredentialState)
    case componentNotInPathway(credential: String, pathway: String)
    case pathwayIncomplete(pathway: String, required: Int, held: Int)
    case issuerNotActive(issuer: String, standing: IssuerState)
    case notAuthorizedToChangeStanding(String)
    case issuerDeregistered(String)
    case issuerAlreadyInStanding(issuer: String, standing: IssuerState)
    case issuerKeyRetired(issuer: String, retiredAtHeight: UInt64)
    case notAuthorizedToRotateKey(String)
    case missingProofOfPossession
    case notAuthorizedToRevokeRange(String)
    case revocationRangeNotFinal(toHeight: UInt64, blockHeight: UInt64)
    case nothingToRevoke(issuer: String, fromHeight: UInt64, toHeight: UInt64)
    case revocationRangeTooLarge(countMax: Int)

    /// A stable, machine-readable reason code.
    public var code: String {
        switch self {
        case .malformed: "malformed"
        case .wrongChain: "wrong_chain"
        case .unknownAuthor: "unknown_author"
        case .badSignature: "bad_signature"
        case .duplicateTransaction: "duplicate_transaction"
        case .authorNotValidator: "author_not_validator"
        case .issuerAlreadyRegistered: "issuer_already_registered"
        case .issuerKeyInUse: "issuer_key_in_use"
        case .invalidIssuerKey: "invalid_issuer_key"
        case .authorNotIssuer: "author_not_issuer"
        case .definitionAlreadyRegistered: "definition_already_registered"
        case .unknownDefinition: "unknown_definition"
        case .componentIsPathway: "component_is_pathway"
        case .credentialAlreadyIssued: "duplicate_credential_id"
        case .unknownCredential: "unknown_credential"
        case .notAuthorizedToRevoke: "not_authorized_to_revoke"
        case .alreadyRevoked: "already_revoked"
        case .notAuthorizedToSuspend: "not_authorized_to_suspend"
        case .alreadySuspended: "already_suspended"
        case .notSuspended: "not_suspended"
        case .issueTimeInFuture: "issue_time_in_future"
        case .decisionTimeInFuture: "decision_time_in_future"
        case .proposalTimeInFuture: "proposal_time_in_future"
        case .validatorNameInUse: "validator_name_in_use"
        case .validatorKeyInUse: "validator_key_in_use"
        case .invalidValidatorKey: "invalid_validator_key"
        case .badProofOfPossession: "bad_proof_of_possession"
        case .unknownValidator: "unknown_validator"
        case .belowMinimumValidators: "below_minimum_validators"
        case .tooManyValidators: "too_many_validators"
        case .proposalPending: "proposal_pending"
        case .unknownProposal: "unknown_proposal"
        case .proposalExpired: "proposal_expired"
        case .alreadyApproved: "already_approved"
        case .changeAlreadyPassed: "change_already_passed"
        case .qaBodyAlreadyRegistered: "qa_body_already_registered"
        case .qaBodyKeyInUse: "qa_body_key_in_use"
        case .invalidQABodyKey: "invalid_qa_body_key"
        case .authorNotQABody: "author_not_qa_body"
        case .unknownIssuer: "unknown_issuer"
        case .accreditationAlreadyRecorded: "accreditation_already_recorded"
        case .outsideJurisdiction: "outside_jurisdiction"
        case .definitionOfAnotherIssuer: "definition_of_another_issuer"
        case .unknownAccreditation: "unknown_accreditation"
        case .notAuthorizedToWithdraw: "not_authorized_to_withdraw"
        case .accreditationWithdrawn: "accreditation_withdrawn"
        case .accreditationDoesNotCover: "accreditation_does_not_cover"
        case .notAPathway: "not_a_pathway"
        case .componentNotActive: "component_not_active"
        case .componentNotInPathway: "component_not_in_pathway"
        case .pathwayIncomplete: "pathway_incomplete"
        case .issuerNotActive: "issuer_not_active"
        case .notAuthorizedToChangeStanding: "not_authorized_to_change_standing"
        case .issuerDeregistered: "issuer_deregistered"
        case .issuerAlreadyInStanding: "issuer_already_in_standing"
        case .issuerKeyRetired: "issuer_key_retired"
        case .notAuthorizedToRotateKey: "not_authorized_to_rotate_key"
        case .missingProofOfPossession: "missing_proof_of_possession"
        case .notAuthorizedToRevokeRange: "not_authorized_to_revoke_range"
        case .revocationRangeNotFinal: "revocation_range_not_final"
        case .nothingToRevoke: "nothing_to_revoke"
        case .revocationRangeTooLarge: "revocation_range_too_large"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let error): "malformed transaction: \(error)"
        case .wrongChain(let expected, let actual):
            "transaction is for chain \(actual.hex), this chain is \(expected.hex)"
        case .unknownAuthor(let key): "author key \(key.hex) is neither a validator nor a registered issuer"
        case .badSignature(let verdict): "author signature rejected: \(verdict)"
        case .duplicateTransaction(let id): "transaction \(id.hex) is already on the chain"
        case .authorNotValidator:
            "only a current validator (member-state authority) may register an issuer or propose or approve a "
                + "validator-set change"
        case .issuerAlreadyRegistered(let id): "issuer \(id) is already registered"
        case .issuerKeyInUse(let key):
            "key \(key.hex) already belongs, or belonged, to a validator, an issuer or a QA body"
        case .invalidIssuerKey(let reason): "issuer public key is invalid: \(reason)"
        case .authorNotIssuer: "author is not a registered issuer"
        case .definitionAlreadyRegistered(let id): "definition \(id) is already in the catalogue"
        case .unknownDefinition(let id): "definition \(id) is not in the catalogue"
        case .componentIsPathway(let id):
            "definition \(id) is itself a pathway; a pathway's components are courses, workshops or seminars"
        case .credentialAlreadyIssued(let id): "credential id \(id) is already used"
        case .unknownCredential(let id): "credential \(id) was never issued"
        case .notAuthorizedToRevoke(let id):
            "only the issuer of \(id) or the authority that registered it may revoke it"
        case .alreadyRevoked(let id): "credential \(id) is already revoked"
        case .notAuthorizedToSuspend(let id):
            "only the issuer of credential \(id), or the authority that registered it, may suspend or reinstate it"
        case .alreadySuspended(let id): "credential \(id) is already suspended"
        case .notSuspended(let id): "credential \(id) is not suspended, so there is nothing to reinstate"
        case .issueTimeInFuture(let issued, let block):
            "issuedAt \(issued) ms is more than the allowed margin after the block time \(block) ms"
        case .decisionTimeInFuture(let decided, let block):
            "decidedAt \(decided) ms is more than the allowed margin after the block time \(block) ms"
        case .proposalTimeInFuture(let proposed, let block):
            "proposedAt \(proposed) ms is more than the allowed margin after the block time \(block) ms"
        case .validatorNameInUse(let name): "a current validator is already named \(name)"
        case .validatorKeyInUse(let key): "key \(key.hex) already belongs to a validator or an issuer"
        case .invalidValidatorKey(let reason): "the new validator's public key is invalid: \(reason)"
        case .badProofOfPossession:
            "the proof of possession is not the new key's signature over this chain's id and the member or issuer it names"
        case .unknownValidator(let name): "no current validator is named \(name)"
        case .belowMinimumValidators(let count, let minimum):
            "the change would leave \(count) validators, below genesis minValidators \(minimum)"
        case .tooManyValidators(let countMax): "the set already has the most validators allowed, \(countMax)"
        case .proposalPending(let name, let id): "proposal \(id.hex) for \(name) is still pending; approve it instead"
        case .unknownProposal(let id): "no pending proposal has id \(id.hex)"
        case .proposalExpired(let id, let last): "proposal \(id.hex) expired after height \(last)"
        case .alreadyApproved(let id): "this validator already approved proposal \(id.hex)"
        case .changeAlreadyPassed(let height):
            "a validator-set change already passes at height \(height) (one change per epoch); approve again in a "
                + "later block"
        case .qaBodyAlreadyRegistered(let id): "QA body \(id) is already registered"
        case .qaBodyKeyInUse(let key): "key \(key.hex) already belongs to a validator, an issuer or another QA body"
        case .invalidQABodyKey(let reason): "QA body public key is invalid: \(reason)"
        case .authorNotQABody: "author is not a registered quality-assurance body"
        case .unknownIssuer(let id): "issuer \(id) is not registered"
        case .accreditationAlreadyRecorded(let id): "accreditation \(id) is already recorded"
        case .outsideJurisdiction(let body, let issuer):
            "QA body \(body) may accredit only issuers registered by the member-state authority that registered it, "
                + "in its own country; issuer \(issuer) is not one"
        case .definitionOfAnotherIssuer(let definition, let issuer):
            "catalogue entry \(definition) is not an entry of issuer \(issuer)"
        case .unknownAccreditation(let id): "accreditation \(id) was never recorded"
        case .notAuthorizedToWithdraw(let id): "only the QA body that recorded accreditation \(id) may withdraw it"
        case .accreditationWithdrawn(let id): "accreditation \(id) has been withdrawn"
        case .accreditationDoesNotCover(let id, let reason):
            "accreditation \(id) does not cover this credential: \(reason)"
        case .notAPathway(let id): "definition \(id) is not a pathway, so a credential for it stacks no components"
        case .componentNotActive(let id, let state): "component credential \(id) is \(state), not active"
        case .componentNotInPathway(let id, let pathway):
            "component credential \(id) is not for an entry of pathway \(pathway)"
        case .pathwayIncomplete(let pathway, let required, let held):
            "pathway \(pathway) needs \(required) of its components; the credential stacks \(held)"
        case .issuerNotActive(let issuer, let standing):
            "issuer \(issuer) is \(standing); only an active issuer issues or adds catalogue entries"
        case .notAuthorizedToChangeStanding(let issuer):
            "only the authority that registered issuer \(issuer), as a current validator, may change its standing"
        case .issuerDeregistered(let issuer): "issuer \(issuer) is deregistered, which is final"
        case .issuerAlreadyInStanding(let issuer, let standing): "issuer \(issuer) is already \(standing)"
        case .issuerKeyRetired(let issuer, let height):
            "this key of issuer \(issuer) was retired by a key rotation at block \(height); it signs nothing after it"
        case .notAuthorizedToRotateKey(let issuer):
            "only issuer \(issuer) itself, with its current key while active, or the authority that registered it, "
                + "as a current validator, may rotate its key"
        case .missingProofOfPossession:
            "an issuer rotating its own key must include the new key's proof of possession"
        case .notAuthorizedToRevokeRange(let issuer):
            "only the authority that registered issuer \(issuer), as a current validator, may revoke a range of its "
                + "credentials"
        case .revocationRangeNotFinal(let to, let height):
            "the range must end before this block (height \(height)); toHeight is \(to)"
        case .nothingToRevoke(let issuer, let from, let to):
            "issuer \(issuer) has no unrevoked credential issued in blocks \(from)…\(to)"
        case .revocationRangeTooLarge(let countMax):
            "the range holds more than the \(countMax) credentials one transaction may revoke; split it"
        }
    }
}
