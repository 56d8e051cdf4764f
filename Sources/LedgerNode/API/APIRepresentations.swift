import LedgerCore
import LedgerRuntime
import LedgerStore

/// JSON shapes of the API's resources (docs/openapi.yaml): hashes and ids in lowercase hex, bytes in base64,
/// times in milliseconds since the Unix epoch.
enum APIRepresentation {
    static func number(_ value: some BinaryInteger) -> JSONValue { .number(Double(value)) }

    static func locationMembers(_ location: TransactionLocation) -> [JSONMember] {
        [
            JSONMember("height", number(location.height)),
            JSONMember("indexInBlock", number(location.indexInBlock)),
            JSONMember("ledgerIndex", number(location.ledgerIndex)),
        ]
    }

    static func transactionStatus(_ id: TransactionID, _ status: TransactionStatus) -> JSONValue? {
        let idMember = JSONMember("id", .string(id.hex))
        switch status {
        case .final(let transaction, let location):
            return .object(
                [idMember, JSONMember("status", .string("final"))] + locationMembers(location) + [
                    JSONMember("kind", .string(transaction.body.payload.kind.description)),
                    JSONMember("encoded", .string(Base64.encode(transaction.encoded))),
                ])
        case .pending(let transaction):
            return .object([
                idMember, JSONMember("status", .string("pending")),
                JSONMember("kind", .string(transaction.body.payload.kind.description)),
            ])
        case .rejected(let rejection):
            return .object([
                idMember, JSONMember("status", .string("rejected")), JSONMember("error", .string(rejection.code)),
                JSONMember("reason", .string(rejection.description)),
            ])
        case .unknown:
            return nil
        }
    }

    static func credential(_ record: CredentialRecord) -> JSONValue {
        var members = [
            JSONMember("credentialId", .string(record.credentialID)),
            JSONMember("issuerId", .string(record.issuerID)),
            JSONMember("definitionId", record.issue.definitionID.map { .string($0) } ?? .null),
            JSONMember("documentDigest", .string(record.issue.documentDigest.hex)),
            JSONMember("subjectCommitment", .string(record.issue.subjectCommitment.hex)),
            JSONMember("issuedAt", number(record.issue.issuedAtMilliseconds)),
            JSONMember("expiresAt", record.issue.expiresAtMilliseconds.map { number($0) } ?? .null),
            JSONMember("transactionId", .string(record.transactionID.hex)),
        ]
        members += locationMembers(record.location)
        members.append(JSONMember("state", .string(record.state.description)))
        members.append(JSONMember("revoked", .bool(record.revocation != nil)))
        if let suspension = record.suspension {
            members.append(
                JSONMember(
                    suspension.isSuspension ? "suspension" : "reinstatement",
                    .object(
                        (suspension.reason.map { [JSONMember("reason", .string("\($0)"))] } ?? []) + [
                            JSONMember("changedBy", .string(suspension.changedBy.hex)),
                            JSONMember("transactionId", .string(suspension.transactionID.hex)),
                        ] + locationMembers(suspension.location))))
        }
        if let revocation = record.revocation {
            members.append(
                JSONMember(
                    "revocation",
                    .object(
                        [
                            JSONMember("reason", .string("\(revocation.reason)")),
                            JSONMember("revokedBy", .string(revocation.revokedBy.hex)),
                            JSONMember("transactionId", .string(revocation.transactionID.hex)),
                        ] + locationMembers(revocation.location))))
        }
        return .object(members)
    }

    static func validator(_ record: ValidatorRecord) -> JSONValue {
        .object(
            [
                JSONMember("name", .string(record.name)),
                JSONMember("keyId", .string(record.keyID.hex)),
                JSONMember("publicKey", .string(record.publicKey.pem)),
            ] + (record.country.map { [JSONMember("country", .string($0))] } ?? []))
    }

    static func issuer(_ record: IssuerRecord, history: ValidatorHistory) -> JSONValue {
        .object(
            [
                JSONMember("issuerId", .string(record.issuerID)),
                JSONMember("displayName", .string(record.displayName)),
                JSONMember("country", .string(record.country)),
                JSONMember("standing", .string(record.standing.description)),
                JSONMember("keyId", .string(record.keyID.hex)),
                JSONMember("publicKey", .string(record.publicKey.pem)),
                JSONMember(
                    "registeredBy", .string(authorityName(record.registeredBy, at: record.location, history: history))),
                JSONMember("transactionId", .string(record.transactionID.hex)),
            ] + locationMembers(record.location)
                + (record.keyRotation.map { rotation in
                    [
                        JSONMember(
                            "keyRotation",
                            .object([
                                JSONMember("previousKeyId", .string(rotation.previousKeyID.hex)),
                                JSONMember("byAuthority", .bool(rotation.byAuthority)),
                                JSONMember("transactionId", .string(rotation.transactionID.hex)),
                                JSONMember("height", .number(Double(rotation.location.height))),
                            ]))
                    ]
                } ?? []))
    }

