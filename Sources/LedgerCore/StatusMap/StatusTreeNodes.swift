/// A status-tree node as a store keeps it, in a row of its own (docs/STORAGE.md, "Status tree"). A leaf's body is
/// 0x00 ‖ keyHash ‖ value; an internal node's is 0x01 ‖ leftHash ‖ rightHash ‖ u64 leftRow ‖ u64 rightRow, with
/// `SparseMerkleHasher.placeholder` and row 0 for an empty side. A reader knows the hash a node must have (from
/// its parent, or the height's root) and re-hashes the body, so a damaged row is found.
public enum StoredStatusNode: Sendable, Hashable {
    case leaf(keyHash: SHA256Digest, value: [UInt8])
    case branch(left: SHA256Digest, right: SHA256Digest, leftRow: UInt64, rightRow: UInt64)

    public var encoded: [UInt8] {
        switch self {
        case .leaf(let key, let value): return Self.leafBody(keyHash: key, value: value)
        case .branch(let left, let right, let leftRow, let rightRow):
            return Self.branchBody(left: left, right: right, leftRow: leftRow, rightRow: rightRow)
        }
    }

    /// Appends the body of `node`, whose children are already stored: it decodes to `node`'s hash.
    public static func write(_ node: SparseMerkleTree.Node, into writer: inout CanonicalWriter) {
        if let keyHash = node.keyHash {
            writeLeaf(keyHash: keyHash, value: node.value, into: &writer)
        } else {
            writeBranch(
                left: node.left?.hash ?? SparseMerkleHasher.placeholder,
                right: node.right?.hash ?? SparseMerkleHasher.placeholder,
                leftRow: node.left?.storageRow.load(ordering: .relaxed) ?? 0,
                rightRow: node.right?.storageRow.load(ordering: .relaxed) ?? 0, into: &writer)
        }
    }

    private static func leafBody(keyHash: SHA256Digest, value: [UInt8]) -> [UInt8] {
        var writer = CanonicalWriter(capacity: 33 + value.count)
        writeLeaf(keyHash: keyHash, value: value, into: &writer)
        return writer.bytes
    }

    private static func writeLeaf(keyHash: SHA256Digest, value: [UInt8], into writer: inout CanonicalWriter) {
        writer.write(UInt8(0x00))
        writer.write(keyHash)
        writer.write(raw: value)
    }

    private static func branchBody(
        left: SHA256Digest, right: SHA256Digest, leftRow: UInt64, rightRow: UInt64
    ) -> [UInt8] {
        var writer = CanonicalWriter(capacity: 81)
        writeBranch(left: left, right: right, leftRow: leftRow, rightRow: rightRow, into: &writer)
        return writer.bytes
    }

    private static func writeBranch(
        left: SHA256Digest, right: SHA256Digest, leftRow: UInt64, rightRow: UInt64, into writer: inout CanonicalWriter
    ) {
        writer.write(UInt8(0x01))
        writer.write(left)
        writer.write(right)
        writer.write(leftRow)
        writer.write(rightRow)
    }

    /// The node's hash, recomputed from its body.
    public var hash: SHA256Digest {
        let hasher = SparseMerkleHasher()
        switch self {
        case .leaf(let key, let value): return hasher.leafHash(keyHash: key, valueHash: hasher.valueHash(value))
        case .branch(let left, let right, _, _): return hasher.internalHash(left, right)
        }
    }

    /// Decodes a stored body; it must hash to `expected`, the hash its parent (or the root) names.
    public static func decode(_ bytes: [UInt8], expected: SHA256Digest) throws(FormatError) -> StoredStatusNode {
        var reader = CanonicalReader(bytes)
        let node: StoredStatusNode
        switch try reader.readUInt8(field: "status node") {
        case 0x00 where bytes.count > 33:
            node = .leaf(keyHash: try reader.readDigest(field: "status node.key"), value: Array(bytes[33...]))
        case 0x01:
            node = .branch(
                left: try reader.readDigest(field: "status node.left"),
                right: try reader.readDigest(field: "status node.right"),
                leftRow: try reader.readUInt64(field: "status node.leftRow"),
                rightRow: try reader.readUInt64(field: "status node.rightRow"))
            try reader.finish()
        default:
            throw .invalidValue(field: "status node", reason: "not a leaf or an internal node body")
        }
        guard node.hash == expected else {
            throw .invalidValue(field: "status node", reason: "body does not hash to \(expected.hex)")
        }
        return node
    }
}

extension SparseMerkleTree {
    /// The nodes from the root down `keyHash`'s path, each with its sibling (nil for the root or an empty side);
    /// the path ends at a leaf or where the next side is empty.
    public func path(to keyHash: SHA256Digest) -> [(node: Node, sibling: Node?)] {
        var path: [(Node, Node?)] = []
        var next = root
        var sibling: Node? = nil
        var depth = 0
        while let node = next {
            path.append((node, sibling))
            guard !node.isLeaf else { break }
            let goesRight = keyHash.bit(at: depth)
            sibling = goesRight ? node.left : node.right
            next = goesRight ? node.right : node.left
            depth += 1
        }
        return path
    }
}

extension SparseMerkleProof {
    /// The proof for `keyHash` read from stored nodes, top down from the root at `rootRow`: `node` reads the row
    /// and checks it hashes to the hash given. Returns the key's value, when it has one, and the proof: the same
    /// proof the in-memory tree gives.
    public static func walk<Failure: Error>(
        root: SHA256Digest, rootRow: UInt64, keyHash: SHA256Digest,
        node: (_ row: UInt64, _ hash: SHA256Digest) throws(Failure) -> StoredStatusNode
    ) throws(Failure) -> (value: [UInt8]?, proof: SparseMerkleProof) {
        var siblings: [SHA256Digest] = []
        var current = (row: rootRow, hash: root)
        var depth = 0
        let hasher = SparseMerkleHasher()
        while current.hash != SparseMerkleHasher.placeholder, depth <= siblingsMax {
            switch try node(current.row, current.hash) {
            case .leaf(let key, let value):
                let leaf = Leaf(keyHash: key, valueHash: hasher.valueHash(value))
                return (key == keyHash ? value : nil, SparseMerkleProof(leaf: leaf, siblings: siblings.reversed()))
            case .branch(let left, let right, let leftRow, let rightRow):
                let goesRight = keyHash.bit(at: depth)
                siblings.append(goesRight ? left : right)
                current = goesRight ? (rightRow, right) : (leftRow, left)
                depth += 1
            }
        }
        return (nil, SparseMerkleProof(leaf: nil, siblings: siblings.reversed()))
    }
}
