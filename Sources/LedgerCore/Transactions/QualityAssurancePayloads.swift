/// A member-state authority (a validator) registers a national quality-assurance body, such as the University
/// Council of Jamaica or the Accreditation Council of Trinidad and Tobago (docs/FORMATS.md, kind 9).
public struct RegisterQABody: Sendable, Hashable {
    public var qaBodyID: String
    public var displayName: String
    /// ISO 3166-1 alpha-2 code of the member state whose institutions it accredits.
    public var country: String
    /// The body's P-256 SubjectPublicKeyInfo DER; it signs its accreditations.
    public var publicKey: [UInt8]

    public init(qaBodyID: String, displayName: String, country: String, publicKey: [UInt8]) {
        self.qaBodyID = qaBodyID
        self.displayName = displayName
        self.country = country
        self.publicKey = publicKey
    }
}

/// What an accreditation covers, within one issuer (and so one member state): every entry of some kinds, or
/// named entries. Each scope is narrower than the QA body's own, which is its member state's issuers.
public enum AccreditationScope: Sendable, Hashable {
    /// The issuer itself, for its entries of these kinds (and, when every kind is listed, for credentials that
    /// cite no entry).
    case issuer(kinds: [ActivityKind])
    /// These catalogue entries of the issuer.
    case entries([String])

    static let issuerTag: UInt8 = 1
    static let entriesTag: UInt8 = 2

    /// Whether a credential for `definition` (nil: the credential cites no entry) falls in the scope.
    public func covers(_ definition: RegisterDefinition?) -> Bool {
        switch self {
        case .issuer(let kinds):
            guard let definition else { return kinds.count == ActivityKind.allCases.count }
            return kinds.contains(definition.activity)
        case .entries(let ids):
            guard let definition else { return false }
            return ids.contains(definition.definitionID)
        }
    }
}

/// A QA body accredits an issuer, or some of its catalogue entries, for a period (kind 10).
public struct RecordAccreditation: Sendable, Hashable {
    public var accreditationID: String
    public var issuerID: String
    public var scope: AccreditationScope
    /// The period, in milliseconds since the Unix epoch: from validFrom, until (not including) validUntil.
    public var validFromMilliseconds: UInt64
    public var validUntilMilliseconds: UInt64

    public init(
        accreditationID: String, issuerID: String, scope: AccreditationScope, validFromMilliseconds: UInt64,
        validUntilMilliseconds: UInt64
    ) {
        self.accreditationID = accreditationID
        self.issuerID = issuerID
        self.scope = scope
        self.validFromMilliseconds = validFromMilliseconds
        self.validUntilMilliseconds = validUntilMilliseconds
    }

    /// Whether a time falls in the period.
    public func isValid(atMilliseconds time: UInt64) -> Bool {
        validFromMilliseconds <= time && time < validUntilMilliseconds
    }
}

/// The QA body that recorded an accreditation withdraws it; credentials issued under it before stay as they are.
public struct WithdrawAccreditation: Sendable, Hashable {
    public var accreditationID: String
    /// When the body decided, as for a suspension: at most the issue-time margin after the block.
    public var decidedAtMilliseconds: UInt64

    public init(accreditationID: String, decidedAtMilliseconds: UInt64) {
        self.accreditationID = accreditationID
        self.decidedAtMilliseconds = decidedAtMilliseconds
    }
}

extension RegisterQABody {
    func validateFields() throws(FormatError) {
        try FieldRules.checkIdentifier(qaBodyID, field: "qaBodyID")
        try FieldRules.checkText(
            displayName, field: "displayName", bytesMax: Limits.displayTextBytesMax, allowEmpty: false)
        try FieldRules.checkCountry(country)
        guard !publicKey.isEmpty, publicKey.count <= Limits.publicKeyBytesMax else {
            throw .tooLong(field: "publicKey", bytesMax: Limits.publicKeyBytesMax, actual: publicKey.count)
        }
    }

    /// qaBodyId text ‖ displayName text ‖ country text ‖ publicKey bytes.
    func encode(into writer: inout CanonicalWriter) {
        writer.write(text: qaBodyID, bytesMax: Limits.identifierBytesMax)
        writer.write(text: displayName, bytesMax: Limits.displayTextBytesMax)
        writer.write(text: country, bytesMax: 2)
        writer.write(bytes: publicKey, bytesMax: Limits.publicKeyBytesMax)
    }

    static func decode(from reader: inout CanonicalReader) throws(FormatError) -> RegisterQABody {
        RegisterQABody(
            qaBodyID: try reader.readText(field: "qaBodyID", bytesMax: Limits.identifierBytesMax),
            displayName: try reader.readText(field: "displayName", bytesMax: Limits.displayTextBytesMax),
            country: try reader.readText(field: "country", bytesMax: 2),
            publicKey: try reader.readBytes(field: "publicKey", bytesMax: Limits.publicKeyBytesMax))
    }
}

