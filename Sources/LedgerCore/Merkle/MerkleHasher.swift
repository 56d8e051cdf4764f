/// RFC 9162 §2.1.1 hashing: leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right).
/// The distinct prefixes keep a leaf from ever being read as an interior node (second-preimage safety).
/// Holds a reusable SHA-256 context and scratch buffer, so it is not Sendable: keep one per thread.
public final class MerkleHasher {
    private let hasher = SHA256Hasher()
    private let nodeInput = UnsafeMutableRawBufferPointer.allocate(byteCount: 65, alignment: 8)

    public init() {
        nodeInput[0] = 0x01
    }

    deinit { nodeInput.deallocate() }

    /// RFC 9162 §2.1.1: the root of the empty tree is the hash of the empty string.
    public static let emptyRoot = SHA256Digest.emptyStringHash

    /// The leaf hash of one entry's bytes.
    public func leafHash(_ data: some Sequence<UInt8>) -> SHA256Digest {
        hasher.update(byte: 0x00)
        hasher.update(data)
        return hasher.finalize()
    }

    /// The hash of an interior node from its two children, fed to SHA-256 as one 65-byte block.
    public func nodeHash(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: nodeInput[1..<33]).copyMemory(from: $0) }
        right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: nodeInput[33..<65]).copyMemory(from: $0) }
        hasher.update(UnsafeRawBufferPointer(nodeInput))
        return hasher.finalize()
    }
}
