/// The note text of a transparency-log checkpoint, c2sp.org/tlog-checkpoint §Note text: the origin, the tree
/// size in decimal, the base64 RFC 6962 root, then optional non-empty extension lines.
public struct Checkpoint: Sendable, Hashable {
    public let origin: String
    public let size: UInt64
    public let rootHash: SHA256Digest
    public let extensions: [String]

    public init(origin: String, size: UInt64, rootHash: SHA256Digest, extensions: [String] = []) throws(FormatError) {
        guard !origin.isEmpty, !origin.contains("\n") else {
            throw .invalidValue(field: "checkpoint.origin", reason: "must be one non-empty line")
        }
        for line in extensions where line.isEmpty || line.contains("\n") {
            throw .invalidValue(field: "checkpoint.extension", reason: "must be one non-empty line")
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
        try SignedNote.checkText(text)
    }

    /// The note text, each line ending in a newline.
    public var text: String {
        ([origin, String(size), Base64.encode(rootHash.bytes)] + extensions).map { $0 + "\n" }.joined()
    }

    /// Parses checkpoint note text; a size with a leading zero, a root that is not 32 bytes of canonical
    /// base64, or an empty line is refused.
    public static func parse(text: String) throws(FormatError) -> Checkpoint {
        guard text.hasSuffix("\n") else {
            throw .invalidValue(field: "checkpoint", reason: "does not end in a newline")
        }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else {
            throw .invalidValue(field: "checkpoint", reason: "has \(lines.count) line(s), at least 3 are needed")
        }
        let sizeText = lines[1]
        guard let size = UInt64(sizeText), String(size) == sizeText else {
            throw .nonCanonical(field: "checkpoint.size", reason: "must be decimal without leading zeros")
        }
        guard let rootBytes = Base64.decode(lines[2]) else { throw .invalidBase64(field: "checkpoint.root") }
        return try Checkpoint(
            origin: lines[0], size: size, rootHash: try SHA256Digest(bytes: rootBytes),
            extensions: Array(lines.dropFirst(3)))
    }
}