    /// A catalogue entry; `country` is its issuer's member state.
    static func definition(_ record: DefinitionRecord, country: String) -> JSONValue {
        let entry = record.definition
        var members = [
            JSONMember("definitionId", .string(entry.definitionID)),
            JSONMember("title", .string(entry.title)),
            JSONMember("issuerId", .string(record.issuerID)),
            JSONMember("country", .string(country)),
            JSONMember("kind", .string(entry.activity.description)),
            JSONMember("format", .string(entry.format.description)),
            JSONMember("level", number(entry.level)),
            JSONMember("notionalMinutes", number(entry.notionalMinutes)),
            JSONMember("notionalHours", .number(Double(entry.notionalMinutes) / 60)),
            JSONMember("creditValue", .number(Double(entry.creditTenths) / 10)),
            JSONMember("language", .string(entry.language)),
            JSONMember("learningOutcomes", .array(entry.learningOutcomes.map { .string($0) })),
        ]
        if entry.activity == .pathway {
            members.append(JSONMember("components", .array(entry.components.map { .string($0) })))
            members.append(JSONMember("componentsRequired", number(entry.componentsRequired)))
        }
        members.append(JSONMember("transactionId", .string(record.transactionID.hex)))
        return .object(members + locationMembers(record.location))
    }

    /// The name of the validator that signed a registration at `location`, or its key id when no set held it.
    static func authorityName(_ keyID: KeyID, at location: TransactionLocation, history: ValidatorHistory) -> String {
        history.member(keyID: keyID, atOrBefore: location.height)?.name ?? keyID.hex
    }

    static func header(_ header: BlockHeader, validators: ValidatorSet) -> [JSONMember] {
        [
            JSONMember("height", number(header.height)),
            JSONMember("hash", .string(header.hash.hex)),
            JSONMember("previousHash", .string(header.previousHash.hex)),
            JSONMember("timestamp", number(header.timestampMilliseconds)),
            JSONMember("transactionCount", number(header.transactionCount)),
            JSONMember("transactionRoot", .string(header.transactionRoot.hex)),
            JSONMember("ledgerSize", number(header.ledgerSize)),
            JSONMember("ledgerRoot", .string(header.ledgerRoot.hex)),
            JSONMember("proposer", .string(validators.validator(keyID: header.proposer)?.name ?? header.proposer.hex)),
            JSONMember("round", number(header.round)),
            JSONMember("validatorSetHash", .string(header.validatorSetHash.hex)),
            JSONMember("nextValidatorSetHash", .string(header.nextValidatorSetHash.hex)),
            JSONMember("headerEncoded", .string(Base64.encode(header.encoded))),
        ]
    }

    /// `validators` is the set that certified the block.
    static func block(_ block: Block, validators: ValidatorSet, encoded: Bool = true) -> JSONValue {
        let signers = block.certificate.seals.map { seal -> JSONValue in
            .object([
                JSONMember("validator", .string(validators.validator(keyID: seal.validatorKeyID)?.name ?? "unknown")),
                JSONMember("keyId", .string(seal.validatorKeyID.hex)),
            ])
        }
        return .object(
            header(block.header, validators: validators) + [
                JSONMember("commitRound", number(block.certificate.round)),
                JSONMember("signers", .array(signers)),
                JSONMember("transactions", .array(block.transactions.map { .string($0.id.hex) })),
            ] + (encoded ? [JSONMember("encoded", .string(Base64.encode(block.encoded)))] : []))
    }

    static func consistency(_ proof: LedgerConsistencyProof) -> JSONValue {
        .object([
            JSONMember("fromHeight", number(proof.fromHeight)),
            JSONMember("toHeight", number(proof.toHeight)),
            JSONMember("fromSize", number(proof.size1)),
            JSONMember("toSize", number(proof.size2)),
            JSONMember("fromRoot", .string(proof.root1.hex)),
            JSONMember("toRoot", .string(proof.root2.hex)),
            JSONMember("path", .array(proof.path.map { .string($0.hex) })),
        ])
    }
}
