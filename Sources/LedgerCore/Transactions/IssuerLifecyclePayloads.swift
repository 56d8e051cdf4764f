/// An issuer moves to a new key (kind 13): signed by its current key with the new key's proof of possession, or,
/// after a compromise, by its registering authority alone. Credentials the old key signed before stay valid; from
/// the rotation on the old key signs nothing (docs/FORMATS.md, "Issuer lifecycle").
public struct RotateIssuerKey: Sendable, Hashable {
    public var issuerID: String
    /// The new P-256 SubjectPublicKeyInfo DER.
    public var publicKey: [UInt8]
    /// The new key's DER signature over `possessionMessage`; required when the issuer rotates its own key, and
    /// optional (empty) when its authority re-keys it.
    public var proofOfPossession: [UInt8]

    public init(issuerID: String, publicKey: [UInt8], proofOfPossession: [UInt8]) {
        self.issuerID = issuerID
        self.publicKey = publicKey
        self.proofOfPossession = proofOfPossession
    }

    /// "mcledger/issuer-key-pop/v1" ‖ chainId ‖ issuerId text ‖ SPKI bytes (docs/FORMATS.md). Keys are never
    /// reused, so a proof can serve one rotation only.
    public static func possessionMessage(chainID: SHA256Digest, issuerID: String, publicKey: [UInt8]) -> [UInt8] {
        var writer = CanonicalWriter()
        writer.write(raw: DomainTag.issuerKeyPossession.utf8)
        writer.write(chainID)
        writer.write(text: issuerID, bytesMax: Limits.identifierBytesMax)
        writer.write(bytes: publicKey, bytesMax: Limits.publicKeyBytesMax)
        return writer.bytes
    }

    /// A rotation to `newKey` with its proof of possession, for the current key (or the authority) to sign.
    public static func signed(issuerID: String, newKey: P256PrivateKey, chainID: SHA256Digest) throws(CryptoError)
        -> RotateIssuerKey
    {
        let spki = newKey.publicKey.spkiDER
        let message = possessionMessage(chainID: chainID, issuerID: issuerID, publicKey: spki)
        return RotateIssuerKey(
            issuerID: issuerID, publicKey: spki, proofOfPossession: try newKey.sign(message: message))
    }

    func validateFields() throws(FormatError) {
        try FieldRules.checkIdentifier(issuerID, field: "issuerID")
        guard !publicKey.isEmpty, publicKey.count <= Limits.publicKeyBytesMax else {
            throw .tooLong(field: "publicKey", bytesMax: Limits.publicKeyBytesMax, actual: publicKey.count)
        }
        guard proofOfPossession.count <= Limits.signatureBytesMax else {
            throw .tooLong(
                field: "proofOfPossession", bytesMax: Limits.signatureBytesMax, actual: proofOfPossession.count)
        }
    }

    /// issuerId text ‖ SPKI bytes ‖ shortBytes proof (empty when absent).
    func encode(into writer: inout CanonicalWriter) {
        writer.write(text: issuerID, bytesMax: Limits.identifierBytesMax)
        writer.write(bytes: publicKey, bytesMax: Limits.publicKeyBytesMax)
        writer.write(shortBytes: proofOfPossession, bytesMax: Limits.signatureBytesMax)
    }

    static func decode(from reader: inout CanonicalReader) throws(FormatError) -> RotateIssuerKey {
        RotateIssuerKey(
            issuerID: try reader.readText(field: "issuerID", bytesMax: Limits.identifierBytesMax),
            publicKey: try reader.readBytes(field: "publicKey", bytesMax: Limits.publicKeyBytesMax),
            proofOfPossession: try reader.readShortBytes(field: "proofOfPossession", bytesMax: Limits.signatureBytesMax)
        )
    }
}

/// An issuer's registering authority revokes, in one transaction, every credential the issuer anchored in blocks
/// fromHeight…toHeight (both included, all already final), normally with the reason `issuerKeyCompromised`
/// (kind 14). Credentials already revoked keep their first revocation.
public struct RevokeIssuedRange: Sendable, Hashable {
    public var issuerID: String
    public var fromHeight: UInt64
    public var toHeight: UInt64
    public var reason: RevocationReason

    public init(issuerID: String, fromHeight: UInt64, toHeight: UInt64, reason: RevocationReason) {
        self.issuerID = issuerID
        self.fromHeight = fromHeight
        self.toHeight = toHeight
        self.reason = reason
    }

    func validateFields() throws(FormatError) {
        try FieldRules.checkIdentifier(issuerID, field: "issuerID")
        guard fromHeight >= 1 else { throw .invalidValue(field: "fromHeight", reason: "blocks start at height 1") }
        guard fromHeight <= toHeight else {
            throw .invalidValue(field: "toHeight", reason: "must not be below fromHeight \(fromHeight)")
        }
    }

    /// issuerId text ‖ u64 fromHeight ‖ u64 toHeight ‖ u8 reason.
    func encode(into writer: inout CanonicalWriter) {
        writer.write(text: issuerID, bytesMax: Limits.identifierBytesMax)
        writer.write(fromHeight)
        writer.write(toHeight)
        writer.write(reason.rawValue)
    }

    static func decode(from reader: inout CanonicalReader) throws(FormatError) -> RevokeIssuedRange {
        RevokeIssuedRange(
            issuerID: try reader.readText(field: "issuerID", bytesMax: Limits.identifierBytesMax),
            fromHeight: try reader.readUInt64(field: "fromHeight"), toHeight: try reader.readUInt64(field: "toHeight"),
            reason: try TransactionPayload.decodeEnum(RevocationReason.self, field: "reason", from: &reader))
    }
}
