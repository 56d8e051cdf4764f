/// Strictly decodes the canonical binary encoding: every read is bounded, and `finish()` refuses trailing bytes.
public struct CanonicalReader {
    private let bytes: [UInt8]
    private var offset: Int

    /// Reads from the start of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// Bytes not yet read.
    public var remainingCount: Int { bytes.count - offset }

    /// Refuses trailing bytes: a canonical record is consumed exactly.
    public func finish() throws(FormatError) {
        guard remainingCount == 0 else { throw .trailingBytes(count: remainingCount) }
    }

    /// Reads exactly `count` raw bytes.
    public mutating func readRaw(count: Int, field: String) throws(FormatError) -> ArraySlice<UInt8> {
        guard count >= 0, remainingCount >= count else { throw .truncated(field: field) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// Requires a fixed ASCII tag such as "mcledger/tx/v1".
    public mutating func expect(tag: String) throws(FormatError) {
        let expected = Array(tag.utf8)
        guard remainingCount >= expected.count, bytes[offset..<offset + expected.count].elementsEqual(expected) else {
            throw .wrongMagic(expected: tag)
        }
        offset += expected.count
    }

    public mutating func readUInt8(field: String) throws(FormatError) -> UInt8 {
        try readRaw(count: 1, field: field).first!
    }

    public mutating func readUInt16(field: String) throws(FormatError) -> UInt16 {
        try readBigEndian(field: field)
    }

    public mutating func readUInt32(field: String) throws(FormatError) -> UInt32 {
        try readBigEndian(field: field)
    }

    public mutating func readUInt64(field: String) throws(FormatError) -> UInt64 {
        try readBigEndian(field: field)
    }

    public mutating func readDigest(field: String) throws(FormatError) -> SHA256Digest {
        try SHA256Digest(bytes: readRaw(count: SHA256Digest.byteCount, field: field))
    }

    /// Reads bytes behind a one-byte length prefix.
    public mutating func readShortBytes(field: String, bytesMax: Int) throws(FormatError) -> [UInt8] {
        let length = Int(try readUInt8(field: field))
        return try readBounded(length: length, field: field, bytesMax: bytesMax)
    }

    /// Reads bytes behind a two-byte length prefix.
    public mutating func readBytes(field: String, bytesMax: Int) throws(FormatError) -> [UInt8] {
        let length = Int(try readUInt16(field: field))
        return try readBounded(length: length, field: field, bytesMax: bytesMax)
    }

    /// Reads bytes behind a four-byte length prefix.
    public mutating func readLongBytes(field: String, bytesMax: Int) throws(FormatError) -> [UInt8] {
        let length = Int(try readUInt32(field: field))
        return try readBounded(length: length, field: field, bytesMax: bytesMax)
    }

    /// Reads UTF-8 text behind a two-byte length prefix; invalid UTF-8 is refused, never repaired.
    public mutating func readText(field: String, bytesMax: Int) throws(FormatError) -> String {
        let raw = try readBytes(field: field, bytesMax: bytesMax)
        guard let text = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(field: field) }
        return text
    }

    /// Reads a presence byte (only 0 or 1 is canonical) and the value when present.
    public mutating func readOptional<Value>(
        field: String, _ readValue: (inout CanonicalReader) throws(FormatError) -> Value
    ) throws(FormatError) -> Value? {
        switch try readUInt8(field: field) {
        case 0: return nil
        case 1: return try readValue(&self)
        case let other: throw .nonCanonical(field: field, reason: "presence byte must be 0 or 1, got \(other)")
        }
    }

    private mutating func readBounded(length: Int, field: String, bytesMax: Int) throws(FormatError) -> [UInt8] {
        guard length <= bytesMax else { throw .tooLong(field: field, bytesMax: bytesMax, actual: length) }
        return Array(try readRaw(count: length, field: field))
    }

    private mutating func readBigEndian<Integer: FixedWidthInteger>(field: String) throws(FormatError) -> Integer {
        let raw = try readRaw(count: MemoryLayout<Integer>.size, field: field)
        return raw.reduce(Integer.zero) { ($0 << 8) | Integer(truncatingIfNeeded: $1) }
    }
}
