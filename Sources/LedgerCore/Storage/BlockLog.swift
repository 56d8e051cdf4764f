/// The append-only file of final blocks, the store's source of truth (docs/STORAGE.md).
///
/// Layout: file header "mcledger/blocks/v1" ‖ chainId, then one record per block:
/// magic "MCBK" ‖ u64 height ‖ u32 length ‖ u32 header check ‖ payload (the block) ‖ SHA-256 of all before it.
/// The header check (first 4 bytes of SHA-256 of magic ‖ height ‖ length) means a damaged length is never
/// mistaken for a torn tail. Every byte of the file is covered by a check.
final class BlockLog {
    static let fileTag = "mcledger/blocks/v1"
    static let fileHeaderBytes = 18 + 32
    static let recordMagic: UInt32 = 0x4D43_424B
    static let recordHeaderBytes = 4 + 8 + 4 + 4
    static let checksumBytes = 32

    private let file: StoreFile
    /// Offset of each record, indexed by height − 1.
    private var recordOffsets: [UInt64] = []
    private var payloadLengths: [UInt32] = []
    private var endOffset: UInt64
    /// Bytes of an incomplete final record removed at open, if any.
    private(set) var truncatedTornBytes: UInt64 = 0

    var path: String { file.path }
    var height: UInt64 { UInt64(recordOffsets.count) }

    /// Opens or creates the log, checking every record; a torn (incomplete) final record is truncated.
    init(path: String, chainID: SHA256Digest) throws(StoreError) {
        let isNew = !StoreFile.exists(path)
        file = try StoreFile.open(path: path, create: true)
        let existingBytes = try file.size()
        if isNew || existingBytes == 0 {
            var writer = CanonicalWriter()
            writer.write(raw: Self.fileTag.utf8)
            writer.write(chainID)
            try file.write(offset: 0, writer.bytes)
            try file.sync()
            endOffset = UInt64(Self.fileHeaderBytes)
            return
        }
        endOffset = UInt64(Self.fileHeaderBytes)
        try checkFileHeader(chainID: chainID)
        try scan()
    }

    private func checkFileHeader(chainID: SHA256Digest) throws(StoreError) {
        guard try file.size() >= UInt64(Self.fileHeaderBytes) else {
            throw .corrupt(path: path, height: nil, reason: "file header is truncated")
        }
        let header = try file.read(offset: 0, count: Self.fileHeaderBytes)
        guard header.prefix(18).elementsEqual(Self.fileTag.utf8) else {
            throw .corrupt(path: path, height: nil, reason: "not a block log (bad file tag)")
        }
        let found = try! SHA256Digest(bytes: header.suffix(32))
        guard found == chainID else { throw .wrongChain(path: path, expected: chainID, found: found) }
    }

