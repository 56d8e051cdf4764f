/// A transaction body with its author's signature, as carried in blocks and hashed into the Merkle log.
/// Its signature has not been checked: only `VerifiedTransaction` says that.
/// Encoding: u16 body length ‖ body ‖ u8 signature length ‖ DER signature.
public struct SignedTransaction: Sendable, Hashable {
    public let body: TransactionBody
    /// Strict DER ECDSA P-256 signature over SHA-256(body), with low S.
    public let signature: [UInt8]
    /// SHA-256 of the body.
    public let id: TransactionID

    /// Pairs a body with a signature; the signature's form is checked, its validity is not.
    public init(body: TransactionBody, signature: [UInt8]) throws(FormatError) {
        guard !signature.isEmpty, signature.count <= Limits.signatureBytesMax else {
            throw .tooLong(field: "signature", bytesMax: Limits.signatureBytesMax, actual: signature.count)
        }
        self.body = body
        self.signature = signature
        self.id = body.id
    }

    /// Signs a body with the author's key; the key's id must be the body's author.
    public static func sign(_ body: TransactionBody, with key: P256PrivateKey) throws(CryptoError) -> SignedTransaction
    {
        precondition(key.publicKey.keyID == body.authorKeyID, "signing key must be the body's author")
        let signature = try key.sign(message: body.encoded)
        do {
            return try SignedTransaction(body: body, signature: signature)
        } catch {
            throw .signingFailed("signature did not fit its limit: \(error)")
        }
    }

    /// The length of `encoded` without building it: u16 body length ‖ body ‖ u8 signature length ‖ signature.
    public var encodedByteCount: Int { 2 + body.encoded.count + 1 + signature.count }

    /// The canonical encoding; the RFC 9162 leaf is SHA-256(0x00 ‖ encoded).
    public var encoded: [UInt8] {
        var writer = CanonicalWriter(capacity: encodedByteCount)
        encode(into: &writer)
        return writer.bytes
    }

    func encode(into writer: inout CanonicalWriter) {
        writer.write(bytes: body.encoded, bytesMax: Limits.transactionBodyBytesMax)
        writer.write(shortBytes: signature, bytesMax: Limits.signatureBytesMax)
    }

    /// Decodes exactly one signed transaction; trailing bytes are refused.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> SignedTransaction {
        var reader = CanonicalReader(bytes)
        let transaction = try decode(from: &reader)
        try reader.finish()
        return transaction
    }

    static func decode(from reader: inout CanonicalReader) throws(FormatError) -> SignedTransaction {
        let bodyBytes = try reader.readBytes(field: "transaction body", bytesMax: Limits.transactionBodyBytesMax)
        let body = try TransactionBody.decode(bodyBytes)
        let signature = try reader.readShortBytes(field: "signature", bytesMax: Limits.signatureBytesMax)
        return try SignedTransaction(body: body, signature: signature)
    }

    /// The RFC 9162 leaf hash of this transaction.
    public func leafHash(hasher: MerkleHasher) -> SHA256Digest {
        hasher.leafHash(encoded)
    }
}
