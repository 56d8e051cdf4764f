/// Hashing of the status map: a binary sparse Merkle tree hashed exactly as penumbra-zone/jmt hashes it
/// (`src/types/proof.rs`, the Jellyfish Merkle Tree of Diem, with SHA-256):
/// - leaf = SHA-256("JMT::LeafNode" ‖ keyHash ‖ valueHash);
/// - internal = SHA-256("JMT::IntrnalNode" ‖ left ‖ right) (the upstream spelling, without the "e");
/// - an empty subtree is the 32 ASCII bytes `SPARSE_MERKLE_PLACEHOLDER_HASH__`;
/// - a subtree holding exactly one leaf is that leaf.
/// Holds one reusable SHA-256 context, so it is not Sendable: keep one per thread.
public final class SparseMerkleHasher {
    /// The hash of an empty subtree, and so the root of the empty map.
    public static let placeholder: SHA256Digest = {
        let ascii = Array("SPARSE_MERKLE_PLACEHOLDER_HASH__".utf8)
        guard let digest = try? SHA256Digest(bytes: ascii) else { preconditionFailure("the placeholder is 32 bytes") }
        return digest
    }()

    static let leafPrefix = Array("JMT::LeafNode".utf8)
    static let internalPrefix = Array("JMT::IntrnalNode".utf8)

    private let hasher = SHA256Hasher()
    // Each node's input is assembled in one buffer and hashed with a single update: per-call overhead, not
    // the compression function, dominates SHA-256 of inputs this short.
    private let leafInput = UnsafeMutableRawBufferPointer.allocate(byteCount: 13 + 64, alignment: 8)
    private let internalInput = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 + 64, alignment: 8)

    public init() {
        leafInput.copyBytes(from: Self.leafPrefix)
        internalInput.copyBytes(from: Self.internalPrefix)
    }

    deinit {
        leafInput.deallocate()
        internalInput.deallocate()
    }

    /// A leaf's hash from the key's hash and the value's hash.
    public func leafHash(keyHash: SHA256Digest, valueHash: SHA256Digest) -> SHA256Digest {
        hashPair(keyHash, valueHash, in: leafInput, after: Self.leafPrefix.count)
    }

    /// An internal node's hash from its children's hashes (the placeholder for an empty child).
    public func internalHash(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        hashPair(left, right, in: internalInput, after: Self.internalPrefix.count)
    }

    private func hashPair(
        _ first: SHA256Digest, _ second: SHA256Digest, in buffer: UnsafeMutableRawBufferPointer, after offset: Int
    ) -> SHA256Digest {
        first.withUnsafeBytes {
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + 32]).copyMemory(from: $0)
        }
        second.withUnsafeBytes {
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset + 32..<offset + 64]).copyMemory(from: $0)
        }
        hasher.update(UnsafeRawBufferPointer(buffer))
        return hasher.finalize()
    }

    /// The hash of a value as the tree stores it.
    public func valueHash(_ value: some Sequence<UInt8>) -> SHA256Digest {
        hasher.update(value)
        return hasher.finalize()
    }
}

extension SHA256Digest {
    /// Bit `index` of the 256, counted from the most significant bit of the first byte: the direction taken
    /// at depth `index` from the root (0 = left, 1 = right), as jmt's `iter_bits` reads a key hash.
    @inlinable public func bit(at index: Int) -> Bool {
        precondition(index >= 0 && index < 256, "a key hash has 256 bits")
        return withUnsafeBytes { bytes in (bytes[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1 }
    }

    /// How many leading bits two key hashes share (256 when they are equal).
    public func commonPrefixBitCount(with other: SHA256Digest) -> Int {
        withUnsafeBytes { left in
            other.withUnsafeBytes { right in
                for index in 0..<32 where left[index] != right[index] {
                    return index * 8 + (left[index] ^ right[index]).leadingZeroBitCount
                }
                return 256
            }
        }
    }
}
