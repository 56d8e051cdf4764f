import LedgerCore

/// Reading QA bodies and accreditations back from the log, through the index's leaves.
extension ChainStore {
    func qaBodyRecord(leaf: UInt64) throws(StoreError) -> QABodyRecord {
        let (transaction, location) = try transaction(atLeaf: leaf)
        guard case .registerQABody(let register) = transaction.body.payload,
            let key = try? P256PublicKey(spkiDER: register.publicKey)
        else {
            throw .corrupt(
                path: index.path, height: location.height, reason: "QA body row points at leaf \(leaf)")
        }
        return QABodyRecord(
            qaBodyID: register.qaBodyID, displayName: register.displayName, country: register.country, publicKey: key,
            registeredBy: transaction.body.authorKeyID, transactionID: transaction.id, location: location)
    }

    func accreditationRecord(id: String) throws(StoreError) -> AccreditationRecord? {
        guard let leaves = try index.accreditationLeaves(id: id) else { return nil }
        let (transaction, location) = try transaction(atLeaf: leaves.registration)
        guard case .recordAccreditation(let accreditation) = transaction.body.payload,
            accreditation.accreditationID == id,
            let qaBodyLeaf = try index.qaBodyLeaf(keyID: transaction.body.authorKeyID)
        else {
            throw .corrupt(
                path: index.path, height: location.height,
                reason: "accreditation row points at leaf \(leaves.registration)")
        }
        var record = AccreditationRecord(
            accreditation: accreditation, qaBodyID: try qaBodyRecord(leaf: qaBodyLeaf).qaBodyID,
            transactionID: transaction.id, location: location)
        if let withdrawalLeaf = leaves.withdrawal {
            let (withdrawal, withdrawalLocation) = try self.transaction(atLeaf: withdrawalLeaf)
            guard case .withdrawAccreditation(let withdraw) = withdrawal.body.payload, withdraw.accreditationID == id
            else {
                throw .corrupt(
                    path: index.path, height: withdrawalLocation.height,
                    reason: "accreditation withdrawal row points at leaf \(withdrawalLeaf)")
            }
            record.withdrawal = AccreditationWithdrawal(
                decidedAtMilliseconds: withdraw.decidedAtMilliseconds, transactionID: withdrawal.id,
                location: withdrawalLocation)
        }
        return record
    }

    public func qaBody(id: String) throws(StoreError) -> QABodyRecord? {
        try lock.withLock { () throws(StoreError) -> QABodyRecord? in
            try index.qaBodyLeaf(id: id).map { leaf throws(StoreError) in try qaBodyRecord(leaf: leaf) }
        }
    }

    /// Every QA body, in registration order.
    public func qaBodies() throws(StoreError) -> [QABodyRecord] {
        try lock.withLock { () throws(StoreError) -> [QABodyRecord] in
            var records: [QABodyRecord] = []
            for leaf in try index.qaBodyLeaves() { records.append(try qaBodyRecord(leaf: leaf)) }
            return records
        }
    }

    public func accreditation(id: String) throws(StoreError) -> AccreditationRecord? {
        try lock.withLock { () throws(StoreError) -> AccreditationRecord? in try accreditationRecord(id: id) }
    }

    /// An issuer's accreditations, withdrawn ones included, in the order they were recorded.
    public func accreditations(issuerID: String) throws(StoreError) -> [AccreditationRecord] {
        try lock.withLock { () throws(StoreError) -> [AccreditationRecord] in
            var records: [AccreditationRecord] = []
            for id in try index.accreditationIDs(issuerID: issuerID) {
                if let record = try accreditationRecord(id: id) { records.append(record) }
            }
            return records
        }
    }
}
