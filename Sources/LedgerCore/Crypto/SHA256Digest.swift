/// A 32-byte SHA-256 output; a value type so hashes are compared and stored without allocation.
public struct SHA256Digest: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The digest length in bytes.
    public static let byteCount = 32

    // Four words in memory order: the raw bytes, not integers, so `bytes` round-trips exactly.
    @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64)

    /// SHA-256 of the empty string, which RFC 9162 §2.1.1 defines as the root of an empty tree.
    public static let emptyStringHash = SHA256.hash([UInt8]())

    /// The all-zero digest, used only where a format reserves an unset hash.
    public static let zero = SHA256Digest(words: (0, 0, 0, 0))

    @usableFromInline init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// Wraps exactly 32 bytes; any other length is a malformed hash.
    public init(bytes: some Collection<UInt8>) throws(FormatError) {
        guard bytes.count == Self.byteCount else {
            throw FormatError.wrongLength(field: "hash", expected: Self.byteCount, actual: bytes.count)
        }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { destination in
            // Contiguous bytes (an array or a slice of one, as every store read is) are copied in one go.
            let copied = bytes.withContiguousStorageIfAvailable { source -> Bool in
                destination.copyMemory(from: UnsafeRawBufferPointer(source))
                return true
            }
            if copied == nil {
                for (offset, byte) in bytes.enumerated() { destination[offset] = byte }
            }
        }
        self.words = words
    }

    /// Parses 64 hex digits (either case); anything else is rejected.
    public init(hex: String) throws(FormatError) {
        guard let bytes = Hex.decode(hex) else { throw FormatError.invalidHex(field: "hash") }
        try self.init(bytes: bytes)
    }

    /// Builds a digest by letting `body` fill 32 bytes of storage.
    @inlinable init(unsafeUninitializedCapacity body: (UnsafeMutableRawBufferPointer) -> Void) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { body($0) }
        self.words = words
    }

    /// The 32 raw bytes.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Lowercase hex, the form used in JSON, logs and the CLI.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    /// Gives read access to the 32 bytes without copying them.
    @inlinable public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows
        -> Result
    {
        try Swift.withUnsafeBytes(of: words, body)
    }

    public static func == (left: SHA256Digest, right: SHA256Digest) -> Bool {
        left.words.0 == right.words.0 && left.words.1 == right.words.1 && left.words.2 == right.words.2
            && left.words.3 == right.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Orders digests as big-endian byte strings, the order used for canonical signature lists.
    /// Compares word by word as big-endian integers, which is byte order without copying the bytes out.
    public static func < (left: SHA256Digest, right: SHA256Digest) -> Bool {
        if left.words.0 != right.words.0 { return UInt64(bigEndian: left.words.0) < UInt64(bigEndian: right.words.0) }
        if left.words.1 != right.words.1 { return UInt64(bigEndian: left.words.1) < UInt64(bigEndian: right.words.1) }
        if left.words.2 != right.words.2 { return UInt64(bigEndian: left.words.2) < UInt64(bigEndian: right.words.2) }
        return UInt64(bigEndian: left.words.3) < UInt64(bigEndian: right.words.3)
    }
}
