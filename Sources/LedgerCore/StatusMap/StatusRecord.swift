/// The kinds of record the status map holds; the raw value is the kind byte in a key and a record. Later
/// registry records (accreditations, QA bodies) take the next values; 0 is never a kind.
public enum StatusRecordKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case credential = 1
    case issuer = 2
    case definition = 3
    case qaBody = 4
    case accreditation = 5

    public var description: String {
        switch self {
        case .credential: "credential"
        case .issuer: "issuer"
        case .definition: "definition"
        case .qaBody: "qaBody"
        case .accreditation: "accreditation"
        }
    }
}

/// Where a credential stands: active, suspended (reversible) or revoked (final).
public enum CredentialState: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case active = 1
    case suspended = 2
    case revoked = 3

    public var description: String {
        switch self {
        case .active: "active"
        case .suspended: "suspended"
        case .revoked: "revoked"
        }
    }
}

/// Why an issuer suspended a credential for a while; public, so it never carries personal detail.
public enum SuspensionReason: UInt8, Sendable, CaseIterable {
    case unspecified = 0
    case underInvestigation = 1
    case pendingCorrection = 2
    case feesOutstanding = 3
}

/// Where an issuer stands, as its registering authority last set it: active, suspended (reversible) or
/// deregistered (final). Only an active issuer issues; past credentials stay valid unless revoked.
public enum IssuerState: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case active = 1
    case suspended = 2
    case deregistered = 3

    public var description: String {
        switch self {
        case .active: "active"
        case .suspended: "suspended"
        case .deregistered: "deregistered"
        }
    }
}

/// Where a registered record stands (a catalogue entry, a QA body, an accreditation): active, or withdrawn.
/// Entries and QA bodies are only ever active until a transaction can withdraw them; accreditations are withdrawn.
public enum RegistrationState: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case active = 1
    case withdrawn = 2

    public var description: String {
        switch self {
        case .active: "active"
        case .withdrawn: "withdrawn"
        }
    }
}

/// The key of a record in the status map:
/// SHA-256("mcledger/status-key/v1" ‖ chainId ‖ u8 kind ‖ u16 length ‖ record id as UTF-8).
/// A verifier always computes it from the id it asks about; a proof never supplies it. Record ids are
/// identifiers, so an id longer than `Limits.identifierBytesMax` names no record and is refused.
public enum StatusKey {
    public static func hash(
        chainID: SHA256Digest, kind: StatusRecordKind, recordID: String
    ) throws(FormatError) -> SHA256Digest {
        let length = recordID.utf8.count
        guard length <= Limits.identifierBytesMax else {
            throw .tooLong(field: "\(kind) id", bytesMax: Limits.identifierBytesMax, actual: length)
        }
        return hash(chainID: chainID, kind: kind, checkedID: recordID)
    }

    /// The key of an id the rules already admitted (an identifier, so within the limit).
    public static func hash(chainID: SHA256Digest, kind: StatusRecordKind, checkedID recordID: String) -> SHA256Digest {
        precondition(recordID.utf8.count <= Limits.identifierBytesMax, "the rules admit only identifiers as ids")
        var writer = CanonicalWriter(capacity: 128)
        writer.write(raw: DomainTag.statusKey.utf8)
        writer.write(chainID)
        writer.write(kind.rawValue)
        writer.write(text: recordID, bytesMax: Limits.identifierBytesMax)
        return SHA256.hash(writer.bytes)
    }
}

/// A status record, the value the map holds for a key (docs/FORMATS.md, "Status records"). Never empty.
///
/// Credential: u8 version (1) ‖ u8 kind (1) ‖ u8 state ‖ u8 reason ‖ u64 changedAtHeight ‖ u64 changeLedgerIndex
/// ‖ u64 issuanceLedgerIndex: 28 bytes. The change is the transaction that set the state (the issuance itself
/// while active and never suspended); the reason is a `RevocationReason` when revoked, a `SuspensionReason`
/// when suspended and 0 when active.
///
/// Issuer: u8 version (1) ‖ u8 kind (2) ‖ u8 state ‖ keyId (32) ‖ u64 changedAtHeight ‖ u64 changeLedgerIndex:
/// 51 bytes.
///
/// Definition (3), QA body (4) and accreditation (5): u8 version (1) ‖ u8 kind ‖ u8 state ‖ registrationId (32) ‖
/// u64 changedAtHeight ‖ u64 changeLedgerIndex: 51 bytes. The registration id is the id of the transaction that
/// registered the record (`registerDefinition`, `registerQABody`, `recordAccreditation`), so a proof that carries
/// that transaction proves the record's every field and its author; the change is the registration until a
/// withdrawal.
public enum StatusRecord: Sendable, Hashable {
    case credential(CredentialStatus)
    case issuer(IssuerStatus)
    case definition(RegistrationStatus)
    case qaBody(RegistrationStatus)
    case accreditation(RegistrationStatus)

