import LedgerCore

/// The portable single-file chain (docs/FORMATS.md, "Export"):
/// "mcledger/export/v1" ‖ u32 genesis length ‖ genesis JSON ‖ u64 block count ‖ `BlockRecord` × count
/// ‖ "mcledger/export/end" ‖ SHA-256 of every byte before this trailer.
public enum ChainExport {
    static let fileTag = "mcledger/export/v1"
    static let trailerTag = "mcledger/export/end"
    static let trailerBytes = 19 + 32

    /// Writes the store's chain to `path` atomically; reads the durable log, so the store may keep appending.
    @discardableResult
    public static func write(from store: ChainStore, to path: String) throws(StoreError) -> UInt64 {
        var source = try BlockLogReader(directory: store.directory, genesis: store.genesis)
        return try write(from: &source, to: path)
    }

    /// Writes every block of `source` to `path` atomically (a temporary file, fsync, rename) and returns the count.
    @discardableResult
    public static func write<Source: BlockSource>(from source: inout Source, to path: String) throws(StoreError)
        -> UInt64
    {
        let temporary = path + ".partial"
        _ = unlinkFile(temporary)
        let file = try StoreFile.open(path: temporary, create: true)
        let genesis = Array(source.genesis.json.utf8)
        var header = CanonicalWriter()
        header.write(raw: fileTag.utf8)
        header.write(UInt32(genesis.count))
        header.write(raw: genesis)
        let countOffset = UInt64(header.bytes.count)
        header.write(UInt64(0))  // patched once the count is known
        try file.write(offset: 0, header.bytes)
        var offset = UInt64(header.bytes.count)
        var count: UInt64 = 0
        while let block = try source.next() {
            count += 1
            let record = BlockRecord.encode(height: count, payload: block.encoded)
            try file.write(offset: offset, record)
            offset += UInt64(record.count)
        }
        var countBytes = CanonicalWriter()
        countBytes.write(count)
        try file.write(offset: countOffset, countBytes.bytes)
        // The trailer digest covers every byte written before it, read back from the file.
        let hasher = SHA256Hasher()
        var position: UInt64 = 0
        while position < offset {
            let chunk = Int(min(UInt64(1 << 20), offset - position))
            hasher.update(try file.read(offset: position, count: chunk))
            position += UInt64(chunk)
        }
        try file.write(offset: offset, Array(trailerTag.utf8) + hasher.finalize().bytes)
        try file.sync()
        guard rename(temporary, path) == 0 else { throw StoreFile.ioError(path, "rename") }
        try StoreFile.syncDirectory(parentDirectory(of: path))
        return count
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// A source of blocks in height order for the auditor: a data directory's block log or an export file.
public protocol BlockSource {
    var genesis: Genesis { get }
    /// How many blocks the source says it holds, for progress; nil when unknown until the end.
    var expectedBlocks: UInt64? { get }
    /// The next block, nil at the end; throws (naming the height) on damage.
    mutating func next() throws(StoreError) -> Block?
}

/// Reads an export file sequentially, checking every record and, at the end, the count and the trailer digest.
public struct ExportReader: BlockSource {
    public let genesis: Genesis
    public let expectedBlocks: UInt64?
    private let file: StoreFile
    private let size: UInt64
    private var offset: UInt64
    private var height: UInt64 = 0
    private let hasher = SHA256Hasher()
    private var finished = false

    /// Opens an export and parses its genesis; a bad header is refused here.
    public init(path: String) throws(StoreError) {
        guard StoreFile.exists(path) else { throw .notFound("export file \(path)") }
        file = try StoreFile.open(path: path, create: false, readOnly: true)
        size = try file.size()
        let tagBytes = ChainExport.fileTag.utf8.count
        guard size >= UInt64(tagBytes + 4) else {
            throw .corrupt(path: path, height: nil, reason: "too short to be an export")
        }
        let start = try file.read(offset: 0, count: tagBytes + 4)
        guard start.prefix(tagBytes).elementsEqual(ChainExport.fileTag.utf8) else {
            throw .corrupt(path: path, height: nil, reason: "not an mcledger export (bad file tag)")
        }
        let genesisLength = start.suffix(4).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard genesisLength <= UInt64(Limits.genesisBytesMax), size >= UInt64(tagBytes + 4) + genesisLength + 8 else {
            throw .corrupt(path: path, height: nil, reason: "genesis length is damaged")
        }
        let genesisBytes = try file.read(offset: UInt64(tagBytes + 4), count: Int(genesisLength))
        do {
            genesis = try Genesis.parse(json: genesisBytes)
        } catch {
            throw .corrupt(path: path, height: nil, reason: "embedded genesis is invalid: \(error)")
        }
        let countOffset = UInt64(tagBytes + 4) + genesisLength
        let countBytes = try file.read(offset: countOffset, count: 8)
        expectedBlocks = countBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        offset = countOffset + 8
        hasher.update(start)
        hasher.update(genesisBytes)
        hasher.update(countBytes)
    }

    public mutating func next() throws(StoreError) -> Block? {
        guard !finished else { return nil }
        let recordsEnd = size >= UInt64(ChainExport.trailerBytes) ? size - UInt64(ChainExport.trailerBytes) : 0
        if height == expectedBlocks {
            try checkTrailer(at: offset)
            finished = true
            return nil
        }
        guard offset < recordsEnd else {
            throw .corrupt(
                path: file.path, height: height + 1,
                reason: "export ends after \(height) of \(expectedBlocks ?? 0) blocks")
        }
        switch try BlockRecord.read(from: file, offset: offset, end: recordsEnd, height: height + 1) {
        case .torn: throw .corrupt(path: file.path, height: height + 1, reason: "export ends inside this block")
        case .record(let payload, let nextOffset):
            hasher.update(BlockRecord.encode(height: height + 1, payload: payload))
            offset = nextOffset
            height += 1
            return try BlockRecord.decodeBlock(payload, height: height, path: file.path)
        }
    }

    private func checkTrailer(at offset: UInt64) throws(StoreError) {
        guard size - offset == UInt64(ChainExport.trailerBytes) else {
            throw .corrupt(path: file.path, height: nil, reason: "bytes after the last block do not form the trailer")
        }
        let trailer = try file.read(offset: offset, count: ChainExport.trailerBytes)
        guard trailer.prefix(19).elementsEqual(ChainExport.trailerTag.utf8),
            hasher.finalize().bytes.elementsEqual(trailer.suffix(32))
        else {
            throw .corrupt(path: file.path, height: nil, reason: "export trailer digest does not match its contents")
        }
    }
}

/// Reads a data directory's block log sequentially without locking or repairing it, so an auditor can
/// check a live node's data. A torn final record (a block being written) ends the log.
public struct BlockLogReader: BlockSource {
    public let genesis: Genesis
    public let expectedBlocks: UInt64? = nil
    private let file: StoreFile
    private let size: UInt64
    private var offset = UInt64(BlockLog.fileHeaderBytes)
    private var height: UInt64 = 0

    public init(directory: String, genesis: Genesis) throws(StoreError) {
        let path = ChainStore.paths(directory).log
        guard StoreFile.exists(path) else { throw .notFound("block log \(path)") }
        self.genesis = genesis
        file = try StoreFile.open(path: path, create: false, readOnly: true)
        size = try file.size()
        try BlockLog.checkFileHeader(file, chainID: genesis.chainID, size: size)
    }

    public mutating func next() throws(StoreError) -> Block? {
        guard offset < size else { return nil }
        switch try BlockRecord.read(from: file, offset: offset, end: size, height: height + 1) {
        case .torn: return nil
        case .record(let payload, let nextOffset):
            offset = nextOffset
            height += 1
            return try BlockRecord.decodeBlock(payload, height: height, path: file.path)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
