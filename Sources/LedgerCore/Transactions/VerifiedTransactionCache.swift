import Synchronization

/// Transactions whose signatures were checked at admission, shared by the mempool and block validation so a
/// block re-check never verifies the same signature twice. Thread-safe; bounded by the mempool's own limit.
public final class VerifiedTransactionCache: Sendable {
    private let entries = Mutex<[TransactionID: VerifiedTransaction]>([:])

    public init() {}

    public func insert(_ transaction: VerifiedTransaction) {
        entries.withLock { $0[transaction.id] = transaction }
    }

    public func remove(_ ids: some Sequence<TransactionID>) {
        entries.withLock { entries in for id in ids { entries[id] = nil } }
    }

    /// The verified form of exactly these bytes, if they were checked (same id and same signature).
    public func lookup(_ transaction: SignedTransaction) -> VerifiedTransaction? {
        entries.withLock { $0[transaction.id] }.flatMap { TransactionAuthenticator.reuse($0, for: transaction) }
    }

    public var count: Int { entries.withLock { $0.count } }
}