    static func headerCheck(height: UInt64, length: UInt32) -> UInt32 {
        var writer = CanonicalWriter()
        writer.write(recordMagic)
        writer.write(height)
        writer.write(length)
        let digest = SHA256.hash(writer.bytes).bytes
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Walks every record, verifying framing, heights and checksums.
    private func scan() throws(StoreError) {
        let size = try file.size()
        var offset = UInt64(Self.fileHeaderBytes)
        while offset < size {
            let expected = height + 1
            guard size - offset >= UInt64(Self.recordHeaderBytes) else {
                return try truncateTornTail(at: offset, size: size)
            }
            var reader = CanonicalReader(try file.read(offset: offset, count: Self.recordHeaderBytes))
            let magic = try! reader.readUInt32(field: "magic")
            let recordHeight = try! reader.readUInt64(field: "height")
            let length = try! reader.readUInt32(field: "length")
            let check = try! reader.readUInt32(field: "check")
            guard magic == Self.recordMagic, check == Self.headerCheck(height: recordHeight, length: length) else {
                throw .corrupt(path: path, height: expected, reason: "record header at byte \(offset) is damaged")
            }
            guard recordHeight == expected else {
                throw .corrupt(
                    path: path, height: expected, reason: "record at byte \(offset) claims height \(recordHeight)")
            }
            guard length <= UInt32(Limits.blockBytesMax) else {
                throw .corrupt(path: path, height: expected, reason: "record length \(length) exceeds the block limit")
            }
            let recordBytes = UInt64(Self.recordHeaderBytes) + UInt64(length) + UInt64(Self.checksumBytes)
            guard size - offset >= recordBytes else { return try truncateTornTail(at: offset, size: size) }
            _ = try readVerifiedPayload(offset: offset, length: length, height: expected)
            recordOffsets.append(offset)
            payloadLengths.append(length)
            offset += recordBytes
        }
        endOffset = offset
    }

    /// An incomplete final record was never synced, so never reported final: remove it.
    private func truncateTornTail(at offset: UInt64, size: UInt64) throws(StoreError) {
        truncatedTornBytes = size - offset
        try file.truncate(to: offset)
        try file.sync()
        endOffset = offset
    }

    private func readVerifiedPayload(offset: UInt64, length: UInt32, height: UInt64) throws(StoreError) -> [UInt8] {
        let count = Self.recordHeaderBytes + Int(length) + Self.checksumBytes
        let record = try file.read(offset: offset, count: count)
        let body = record.prefix(count - Self.checksumBytes)
        guard SHA256.hash(body).bytes.elementsEqual(record.suffix(Self.checksumBytes)) else {
            throw .corrupt(path: path, height: height, reason: "block checksum mismatch")
        }
        return Array(record[Self.recordHeaderBytes..<(count - Self.checksumBytes)])
    }

    /// Appends the next block's bytes and makes them durable before returning.
    /// Returns the file offset of the payload.
    @discardableResult
    func append(height: UInt64, payload: [UInt8]) throws(StoreError) -> UInt64 {
        precondition(height == self.height + 1, "blocks are appended in height order")
        precondition(payload.count <= Limits.blockBytesMax, "a validated block fits the block limit")
        var writer = CanonicalWriter(capacity: payload.count + Self.recordHeaderBytes + Self.checksumBytes)
        writer.write(Self.recordMagic)
        writer.write(height)
        writer.write(UInt32(payload.count))
        writer.write(Self.headerCheck(height: height, length: UInt32(payload.count)))
        writer.write(raw: payload)
        writer.write(SHA256.hash(writer.bytes))
        try file.write(offset: endOffset, writer.bytes)
        try file.sync()
        recordOffsets.append(endOffset)
        payloadLengths.append(UInt32(payload.count))
        let payloadOffset = endOffset + UInt64(Self.recordHeaderBytes)
        endOffset += UInt64(writer.bytes.count)
        return payloadOffset
    }

    /// The block at `height`, checksum verified on every read.
    func payload(height: UInt64) throws(StoreError) -> [UInt8] {
        guard height >= 1, height <= self.height else { throw .notFound("block \(height)") }
        let index = Int(height - 1)
        return try readVerifiedPayload(offset: recordOffsets[index], length: payloadLengths[index], height: height)
    }

    /// Raw bytes inside a block's payload, for single-transaction reads; the caller checks them (by id).
    func payloadSlice(height: UInt64, offset: UInt32, length: UInt32) throws(StoreError) -> [UInt8] {
        guard height >= 1, height <= self.height else { throw .notFound("block \(height)") }
        let index = Int(height - 1)
        guard UInt64(offset) + UInt64(length) <= UInt64(payloadLengths[index]) else {
            throw .corrupt(path: path, height: height, reason: "index points outside the block")
        }
        return try file.read(
            offset: recordOffsets[index] + UInt64(Self.recordHeaderBytes) + UInt64(offset), count: Int(length))
    }

    /// Removes every block above `height` (operator repair, or replacing an unsynced tail).
    func truncate(toHeight height: UInt64) throws(StoreError) {
        guard height < self.height else { return }
        let end = recordOffsets[Int(height)]
        try file.truncate(to: end)
        try file.sync()
        recordOffsets.removeLast(Int(self.height - height))
        payloadLengths.removeLast(Int(self.height - height))
        endOffset = end
    }

    /// Size of the log file in bytes.
    var byteCount: UInt64 { endOffset }
}
