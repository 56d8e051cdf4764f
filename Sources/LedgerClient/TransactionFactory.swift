import LedgerCore
import LedgerParallel

/// Signed transactions for one chain, for node tests and load generation: an authority registers an issuer,
/// then the issuer issues credentials "PREFIX-N" (digests derived from N, so each is distinct).
public struct TransactionFactory: Sendable {
    public let chainID: SHA256Digest
    public let authorityKey: P256PrivateKey
    public let issuerKey: P256PrivateKey
    public let issuerID: String

    public init(chainID: SHA256Digest, authorityKey: P256PrivateKey, issuerKey: P256PrivateKey, issuerID: String) {
        self.chainID = chainID
        self.authorityKey = authorityKey
        self.issuerKey = issuerKey
        self.issuerID = issuerID
    }

    public func registerIssuer(country: String = "JM") throws -> SignedTransaction {
        let body = try TransactionBody(
            chainID: chainID, authorKeyID: authorityKey.publicKey.keyID,
            payload: .registerIssuer(
                RegisterIssuer(
                    issuerID: issuerID, displayName: "Test Institute \(issuerID)", country: country,
                    publicKey: issuerKey.publicKey.spkiDER, accreditationNotes: "")))
        return try SignedTransaction.sign(body, with: authorityKey)
    }

    /// Credentials `prefix-first` … `prefix-(first+count-1)`, signed on every core.
    public func credentials(prefix: String, first: Int = 0, count: Int, issuedAtMilliseconds: UInt64) throws
        -> [SignedTransaction]
    {
        let bodies = try (first..<first + count).map { number in
            try TransactionBody(
                chainID: chainID, authorKeyID: issuerKey.publicKey.keyID,
                payload: .issueCredential(
                    IssueCredential(
                        credentialID: "\(prefix)-\(number)",
                        documentDigest: SHA256.hash(Array("document \(prefix) \(number)".utf8)),
                        subjectCommitment: SHA256.hash(Array("subject \(prefix) \(number)".utf8)),
                        definitionID: nil, issuedAtMilliseconds: issuedAtMilliseconds, expiresAtMilliseconds: nil)))
        }
        return try SignedTransaction.signAll(bodies, with: issuerKey)
    }

    /// The factory's issuer adds `definition` to the catalogue.
    public func define(_ definition: RegisterDefinition) throws -> SignedTransaction {
        let body = try TransactionBody(
            chainID: chainID, authorKeyID: issuerKey.publicKey.keyID, payload: .registerDefinition(definition))
        return try SignedTransaction.sign(body, with: issuerKey)
    }

    public func revoke(credentialID: String, reason: RevocationReason = .issuedInError) throws -> SignedTransaction {
        let body = try TransactionBody(
            chainID: chainID, authorKeyID: issuerKey.publicKey.keyID,
            payload: .revokeCredential(RevokeCredential(credentialID: credentialID, reason: reason)))
        return try SignedTransaction.sign(body, with: issuerKey)
    }
}

extension SignedTransaction {
    /// Signs bodies by one author on every core, keeping their order: for load generators and large tests.
    public static func signAll(_ bodies: [TransactionBody], with key: P256PrivateKey) throws(CryptoError)
        -> [SignedTransaction]
    {
        let signed = Parallel.map(count: bodies.count) { try? SignedTransaction.sign(bodies[$0], with: key) }
        return try signed.map { transaction throws(CryptoError) in
            guard let transaction else { throw .signingFailed("parallel signing failed") }
            return transaction
        }
    }
}
