import COpenSSL

/// An ECDSA P-256 signing key held by a validator or an issuer; immutable, so shared across threads.
public final class P256PrivateKey: @unchecked Sendable {
    private let handle: OpaquePointer
    /// The matching public key.
    public let publicKey: P256PublicKey

    private init(adopting key: OpaquePointer) throws(CryptoError) {
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
            throw .invalidKeyEncoding("could not derive the public key (\(OpenSSLSupport.takeErrors()))")
        }
        defer { mcl_openssl_free(der) }
        let spki = Array(UnsafeBufferPointer(start: der, count: Int(length)))
        self.handle = key
        self.publicKey = try P256PublicKey(spkiDER: spki)
    }

    deinit { EVP_PKEY_free(handle) }

    /// Draws a fresh key from OpenSSL's CSPRNG.
    public static func generate() throws(CryptoError) -> P256PrivateKey {
        guard let key = mcl_ec_generate("P-256") else {
            _ = OpenSSLSupport.takeErrors()
            throw .keyGenerationFailed
        }
        return try P256PrivateKey(adopting: key)
    }

    /// Loads a PEM private key (PKCS#8 or SEC1); encrypted keys are refused rather than prompting.
    public convenience init(pem: String) throws(CryptoError) {
        let key = OpenSSLSupport.withReadBIO(Array(pem.utf8)) { mcl_read_private_key_pem($0) }
        guard let key else {
            throw .invalidPEM("expected an unencrypted 'BEGIN PRIVATE KEY' block (\(OpenSSLSupport.takeErrors()))")
        }
        try self.init(adopting: key)
    }

    /// The key as an unencrypted PKCS#8 "BEGIN PRIVATE KEY" PEM block.
    public var pkcs8PEM: String {
        let bytes = OpenSSLSupport.collectWrittenBytes {
            PEM_write_bio_PKCS8PrivateKey($0, handle, nil, nil, 0, nil, nil)
        }
        guard let bytes else { preconditionFailure("PEM_write_bio_PKCS8PrivateKey failed on a valid key") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Signs SHA-256(message); returns strict DER with low S.
    public func sign(message: some Sequence<UInt8>) throws(CryptoError) -> [UInt8] {
        try sign(digest: SHA256.hash(message))
    }

    /// Signs an already computed SHA-256 digest; returns strict DER with low S.
    public func sign(digest: SHA256Digest) throws(CryptoError) -> [UInt8] {
        guard let context = EVP_PKEY_CTX_new(handle, nil) else { preconditionFailure("EVP_PKEY_CTX_new failed") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_sign_init(context) == 1 else {
            throw .signingFailed("EVP_PKEY_sign_init: \(OpenSSLSupport.takeErrors())")
        }
        var signature = [UInt8](repeating: 0, count: Int(EVP_PKEY_get_size(handle)))
        var length = signature.count
        let status = signature.withUnsafeMutableBufferPointer { signatureBuffer in
            digest.withUnsafeBytes { digestBuffer in
                EVP_PKEY_sign(
                    context, signatureBuffer.baseAddress, &length,
                    digestBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self), digestBuffer.count)
            }
        }
        guard status == 1 else { throw .signingFailed("EVP_PKEY_sign: \(OpenSSLSupport.takeErrors())") }
        guard let lowS = ECDSASignatureForm.normalizedToLowS(Array(signature.prefix(length))) else {
            throw .signingFailed("OpenSSL returned a signature that is not strict DER")
        }
        return lowS
    }
}
