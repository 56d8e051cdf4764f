/// Transactions whose signatures were checked at admission, shared by the mempool and block validation so a
/// block re-check never verifies the same signature twice. Thread-safe; bounded by the mempool's own limit.
public final class VerifiedTransactionCache: @unchecked Sendable {
    private let lock = StoreLock()
    private var entries: [TransactionID: VerifiedTransaction] = [:]

    public init() {}

    public func insert(_ transaction: VerifiedTransaction) {
        lock.withLock { entries[transaction.id] = transaction }
    }

    public func remove(_ ids: some Sequence<TransactionID>) {
        lock.withLock { for id in ids { entries[id] = nil } }
    }

    /// The verified form of exactly these bytes, if they were checked (same id and same signature).
    public func lookup(_ transaction: SignedTransaction) -> VerifiedTransaction? {
        lock.withLock { entries[transaction.id] }.flatMap { TransactionAuthenticator.reuse($0, for: transaction) }
    }

    public var count: Int { lock.withLock { entries.count } }
}
