/// Canonical encoding and field validation of each payload kind (docs/FORMATS.md, "Transaction body").
extension TransactionPayload {
    /// Checks every field's syntax; construction and decoding both call this, so no invalid payload exists.
    public func validateFields() throws(FormatError) {
        switch self {
        case .registerIssuer(let register):
            try FieldRules.checkIdentifier(register.issuerID, field: "issuerID")
            try FieldRules.checkText(
                register.displayName, field: "displayName", bytesMax: Limits.displayTextBytesMax, allowEmpty: false)
            try FieldRules.checkCountry(register.country)
            guard !register.publicKey.isEmpty, register.publicKey.count <= Limits.publicKeyBytesMax else {
                throw .tooLong(field: "publicKey", bytesMax: Limits.publicKeyBytesMax, actual: register.publicKey.count)
            }
            try FieldRules.checkText(
                register.accreditationNotes, field: "accreditationNotes", bytesMax: Limits.notesBytesMax,
                allowEmpty: true)
        case .registerDefinition(let definition):
            try definition.validateFields()
        case .issueCredential(let issue):
            try FieldRules.checkIdentifier(issue.credentialID, field: "credentialID")
            if let definitionID = issue.definitionID {
                try FieldRules.checkIdentifier(definitionID, field: "definitionID")
            }
            if let expires = issue.expiresAtMilliseconds, expires <= issue.issuedAtMilliseconds {
                throw .invalidValue(field: "expiresAt", reason: "must be after issuedAt")
            }
            if let accreditationID = issue.accreditationID {
                try FieldRules.checkIdentifier(accreditationID, field: "accreditationID")
            }
            guard issue.components.count <= Limits.pathwayComponentsMax else {
                throw .tooMany(
                    field: "components", countMax: Limits.pathwayComponentsMax, actual: issue.components.count)
            }
            for (index, component) in issue.components.enumerated() {
                try FieldRules.checkIdentifier(component, field: "components[\(index)]")
                guard component != issue.credentialID else {
                    throw .invalidValue(field: "components[\(index)]", reason: "a credential cannot stack itself")
                }
            }
            guard Set(issue.components).count == issue.components.count else {
                throw .invalidValue(field: "components", reason: "names a credential twice")
            }
            if !issue.components.isEmpty, issue.definitionID == nil {
                throw .invalidValue(field: "components", reason: "a stacked award names its pathway as definitionID")
            }
        case .revokeCredential(let revoke):
            try FieldRules.checkIdentifier(revoke.credentialID, field: "credentialID")
        case .suspendCredential(let suspend):
            try FieldRules.checkIdentifier(suspend.credentialID, field: "credentialID")
        case .reinstateCredential(let reinstate):
            try FieldRules.checkIdentifier(reinstate.credentialID, field: "credentialID")
        case .proposeValidatorChange(let propose):
            try propose.validateFields()
        case .approveValidatorChange:
            break
        case .registerQABody(let register):
            try register.validateFields()
        case .recordAccreditation(let record):
            try record.validateFields()
        case .withdrawAccreditation(let withdraw):
            try FieldRules.checkIdentifier(withdraw.accreditationID, field: "accreditationID")
        case .changeIssuerStanding(let change):
            try FieldRules.checkIdentifier(change.issuerID, field: "issuerID")
        case .rotateIssuerKey(let rotate):
            try rotate.validateFields()
        case .revokeIssuedRange(let revoke):
            try revoke.validateFields()
        }
    }

    func encode(into writer: inout CanonicalWriter) {
        switch self {
        case .registerIssuer(let register):
            writer.write(text: register.issuerID, bytesMax: Limits.identifierBytesMax)
            writer.write(text: register.displayName, bytesMax: Limits.displayTextBytesMax)
            writer.write(text: register.country, bytesMax: 2)
            writer.write(bytes: register.publicKey, bytesMax: Limits.publicKeyBytesMax)
            writer.write(text: register.accreditationNotes, bytesMax: Limits.notesBytesMax)
        case .registerDefinition(let definition):
            definition.encode(into: &writer)
        case .issueCredential(let issue):
            writer.write(text: issue.credentialID, bytesMax: Limits.identifierBytesMax)
            writer.write(issue.documentDigest)
            writer.write(issue.subjectCommitment)
            writer.write(optional: issue.definitionID) { $0.write(text: $1, bytesMax: Limits.identifierBytesMax) }
            writer.write(issue.issuedAtMilliseconds)
            writer.write(optional: issue.expiresAtMilliseconds) { $0.write($1) }
            writer.write(optional: issue.accreditationID) { $0.write(text: $1, bytesMax: Limits.identifierBytesMax) }
            writer.write(issue.route.rawValue)
            writer.write(UInt8(issue.components.count))
            for component in issue.components { writer.write(text: component, bytesMax: Limits.identifierBytesMax) }
        case .revokeCredential(let revoke):
            writer.write(text: revoke.credentialID, bytesMax: Limits.identifierBytesMax)
            writer.write(revoke.reason.rawValue)
        case .suspendCredential(let suspend):
            writer.write(text: suspend.credentialID, bytesMax: Limits.identifierBytesMax)
            writer.write(suspend.reason.rawValue)
            writer.write(suspend.decidedAtMilliseconds)
        case .reinstateCredential(let reinstate):
            writer.write(text: reinstate.credentialID, bytesMax: Limits.identifierBytesMax)
            writer.write(reinstate.decidedAtMilliseconds)
        case .proposeValidatorChange(let propose):
            propose.encode(into: &writer)
        case .approveValidatorChange(let approve):
            writer.write(approve.proposalID)
        case .registerQABody(let register):
            register.encode(into: &writer)
        case .recordAccreditation(let record):
            record.encode(into: &writer)
        case .withdrawAccreditation(let withdraw):
            withdraw.encode(into: &writer)
        case .changeIssuerStanding(let change):
            writer.write(text: change.issuerID, bytesMax: Limits.identifierBytesMax)
            writer.write(change.standing.rawValue)
            writer.write(change.decidedAtMilliseconds)
        case .rotateIssuerKey(let rotate):
            rotate.encode(into: &writer)
        case .revokeIssuedRange(let revoke):
            revoke.encode(into: &writer)
        }
    }

