import LedgerCore

/// The index's issuer tables beyond `issuers` (docs/STORAGE.md, "Issuer keys and issuances"): the keys rotations
/// retired, so a credential an old key signed still finds its issuer, and each issuer's issuances by leaf, so a
/// range revocation finds them without a scan.
extension ChainIndex {
    func createIssuerTables() throws(StoreError) {
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS issuer_keys(key_id BLOB PRIMARY KEY, issuer_id TEXT NOT NULL,
                introduced_leaf INTEGER NOT NULL, retired_leaf INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS issuances(issuer_leaf INTEGER NOT NULL, issue_leaf INTEGER NOT NULL,
                PRIMARY KEY(issuer_leaf, issue_leaf)) WITHOUT ROWID;
            """)
    }

    /// Records a credential's issuance under its issuer's registration leaf.
    func recordIssuance(_ credential: CredentialRecord) throws(StoreError) {
        try run("INSERT INTO credentials(credential_id, issue_leaf) VALUES (?, ?)") {
            $0.bind(1, credential.credentialID).bind(2, credential.location.ledgerIndex)
        }
        try run(
            "INSERT INTO issuances(issuer_leaf, issue_leaf) SELECT registration_leaf, ? FROM issuers WHERE issuer_id = ?"
        ) { $0.bind(1, credential.location.ledgerIndex).bind(2, credential.issuerID) }
    }

    /// Moves the issuer to its new key, keeping the old one (and the leaf that introduced it) as retired.
    func recordRotation(issuerID: String, _ rotation: IssuerKeyRotation) throws(StoreError) {
        try run(
            """
            INSERT INTO issuer_keys(key_id, issuer_id, introduced_leaf, retired_leaf)
            SELECT key_id, issuer_id, coalesce(rotation_leaf, registration_leaf), ? FROM issuers WHERE issuer_id = ?
            """
        ) { $0.bind(1, rotation.location.ledgerIndex).bind(2, issuerID) }
        try run("UPDATE issuers SET key_id = ?, rotation_leaf = ? WHERE issuer_id = ?") {
            $0.bind(1, rotation.publicKey.keyID).bind(2, rotation.location.ledgerIndex).bind(3, issuerID)
        }
    }

    /// The leaf of an issuer's latest key rotation, if it has had one.
    func issuerRotationLeaf(id: String) throws(StoreError) -> UInt64? {
        try single("SELECT rotation_leaf FROM issuers WHERE issuer_id = ? AND rotation_leaf IS NOT NULL") {
            $0.bind(1, id)
        }
    }

    /// A retired key's issuer, the leaf that introduced it (a registration or a rotation) and the rotation that
    /// retired it.
    func retiredIssuerKey(keyID: KeyID) throws(StoreError) -> (
        issuerID: String, introducedLeaf: UInt64, retiredLeaf: UInt64
    )? {
        try database.withStatement(
            "SELECT issuer_id, introduced_leaf, retired_leaf FROM issuer_keys WHERE key_id = ?"
        ) { statement throws(StoreError) in
            statement.bind(1, keyID)
            guard try statement.step() else { return nil }
            return (statement.text(0), statement.uint64(1), statement.uint64(2))
        }
    }

    /// The key a rotation retired.
    func keyRetired(byLeaf leaf: UInt64) throws(StoreError) -> KeyID? {
        try database.withStatement("SELECT key_id FROM issuer_keys WHERE retired_leaf = ?") {
            statement throws(StoreError) in
            statement.bind(1, leaf)
            return try statement.step() ? try statement.digest(0) : nil
        }
    }

    /// Up to `limit` issuing leaves of the issuer registered at `issuerLeaf`, in `leaves`, ascending.
    func issuanceLeaves(issuerLeaf: UInt64, leaves: Range<UInt64>, limit: Int) throws(StoreError) -> [UInt64] {
        try database.withStatement(
            """
            SELECT issue_leaf FROM issuances WHERE issuer_leaf = ? AND issue_leaf >= ? AND issue_leaf < ?
            ORDER BY issue_leaf LIMIT ?
            """
        ) { statement throws(StoreError) in
            statement.bind(1, issuerLeaf).bind(2, leaves.lowerBound).bind(3, leaves.upperBound).bind(4, UInt64(limit))
            var found: [UInt64] = []
            while try statement.step() { found.append(statement.uint64(0)) }
            return found
        }
    }
}
