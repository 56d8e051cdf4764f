/// Why a Merkle proof could not be built or did not verify; a typed mismatch, never just `false`.
public enum MerkleProofError: Error, Sendable, Equatable, CustomStringConvertible {
    case indexOutOfRange(index: UInt64, size: UInt64)
    case invalidSizes(size1: UInt64, size2: UInt64, reason: String)
    case wrongProofLength(expected: Int, actual: Int)
    case rootMismatch(expected: SHA256Digest, computed: SHA256Digest)
    case nodeUnavailable(level: Int, index: UInt64)

    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let size): "leaf index \(index) is outside a tree of size \(size)"
        case .invalidSizes(let size1, let size2, let reason): "sizes \(size1) → \(size2): \(reason)"
        case .wrongProofLength(let expected, let actual): "proof has \(actual) hashes, expected \(expected)"
        case .rootMismatch(let expected, let computed): "proof leads to root \(computed.hex), expected \(expected.hex)"
        case .nodeUnavailable(let level, let index): "Merkle node at level \(level), index \(index) is not stored"
        }
    }
}