    static func decode(kind: TransactionKind, from reader: inout CanonicalReader) throws(FormatError)
        -> TransactionPayload
    {
        let payload: TransactionPayload
        switch kind {
        case .registerIssuer:
            payload = .registerIssuer(
                RegisterIssuer(
                    issuerID: try reader.readText(field: "issuerID", bytesMax: Limits.identifierBytesMax),
                    displayName: try reader.readText(field: "displayName", bytesMax: Limits.displayTextBytesMax),
                    country: try reader.readText(field: "country", bytesMax: 2),
                    publicKey: try reader.readBytes(field: "publicKey", bytesMax: Limits.publicKeyBytesMax),
                    accreditationNotes: try reader.readText(field: "accreditationNotes", bytesMax: Limits.notesBytesMax)
                ))
        case .registerDefinition:
            payload = .registerDefinition(try RegisterDefinition.decode(from: &reader))
        case .issueCredential:
            payload = .issueCredential(
                IssueCredential(
                    credentialID: try reader.readText(field: "credentialID", bytesMax: Limits.identifierBytesMax),
                    documentDigest: try reader.readDigest(field: "documentDigest"),
                    subjectCommitment: try reader.readDigest(field: "subjectCommitment"),
                    definitionID: try reader.readOptional(field: "definitionID") { reader throws(FormatError) in
                        try reader.readText(field: "definitionID", bytesMax: Limits.identifierBytesMax)
                    },
                    issuedAtMilliseconds: try reader.readUInt64(field: "issuedAt"),
                    expiresAtMilliseconds: try reader.readOptional(field: "expiresAt") { reader throws(FormatError) in
                        try reader.readUInt64(field: "expiresAt")
                    },
                    accreditationID: try reader.readOptional(field: "accreditationID") { reader throws(FormatError) in
                        try reader.readText(field: "accreditationID", bytesMax: Limits.identifierBytesMax)
                    },
                    route: try decodeEnum(LearningRoute.self, field: "route", from: &reader),
                    components: try readIdentifiers(&reader, field: "components", countMax: Limits.pathwayComponentsMax)
                ))
        case .revokeCredential:
            payload = .revokeCredential(
                RevokeCredential(
                    credentialID: try reader.readText(field: "credentialID", bytesMax: Limits.identifierBytesMax),
                    reason: try decodeEnum(RevocationReason.self, field: "reason", from: &reader)))
        case .suspendCredential:
            payload = .suspendCredential(
                SuspendCredential(
                    credentialID: try reader.readText(field: "credentialID", bytesMax: Limits.identifierBytesMax),
                    reason: try decodeEnum(SuspensionReason.self, field: "reason", from: &reader),
                    decidedAtMilliseconds: try reader.readUInt64(field: "decidedAt")))
        case .reinstateCredential:
            payload = .reinstateCredential(
                ReinstateCredential(
                    credentialID: try reader.readText(field: "credentialID", bytesMax: Limits.identifierBytesMax),
                    decidedAtMilliseconds: try reader.readUInt64(field: "decidedAt")))
        case .proposeValidatorChange:
            payload = .proposeValidatorChange(try ProposeValidatorChange.decode(from: &reader))
        case .approveValidatorChange:
            payload = .approveValidatorChange(
                ApproveValidatorChange(proposalID: try reader.readDigest(field: "proposalID")))
        case .registerQABody:
            payload = .registerQABody(try RegisterQABody.decode(from: &reader))
        case .recordAccreditation:
            payload = .recordAccreditation(try RecordAccreditation.decode(from: &reader))
        case .withdrawAccreditation:
            payload = .withdrawAccreditation(try WithdrawAccreditation.decode(from: &reader))
        case .changeIssuerStanding:
            payload = .changeIssuerStanding(
                ChangeIssuerStanding(
                    issuerID: try reader.readText(field: "issuerID", bytesMax: Limits.identifierBytesMax),
                    standing: try decodeEnum(IssuerState.self, field: "standing", from: &reader),
                    decidedAtMilliseconds: try reader.readUInt64(field: "decidedAt")))
        case .rotateIssuerKey:
            payload = .rotateIssuerKey(try RotateIssuerKey.decode(from: &reader))
        case .revokeIssuedRange:
            payload = .revokeIssuedRange(try RevokeIssuedRange.decode(from: &reader))
        }
        try payload.validateFields()
        return payload
    }

    /// A u8 count, checked against `countMax` before anything is read, then that many identifiers.
    static func readIdentifiers(_ reader: inout CanonicalReader, field: String, countMax: Int) throws(FormatError)
        -> [String]
    {
        let count = Int(try reader.readUInt8(field: field))
        guard count <= countMax else { throw .tooMany(field: field, countMax: countMax, actual: count) }
        var ids: [String] = []
        for index in 0..<count {
            ids.append(try reader.readText(field: "\(field)[\(index)]", bytesMax: Limits.identifierBytesMax))
        }
        return ids
    }

    static func decodeEnum<Value: RawRepresentable<UInt8>>(
        _ type: Value.Type, field: String, from reader: inout CanonicalReader
    ) throws(FormatError) -> Value {
        let raw = try reader.readUInt8(field: field)
        guard let value = Value(rawValue: raw) else { throw .unknownTag(field: field, value: UInt64(raw)) }
        return value
    }
}
