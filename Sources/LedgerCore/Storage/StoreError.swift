/// Why the store could not open, read or write; corruption names the file and, when known, the height.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case io(path: String, operation: String, reason: String)
    case wrongChain(path: String, expected: SHA256Digest, found: SHA256Digest)
    case corrupt(path: String, height: UInt64?, reason: String)
    case locked(path: String)
    case notFound(String)
    case rejected(BlockRejection)
    case index(String)
    /// The data directory holds a chain in a format this build does not read.
    case unsupportedFormat(path: String, version: Int, supported: Int)

    public var description: String {
        switch self {
        case .io(let path, let operation, let reason): "\(operation) \(path) failed: \(reason)"
        case .wrongChain(let path, let expected, let found):
            "\(path) belongs to chain \(found.hex), not \(expected.hex); use the data directory of this chain"
        case .corrupt(let path, let height, let reason):
            "store is corrupt in \(path)\(height.map { " at height \($0)" } ?? ""): \(reason); refusing to serve it"
        case .locked(let path): "\(path) is in use by another process; stop it first"
        case .notFound(let what): "\(what) not found"
        case .rejected(let rejection): "block rejected: \(rejection)"
        case .index(let reason): "index: \(reason)"
        case .unsupportedFormat(let path, let version, let supported):
            "\(path) holds a chain in format version \(version); this build reads only format version \(supported) "
                + "(headers v\(supported) with a status root); start the chain again from a new genesis, or run the "
                + "release that wrote it"
        }
    }
}
