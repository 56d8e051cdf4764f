import Synchronization

/// The status map as an in-memory, persistent (path-copying) binary sparse Merkle tree: an update makes a new
/// tree that shares every untouched subtree with the old one, so an old version stays readable and proofs
/// against it stay valid. Hashing is `SparseMerkleHasher`'s; a subtree with one leaf is stored as that leaf,
/// so a path is as deep as the keys around it need (about log2 of the key count), never 256.
///
/// Keys are only ever added or given a new value: a status record is never removed, because absence means
/// "never issued".
public struct SparseMerkleTree: Sendable {
    /// A key and the value to store for it; the tree keeps the value, and hashes it into the leaf.
    public struct Entry: Sendable, Hashable {
        public let keyHash: SHA256Digest
        public let value: [UInt8]

        public init(keyHash: SHA256Digest, value: [UInt8]) {
            self.keyHash = keyHash
            self.value = value
        }
    }

    /// One stored node; a leaf, or an internal node with at least two leaves below it.
    public final class Node: Sendable {
        public enum Kind: Sendable {
            case leaf(SparseMerkleProof.Leaf, value: [UInt8])
            case branch(left: Node?, right: Node?)
        }

        public let hash: SHA256Digest
        public let kind: Kind
        /// Where a store keeps this node (0: not stored yet). Set once, by the store that writes the node; the
        /// tree itself never reads it.
        public let storageRow = Atomic<UInt64>(0)

        init(entry: Entry, hasher: SparseMerkleHasher) {
            let leaf = SparseMerkleProof.Leaf(keyHash: entry.keyHash, valueHash: hasher.valueHash(entry.value))
            hash = hasher.leafHash(keyHash: leaf.keyHash, valueHash: leaf.valueHash)
            kind = .leaf(leaf, value: entry.value)
        }

        var entry: Entry? {
            guard case .leaf(let leaf, let value) = kind else { return nil }
            return Entry(keyHash: leaf.keyHash, value: value)
        }

        init(left: Node?, right: Node?, hasher: SparseMerkleHasher) {
            precondition(left != nil || right != nil, "a branch has a leaf below it")
            hash = hasher.internalHash(
                left?.hash ?? SparseMerkleHasher.placeholder, right?.hash ?? SparseMerkleHasher.placeholder)
            kind = .branch(left: left, right: right)
        }

        /// A leaf read back from a store, at `row`.
        public convenience init(storedEntry entry: Entry, row: UInt64) {
            self.init(entry: entry, hasher: SparseMerkleHasher())
            storageRow.store(row, ordering: .relaxed)
        }

        /// A branch read back from a store, at `row`; its hash is recomputed from the children.
        public convenience init(storedLeft left: Node?, right: Node?, row: UInt64) {
            self.init(left: left, right: right, hasher: SparseMerkleHasher())
            storageRow.store(row, ordering: .relaxed)
        }
    }

    /// The top node, or nil for the empty map.
    public private(set) var root: Node?
    /// How many keys have a value.
    public private(set) var count: Int

    /// The empty map.
    public init() {
        root = nil
        count = 0
    }

    /// A tree read back from a store: its root node and how many keys it holds.
    public init(root: Node?, count: Int) {
        self.root = root
        self.count = count
    }

    /// The map's root hash: the placeholder when empty.
    public var rootHash: SHA256Digest { root?.hash ?? SparseMerkleHasher.placeholder }

    /// Sets each key's value; a key listed twice takes its last value. Values are never empty.
    public mutating func update(_ entries: [Entry]) {
        guard !entries.isEmpty else { return }
        precondition(entries.allSatisfy { !$0.value.isEmpty }, "a status-map value is never empty")
        var unique: [Entry] = []
        unique.reserveCapacity(entries.count)
        // A stable sort keeps listing order among equal keys, so the last of each run is the value that wins.
        let sorted = entries.enumerated().sorted { left, right in
            left.element.keyHash == right.element.keyHash
                ? left.offset < right.offset : left.element.keyHash < right.element.keyHash
        }
        for (_, entry) in sorted {
            if let last = unique.last, last.keyHash == entry.keyHash {
                unique[unique.count - 1] = entry
            } else {
                unique.append(entry)
            }
        }
        let hasher = SparseMerkleHasher()
        var added = 0
        root = Self.merge(root, unique[...], depth: 0, hasher: hasher, added: &added)
        count += added
    }

