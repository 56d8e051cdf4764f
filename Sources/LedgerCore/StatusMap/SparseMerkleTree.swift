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

    /// One stored node; a leaf, or an internal node with at least two leaves below it. The fields are stored
    /// directly rather than as an enum, so a walk down the tree retains only the child it takes.
    public final class Node: Sendable {
        public let hash: SHA256Digest
        /// A leaf's key hash; nil for an internal node. The value's hash is not kept: it goes into `hash`, and
        /// `leaf` recomputes it for a proof. Without it a node fits a 128-byte allocation, which matters when a
        /// busy block makes and frees tens of thousands of them.
        public let keyHash: SHA256Digest?
        /// A leaf's value; empty for an internal node (a stored value is never empty).
        public let value: [UInt8]
        /// An internal node's children (at most one nil); both nil for a leaf.
        public let left: Node?
        public let right: Node?
        /// Where a store keeps this node (0: not stored yet). Set once, by the store that writes the node; the
        /// tree itself never reads it.
        public let storageRow = Atomic<UInt64>(0)

        init(entry: Entry, hasher: SparseMerkleHasher) {
            hash = hasher.leafHash(keyHash: entry.keyHash, valueHash: hasher.valueHash(entry.value))
            keyHash = entry.keyHash
            value = entry.value
            left = nil
            right = nil
        }

        init(left: Node?, right: Node?, hasher: SparseMerkleHasher) {
            precondition(left != nil || right != nil, "a branch has a leaf below it")
            hash = hasher.internalHash(
                left?.hash ?? SparseMerkleHasher.placeholder, right?.hash ?? SparseMerkleHasher.placeholder)
            keyHash = nil
            value = []
            self.left = left
            self.right = right
        }

        public var isLeaf: Bool { keyHash != nil }

        /// A leaf's key and value hash, as a proof carries them; nil for an internal node.
        public var leaf: SparseMerkleProof.Leaf? {
            keyHash.map { SparseMerkleProof.Leaf(keyHash: $0, valueHash: SparseMerkleHasher().valueHash(value)) }
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

    /// Sets each key's value; a key listed twice takes its last value. Values are never empty. Returns the nodes
    /// of the old tree that the new one no longer holds (penumbra-zone/jmt's stale nodes): exactly the nodes the
    /// update visited, less a leaf that only moved down beside a new key, which is kept as it is.
    @discardableResult
    public mutating func update(_ entries: [Entry]) -> [Node] {
        guard !entries.isEmpty else { return [] }
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
        var merge = Merge()
        root = merge.merge(root, unique[...], depth: 0)
        count += merge.added
        return merge.replaced
    }

    /// The value stored for a key, or nil when it has none.
    public func value(for keyHash: SHA256Digest) -> [UInt8]? {
        var node = root
        var depth = 0
        while let current = node {
            if let leafKey = current.keyHash { return leafKey == keyHash ? current.value : nil }
            node = keyHash.bit(at: depth) ? current.right : current.left
            depth += 1
        }
        return nil
    }

    /// An inclusion proof when the key has a value, otherwise an absence proof; both follow the key's path.
    public func proof(for keyHash: SHA256Digest) -> SparseMerkleProof {
        var siblings: [SHA256Digest] = []
        var node = root
        var depth = 0
        while let current = node {
            if let leaf = current.leaf { return SparseMerkleProof(leaf: leaf, siblings: siblings.reversed()) }
            let goesRight = keyHash.bit(at: depth)
            siblings.append((goesRight ? current.left : current.right)?.hash ?? SparseMerkleHasher.placeholder)
            node = goesRight ? current.right : current.left
            depth += 1
        }
        return SparseMerkleProof(leaf: nil, siblings: siblings.reversed())
    }

    /// One update's merge of sorted, distinct entries into the tree, counting the keys it adds and collecting the
    /// old nodes it replaces.
    private struct Merge {
        let hasher = SparseMerkleHasher()
        var added = 0
        var replaced: [Node] = []

        /// Merges `entries` into the subtree at `depth`, whose keys all share the path so far.
        mutating func merge(_ node: Node?, _ entries: ArraySlice<Entry>, depth: Int) -> Node? {
            guard !entries.isEmpty else { return node }
            guard let node else {
                added += entries.count
                return build(entries, keeping: nil, depth: depth)
            }
            if let leafKey = node.keyHash {
                if entries.contains(where: { $0.keyHash == leafKey }) {
                    replaced.append(node)
                    added += entries.count - 1
                    return build(entries, keeping: nil, depth: depth)
                }
                added += entries.count
                return build(entries, keeping: node, depth: depth)
            }
            replaced.append(node)
            let split = SparseMerkleTree.rightHalfStart(entries, depth: depth)
            let newLeft = merge(node.left, entries[..<split], depth: depth + 1)
            let newRight = merge(node.right, entries[split...], depth: depth + 1)
            return Node(left: newLeft, right: newRight, hasher: hasher)
        }

        /// The subtree holding exactly these sorted, distinct entries and, when given, `existing`: a leaf whose key
        /// is none of theirs, kept as the same node wherever it lands.
        func build(_ entries: ArraySlice<Entry>, keeping existing: Node?, depth: Int) -> Node? {
            guard let first = entries.first else { return existing }
            guard existing != nil || entries.count > 1 else { return Node(entry: first, hasher: hasher) }
            let split = SparseMerkleTree.rightHalfStart(entries, depth: depth)
            let existingGoesRight = existing?.keyHash?.bit(at: depth) ?? false
            return Node(
                left: build(entries[..<split], keeping: existingGoesRight ? nil : existing, depth: depth + 1),
                right: build(entries[split...], keeping: existingGoesRight ? existing : nil, depth: depth + 1),
                hasher: hasher)
        }
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
