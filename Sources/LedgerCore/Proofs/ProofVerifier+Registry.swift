/// What a bundle's registry part proves about the credential, as of its status header.
public struct VerifiedRegistry: Sendable, Equatable {
    public struct Accreditation: Sendable, Equatable {
        public let accreditation: RecordAccreditation
        public let qaBodyID: String
        public let qaBodyName: String
        public let qaBodyCountry: String
        /// As of the status header: active, or withdrawn (after the credential was issued under it).
        public let state: RegistrationState
        public let changedAtHeight: UInt64
    }

    public struct Component: Sendable, Equatable {
        public let credentialID: String
        public let issuerID: String
        public let issuerName: String
        public let definition: RegisterDefinition
        /// As of the status header.
        public let state: CredentialState
    }

    /// The credential's catalogue entry, when it names one.
    public let definition: RegisterDefinition?
    public let accreditation: Accreditation?
    public let components: [Component]

    static let empty = VerifiedRegistry(definition: nil, accreditation: nil, components: [])
}

extension ProofVerifier {
    /// The registry checks of docs/PROOFS.md ("The registry part"): each record the credential names is proven in
    /// the status header's map at the key computed from the id the credential names, and binds the transaction
    /// the part carries (by its id, or by its ledger leaf); then the rules the chain applied at issue are
    /// re-checked: the accreditation covered the credential at the issuing block's time, and the components
    /// complete the pathway.
    static func checkRegistry(
        _ registry: RegistryProof?, issuance: IssueCredential, issuer: IssuerRecord, issuingHeader: BlockHeader,
        statusHeader: BlockHeader, genesis: Genesis
    ) throws(ProofFailure) -> VerifiedRegistry {
        let registry = registry ?? RegistryProof(definition: nil, accreditation: nil, components: [])
        guard (issuance.definitionID == nil) == (registry.definition == nil) else {
            throw fail(
                .registryDefinition,
                issuance.definitionID.map { "the credential names entry \($0), and the bundle does not prove it" }
                    ?? "the bundle proves a catalogue entry the credential does not name")
        }
        var definition: RegisterDefinition? = nil
        if let id = issuance.definitionID, let part = registry.definition {
            definition = try checkDefinition(part, id: id, genesis: genesis, root: statusHeader.statusRoot)
        }
        guard (issuance.accreditationID == nil) == (registry.accreditation == nil) else {
            throw fail(
                .registryAccreditation,
                issuance.accreditationID.map { "the credential relies on \($0), and the bundle does not prove it" }
                    ?? "the bundle proves an accreditation the credential does not name")
        }
        var accreditation: VerifiedRegistry.Accreditation? = nil
        if let id = issuance.accreditationID, let part = registry.accreditation {
            accreditation = try checkAccreditation(
                part, id: id, issuer: issuer, definition: definition, issuingHeader: issuingHeader,
                genesis: genesis, root: statusHeader.statusRoot)
        }
        let components = try checkComponents(
            registry.components, issuance: issuance, pathway: definition, statusHeader: statusHeader, genesis: genesis)
        return VerifiedRegistry(definition: definition, accreditation: accreditation, components: components)
    }

    /// A registration record (kinds 3–5) proven at `id`'s key, whose registration id is the carried
    /// transaction's: the transaction and its payload.
    private static func registration(
        _ part: RegistryProof.Registration, kind: StatusRecordKind, id: String, genesis: Genesis, root: SHA256Digest,
        check: ProofCheck
    ) throws(ProofFailure) -> (SignedTransaction, StatusRecord.RegistrationStatus) {
        let record = try provenRecord(
            part.record, kind: kind, id: id, chainID: genesis.chainID, root: root, check: check)
        let status: StatusRecord.RegistrationStatus
        switch record {
        case .definition(let found) where kind == .definition: status = found
        case .qaBody(let found) where kind == .qaBody: status = found
        case .accreditation(let found) where kind == .accreditation: status = found
        default: throw fail(check, "the record at \(id)'s key is not a \(kind) record")
        }
        let transaction = try decodeTransaction(part.transaction, check: check, genesis: genesis)
        guard transaction.id == status.registrationID else {
            throw fail(check, "the \(kind) record names registration \(status.registrationID.hex), not the one carried")
        }
        return (transaction, status)
    }

    private static func checkDefinition(
        _ part: RegistryProof.Registration, id: String, genesis: Genesis, root: SHA256Digest,
        check: ProofCheck = .registryDefinition
    ) throws(ProofFailure) -> RegisterDefinition {
        let (transaction, _) = try registration(
            part, kind: .definition, id: id, genesis: genesis, root: root, check: check)
        guard case .registerDefinition(let definition) = transaction.body.payload, definition.definitionID == id else {
            throw fail(check, "the carried transaction does not register entry \(id)")
        }
        return definition
    }

