/// A transaction whose signature has been checked against its author's key. Only
/// `TransactionAuthenticator` creates one, so holding it is proof the check ran (type-state).
/// Rule checks take this type, so a block re-check can reuse a signature checked at admission.
public struct VerifiedTransaction: Sendable, Hashable {
    public let transaction: SignedTransaction
    public let authorKey: P256PublicKey

    fileprivate init(transaction: SignedTransaction, authorKey: P256PublicKey) {
        self.transaction = transaction
        self.authorKey = authorKey
    }

    public var id: TransactionID { transaction.id }
    public var body: TransactionBody { transaction.body }
}

/// Checks transaction signatures, one at a time or spread across every core.
public enum TransactionAuthenticator {
    /// Checks one signature; the key must be the one the body names as author.
    public static func verify(_ transaction: SignedTransaction, authorKey: P256PublicKey)
        -> Result<VerifiedTransaction, TransactionRejection>
    {
        guard authorKey.keyID == transaction.body.authorKeyID else {
            return .failure(.unknownAuthor(transaction.body.authorKeyID))
        }
        let verdict = authorKey.verify(signature: transaction.signature, message: transaction.body.encoded)
        guard verdict == .valid else { return .failure(.badSignature(verdict)) }
        return .success(VerifiedTransaction(transaction: transaction, authorKey: authorKey))
    }

    /// Re-wraps a transaction whose exact bytes (same leaf hash) were verified earlier, e.g. at admission.
    public static func reuse(_ earlier: VerifiedTransaction, for transaction: SignedTransaction) -> VerifiedTransaction?
    {
        guard earlier.transaction == transaction else { return nil }
        return earlier
    }

    /// Checks many signatures, spread by `work` (every core, for the node and the auditor); `keyFor` resolves
    /// author key ids. Results keep the input order.
    public static func verifyAll(
        _ transactions: [SignedTransaction], work: any WorkSpreader = .inline,
        keyFor: @Sendable (KeyID) -> P256PublicKey?
    ) -> [Result<VerifiedTransaction, TransactionRejection>] {
        work.map(count: transactions.count, chunks: 64) { index in
            let transaction = transactions[index]
            guard let key = keyFor(transaction.body.authorKeyID) else {
                return .failure(.unknownAuthor(transaction.body.authorKeyID))
            }
            return verify(transaction, authorKey: key)
        }
    }
}
