/// A block's header, the value validators sign (through the commit checkpoint) and proofs are checked against.
/// Encoding (docs/FORMATS.md, chain format 2): fixed 290 bytes, the fields below in order, big-endian.
/// headerHash = SHA-256(encoding).
public struct BlockHeader: Sendable, Hashable {
    /// The only header version this build reads or writes; version 1 (194 bytes, no status or validator-set
    /// fields) is refused.
    public static let currentVersion: UInt16 = 2
    /// Bytes in an encoded header.
    public static let encodedByteCount = 2 + 32 + 8 + 32 + 8 + 4 + 32 + 8 + 32 + 32 + 32 + 32 + 32 + 4

    public var version: UInt16
    public var chainID: SHA256Digest
    /// Block 1 is the first block; genesis is height 0 and has no header.
    public var height: UInt64
    /// The parent's header hash; block 1 names the chain id.
    public var previousHash: SHA256Digest
    /// Milliseconds since the Unix epoch, UTC; strictly above the parent's.
    public var timestampMilliseconds: UInt64
    public var transactionCount: UInt32
    /// RFC 9162 root over this block's transaction leaves.
    public var transactionRoot: SHA256Digest
    /// Leaves in the ledger tree after this block: every transaction since genesis.
    public var ledgerSize: UInt64
    /// RFC 9162 root of the ledger tree of `ledgerSize` leaves.
    public var ledgerRoot: SHA256Digest
    /// The status map's root after this block's transactions are applied (not before: docs/DECISIONS.md).
    public var statusRoot: SHA256Digest
    /// `ValidatorSetHash` of the set that certifies this block.
    public var validatorSetHash: SHA256Digest
    /// `ValidatorSetHash` of the set that certifies the next block; equal to `validatorSetHash` until the set
    /// changes by vote.
    public var nextValidatorSetHash: SHA256Digest
    /// Key id of the validator that proposed the block.
    public var proposer: KeyID
    /// QBFT round in which the block was proposed.
    public var round: UInt32

    public init(
        version: UInt16 = BlockHeader.currentVersion, chainID: SHA256Digest, height: UInt64, previousHash: SHA256Digest,
        timestampMilliseconds: UInt64, transactionCount: UInt32, transactionRoot: SHA256Digest, ledgerSize: UInt64,
        ledgerRoot: SHA256Digest, statusRoot: SHA256Digest, validatorSetHash: SHA256Digest,
        nextValidatorSetHash: SHA256Digest, proposer: KeyID, round: UInt32
    ) {
        self.version = version
        self.chainID = chainID
        self.height = height
        self.previousHash = previousHash
        self.timestampMilliseconds = timestampMilliseconds
        self.transactionCount = transactionCount
        self.transactionRoot = transactionRoot
        self.ledgerSize = ledgerSize
        self.ledgerRoot = ledgerRoot
        self.statusRoot = statusRoot
        self.validatorSetHash = validatorSetHash
        self.nextValidatorSetHash = nextValidatorSetHash
        self.proposer = proposer
        self.round = round
    }

    public var encoded: [UInt8] {
        var writer = CanonicalWriter(capacity: Self.encodedByteCount)
        writer.write(version)
        writer.write(chainID)
        writer.write(height)
        writer.write(previousHash)
        writer.write(timestampMilliseconds)
        writer.write(transactionCount)
        writer.write(transactionRoot)
        writer.write(ledgerSize)
        writer.write(ledgerRoot)
        writer.write(statusRoot)
        writer.write(validatorSetHash)
        writer.write(nextValidatorSetHash)
        writer.write(proposer)
        writer.write(round)
        return writer.bytes
    }

    /// SHA-256 of the encoding.
    public var hash: SHA256Digest { SHA256.hash(encoded) }

    /// Decodes exactly one header; other versions and trailing bytes are refused.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> BlockHeader {
        var reader = CanonicalReader(bytes)
        let header = try decode(from: &reader)
        try reader.finish()
        return header
    }

    static func decode(from reader: inout CanonicalReader) throws(FormatError) -> BlockHeader {
        let version = try reader.readUInt16(field: "header.version")
        guard version == currentVersion else { throw .unsupportedVersion(field: "header", version: UInt64(version)) }
        return BlockHeader(
            version: version, chainID: try reader.readDigest(field: "header.chainId"),
            height: try reader.readUInt64(field: "header.height"),
            previousHash: try reader.readDigest(field: "header.previousHash"),
            timestampMilliseconds: try reader.readUInt64(field: "header.timestamp"),
            transactionCount: try reader.readUInt32(field: "header.txCount"),
            transactionRoot: try reader.readDigest(field: "header.txRoot"),
            ledgerSize: try reader.readUInt64(field: "header.ledgerSize"),
            ledgerRoot: try reader.readDigest(field: "header.ledgerRoot"),
            statusRoot: try reader.readDigest(field: "header.statusRoot"),
            validatorSetHash: try reader.readDigest(field: "header.validatorSetHash"),
            nextValidatorSetHash: try reader.readDigest(field: "header.nextValidatorSetHash"),
            proposer: try reader.readDigest(field: "header.proposer"),
            round: try reader.readUInt32(field: "header.round"))
    }

    /// The checkpoint validators sign to commit this header in `round`.
    public func commitCheckpoint(chainName: String, round: UInt32) -> CommitCheckpoint {
        CommitCheckpoint(
            chainName: chainName, chainID: chainID, ledgerSize: ledgerSize, ledgerRoot: ledgerRoot, height: height,
            round: round, headerHash: hash)
    }
}
