import COpenSSL

// The order n of P-256 halved: a signature (r, s) with s > n/2 is the malleated twin of (r, n - s).
nonisolated(unsafe) private let p256Order: OpaquePointer = bignum(
    hex: "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")
nonisolated(unsafe) private let p256HalfOrder: OpaquePointer = bignum(
    hex: "7FFFFFFF800000007FFFFFFFFFFFFFFFDE737D56D38BCF4279DCE5617E3192A8")

private func bignum(hex: String) -> OpaquePointer {
    var number: OpaquePointer? = nil
    guard BN_hex2bn(&number, hex) > 0, let number else { preconditionFailure("BN_hex2bn failed on a constant") }
    return number
}

/// Strict DER and low-S rules for ECDSA P-256 signatures, so that every signature has one encoding.
enum ECDSASignatureForm {
    /// Largest DER `ECDSA-Sig-Value` for P-256: two 33-byte INTEGERs plus headers.
    static let derBytesMax = 72

    /// Parses strict DER; nil when the bytes are not exactly one canonical `ECDSA-Sig-Value`.
    private static func parse(_ der: [UInt8]) -> OpaquePointer? {
        guard !der.isEmpty, der.count <= derBytesMax else { return nil }
        return der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let signature = d2i_ECDSA_SIG(nil, &cursor, buffer.count) else {
                ERR_clear_error()
                return nil
            }
            let consumed = cursor.map { $0 - buffer.baseAddress! } ?? 0
            guard consumed == buffer.count, encode(signature) == der else {
                ECDSA_SIG_free(signature)
                return nil
            }
            return signature
        }
    }

    private static func encode(_ signature: OpaquePointer) -> [UInt8] {
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            _ = i2d_ECDSA_SIG(signature, &cursor)
        }
        return bytes
    }

    /// Classifies a signature's form: nil when it is strict DER with low S, else why not.
    static func problem(with der: [UInt8]) -> SignatureVerdict? {
        guard let signature = parse(der) else { return .malformed }
        defer { ECDSA_SIG_free(signature) }
        return BN_cmp(ECDSA_SIG_get0_s(signature), p256HalfOrder) > 0 ? .highS : nil
    }

    /// Rewrites s to n - s when s is high, as signing must; nil when the input is not strict DER.
    static func normalizedToLowS(_ der: [UInt8]) -> [UInt8]? {
        guard let signature = parse(der) else { return nil }
        defer { ECDSA_SIG_free(signature) }
        guard let s = ECDSA_SIG_get0_s(signature), BN_cmp(s, p256HalfOrder) > 0 else { return der }
        guard let lowS = BN_new(), let r = BN_dup(ECDSA_SIG_get0_r(signature)) else {
            preconditionFailure("BN_new failed: out of memory")
        }
        precondition(BN_sub(lowS, p256Order, s) == 1, "BN_sub failed")
        precondition(ECDSA_SIG_set0(signature, r, lowS) == 1, "ECDSA_SIG_set0 failed")
        return encode(signature)
    }
}
