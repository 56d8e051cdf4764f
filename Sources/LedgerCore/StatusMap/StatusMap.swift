/// The chain's status map: one record per issued credential, registered issuer and catalogue entry, in a sparse Merkle
/// tree whose root each version-2 header commits after its block is applied. Values are `StatusRecord`s.
public struct StatusMap: Sendable {
    public let chainID: SHA256Digest
    public private(set) var tree = SparseMerkleTree()

    public init(chainID: SHA256Digest) {
        self.chainID = chainID
    }

    /// A map whose tree a store read back.
    public init(chainID: SHA256Digest, tree: SparseMerkleTree) {
        self.chainID = chainID
        self.tree = tree
    }

    /// Loads records computed elsewhere (a store rebuilding the map from its index, a test chain) in one batch.
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

    /// Applies one block's registry changes, in block order, and returns the old tree's nodes the update replaced
    /// (`SparseMerkleTree.update`), which a store keeps only for older versions. A change to a credential the map
    /// does not hold is a broken invariant of the rules (they refuse it), so it stops the process rather than
    /// invent a record.
    @discardableResult
    public mutating func apply(_ changes: [RegistryChange]) -> [SparseMerkleTree.Node] {
        var pending: [SHA256Digest: StatusRecord] = [:]
        var order: [SHA256Digest] = []
        pending.reserveCapacity(changes.count)
        order.reserveCapacity(changes.count)
        let chainID = self.chainID
        func set(_ kind: StatusRecordKind, _ id: String, _ record: StatusRecord) {
            let key = StatusKey.hash(chainID: chainID, kind: kind, checkedID: id)
            if pending.updateValue(record, forKey: key) == nil { order.append(key) }
        }
        func current(_ id: String) -> StatusRecord.CredentialStatus {
            let key = StatusKey.hash(chainID: chainID, kind: .credential, checkedID: id)
            guard let record = pending[key] ?? tree.value(for: key).flatMap({ try? StatusRecord.decode($0) }),
                case .credential(let status) = record
            else { preconditionFailure("a status change for credential \(id), which the map does not hold") }
            return status
        }
        func currentIssuer(_ id: String) -> StatusRecord.IssuerStatus {
            let key = StatusKey.hash(chainID: chainID, kind: .issuer, checkedID: id)
            guard let record = pending[key] ?? tree.value(for: key).flatMap({ try? StatusRecord.decode($0) }),
                case .issuer(let status) = record
            else { preconditionFailure("a change of issuer \(id), which the map does not hold") }
            return status
        }
        for change in changes {
            switch change {
            case .issuerRegistered(let issuer):
                set(.issuer, issuer.issuerID, StatusRecord(issuer: issuer))
            case .definitionRegistered(let definition):
                set(.definition, definition.definition.definitionID, StatusRecord(definition: definition))
            case .validatorGovernance:
                break
            case .issuerStandingChanged(let issuerID, let standing):
                let status = currentIssuer(issuerID)
                set(
                    .issuer, issuerID,
                    .issuer(
                        StatusRecord.IssuerStatus(
                            state: standing.standing, keyID: status.keyID, changedAtHeight: standing.location.height,
                            changeLedgerIndex: standing.location.ledgerIndex)))
            case .issuerKeyRotated(let issuerID, let rotation):
                let status = currentIssuer(issuerID)
                set(
                    .issuer, issuerID,
                    .issuer(
                        StatusRecord.IssuerStatus(
                            state: status.state, keyID: rotation.publicKey.keyID,
                            changedAtHeight: rotation.location.height, changeLedgerIndex: rotation.location.ledgerIndex)
                    ))
            case .credentialsRevoked(let credentialIDs, let revocation):
                for credentialID in credentialIDs {
                    let revoked = current(credentialID).changed(
                        to: .revoked, reasonCode: revocation.reason.rawValue, at: revocation.location)
                    set(.credential, credentialID, .credential(revoked))
                }
            case .qaBodyRegistered(let body):
                set(.qaBody, body.qaBodyID, StatusRecord(qaBody: body))
            case .accreditationRecorded(let accreditation):
                set(.accreditation, accreditation.accreditationID, StatusRecord(accreditation: accreditation))
            case .accreditationWithdrawn(let accreditationID, let withdrawal):
                let key = StatusKey.hash(chainID: chainID, kind: .accreditation, checkedID: accreditationID)
                guard let record = pending[key] ?? tree.value(for: key).flatMap({ try? StatusRecord.decode($0) }),
                    case .accreditation(let status) = record
                else {
                    preconditionFailure("a withdrawal of accreditation \(accreditationID), which the map does not hold")
                }
                set(
                    .accreditation, accreditationID,
                    .accreditation(
                        StatusRecord.RegistrationStatus(
                            state: .withdrawn, registrationID: status.registrationID,
                            changedAtHeight: withdrawal.location.height,
                            changeLedgerIndex: withdrawal.location.ledgerIndex)))
            case .credentialIssued(let credential):
                set(.credential, credential.credentialID, StatusRecord(credential: credential))
            case .credentialRevoked(let credentialID, let revocation):
                let revoked = current(credentialID).changed(
                    to: .revoked, reasonCode: revocation.reason.rawValue, at: revocation.location)
                set(.credential, credentialID, .credential(revoked))
            case .credentialSuspension(let credentialID, let suspension):
                let changed = current(credentialID).changed(
                    to: suspension.isSuspension ? .suspended : .active, reasonCode: suspension.reason?.rawValue ?? 0,
                    at: suspension.location)
                set(.credential, credentialID, .credential(changed))
            }
        }
        return tree.update(
            order.compactMap { key in pending[key].map { SparseMerkleTree.Entry(keyHash: key, value: $0.encoded) } })
    }
}