    /// The value stored for a key, or nil when it has none.
    public func value(for keyHash: SHA256Digest) -> [UInt8]? {
        var node = root
        var depth = 0
        while let current = node {
            switch current.kind {
            case .leaf(let leaf, let value):
                return leaf.keyHash == keyHash ? value : nil
            case .branch(let left, let right):
                node = keyHash.bit(at: depth) ? right : left
                depth += 1
            }
        }
        return nil
    }

    /// An inclusion proof when the key has a value, otherwise an absence proof; both follow the key's path.
    public func proof(for keyHash: SHA256Digest) -> SparseMerkleProof {
        var siblings: [SHA256Digest] = []
        var node = root
        var depth = 0
        while let current = node {
            switch current.kind {
            case .leaf(let leaf, _):
                return SparseMerkleProof(leaf: leaf, siblings: siblings.reversed())
            case .branch(let left, let right):
                let goesRight = keyHash.bit(at: depth)
                siblings.append((goesRight ? left : right)?.hash ?? SparseMerkleHasher.placeholder)
                node = goesRight ? right : left
                depth += 1
            }
        }
        return SparseMerkleProof(leaf: nil, siblings: siblings.reversed())
    }

    /// Merges sorted, distinct entries into the subtree at `depth`, whose keys all share the path so far.
    private static func merge(
        _ node: Node?, _ entries: ArraySlice<Entry>, depth: Int, hasher: SparseMerkleHasher,
        added: inout Int
    ) -> Node? {
        guard !entries.isEmpty else { return node }
        guard let node else {
            added += entries.count
            return build(entries, depth: depth, hasher: hasher)
        }
        switch node.kind {
        case .leaf:
            guard let existing = node.entry else { preconditionFailure("a leaf has an entry") }
            guard !entries.contains(where: { $0.keyHash == existing.keyHash }) else {
                added += entries.count - 1
                return build(entries, depth: depth, hasher: hasher)
            }
            added += entries.count
            var combined = Array(entries)
            let position = combined.firstIndex { existing.keyHash < $0.keyHash } ?? combined.endIndex
            combined.insert(existing, at: position)
            return build(combined[...], depth: depth, hasher: hasher)
        case .branch(let left, let right):
            let split = rightHalfStart(entries, depth: depth)
            let newLeft = merge(left, entries[..<split], depth: depth + 1, hasher: hasher, added: &added)
            let newRight = merge(right, entries[split...], depth: depth + 1, hasher: hasher, added: &added)
            return Node(left: newLeft, right: newRight, hasher: hasher)
        }
    }

    /// The subtree holding exactly these sorted, distinct entries.
    private static func build(
        _ entries: ArraySlice<Entry>, depth: Int, hasher: SparseMerkleHasher
    ) -> Node? {
        guard let first = entries.first else { return nil }
        guard entries.count > 1 else { return Node(entry: first, hasher: hasher) }
        let split = rightHalfStart(entries, depth: depth)
        return Node(
            left: build(entries[..<split], depth: depth + 1, hasher: hasher),
            right: build(entries[split...], depth: depth + 1, hasher: hasher), hasher: hasher)
    }

    /// In sorted entries sharing their first `depth` bits, the first whose bit at `depth` is 1.
    private static func rightHalfStart(_ entries: ArraySlice<Entry>, depth: Int) -> Int {
        var low = entries.startIndex
        var high = entries.endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if entries[middle].keyHash.bit(at: depth) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
