import LedgerCore

/// The append-only file of final blocks, the store's source of truth (docs/STORAGE.md).
/// Layout: file header "mcledger/blocks/v2" ‖ chainId (v2: chain format 2, whose headers are version 2), then one `BlockRecord` per block, heights 1, 2, ….
/// Every byte is covered by a check, and a block is durable (fdatasync) before `append` returns.
final class BlockLog {
    static let fileTag = "mcledger/blocks/v2"
    /// The chain format version the tag names; a log whose tag names another is refused with that version.
    static let formatVersion = 2
    static let fileHeaderBytes = 18 + 32

    /// Whether opening may repair the file (truncate a torn tail) or must leave it untouched.
    enum Mode {
        case readWrite
        case readOnly
    }

    private let file: StoreFile
    /// Offset of each record, indexed by height − 1.
    private var recordOffsets: [UInt64] = []
    private var payloadLengths: [UInt32] = []
    private var endOffset: UInt64 = UInt64(BlockLog.fileHeaderBytes)
    /// Bytes of an incomplete final record found at open (removed in read-write mode).
    private(set) var tornTailBytes: UInt64 = 0

    var path: String { file.path }
    var height: UInt64 { UInt64(recordOffsets.count) }
    /// Size of the valid part of the file in bytes.
    var byteCount: UInt64 { endOffset }

    /// Opens or creates the log, checking every record; a torn (incomplete) final record is truncated in
    /// read-write mode and skipped in read-only mode. Any other damage is refused, naming the height.
    init(path: String, chainID: SHA256Digest, mode: Mode = .readWrite) throws(StoreError) {
        if mode == .readOnly && !StoreFile.exists(path) { throw .notFound("block log \(path)") }
        file = try StoreFile.open(path: path, create: mode == .readWrite, readOnly: mode == .readOnly)
        let size = try file.size()
        if size == 0 && mode == .readWrite {
            try file.write(offset: 0, Self.fileHeader(chainID: chainID))
            try file.sync()
            return
        }
        try Self.checkFileHeader(file, chainID: chainID, size: size)
        try scan(size: size, mode: mode)
    }

    static func fileHeader(chainID: SHA256Digest) -> [UInt8] {
        var writer = CanonicalWriter()
        writer.write(raw: fileTag.utf8)
        writer.write(chainID)
        return writer.bytes
    }

    static func checkFileHeader(_ file: StoreFile, chainID: SHA256Digest, size: UInt64) throws(StoreError) {
        guard size >= UInt64(fileHeaderBytes) else {
            throw .corrupt(path: file.path, height: nil, reason: "file header is truncated")
        }
        let header = try file.read(offset: 0, count: fileHeaderBytes)
        guard header.prefix(18).elementsEqual(fileTag.utf8) else {
            let tag = String(decoding: header.prefix(18), as: UTF8.self)
            if tag.hasPrefix("mcledger/blocks/v"), let version = Int(tag.dropFirst(17)) {
                throw .unsupportedFormat(path: file.path, version: version, supported: formatVersion)
            }
            throw .corrupt(path: file.path, height: nil, reason: "not a block log (bad file tag)")
        }
        let found = try! SHA256Digest(bytes: header.suffix(32))
        guard found == chainID else { throw .wrongChain(path: file.path, expected: chainID, found: found) }
    }

    private func scan(size: UInt64, mode: Mode) throws(StoreError) {
        var offset = UInt64(Self.fileHeaderBytes)
        while offset < size {
            switch try BlockRecord.read(from: file, offset: offset, end: size, height: height + 1) {
            case .record(let payload, let next):
                recordOffsets.append(offset)
                payloadLengths.append(UInt32(payload.count))
                offset = next
            case .torn:
                // An incomplete final record was never synced, so never reported final.
                tornTailBytes = size - offset
                if mode == .readWrite {
                    try file.truncate(to: offset)
                    try file.sync()
                }
                endOffset = offset
                return
            }
        }
        endOffset = offset
    }

    /// Appends the next block's bytes and makes them durable before returning.
    func append(height: UInt64, payload: [UInt8]) throws(StoreError) {
        precondition(height == self.height + 1, "blocks are appended in height order")
        precondition(payload.count <= Limits.blockBytesMax, "a validated block fits the block limit")
        let record = BlockRecord.encode(height: height, payload: payload)
        try file.write(offset: endOffset, record)
        try file.sync()
        recordOffsets.append(endOffset)
        payloadLengths.append(UInt32(payload.count))
        endOffset += UInt64(record.count)
    }

    /// The block at `height`, checksum verified on every read.
    func payload(height: UInt64) throws(StoreError) -> [UInt8] {
        guard height >= 1, height <= self.height else { throw .notFound("block \(height)") }
        let offset = recordOffsets[Int(height - 1)]
        guard
            case .record(let payload, _) = try BlockRecord.read(
                from: file, offset: offset, end: endOffset, height: height)
        else { throw .corrupt(path: path, height: height, reason: "record is incomplete") }
        return payload
    }

    /// The whole record (framing included) of a block, for copying into an export file.
    func record(height: UInt64) throws(StoreError) -> [UInt8] {
        BlockRecord.encode(height: height, payload: try payload(height: height))
    }

    /// Raw bytes inside a block's payload, for single-transaction reads; the caller checks them.
    func payloadSlice(height: UInt64, offset: UInt32, length: UInt32) throws(StoreError) -> [UInt8] {
        guard height >= 1, height <= self.height else { throw .notFound("block \(height)") }
        let index = Int(height - 1)
        guard UInt64(offset) + UInt64(length) <= UInt64(payloadLengths[index]) else {
            throw .corrupt(path: path, height: height, reason: "index points outside the block")
        }
        let start = recordOffsets[index] + UInt64(BlockRecord.headerBytes) + UInt64(offset)
        return try file.read(offset: start, count: Int(length))
    }

    /// A block's payload from `offset` to its end.
    func payloadTail(height: UInt64, from offset: UInt32) throws(StoreError) -> [UInt8] {
        guard height >= 1, height <= self.height else { throw .notFound("block \(height)") }
        let length = payloadLengths[Int(height - 1)]
        guard offset <= length else {
            throw .corrupt(path: path, height: height, reason: "index points outside the block")
        }
        return try payloadSlice(height: height, offset: offset, length: length - offset)
    }

    /// Removes every block above `height` (operator repair).
    func truncate(toHeight height: UInt64) throws(StoreError) {
        guard height < self.height else { return }
        let end = recordOffsets[Int(height)]
        try file.truncate(to: end)
        try file.sync()
        recordOffsets.removeLast(Int(self.height - height))
        payloadLengths.removeLast(Int(self.height - height))
        endOffset = end
    }
}
