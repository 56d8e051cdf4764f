/// A transaction id: SHA-256 of the canonical body, so re-encoding the signature cannot change it.
public typealias TransactionID = SHA256Digest

/// The unsigned, canonical part of a transaction: what the author signs and what its id hashes.
/// Layout (docs/FORMATS.md): tag "mcledger/tx/v1" ‖ chainId ‖ kind ‖ authorKeyId ‖ payload.
public struct TransactionBody: Sendable, Hashable {
    /// Binds the transaction to one chain, so it cannot be replayed on another.
    public let chainID: SHA256Digest
    /// Key id of the signer: a genesis validator (registerIssuer) or a registered issuer.
    public let authorKeyID: KeyID
    public let payload: TransactionPayload
    /// The canonical encoding, computed once.
    public let encoded: [UInt8]

    /// Builds a body after checking every field; invalid fields throw, so no invalid body exists.
    public init(chainID: SHA256Digest, authorKeyID: KeyID, payload: TransactionPayload) throws(FormatError) {
        try payload.validateFields()
        self.chainID = chainID
        self.authorKeyID = authorKeyID
        self.payload = payload
        var writer = CanonicalWriter(capacity: 256)
        writer.write(raw: DomainTag.transaction.utf8)
        writer.write(chainID)
        writer.write(payload.kind.rawValue)
        writer.write(authorKeyID)
        payload.encode(into: &writer)
        precondition(
            writer.bytes.count <= Limits.transactionBodyBytesMax, "field limits must keep a body under its limit")
        self.encoded = writer.bytes
    }

    /// Strictly decodes a body; refuses an unknown tag or kind, any bad field, and trailing bytes.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> TransactionBody {
        guard bytes.count <= Limits.transactionBodyBytesMax else {
            throw .tooLong(field: "transaction body", bytesMax: Limits.transactionBodyBytesMax, actual: bytes.count)
        }
        var reader = CanonicalReader(bytes)
        try reader.expect(tag: DomainTag.transaction)
        let chainID = try reader.readDigest(field: "chainId")
        let kindByte = try reader.readUInt8(field: "kind")
        guard let kind = TransactionKind(rawValue: kindByte) else {
            throw .unknownTag(field: "kind", value: UInt64(kindByte))
        }
        let authorKeyID = try reader.readDigest(field: "authorKeyId")
        let payload = try TransactionPayload.decode(kind: kind, from: &reader)
        try reader.finish()
        let body = try TransactionBody(chainID: chainID, authorKeyID: authorKeyID, payload: payload)
        // Paired check: the decoded value re-encodes to exactly the input, or the input was not canonical.
        guard body.encoded == bytes else {
            throw .nonCanonical(field: "transaction body", reason: "does not re-encode to the same bytes")
        }
        return body
    }

    /// SHA-256 of the canonical body.
    public var id: TransactionID { SHA256.hash(encoded) }
}
