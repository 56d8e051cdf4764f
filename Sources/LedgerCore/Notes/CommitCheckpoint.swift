/// What a validator signs to commit a block in chain format 2: checkpoint note text (c2sp.org/tlog-checkpoint)
/// for the ledger tree after the block, with three extension lines that bind the block:
///
///     <chainName>/<chainId as 64 lowercase hex digits>
///     <ledgerSize>
///     <base64 ledgerRoot>
///     height <height>
///     round <commit round>
///     header <base64 headerHash>
///
/// Domain separation: every other signed encoding starts with a `DomainTag`, "mcledger/" and a word holding a
/// letter that is not a hex digit, and binary fields follow. An origin is a chain name (which holds no slash),
/// a slash and 64 hex digits, so no origin starts with a tag, and no tagged encoding is checkpoint text.
/// docs/FORMATS.md states the argument; CommitCheckpointTests checks it.
public struct CommitCheckpoint: Sendable, Hashable {
    public let chainName: String
    public let chainID: SHA256Digest
    public let ledgerSize: UInt64
    public let ledgerRoot: SHA256Digest
    public let height: UInt64
    public let round: UInt32
    public let headerHash: SHA256Digest

    public init(
        chainName: String, chainID: SHA256Digest, ledgerSize: UInt64, ledgerRoot: SHA256Digest, height: UInt64,
        round: UInt32, headerHash: SHA256Digest
    ) {
        self.chainName = chainName
        self.chainID = chainID
        self.ledgerSize = ledgerSize
        self.ledgerRoot = ledgerRoot
        self.height = height
        self.round = round
        self.headerHash = headerHash
    }

    /// The checkpoint origin that names a chain.
    public static func origin(chainName: String, chainID: SHA256Digest) -> String { "\(chainName)/\(chainID.hex)" }

    public var origin: String { Self.origin(chainName: chainName, chainID: chainID) }

    /// The note text every validator signs.
    public var text: String {
        let extensions = ["height \(height)", "round \(round)", "header \(Base64.encode(headerHash.bytes))"]
        guard
            let checkpoint = try? Checkpoint(
                origin: origin, size: ledgerSize, rootHash: ledgerRoot, extensions: extensions)
        else { preconditionFailure("a chain name is an identifier, so the origin is one line") }
        return checkpoint.text
    }

    /// Reads a commit checkpoint for the given chain; any other origin, a missing or extra extension line, or
    /// a number that is not canonical decimal is refused.
    public static func parse(text: String, chainName: String, chainID: SHA256Digest) throws(FormatError)
        -> CommitCheckpoint
    {
        let checkpoint = try Checkpoint.parse(text: text)
        let expected = origin(chainName: chainName, chainID: chainID)
        guard checkpoint.origin == expected else {
            throw .invalidValue(field: "checkpoint.origin", reason: "names \(checkpoint.origin), not \(expected)")
        }
        guard checkpoint.extensions.count == 3 else {
            throw .invalidValue(
                field: "checkpoint.extension",
                reason: "expected height, round and header lines, got "
                    + "\(checkpoint.extensions.count) line(s)")
        }
        let height = try number(checkpoint.extensions[0], label: "height")
        let round = try number(checkpoint.extensions[1], label: "round")
        guard round <= UInt64(UInt32.max) else {
            throw .invalidValue(field: "checkpoint.round", reason: "above \(UInt32.max)")
        }
        let headerLine = checkpoint.extensions[2]
        guard headerLine.hasPrefix("header "), let header = Base64.decode(String(headerLine.dropFirst(7))) else {
            throw .invalidValue(field: "checkpoint.header", reason: "expected \"header <base64 hash>\"")
        }
        return CommitCheckpoint(
            chainName: chainName, chainID: chainID, ledgerSize: checkpoint.size, ledgerRoot: checkpoint.rootHash,
            height: height, round: UInt32(round), headerHash: try SHA256Digest(bytes: header))
    }

    private static func number(_ line: String, label: String) throws(FormatError) -> UInt64 {
        let prefix = label + " "
        guard line.hasPrefix(prefix) else {
            throw .invalidValue(field: "checkpoint.\(label)", reason: "expected \"\(label) <number>\"")
        }
        let digits = String(line.dropFirst(prefix.count))
        guard let value = UInt64(digits), String(value) == digits else {
            throw .nonCanonical(field: "checkpoint.\(label)", reason: "must be decimal without leading zeros")
        }
        return value
    }
}
