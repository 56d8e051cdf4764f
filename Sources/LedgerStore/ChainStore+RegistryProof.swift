import LedgerCore

/// The registry part of a bundle (docs/PROOFS.md, "The registry part"), built from the latest status map and
/// the log, for the header whose `statusRoot` that map has.
extension ChainStore {
    func registryProof(for issue: IssueCredential, statusHeader header: BlockHeader) throws(StoreError)
        -> RegistryProof?
    {
        guard issue.definitionID != nil || issue.accreditationID != nil || !issue.components.isEmpty else { return nil }
        guard statusMap.root == header.statusRoot else {
            throw .corrupt(path: index.path, height: header.height, reason: "the status map is not the header's")
        }
        func record(_ kind: StatusRecordKind, _ id: String) throws(StoreError) -> StatusProof.RecordPart {
            do {
                let (record, proof) = try statusMap.proof(kind, id: id)
                guard let record else {
                    throw StoreError.corrupt(
                        path: index.path, height: header.height, reason: "no \(kind) record for \(id) in the map")
                }
                return StatusProof.RecordPart(record: record.encoded, siblings: proof.siblings)
            } catch let error as StoreError {
                throw error
            } catch {
                throw .corrupt(path: index.path, height: header.height, reason: "\(error)")
            }
        }
        func registration(_ kind: StatusRecordKind, _ id: String, leaf: UInt64) throws(StoreError)
            -> RegistryProof.Registration
        {
            RegistryProof.Registration(
                transaction: .init(try transaction(atLeaf: leaf).0), record: try record(kind, id))
        }
        func included(_ kind: StatusRecordKind, _ id: String, leaf: UInt64) throws(StoreError)
            -> RegistryProof.Included
        {
            let path = try proofPath {
                try MerkleProofBuilder(reader: tree, hasher: $0).inclusionProof(index: leaf, size: header.ledgerSize)
            }
            return RegistryProof.Included(
                transaction: .init(try transaction(atLeaf: leaf).0),
                inclusion: .init(index: leaf, size: header.ledgerSize, path: path), record: try record(kind, id))
        }
        func definition(_ id: String) throws(StoreError) -> RegistryProof.Registration {
            guard let leaf = try index.definitionLeaf(id: id) else { throw .notFound("catalogue entry \(id)") }
            return try registration(.definition, id, leaf: leaf)
        }
        var accreditation: RegistryProof.Accreditation? = nil
        if let id = issue.accreditationID {
            guard let leaves = try index.accreditationLeaves(id: id) else { throw .notFound("accreditation \(id)") }
            let part = try registration(.accreditation, id, leaf: leaves.registration)
            let author = try transaction(atLeaf: leaves.registration).0.body.authorKeyID
            guard let bodyLeaf = try index.qaBodyLeaf(keyID: author) else { throw .notFound("the QA body of \(id)") }
            let body = try qaBodyRecord(leaf: bodyLeaf)
            accreditation = RegistryProof.Accreditation(
                accreditation: part, qaBody: try registration(.qaBody, body.qaBodyID, leaf: bodyLeaf))
        }
        var components: [RegistryProof.Component] = []
        for id in issue.components {
            guard let leaves = try index.credentialLeaves(id: id) else { throw .notFound("credential \(id)") }
            let issuance = try transaction(atLeaf: leaves.issue).0
            guard case .issueCredential(let component) = issuance.body.payload, let entry = component.definitionID,
                let issuer = try issuerRecord(anyKeyID: issuance.body.authorKeyID)
            else {
                throw .corrupt(
                    path: index.path, height: header.height, reason: "component \(id) has no entry or issuer")
            }
            components.append(
                RegistryProof.Component(
                    issuance: try included(.credential, id, leaf: leaves.issue),
                    issuer: try included(.issuer, issuer.issuerID, leaf: issuer.location.ledgerIndex),
                    definition: try definition(entry),
                    keyRotation: try keyRotationPart(
                        author: issuance.body.authorKeyID, of: issuer, ledgerSize: header.ledgerSize)))
        }
        return RegistryProof(
            definition: try issue.definitionID.map { id throws(StoreError) in try definition(id) },
            accreditation: accreditation, components: components)
    }
}
