/// The hash a version-2 header commits for a validator set:
/// SHA-256("mcledger/validator-set/v1" ‖ u16 count ‖ (name text ‖ SPKI DER bytes)… in proposer-rotation order)
/// (docs/FORMATS.md). A member's country is descriptive and recorded by the transaction that added it, not here.
public enum ValidatorSetHash {
    public static func of(_ validators: [ValidatorRecord]) -> SHA256Digest {
        var writer = CanonicalWriter()
        writer.write(raw: DomainTag.validatorSet.utf8)
        ValidatorSet.encodeMembers(validators, into: &writer)
        return SHA256.hash(writer.bytes)
    }
}

/// S(h): the validators that certify the blocks of one epoch, in proposer-rotation order. Genesis's set is epoch 0;
/// every change passed by vote starts the next epoch (docs/CONSENSUS.md, "Validator-set changes").
///
/// The quorum and fault tolerance are computed from the set's own size, never carried beside it, so no message or
/// file can supply a threshold that disagrees with the members (cardano-ibc-incubator PR #549).
public struct ValidatorSet: Sendable, Hashable, CustomStringConvertible {
    /// In rotation order; each record's `index` is its position here.
    public let members: [ValidatorRecord]
    /// `ValidatorSetHash.of(members)`: what headers commit.
    public let hash: SHA256Digest
    private let byKey: [KeyID: ValidatorRecord]

    /// A set from names and keys in rotation order; names and keys must be distinct.
    public init(_ entries: [(name: String, publicKey: P256PublicKey)]) throws(FormatError) {
        guard !entries.isEmpty else { throw .invalidValue(field: "validators", reason: "at least one is needed") }
        guard entries.count <= Limits.validatorsMax else {
            throw .tooMany(field: "validators", countMax: Limits.validatorsMax, actual: entries.count)
        }
        var names: Set<String> = []
        var keys: Set<KeyID> = []
        for entry in entries {
            try FieldRules.checkIdentifier(entry.name, field: "validators.name")
            guard names.insert(entry.name).inserted else {
                throw .invalidValue(field: "validators", reason: "name \(entry.name) appears twice")
            }
            guard keys.insert(entry.publicKey.keyID).inserted else {
                throw .invalidValue(field: "validators", reason: "validator \(entry.name) reuses another's key")
            }
        }
        self.init(
            checked: entries.enumerated().map { offset, entry in
                ValidatorRecord(index: offset, name: entry.name, publicKey: entry.publicKey)
            })
    }

    /// Members already checked for distinct names and keys; indexes are renumbered in order.
    init(checked records: [ValidatorRecord]) {
        members = records.enumerated().map { offset, record in
            ValidatorRecord(index: offset, name: record.name, publicKey: record.publicKey, country: record.country)
        }
        hash = ValidatorSetHash.of(members)
        byKey = Dictionary(uniqueKeysWithValues: members.map { ($0.keyID, $0) })
    }

    public var count: Int { members.count }

    /// q = ⌈2n/3⌉ commit signatures make a block final. For n ≠ 3f + 1 this is more than 2f + 1, which would let two
    /// disjoint-enough quorums finalize different blocks (celo-blockchain#253).
    public var quorum: Int { Self.quorum(validatorCount: count) }

    /// f = ⌊(n−1)/3⌋ Byzantine validators are tolerated.
    public var faultTolerance: Int { (count - 1) / 3 }

    public static func quorum(validatorCount: Int) -> Int { (2 * validatorCount + 2) / 3 }

    public func validator(keyID: KeyID) -> ValidatorRecord? { byKey[keyID] }

    public func contains(_ keyID: KeyID) -> Bool { byKey[keyID] != nil }

    public func validator(named name: String) -> ValidatorRecord? { members.first { $0.name == name } }

    /// The proposer for (height, round): round-robin over this set's order.
    public func proposer(height: UInt64, round: UInt32) -> ValidatorRecord {
        let count = UInt64(members.count)
        return members[Int((height % count + UInt64(round) % count) % count)]
    }

    /// This set with `record` appended at the end of the rotation.
    func adding(_ record: ValidatorRecord) -> ValidatorSet { ValidatorSet(checked: members + [record]) }

    /// This set without the member with `keyID`, the rest keeping their order.
    func removing(_ keyID: KeyID) -> ValidatorSet { ValidatorSet(checked: members.filter { $0.keyID != keyID }) }

    public var description: String { "\(count) validators (\(members.map(\.name).joined(separator: ", ")))" }

    public static func == (left: ValidatorSet, right: ValidatorSet) -> Bool {
        left.hash == right.hash && left.members.map(\.country) == right.members.map(\.country)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// u16 count ‖ (name text ‖ SPKI bytes) × count: the hash's input after its tag, and a bundle's encoding of a set.
    static func encodeMembers(_ members: [ValidatorRecord], into writer: inout CanonicalWriter) {
        writer.write(UInt16(members.count))
        for member in members {
            writer.write(text: member.name, bytesMax: Limits.validatorNameBytesMax)
            writer.write(bytes: member.publicKey.spkiDER, bytesMax: Limits.publicKeyBytesMax)
        }
    }
}
