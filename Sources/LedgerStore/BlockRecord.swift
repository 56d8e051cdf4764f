import LedgerCore

/// The framing of one block in the block log and in export files:
/// magic "MCBK" ‖ u64 height ‖ u32 length ‖ u32 header check ‖ payload ‖ SHA-256 of everything before it.
/// The header check (first 4 bytes of SHA-256 of magic ‖ height ‖ length) means a damaged length is never
/// mistaken for a torn tail.
enum BlockRecord {
    static let magic: UInt32 = 0x4D43_424B
    static let headerBytes = 4 + 8 + 4 + 4
    static let checksumBytes = 32

    /// What reading at an offset found.
    enum Read {
        /// A whole, verified record; the next one starts at `nextOffset`.
        case record(payload: [UInt8], nextOffset: UInt64)
        /// The file ends inside this record: it was being written when the writer stopped.
        case torn
    }

    static func headerCheck(height: UInt64, length: UInt32) -> UInt32 {
        var writer = CanonicalWriter()
        writer.write(magic)
        writer.write(height)
        writer.write(length)
        return SHA256.hash(writer.bytes).bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func encode(height: UInt64, payload: [UInt8]) -> [UInt8] {
        var writer = CanonicalWriter(capacity: payload.count + headerBytes + checksumBytes)
        writer.write(magic)
        writer.write(height)
        writer.write(UInt32(payload.count))
        writer.write(headerCheck(height: height, length: UInt32(payload.count)))
        writer.write(raw: payload)
        writer.write(SHA256.hash(writer.bytes))
        return writer.bytes
    }

    /// Reads and verifies the record at `offset`, which must be block `height`; `end` is where valid data stops.
    static func read(from file: StoreFile, offset: UInt64, end: UInt64, height: UInt64) throws(StoreError) -> Read {
        guard end - offset >= UInt64(headerBytes) else { return .torn }
        var reader = CanonicalReader(try file.read(offset: offset, count: headerBytes))
        let foundMagic = try! reader.readUInt32(field: "magic")
        let foundHeight = try! reader.readUInt64(field: "height")
        let length = try! reader.readUInt32(field: "length")
        let check = try! reader.readUInt32(field: "check")
        guard foundMagic == magic, check == headerCheck(height: foundHeight, length: length) else {
            throw .corrupt(path: file.path, height: height, reason: "record header at byte \(offset) is damaged")
        }
        guard foundHeight == height else {
            throw .corrupt(
                path: file.path, height: height, reason: "record at byte \(offset) claims height \(foundHeight)")
        }
        guard length <= UInt32(Limits.blockBytesMax) else {
            throw .corrupt(path: file.path, height: height, reason: "record length \(length) exceeds the block limit")
        }
        let total = headerBytes + Int(length) + checksumBytes
        guard end - offset >= UInt64(total) else { return .torn }
        let record = try file.read(offset: offset, count: total)
        guard SHA256.hash(record.prefix(total - checksumBytes)).bytes.elementsEqual(record.suffix(checksumBytes)) else {
            throw .corrupt(path: file.path, height: height, reason: "block checksum mismatch")
        }
        return .record(
            payload: Array(record[headerBytes..<(total - checksumBytes)]), nextOffset: offset + UInt64(total))
    }

    /// Decodes a verified record's payload as the block at `height`; anything else is corruption at that height.
    static func decodeBlock(_ payload: [UInt8], height: UInt64, path: String) throws(StoreError) -> Block {
        let block: Block
        do {
            block = try Block.decode(payload)
        } catch {
            throw .corrupt(path: path, height: height, reason: "block does not decode: \(error)")
        }
        guard block.header.height == height else {
            throw .corrupt(path: path, height: height, reason: "record holds block \(block.header.height)")
        }
        return block
    }
}