    private static func checkAccreditation(
        _ part: RegistryProof.Accreditation, id: String, issuer: IssuerRecord, definition: RegisterDefinition?,
        issuingHeader: BlockHeader, genesis: Genesis, root: SHA256Digest
    ) throws(ProofFailure) -> VerifiedRegistry.Accreditation {
        let check = ProofCheck.registryAccreditation
        let (transaction, status) = try registration(
            part.accreditation, kind: .accreditation, id: id, genesis: genesis, root: root, check: check)
        guard case .recordAccreditation(let accreditation) = transaction.body.payload,
            accreditation.accreditationID == id
        else { throw fail(check, "the carried transaction does not record accreditation \(id)") }
        let bodyTransaction = try decodeTransaction(part.qaBody.transaction, check: check, genesis: genesis)
        guard case .registerQABody(let body) = bodyTransaction.body.payload else {
            throw fail(check, "the QA body part does not carry a registerQABody transaction")
        }
        _ = try registration(part.qaBody, kind: .qaBody, id: body.qaBodyID, genesis: genesis, root: root, check: check)
        let key: P256PublicKey
        do {
            key = try P256PublicKey(spkiDER: body.publicKey)
        } catch {
            throw fail(check, "the QA body's registered key is invalid: \(error)")
        }
        guard key.keyID == transaction.body.authorKeyID,
            key.verify(signature: transaction.signature, message: transaction.body.encoded) == .valid
        else { throw fail(check, "accreditation \(id) is not signed by QA body \(body.qaBodyID)") }
        // What the rules checked at issue: this issuer, in force at the issuing block, covering the entry.
        guard accreditation.issuerID == issuer.issuerID, body.country == issuer.country else {
            throw fail(check, "accreditation \(id) is for issuer \(accreditation.issuerID), not \(issuer.issuerID)")
        }
        guard accreditation.isValid(atMilliseconds: issuingHeader.timestampMilliseconds) else {
            throw fail(check, "accreditation \(id) was not in force when the credential was issued")
        }
        guard accreditation.scope.covers(definition) else {
            throw fail(check, "accreditation \(id) does not cover the credential's entry")
        }
        return VerifiedRegistry.Accreditation(
            accreditation: accreditation, qaBodyID: body.qaBodyID, qaBodyName: body.displayName,
            qaBodyCountry: body.country, state: status.state, changedAtHeight: status.changedAtHeight)
    }

    private static func checkComponents(
        _ parts: [RegistryProof.Component], issuance: IssueCredential, pathway: RegisterDefinition?,
        statusHeader: BlockHeader, genesis: Genesis
    ) throws(ProofFailure) -> [VerifiedRegistry.Component] {
        let check = ProofCheck.registryComponents
        guard parts.count == issuance.components.count else {
            throw fail(
                check, "the credential stacks \(issuance.components.count) components, the bundle proves \(parts.count)"
            )
        }
        guard let pathway, pathway.activity == .pathway else {
            guard parts.isEmpty else { throw fail(check, "only a credential for a pathway stacks components") }
            return []
        }
        let root = statusHeader.statusRoot
        let hasher = MerkleHasher()
        var components: [VerifiedRegistry.Component] = []
        var held = Set<String>()
        for (id, part) in zip(issuance.components, parts) {
            guard
                case .credential(let credential) = try provenRecord(
                    part.issuance.record, kind: .credential, id: id, chainID: genesis.chainID, root: root, check: check)
            else { throw fail(check, "component \(id)'s record is not a credential's") }
            let transaction = try decodeTransaction(part.issuance.transaction, check: check, genesis: genesis)
            guard case .issueCredential(let issue) = transaction.body.payload, issue.credentialID == id,
                part.issuance.inclusion.index == credential.issuanceLedgerIndex
            else { throw fail(check, "the carried transaction is not component \(id)'s issuance") }
            try checkLedgerInclusion(
                transaction.leafHash(hasher: hasher), part.issuance.inclusion, header: statusHeader, check: check,
                hasher: hasher)
            // The issuer's record gives its standing; its registration (an issuer id is registered once) gives its
            // name and the key it started with, and a rotation, when carried, the key that signed.
            let registration = try decodeTransaction(part.issuer.transaction, check: check, genesis: genesis)
            guard case .registerIssuer(let register) = registration.body.payload,
                case .issuer = try provenRecord(
                    part.issuer.record, kind: .issuer, id: register.issuerID, chainID: genesis.chainID, root: root,
                    check: check),
                let registered = try? P256PublicKey(spkiDER: register.publicKey)
            else { throw fail(check, "component \(id)'s issuer is not proven to be its author") }
            try checkLedgerInclusion(
                registration.leafHash(hasher: hasher), part.issuer.inclusion, header: statusHeader, check: check,
                hasher: hasher)
            _ = try issuerSigningKey(
                author: transaction.body.authorKeyID, registered: registered, issuerID: register.issuerID,
                rotation: part.keyRotation, registrationLeaf: part.issuer.inclusion.index,
                signedLeaf: part.issuance.inclusion.index, header: statusHeader, genesis: genesis, check: check)
            guard let entry = issue.definitionID, pathway.components.contains(entry), !held.contains(entry) else {
                throw fail(check, "component \(id) is not for a distinct entry of pathway \(pathway.definitionID)")
            }
            held.insert(entry)
            let definition = try checkDefinition(part.definition, id: entry, genesis: genesis, root: root, check: check)
            components.append(
                VerifiedRegistry.Component(
                    credentialID: id, issuerID: register.issuerID, issuerName: register.displayName,
                    definition: definition, state: credential.state))
        }
        guard pathway.isCompleted(byHolding: held) else {
            throw fail(check, "the components do not complete pathway \(pathway.definitionID)")
        }
        return components
    }
}
