import COpenSSL

/// Identifies a key everywhere on chain: SHA-256 of its SubjectPublicKeyInfo DER.
public typealias KeyID = SHA256Digest

/// An ECDSA P-256 public key; immutable after creation, so one instance is shared across threads.
public final class P256PublicKey: @unchecked Sendable, Hashable, CustomStringConvertible {
    let handle: OpaquePointer
    /// The canonical SubjectPublicKeyInfo DER (uncompressed point).
    public let spkiDER: [UInt8]
    /// SHA-256 of `spkiDER`.
    public let keyID: KeyID
    /// Initialised verification contexts, reused across checks (each holds a reference to `handle`).
    private let verifyContexts: VerifyContextPool

    /// Longest SPKI DER accepted: a P-256 SPKI with an uncompressed point is 91 bytes.
    public static let spkiBytesMax = 91

    /// Parses SubjectPublicKeyInfo DER; refuses other curves, trailing bytes and non-canonical encodings.
    public convenience init(spkiDER: [UInt8]) throws(CryptoError) {
        guard !spkiDER.isEmpty, spkiDER.count <= Self.spkiBytesMax else {
            throw .invalidKeyEncoding(
                "SubjectPublicKeyInfo must be 1...\(Self.spkiBytesMax) bytes, got \(spkiDER.count)")
        }
        let parsed: OpaquePointer? = spkiDER.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let key = d2i_PUBKEY(nil, &cursor, buffer.count)
            if let key, cursor.map({ $0 - buffer.baseAddress! }) != buffer.count {
                EVP_PKEY_free(key)
                return nil
            }
            return key
        }
        guard let parsed else {
            let detail = OpenSSLSupport.takeErrors()
            throw .invalidKeyEncoding("not a SubjectPublicKeyInfo DER (\(detail))")
        }
        try self.init(adopting: parsed)
        guard self.spkiDER == spkiDER else {
            throw .invalidKeyEncoding("SubjectPublicKeyInfo is not in canonical uncompressed form")
        }
    }

    /// Parses a "BEGIN PUBLIC KEY" (SPKI) PEM block.
    public convenience init(pem: String) throws(CryptoError) {
        let key = OpenSSLSupport.withReadBIO(Array(pem.utf8)) { mcl_read_public_key_pem($0) }
        guard let key else {
            throw .invalidPEM("expected a 'BEGIN PUBLIC KEY' block (\(OpenSSLSupport.takeErrors()))")
        }
        try self.init(adopting: key)
    }

    /// Takes ownership of an EVP_PKEY after checking it is an EC key on P-256.
    init(adopting key: OpaquePointer) throws(CryptoError) {
        do {
            try P256PublicKey.checkCurve(key)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        var der: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_PUBKEY(key, &der)
        guard length > 0, let der else {
            EVP_PKEY_free(key)
            throw .invalidKeyEncoding("could not encode SubjectPublicKeyInfo (\(OpenSSLSupport.takeErrors()))")
        }
        defer { mcl_openssl_free(der) }
        self.handle = key
        self.verifyContexts = VerifyContextPool(key: key)
        self.spkiDER = Array(UnsafeBufferPointer(start: der, count: Int(length)))
        self.keyID = SHA256.hash(spkiDER)
    }

    deinit { EVP_PKEY_free(handle) }

    static func checkCurve(_ key: OpaquePointer) throws(CryptoError) {
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_EC else { throw .wrongCurve("a non-EC key type") }
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 else {
            throw .wrongCurve("unknown (\(OpenSSLSupport.takeErrors()))")
        }
        let curve = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard curve == "prime256v1" else { throw .wrongCurve(curve) }
    }

    /// The key as a "BEGIN PUBLIC KEY" PEM block.
    public var pem: String {
        let bytes = OpenSSLSupport.collectWrittenBytes { PEM_write_bio_PUBKEY($0, handle) }
        guard let bytes else { preconditionFailure("PEM_write_bio_PUBKEY failed on a valid key") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Checks a DER signature over SHA-256(message).
    public func verify(signature: [UInt8], message: some Sequence<UInt8>) -> SignatureVerdict {
        verify(signature: signature, digest: SHA256.hash(message))
    }

    /// Checks a DER signature over an already computed SHA-256 digest; refuses high-S and loose DER.
    public func verify(signature: [UInt8], digest: SHA256Digest) -> SignatureVerdict {
        if let problem = ECDSASignatureForm.problem(with: signature) { return problem }
        let status = verifyContexts.withContext { context in
            signature.withUnsafeBufferPointer { signatureBuffer in
                digest.withUnsafeBytes { digestBuffer in
                    EVP_PKEY_verify(
                        context, signatureBuffer.baseAddress, signatureBuffer.count,
                        digestBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self), digestBuffer.count)
                }
            }
        }
        // Only 1 means valid: 0 is a mismatch and a negative value is a malformed input.
        guard status == 1 else {
            ERR_clear_error()
            return status == 0 ? .mismatch : .malformed
        }
        return .valid
    }

    public static func == (left: P256PublicKey, right: P256PublicKey) -> Bool { left.spkiDER == right.spkiDER }

    public func hash(into hasher: inout Hasher) { hasher.combine(keyID) }

    public var description: String { "P256PublicKey(\(keyID.hex.prefix(16))…)" }
}
