/// Appends the canonical binary encoding: big-endian integers, length-prefixed bytes, no padding.
/// FORMATS.md describes the result; `CanonicalReader` is its strict inverse.
public struct CanonicalWriter: Sendable {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write(_ value: UInt16) { appendBigEndian(value) }

    public mutating func write(_ value: UInt32) { appendBigEndian(value) }

    public mutating func write(_ value: UInt64) { appendBigEndian(value) }

    public mutating func write(_ digest: SHA256Digest) {
        digest.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// Raw bytes with no length prefix, for fixed tags.
    public mutating func write(raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    /// Bytes with a one-byte length prefix; `bytesMax` is enforced as a programmer precondition.
    public mutating func write(shortBytes value: [UInt8], bytesMax: Int) {
        precondition(value.count <= min(bytesMax, Int(UInt8.max)), "field exceeds its limit: validate before encoding")
        write(UInt8(value.count))
        bytes.append(contentsOf: value)
    }

    /// Bytes with a two-byte length prefix.
    public mutating func write(bytes value: [UInt8], bytesMax: Int) {
        precondition(value.count <= min(bytesMax, Int(UInt16.max)), "field exceeds its limit: validate before encoding")
        write(UInt16(value.count))
        bytes.append(contentsOf: value)
    }

    /// Bytes with a four-byte length prefix, for nested records such as transactions in a block.
    public mutating func write(longBytes value: [UInt8], bytesMax: Int) {
        precondition(value.count <= bytesMax, "field exceeds its limit: validate before encoding")
        write(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// UTF-8 text with a two-byte length prefix.
    public mutating func write(text: String, bytesMax: Int) {
        write(bytes: Array(text.utf8), bytesMax: bytesMax)
    }

    /// An optional value: a presence byte 0 or 1, then the value when present.
    public mutating func write<Value>(optional value: Value?, _ writeValue: (inout CanonicalWriter, Value) -> Void) {
        guard let value else {
            write(UInt8(0))
            return
        }
        write(UInt8(1))
        writeValue(&self, value)
    }

    private mutating func appendBigEndian<Integer: FixedWidthInteger>(_ value: Integer) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
