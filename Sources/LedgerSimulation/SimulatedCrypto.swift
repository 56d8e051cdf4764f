import LedgerCore

/// Every simulated validator's secret. Only the simulator holds it; each node's `SimulatedCrypto` signs with
/// its own secret only, so Byzantine nodes cannot forge honest votes.
public final class SimulationKeyring: Sendable {
    let secrets: [KeyID: [UInt8]]

    init(keyIDs: [KeyID], seed: UInt64) {
        var secrets: [KeyID: [UInt8]] = [:]
        for (index, keyID) in keyIDs.enumerated() {
            var writer = CanonicalWriter()
            writer.write(seed)
            writer.write(UInt64(index))
            secrets[keyID] = SHA256.hash(writer.bytes).bytes
        }
        self.secrets = secrets
    }
}

/// A fast stand-in for ECDSA in the simulator: signature = SHA-256(secret ‖ message). It keeps what consensus
/// relies on (only the key holder can sign; anyone can check) at ~1 µs instead of ~100 µs per operation.
public struct SimulatedCrypto: ConsensusCrypto {
    public let localKeyID: KeyID?
    let keyring: SimulationKeyring

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard let localKeyID, let secret = keyring.secrets[localKeyID] else {
            throw CryptoError.signingFailed("no simulated key")
        }
        return SHA256.hash(parts: [secret, message]).bytes
    }

    public func verify(signature: [UInt8], message: [UInt8], signer: ValidatorRecord) -> Bool {
        guard let secret = keyring.secrets[signer.keyID] else { return false }
        return SHA256.hash(parts: [secret, message]).bytes == signature
    }
}
