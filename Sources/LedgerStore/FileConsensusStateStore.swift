import LedgerCore

/// Keeps the state in one file replaced atomically: write a temporary file, fdatasync it, rename it over the old
/// one, fsync the directory. A crash leaves either the old state or the new one, never a mix.
/// File: "mcledger/consensus/v1" ‖ chainId ‖ u32 length ‖ state ‖ SHA-256 of everything before it.
public final class FileConsensusStateStore: ConsensusStateStore {
    static let fileTag = "mcledger/consensus/v1"
    public let path: String
    private let chainID: SHA256Digest

    public init(path: String, chainID: SHA256Digest) {
        self.path = path
        self.chainID = chainID
    }

    public func load() throws(StoreError) -> ConsensusState? {
        guard StoreFile.exists(path) else { return nil }
        let file = try StoreFile.open(path: path, create: false, readOnly: true)
        let bytes = try file.read(offset: 0, count: Int(try file.size()))
        // The layout is read back with the formats' own reader; only the checksum is a fixed suffix.
        let checksumBytes = SHA256Digest.byteCount
        guard bytes.count >= checksumBytes,
            SHA256.hash(bytes.dropLast(checksumBytes)).bytes.elementsEqual(bytes.suffix(checksumBytes))
        else {
            throw .corrupt(path: path, height: nil, reason: "not a consensus state file, or its checksum mismatches")
        }
        var reader = CanonicalReader(Array(bytes.dropLast(checksumBytes)))
        let found: SHA256Digest
        let encoded: [UInt8]
        do {
            try reader.expect(tag: Self.fileTag)
            found = try reader.readDigest(field: "chainId")
            encoded = try reader.readLongBytes(field: "state", bytesMax: Limits.consensusStateBytesMax)
            try reader.finish()
        } catch {
            throw .corrupt(path: path, height: nil, reason: "consensus state file: \(error)")
        }
        guard found == chainID else { throw .wrongChain(path: path, expected: chainID, found: found) }
        do {
            return try ConsensusState.decode(encoded)
        } catch {
            throw .corrupt(path: path, height: nil, reason: "consensus state does not decode: \(error)")
        }
    }

    public func save(_ state: ConsensusState) throws(StoreError) {
        let encoded = state.encoded
        var writer = CanonicalWriter(capacity: encoded.count + 96)
        writer.write(raw: Self.fileTag.utf8)
        writer.write(chainID)
        writer.write(longBytes: encoded, bytesMax: Limits.consensusStateBytesMax)
        writer.write(SHA256.hash(writer.bytes))
        let temporary = path + ".partial"
        _ = unlinkFile(temporary)
        let file = try StoreFile.open(path: temporary, create: true)
        try file.write(offset: 0, writer.bytes)
        try file.sync()
        guard rename(temporary, path) == 0 else { throw StoreFile.ioError(path, "rename") }
        try StoreFile.syncDirectory(ChainExport.parentDirectory(of: path))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
