import COpenSSL

// EVP_sha256() and SHA256() look the algorithm up on every call; fetching it once is about 3x faster
// for the short inputs Merkle hashing uses (NOTES-SWIFT-LINUX.md). An EVP_MD is immutable once fetched.
nonisolated(unsafe) private let fetchedSHA256: OpaquePointer = {
    guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else {
        preconditionFailure("OpenSSL has no SHA256 implementation: libcrypto is unusable")
    }
    return algorithm
}()

/// SHA-256 through OpenSSL 3's EVP interface: one-shot helpers plus a reusable streaming hasher.
public enum SHA256 {
    /// Hashes one contiguous buffer.
    public static func hash(_ bytes: some Sequence<UInt8>) -> SHA256Digest {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Hashes the concatenation of several buffers without joining them first.
    public static func hash(parts: [[UInt8]]) -> SHA256Digest {
        let hasher = SHA256Hasher()
        for part in parts { hasher.update(part) }
        return hasher.finalize()
    }
}

/// A streaming SHA-256 context, reused across messages; not Sendable, so keep one per thread.
public final class SHA256Hasher {
    private let context: OpaquePointer

    /// Creates a context already initialised for a new message.
    public init() {
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed: out of memory") }
        self.context = context
        reset()
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Starts a new message, discarding anything fed so far.
    public func reset() {
        let status = EVP_DigestInit_ex2(context, fetchedSHA256, nil)
        precondition(status == 1, "EVP_DigestInit_ex2 failed for SHA-256")
    }

    /// Feeds raw bytes.
    public func update(_ buffer: UnsafeRawBufferPointer) {
        guard buffer.count > 0 else { return }
        let status = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        precondition(status == 1, "EVP_DigestUpdate failed")
    }

    /// Feeds any byte sequence; contiguous storage is passed without a copy.
    public func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// Feeds a digest's 32 bytes.
    public func update(_ digest: SHA256Digest) {
        digest.withUnsafeBytes { update($0) }
    }

    /// Feeds one byte, such as an RFC 9162 domain-separation prefix.
    public func update(byte: UInt8) {
        withUnsafeBytes(of: byte) { update($0) }
    }

    /// Finishes the message and resets the context for the next one.
    public func finalize() -> SHA256Digest {
        let digest = SHA256Digest { output in
            var length: UInt32 = 0
            let status = EVP_DigestFinal_ex(
                context, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &length)
            precondition(status == 1 && length == 32, "EVP_DigestFinal_ex failed for SHA-256")
        }
        reset()
        return digest
    }
}
