/// A status-tree node as a store keeps it: addressed by its hash, and re-hashed when read, so a damaged one is
/// found. Body: a leaf is 0x00 ‖ keyHash ‖ value; an internal node is 0x01 ‖ leftHash ‖ rightHash, with
/// `SparseMerkleHasher.placeholder` for an empty side (docs/STORAGE.md, "Status tree").
public enum StoredStatusNode: Sendable, Hashable {
    case leaf(keyHash: SHA256Digest, value: [UInt8])
    case branch(left: SHA256Digest, right: SHA256Digest)

    public init(_ node: SparseMerkleTree.Node) {
        switch node.kind {
        case .leaf(let leaf, let value): self = .leaf(keyHash: leaf.keyHash, value: value)
        case .branch(let left, let right):
            self = .branch(
                left: left?.hash ?? SparseMerkleHasher.placeholder, right: right?.hash ?? SparseMerkleHasher.placeholder
            )
        }
    }

    public var encoded: [UInt8] {
        switch self {
        case .leaf(let key, let value): [0x00] + key.bytes + value
        case .branch(let left, let right): [0x01] + left.bytes + right.bytes
        }
    }

    /// The node's hash, recomputed from its body.
    public var hash: SHA256Digest {
        let hasher = SparseMerkleHasher()
        switch self {
        case .leaf(let key, let value): return hasher.leafHash(keyHash: key, valueHash: hasher.valueHash(value))
        case .branch(let left, let right): return hasher.internalHash(left, right)
        }
    }

    /// Decodes a stored body; it must hash to `expected`, the hash it was stored under.
    public static func decode(_ bytes: [UInt8], expected: SHA256Digest) throws(FormatError) -> StoredStatusNode {
        let node: StoredStatusNode
        switch bytes.first {
        case 0x00? where bytes.count > 33:
            node = .leaf(keyHash: try SHA256Digest(bytes: bytes[1..<33]), value: Array(bytes[33...]))
        case 0x01? where bytes.count == 65:
            node = .branch(left: try SHA256Digest(bytes: bytes[1..<33]), right: try SHA256Digest(bytes: bytes[33...]))
        default:
            throw .invalidValue(field: "status node", reason: "not a leaf or an internal node body")
        }
        guard node.hash == expected else {
            throw .invalidValue(field: "status node", reason: "body does not hash to \(expected.hex)")
        }
        return node
    }
}

/// What one block's update did to the stored tree: the nodes it created (every node on a changed key's new
/// path, since an update copies each such path) and the hashes of the nodes it replaced (the old path nodes that
/// are not in the new tree). This is penumbra-zone/jmt's stale-node index: a node replaced at height h is needed
/// only by versions before h, so a store that keeps the latest R heights may delete it once h ≤ tip − R + 1.
public struct StatusTreeDelta: Sendable {
    public let created: [SparseMerkleTree.Node]
    public let replaced: [SHA256Digest]

    public init(from old: SparseMerkleTree, to new: SparseMerkleTree, changedKeys: [SHA256Digest]) {
        var created: [SparseMerkleTree.Node] = []
        var seen: Set<SHA256Digest> = []
        // Every hash on or beside a new path: a node of the old tree among them is still in the new one.
        var kept: Set<SHA256Digest> = []
        for key in changedKeys {
            for (node, sibling) in new.path(to: key) {
                kept.insert(node.hash)
                if let sibling { kept.insert(sibling) }
                if seen.insert(node.hash).inserted { created.append(node) }
            }
        }
        var replaced: Set<SHA256Digest> = []
        for key in changedKeys {
            for (node, _) in old.path(to: key) where !kept.contains(node.hash) { replaced.insert(node.hash) }
        }
        self.created = created
        self.replaced = replaced.sorted()
    }
}

extension SparseMerkleTree {
    /// The nodes from the root down `keyHash`'s path, each with its sibling's hash (nil for the root); the path
    /// ends at a leaf or where the next side is empty.
    public func path(to keyHash: SHA256Digest) -> [(node: Node, sibling: SHA256Digest?)] {
        var path: [(Node, SHA256Digest?)] = []
        var next = root
        var sibling: SHA256Digest? = nil
        var depth = 0
        while let node = next {
            path.append((node, sibling))
            guard case .branch(let left, let right) = node.kind else { break }
            let goesRight = keyHash.bit(at: depth)
            sibling = (goesRight ? left : right)?.hash ?? SparseMerkleHasher.placeholder
            next = goesRight ? right : left
            depth += 1
        }
        return path
    }
}

extension SparseMerkleProof {
    /// The proof for `keyHash` read from stored nodes, top down from `root`: `node` returns the stored node for a
    /// hash. Returns the key's value, when it has one, and the proof; the same proof the in-memory tree gives.
    public static func walk<Failure: Error>(
        root: SHA256Digest, keyHash: SHA256Digest, node: (SHA256Digest) throws(Failure) -> StoredStatusNode
    ) throws(Failure) -> (value: [UInt8]?, proof: SparseMerkleProof) {
        var siblings: [SHA256Digest] = []
        var current = root
        var depth = 0
        let hasher = SparseMerkleHasher()
        while current != SparseMerkleHasher.placeholder, depth <= siblingsMax {
            switch try node(current) {
            case .leaf(let key, let value):
                let leaf = Leaf(keyHash: key, valueHash: hasher.valueHash(value))
                return (key == keyHash ? value : nil, SparseMerkleProof(leaf: leaf, siblings: siblings.reversed()))
            case .branch(let left, let right):
                let goesRight = keyHash.bit(at: depth)
                siblings.append(goesRight ? left : right)
                current = goesRight ? right : left
                depth += 1
            }
        }
        return (nil, SparseMerkleProof(leaf: nil, siblings: siblings.reversed()))
    }
}
