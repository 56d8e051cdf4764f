/// Why a key or signature operation failed; user-facing, so each case carries what went wrong.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    case keyGenerationFailed
    case invalidPEM(String)
    case invalidKeyEncoding(String)
    case wrongCurve(String)
    case signingFailed(String)
    case keyFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .keyGenerationFailed: "ECDSA P-256 key generation failed"
        case .invalidPEM(let reason): "invalid PEM key: \(reason)"
        case .invalidKeyEncoding(let reason): "invalid key encoding: \(reason)"
        case .wrongCurve(let curve): "key is on curve \(curve), expected prime256v1 (P-256)"
        case .signingFailed(let reason): "signing failed: \(reason)"
        case .keyFile(let path, let reason): "\(path): \(reason)"
        }
    }
}

/// The outcome of checking one ECDSA signature; only `.valid` means valid.
public enum SignatureVerdict: Sendable, Hashable, CustomStringConvertible {
    case valid
    /// Not a strict DER `ECDSA-Sig-Value`, or trailing bytes after it.
    case malformed
    /// s is above n/2: a valid but malleated signature, refused so that signatures are unique.
    case highS
    /// Well-formed, but not made by this key over this message.
    case mismatch

    public var description: String {
        switch self {
        case .valid: "valid"
        case .malformed: "malformed DER signature"
        case .highS: "signature has high S (malleated); only low-S signatures are accepted"
        case .mismatch: "signature does not match the key and message"
        }
    }
}
