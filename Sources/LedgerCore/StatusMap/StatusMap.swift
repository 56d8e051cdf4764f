/// The chain's status map: one record per issued credential and per registered issuer, in a sparse Merkle
/// tree whose root each version-2 header commits after its block is applied. Values are `StatusRecord`s.
public struct StatusMap: Sendable {
    public let chainID: SHA256Digest
    public private(set) var tree = SparseMerkleTree()

    public init(chainID: SHA256Digest) {
        self.chainID = chainID
    }

    /// Loads records computed elsewhere (a store rebuilding the map from its index) in one batch.
    public mutating func load(_ entries: [SparseMerkleTree.Entry]) {
        tree.update(entries)
    }

    /// The root a header commits.
    public var root: SHA256Digest { tree.rootHash }

    /// The record for an id, or nil when there is none (never issued, or never registered).
    public func record(_ kind: StatusRecordKind, id: String) throws(FormatError) -> StatusRecord? {
        guard let value = tree.value(for: try StatusKey.hash(chainID: chainID, kind: kind, recordID: id)) else {
            return nil
        }
        return try StatusRecord.decode(value)
    }

    /// The record and the proof of it (or of its absence) against `root`.
    public func proof(_ kind: StatusRecordKind, id: String) throws(FormatError) -> (
        record: StatusRecord?, proof: SparseMerkleProof
    ) {
        let key = try StatusKey.hash(chainID: chainID, kind: kind, recordID: id)
        let record = try tree.value(for: key).map { (value) throws(FormatError) in try StatusRecord.decode(value) }
        return (record, tree.proof(for: key))
    }

    /// Applies one block's registry changes, in block order. A change to a credential the map does not hold is
    /// a broken invariant of the rules (they refuse it), so it stops the process rather than invent a record.
    public mutating func apply(_ changes: [RegistryChange]) {
        var pending: [SHA256Digest: StatusRecord] = [:]
        var order: [SHA256Digest] = []
        func set(_ kind: StatusRecordKind, _ id: String, _ record: StatusRecord) {
            guard let key = try? StatusKey.hash(chainID: chainID, kind: kind, recordID: id) else {
                preconditionFailure("the rules admit only identifiers as ids")
            }
            if pending.updateValue(record, forKey: key) == nil { order.append(key) }
        }
        func current(_ id: String) -> StatusRecord.CredentialStatus {
            guard let key = try? StatusKey.hash(chainID: chainID, kind: .credential, recordID: id),
                let record = pending[key] ?? tree.value(for: key).flatMap({ try? StatusRecord.decode($0) }),
                case .credential(let status) = record
            else { preconditionFailure("a status change for credential \(id), which the map does not hold") }
            return status
        }
        for change in changes {
            switch change {
            case .issuerRegistered(let issuer):
                set(
                    .issuer, issuer.issuerID,
                    .issuer(
                        .init(
                            state: .active, keyID: issuer.keyID, changedAtHeight: issuer.location.height,
                            changeLedgerIndex: issuer.location.ledgerIndex)))
            case .definitionRegistered:
                break
            case .credentialIssued(let credential):
                set(
                    .credential, credential.credentialID,
                    .credential(
                        .init(
                            state: .active, reasonCode: 0, changedAtHeight: credential.location.height,
                            changeLedgerIndex: credential.location.ledgerIndex,
                            issuanceLedgerIndex: credential.location.ledgerIndex)))
            case .credentialRevoked(let credentialID, let revocation):
                let issued = current(credentialID)
                set(
                    .credential, credentialID,
                    .credential(
                        .init(
                            state: .revoked, reasonCode: revocation.reason.rawValue,
                            changedAtHeight: revocation.location.height,
                            changeLedgerIndex: revocation.location.ledgerIndex,
                            issuanceLedgerIndex: issued.issuanceLedgerIndex)))
            case .credentialSuspension(let credentialID, let suspension):
                let issued = current(credentialID)
                set(
                    .credential, credentialID,
                    .credential(
                        .init(
                            state: suspension.isSuspension ? .suspended : .active,
                            reasonCode: suspension.reason?.rawValue ?? 0,
                            changedAtHeight: suspension.location.height,
                            changeLedgerIndex: suspension.location.ledgerIndex,
                            issuanceLedgerIndex: issued.issuanceLedgerIndex)))
            }
        }
        tree.update(
            order.compactMap { key in pending[key].map { SparseMerkleTree.Entry(keyHash: key, value: $0.encoded) } })
    }
}