    public static let version: UInt8 = 1
    /// The longest records: an issuer's and a registration's, 51 bytes.
    public static let encodedBytesMax = 51

    public struct CredentialStatus: Sendable, Hashable {
        public let state: CredentialState
        public let reasonCode: UInt8
        public let changedAtHeight: UInt64
        public let changeLedgerIndex: UInt64
        public let issuanceLedgerIndex: UInt64

        public init(
            state: CredentialState, reasonCode: UInt8, changedAtHeight: UInt64, changeLedgerIndex: UInt64,
            issuanceLedgerIndex: UInt64
        ) {
            self.state = state
            self.reasonCode = reasonCode
            self.changedAtHeight = changedAtHeight
            self.changeLedgerIndex = changeLedgerIndex
            self.issuanceLedgerIndex = issuanceLedgerIndex
        }

        /// The same issuance in a new state, set by the transaction at `location`.
        public func changed(to state: CredentialState, reasonCode: UInt8, at location: TransactionLocation)
            -> CredentialStatus
        {
            CredentialStatus(
                state: state, reasonCode: reasonCode, changedAtHeight: location.height,
                changeLedgerIndex: location.ledgerIndex, issuanceLedgerIndex: issuanceLedgerIndex)
        }
    }

    public struct IssuerStatus: Sendable, Hashable {
        public let state: IssuerState
        public let keyID: KeyID
        public let changedAtHeight: UInt64
        public let changeLedgerIndex: UInt64

        public init(state: IssuerState, keyID: KeyID, changedAtHeight: UInt64, changeLedgerIndex: UInt64) {
            self.state = state
            self.keyID = keyID
            self.changedAtHeight = changedAtHeight
            self.changeLedgerIndex = changeLedgerIndex
        }
    }

    public struct RegistrationStatus: Sendable, Hashable {
        public let state: RegistrationState
        public let registrationID: TransactionID
        public let changedAtHeight: UInt64
        public let changeLedgerIndex: UInt64

        public init(
            state: RegistrationState, registrationID: TransactionID, changedAtHeight: UInt64, changeLedgerIndex: UInt64
        ) {
            self.state = state
            self.registrationID = registrationID
            self.changedAtHeight = changedAtHeight
            self.changeLedgerIndex = changeLedgerIndex
        }
    }

    /// A credential's record, from the registry's view of it (the status map derives the same from changes).
    public init(credential: CredentialRecord) {
        let reason = credential.revocation?.reason.rawValue ?? credential.suspension?.reason?.rawValue ?? 0
        let change = credential.stateChange.location
        self = .credential(
            CredentialStatus(
                state: credential.state, reasonCode: credential.state == .active ? 0 : reason,
                changedAtHeight: change.height, changeLedgerIndex: change.ledgerIndex,
                issuanceLedgerIndex: credential.location.ledgerIndex))
    }

    /// An issuer's record, from the registry's view of it: its standing, set by its registration or the latest
    /// standing change.
    public init(issuer: IssuerRecord) {
        let change = issuer.latestChange.location
        self = .issuer(
            IssuerStatus(
                state: issuer.standing, keyID: issuer.keyID, changedAtHeight: change.height,
                changeLedgerIndex: change.ledgerIndex))
    }

    /// A catalogue entry's record, from the registry's view of it.
    public init(definition: DefinitionRecord) {
        self = .definition(
            RegistrationStatus(
                state: .active, registrationID: definition.transactionID, changedAtHeight: definition.location.height,
                changeLedgerIndex: definition.location.ledgerIndex))
    }

    /// A QA body's record.
    public init(qaBody: QABodyRecord) {
        self = .qaBody(
            RegistrationStatus(
                state: .active, registrationID: qaBody.transactionID, changedAtHeight: qaBody.location.height,
                changeLedgerIndex: qaBody.location.ledgerIndex))
    }