extension RecordAccreditation {
    func validateFields() throws(FormatError) {
        try FieldRules.checkIdentifier(accreditationID, field: "accreditationID")
        try FieldRules.checkIdentifier(issuerID, field: "issuerID")
        switch scope {
        case .issuer(let kinds):
            guard !kinds.isEmpty else { throw .invalidValue(field: "scope.kinds", reason: "names no kind") }
            guard zip(kinds, kinds.dropFirst()).allSatisfy({ $0.rawValue < $1.rawValue }) else {
                throw .nonCanonical(field: "scope.kinds", reason: "kinds must be listed once each, in ascending order")
            }
        case .entries(let ids):
            guard !ids.isEmpty else { throw .invalidValue(field: "scope.entries", reason: "names no entry") }
            guard ids.count <= Limits.accreditationEntriesMax else {
                throw .tooMany(field: "scope.entries", countMax: Limits.accreditationEntriesMax, actual: ids.count)
            }
            for (index, id) in ids.enumerated() { try FieldRules.checkIdentifier(id, field: "scope.entries[\(index)]") }
            guard Set(ids).count == ids.count else {
                throw .invalidValue(field: "scope.entries", reason: "names an entry twice")
            }
        }
        guard validUntilMilliseconds > validFromMilliseconds else {
            throw .invalidValue(field: "validUntil", reason: "must be after validFrom")
        }
    }

    /// accreditationId text ‖ issuerId text ‖ u8 scope (1 issuer: u8 count ‖ kinds; 2 entries: u8 count ‖ ids)
    /// ‖ u64 validFrom ‖ u64 validUntil.
    func encode(into writer: inout CanonicalWriter) {
        writer.write(text: accreditationID, bytesMax: Limits.identifierBytesMax)
        writer.write(text: issuerID, bytesMax: Limits.identifierBytesMax)
        switch scope {
        case .issuer(let kinds):
            writer.write(AccreditationScope.issuerTag)
            writer.write(UInt8(kinds.count))
            for kind in kinds { writer.write(kind.rawValue) }
        case .entries(let ids):
            writer.write(AccreditationScope.entriesTag)
            writer.write(UInt8(ids.count))
            for id in ids { writer.write(text: id, bytesMax: Limits.identifierBytesMax) }
        }
        writer.write(validFromMilliseconds)
        writer.write(validUntilMilliseconds)
    }

    static func decode(from reader: inout CanonicalReader) throws(FormatError) -> RecordAccreditation {
        let accreditationID = try reader.readText(field: "accreditationID", bytesMax: Limits.identifierBytesMax)
        let issuerID = try reader.readText(field: "issuerID", bytesMax: Limits.identifierBytesMax)
        let tag = try reader.readUInt8(field: "scope")
        let count = Int(try reader.readUInt8(field: "scope.count"))
        let scope: AccreditationScope
        switch tag {
        case AccreditationScope.issuerTag:
            guard count <= ActivityKind.allCases.count else {
                throw .tooMany(field: "scope.kinds", countMax: ActivityKind.allCases.count, actual: count)
            }
            var kinds: [ActivityKind] = []
            for _ in 0..<count {
                kinds.append(try TransactionPayload.decodeEnum(ActivityKind.self, field: "scope.kinds", from: &reader))
            }
            scope = .issuer(kinds: kinds)
        case AccreditationScope.entriesTag:
            guard count <= Limits.accreditationEntriesMax else {
                throw .tooMany(field: "scope.entries", countMax: Limits.accreditationEntriesMax, actual: count)
            }
            var ids: [String] = []
            for index in 0..<count {
                ids.append(try reader.readText(field: "scope.entries[\(index)]", bytesMax: Limits.identifierBytesMax))
            }
            scope = .entries(ids)
        default:
            throw .unknownTag(field: "scope", value: UInt64(tag))
        }
        return RecordAccreditation(
            accreditationID: accreditationID, issuerID: issuerID, scope: scope,
            validFromMilliseconds: try reader.readUInt64(field: "validFrom"),
            validUntilMilliseconds: try reader.readUInt64(field: "validUntil"))
    }
}

extension WithdrawAccreditation {
    /// accreditationId text ‖ u64 decidedAt.
    func encode(into writer: inout CanonicalWriter) {
        writer.write(text: accreditationID, bytesMax: Limits.identifierBytesMax)
        writer.write(decidedAtMilliseconds)
    }

    static func decode(from reader: inout CanonicalReader) throws(FormatError) -> WithdrawAccreditation {
        WithdrawAccreditation(
            accreditationID: try reader.readText(field: "accreditationID", bytesMax: Limits.identifierBytesMax),
            decidedAtMilliseconds: try reader.readUInt64(field: "decidedAt"))
    }
}
