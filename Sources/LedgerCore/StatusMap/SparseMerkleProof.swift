/// A proof that a key has a value in the status map, or has none, against the map's root.
///
/// The shape and the checks follow penumbra-zone/jmt's `SparseMerkleProof::verify`
/// (`src/types/proof/definition.rs`): siblings run from the bottom of the path to the root, placeholders
/// included, and the path is always the queried key's own. The caller computes the key hash; a proof never
/// supplies it.
public struct SparseMerkleProof: Sendable, Hashable {
    /// The leaf a proof ends at: the queried key's own (inclusion), or the only key in the subtree where the
    /// queried key would be (absence).
    public struct Leaf: Sendable, Hashable {
        public let keyHash: SHA256Digest
        public let valueHash: SHA256Digest

        public init(keyHash: SHA256Digest, valueHash: SHA256Digest) {
            self.keyHash = keyHash
            self.valueHash = valueHash
        }
    }

    /// At most one sibling per bit of a key hash. A longer proof is refused before any hashing, the bound
    /// whose absence let forged proofs through in the verifiers the issue lists.
    public static let siblingsMax = 256

    /// The leaf the path ends at, or nil when it ends at an empty subtree.
    public let leaf: Leaf?
    /// Sibling hashes from the bottom of the path to the root.
    public let siblings: [SHA256Digest]

    public init(leaf: Leaf?, siblings: [SHA256Digest]) {
        self.leaf = leaf
        self.siblings = siblings
    }

    /// Checks that `keyHash` maps to `value` under `root`. An empty value is refused: no record is empty.
    public func verifyInclusion(
        root: SHA256Digest, keyHash: SHA256Digest, value: some Collection<UInt8>
    ) throws(SparseMerkleProofError) {
        guard !value.isEmpty else { throw .emptyValue }
        try verify(root: root, keyHash: keyHash, valueHash: SparseMerkleHasher().valueHash(value))
    }

    /// Checks that `keyHash` has no value under `root`.
    public func verifyAbsence(root: SHA256Digest, keyHash: SHA256Digest) throws(SparseMerkleProofError) {
        try verify(root: root, keyHash: keyHash, valueHash: nil)
    }

    /// jmt's `verify`: with a value hash, an inclusion proof; without, an absence proof.
    public func verify(
        root: SHA256Digest, keyHash: SHA256Digest, valueHash: SHA256Digest?
    ) throws(SparseMerkleProofError) {
        let computed = try computedRoot(keyHash: keyHash, valueHash: valueHash)
        guard computed == root else { throw .rootMismatch(expected: root, computed: computed) }
    }

    /// The root this proof leads to for the key, after the checks that do not need the root.
    public func computedRoot(
        keyHash: SHA256Digest, valueHash: SHA256Digest?
    ) throws(SparseMerkleProofError) -> SHA256Digest {
        guard siblings.count <= Self.siblingsMax else { throw .tooManySiblings(siblings.count) }
        switch (valueHash, leaf) {
        case (let valueHash?, let leaf?):
            guard leaf.keyHash == keyHash else { throw .keyMismatch(proven: leaf.keyHash, queried: keyHash) }
            guard leaf.valueHash == valueHash else { throw .valueMismatch }
        case (.some, nil):
            throw .expectedInclusion
        case (nil, let leaf?):
            guard leaf.keyHash != keyHash else { throw .keyIsPresent }
            // The other leaf must sit where the queried key's path leads: on every bit the siblings cover,
            // the two keys agree, so the walk below follows both paths at once.
            let shared = keyHash.commonPrefixBitCount(with: leaf.keyHash)
            guard shared >= siblings.count else { throw .leafOffPath(sharedBits: shared, depth: siblings.count) }
        case (nil, nil):
            break
        }
        let hasher = SparseMerkleHasher()
        var hash =
            leaf.map { hasher.leafHash(keyHash: $0.keyHash, valueHash: $0.valueHash) }
            ?? SparseMerkleHasher.placeholder
        for (offset, sibling) in siblings.enumerated() {
            let depth = siblings.count - 1 - offset
            hash = keyHash.bit(at: depth) ? hasher.internalHash(sibling, hash) : hasher.internalHash(hash, sibling)
        }
        return hash
    }
}

/// Why a status-map proof did not verify; a typed reason, never just `false`.
public enum SparseMerkleProofError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooManySiblings(Int)
    case emptyValue
    case keyMismatch(proven: SHA256Digest, queried: SHA256Digest)
    case valueMismatch
    case expectedInclusion
    case keyIsPresent
    case leafOffPath(sharedBits: Int, depth: Int)
    case rootMismatch(expected: SHA256Digest, computed: SHA256Digest)

    /// A stable, machine-readable name for the reason, as fixtures and JSON errors give it.
    public var code: String {
        switch self {
        case .tooManySiblings: "too_many_siblings"
        case .emptyValue: "empty_value"
        case .keyMismatch: "key_mismatch"
        case .valueMismatch: "value_mismatch"
        case .expectedInclusion: "expected_inclusion"
        case .keyIsPresent: "key_is_present"
        case .leafOffPath: "leaf_off_path"
        case .rootMismatch: "root_mismatch"
        }
    }

    public var description: String {
        switch self {
        case .tooManySiblings(let count):
            "status proof has \(count) siblings, more than the \(SparseMerkleProof.siblingsMax) a key hash allows"
        case .emptyValue: "a status record is never empty"
        case .keyMismatch(let proven, let queried): "status proof is for key \(proven.hex), not \(queried.hex)"
        case .valueMismatch: "status proof's value hash differs from the record's"
        case .expectedInclusion: "status proof shows the key absent, but a record was claimed"
        case .keyIsPresent: "status proof shows the key present, but absence was claimed"
        case .leafOffPath(let shared, let depth):
            "absence proof's leaf shares \(shared) bits with the key but sits at depth \(depth): not on its path"
        case .rootMismatch(let expected, let computed):
            "status proof leads to root \(computed.hex), expected \(expected.hex)"
        }
    }
}