    /// An accreditation's record: withdrawn from its withdrawal on.
    public init(accreditation: AccreditationRecord) {
        let change = accreditation.withdrawal?.location ?? accreditation.location
        self = .accreditation(
            RegistrationStatus(
                state: accreditation.withdrawal == nil ? .active : .withdrawn,
                registrationID: accreditation.transactionID, changedAtHeight: change.height,
                changeLedgerIndex: change.ledgerIndex))
    }

    public var kind: StatusRecordKind {
        switch self {
        case .credential: .credential
        case .issuer: .issuer
        case .definition: .definition
        case .qaBody: .qaBody
        case .accreditation: .accreditation
        }
    }

    public var encoded: [UInt8] {
        var writer = CanonicalWriter(capacity: 64)
        writer.write(Self.version)
        writer.write(kind.rawValue)
        switch self {
        case .credential(let status):
            writer.write(status.state.rawValue)
            writer.write(status.reasonCode)
            writer.write(status.changedAtHeight)
            writer.write(status.changeLedgerIndex)
            writer.write(status.issuanceLedgerIndex)
        case .issuer(let status):
            writer.write(status.state.rawValue)
            writer.write(status.keyID)
            writer.write(status.changedAtHeight)
            writer.write(status.changeLedgerIndex)
        case .definition(let status), .qaBody(let status), .accreditation(let status):
            writer.write(status.state.rawValue)
            writer.write(status.registrationID)
            writer.write(status.changedAtHeight)
            writer.write(status.changeLedgerIndex)
        }
        return writer.bytes
    }

    /// Decodes exactly one record; an unknown version, kind, state or reason and trailing bytes are refused.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> StatusRecord {
        var reader = CanonicalReader(bytes)
        let version = try reader.readUInt8(field: "status.version")
        guard version == Self.version else { throw .unsupportedVersion(field: "status", version: UInt64(version)) }
        let kindByte = try reader.readUInt8(field: "status.kind")
        guard let kind = StatusRecordKind(rawValue: kindByte) else {
            throw .unknownTag(field: "status.kind", value: UInt64(kindByte))
        }
        let record: StatusRecord
        switch kind {
        case .credential:
            let stateByte = try reader.readUInt8(field: "status.state")
            guard let state = CredentialState(rawValue: stateByte) else {
                throw .unknownTag(field: "status.state", value: UInt64(stateByte))
            }
            let reason = try reader.readUInt8(field: "status.reason")
            let known =
                switch state {
                case .active: reason == 0
                case .suspended: SuspensionReason(rawValue: reason) != nil
                case .revoked: RevocationReason(rawValue: reason) != nil
                }
            guard known else { throw .unknownTag(field: "status.reason", value: UInt64(reason)) }
            record = .credential(
                CredentialStatus(
                    state: state, reasonCode: reason, changedAtHeight: try reader.readUInt64(field: "status.height"),
                    changeLedgerIndex: try reader.readUInt64(field: "status.changeIndex"),
                    issuanceLedgerIndex: try reader.readUInt64(field: "status.issuanceIndex")))
        case .issuer:
            let stateByte = try reader.readUInt8(field: "status.state")
            guard let state = IssuerState(rawValue: stateByte) else {
                throw .unknownTag(field: "status.state", value: UInt64(stateByte))
            }
            record = .issuer(
                IssuerStatus(
                    state: state, keyID: try reader.readDigest(field: "status.keyId"),
                    changedAtHeight: try reader.readUInt64(field: "status.height"),
                    changeLedgerIndex: try reader.readUInt64(field: "status.changeIndex")))
        case .definition, .qaBody, .accreditation:
            let stateByte = try reader.readUInt8(field: "status.state")
            guard let state = RegistrationState(rawValue: stateByte) else {
                throw .unknownTag(field: "status.state", value: UInt64(stateByte))
            }
            let status = RegistrationStatus(
                state: state, registrationID: try reader.readDigest(field: "status.registrationId"),
                changedAtHeight: try reader.readUInt64(field: "status.height"),
                changeLedgerIndex: try reader.readUInt64(field: "status.changeIndex"))
            record =
                switch kind {
                case .definition: .definition(status)
                case .qaBody: .qaBody(status)
                default: .accreditation(status)
                }
        }
        try reader.finish()
        return record
    }
}
