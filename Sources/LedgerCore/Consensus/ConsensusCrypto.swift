/// How consensus signs and checks its messages. The node uses ECDSA P-256 with the validator's key; the
/// deterministic simulator plugs in a fast stand-in so it can run thousands of seeds (docs/CONSENSUS.md).
public protocol ConsensusCrypto: Sendable {
    /// The local validator's key id, or nil for a non-voting observer.
    var localKeyID: KeyID? { get }
    /// Signs `message` with the local validator's key.
    func sign(_ message: [UInt8]) throws -> [UInt8]
    /// Whether `signature` over `message` was made by validator `signer` (a member of the set it signs for).
    func verify(signature: [UInt8], message: [UInt8], signer: ValidatorRecord) -> Bool
}

/// ECDSA P-256 over SHA-256 with the validators' keys: what a real node uses.
public struct ECDSAConsensusCrypto: ConsensusCrypto {
    private let key: P256PrivateKey?

    public init(key: P256PrivateKey?) {
        self.key = key
    }

    public var localKeyID: KeyID? { key?.publicKey.keyID }

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard let key else { throw CryptoError.signingFailed("this node is an observer and holds no validator key") }
        return try key.sign(message: message)
    }

    public func verify(signature: [UInt8], message: [UInt8], signer: ValidatorRecord) -> Bool {
        signer.publicKey.verify(signature: signature, message: message) == .valid
    }
}
