/// A member state joining the validator set: its name, country and key, and the key's proof of possession.
public struct ValidatorAddition: Sendable, Hashable {
    /// A member-state label such as "barbados"; distinct from every current member's.
    public var name: String
    /// ISO 3166-1 alpha-2 code.
    public var country: String
    /// The new validator's P-256 SubjectPublicKeyInfo DER.
    public var publicKey: [UInt8]
    /// The new key's DER signature over `possessionMessage(chainID:)`: only the key's holder can propose it, so no
    /// member can enrol a key it does not control or one copied from another chain (as Indy requires for new nodes).
    public var proofOfPossession: [UInt8]

    public init(name: String, country: String, publicKey: [UInt8], proofOfPossession: [UInt8]) {
        self.name = name
        self.country = country
        self.publicKey = publicKey
        self.proofOfPossession = proofOfPossession
    }

    /// "mcledger/validator-pop/v1" ‖ chainId ‖ name text ‖ country text ‖ SPKI bytes (docs/FORMATS.md).
    public static func possessionMessage(chainID: SHA256Digest, name: String, country: String, publicKey: [UInt8])
        -> [UInt8]
    {
        var writer = CanonicalWriter()
        writer.write(raw: DomainTag.validatorPossession.utf8)
        writer.write(chainID)
        writer.write(text: name, bytesMax: Limits.validatorNameBytesMax)
        writer.write(text: country, bytesMax: 2)
        writer.write(bytes: publicKey, bytesMax: Limits.publicKeyBytesMax)
        return writer.bytes
    }

    /// Signs the proof of possession with the new validator's own key.
    public static func signed(name: String, country: String, key: P256PrivateKey, chainID: SHA256Digest)
        throws(CryptoError) -> ValidatorAddition
    {
        let spki = key.publicKey.spkiDER
        let message = possessionMessage(chainID: chainID, name: name, country: country, publicKey: spki)
        return ValidatorAddition(
            name: name, country: country, publicKey: spki, proofOfPossession: try key.sign(message: message))
    }
}

/// What a proposal would change: one member added at the end of the rotation, or one removed.
public enum ValidatorChange: Sendable, Hashable, CustomStringConvertible {
    case add(ValidatorAddition)
    case remove(name: String)

    /// The member the change concerns.
    public var name: String {
        switch self {
        case .add(let addition): addition.name
        case .remove(let name): name
        }
    }

    public var description: String {
        switch self {
        case .add(let addition): "add \(addition.name) (\(addition.country))"
        case .remove(let name): "remove \(name)"
        }
    }
}

/// A current validator proposes one change to the set; its own approval is counted with the proposal.
/// The proposal's time makes each body, and so its id, unique when the same change is proposed again.
public struct ProposeValidatorChange: Sendable, Hashable {
    public var change: ValidatorChange
    public var proposedAtMilliseconds: UInt64

    public init(change: ValidatorChange, proposedAtMilliseconds: UInt64) {
        self.change = change
        self.proposedAtMilliseconds = proposedAtMilliseconds
    }
}

/// A current validator approves a pending proposal, named by the id of the transaction that proposed it.
public struct ApproveValidatorChange: Sendable, Hashable {
    public var proposalID: TransactionID

    public init(proposalID: TransactionID) {
        self.proposalID = proposalID
    }
}

extension ProposeValidatorChange {
    static let addTag: UInt8 = 1
    static let removeTag: UInt8 = 2

    func validateFields() throws(FormatError) {
        try FieldRules.checkIdentifier(change.name, field: "name")
        guard change.name.utf8.count <= Limits.validatorNameBytesMax else {
            throw .tooLong(field: "name", bytesMax: Limits.validatorNameBytesMax, actual: change.name.utf8.count)
        }
        guard case .add(let addition) = change else { return }
        try FieldRules.checkCountry(addition.country)
        guard !addition.publicKey.isEmpty, addition.publicKey.count <= Limits.publicKeyBytesMax else {
            throw .tooLong(field: "publicKey", bytesMax: Limits.publicKeyBytesMax, actual: addition.publicKey.count)
        }
        guard !addition.proofOfPossession.isEmpty, addition.proofOfPossession.count <= Limits.signatureBytesMax else {
            throw .tooLong(
                field: "proofOfPossession", bytesMax: Limits.signatureBytesMax,
                actual: addition.proofOfPossession.count)
        }
    }

    /// u8 action (1 add, 2 remove) ‖ name text ‖ [country text ‖ SPKI bytes ‖ shortBytes proof] ‖ u64 proposedAt.
    func encode(into writer: inout CanonicalWriter) {
        switch change {
        case .add(let addition):
            writer.write(Self.addTag)
            writer.write(text: addition.name, bytesMax: Limits.validatorNameBytesMax)
            writer.write(text: addition.country, bytesMax: 2)
            writer.write(bytes: addition.publicKey, bytesMax: Limits.publicKeyBytesMax)
            writer.write(shortBytes: addition.proofOfPossession, bytesMax: Limits.signatureBytesMax)
        case .remove(let name):
            writer.write(Self.removeTag)
            writer.write(text: name, bytesMax: Limits.validatorNameBytesMax)
        }
        writer.write(proposedAtMilliseconds)
    }

    static func decode(from reader: inout CanonicalReader) throws(FormatError) -> ProposeValidatorChange {
        let action = try reader.readUInt8(field: "action")
        let change: ValidatorChange
        switch action {
        case addTag:
            change = .add(
                ValidatorAddition(
                    name: try reader.readText(field: "name", bytesMax: Limits.validatorNameBytesMax),
                    country: try reader.readText(field: "country", bytesMax: 2),
                    publicKey: try reader.readBytes(field: "publicKey", bytesMax: Limits.publicKeyBytesMax),
                    proofOfPossession: try reader.readShortBytes(
                        field: "proofOfPossession", bytesMax: Limits.signatureBytesMax)))
        case removeTag:
            change = .remove(name: try reader.readText(field: "name", bytesMax: Limits.validatorNameBytesMax))
        default:
            throw .unknownTag(field: "action", value: UInt64(action))
        }
        return ProposeValidatorChange(
            change: change, proposedAtMilliseconds: try reader.readUInt64(field: "proposedAt"))
    }
}
