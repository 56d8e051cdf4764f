import LedgerCore
import LedgerParallel

/// One submission on its way through admission: signatures are checked first (on every core, and for the node
/// outside its actor), then the rules run in submission order. A transaction whose author is registered by an
/// earlier one of the same submission is refused as `unknownAuthor` in the first pass and tried again: passes
/// repeat while any of them admitted something.
public struct AdmissionPass {
    public let transactions: [SignedTransaction]
    private var outcomes: [AdmissionOutcome?]
    private var remaining: [Int]

    public init(_ transactions: [SignedTransaction]) {
        self.transactions = transactions
        outcomes = Array(repeating: nil, count: transactions.count)
        remaining = Array(transactions.indices)
    }

    /// The transactions still to try, or nil once every one has an outcome.
    public var next: [SignedTransaction]? {
        remaining.isEmpty ? nil : remaining.map { transactions[$0] }
    }

    /// Records the outcomes of `next`, in its order.
    public mutating func record(_ results: [AdmissionOutcome]) {
        precondition(results.count == remaining.count, "one outcome per transaction tried")
        let anyAdmitted = results.contains { if case .admitted = $0 { true } else { false } }
        var retry: [Int] = []
        for (position, result) in results.enumerated() {
            if case .rejected(_, .rule(.unknownAuthor)) = result, anyAdmitted {
                retry.append(remaining[position])
            } else {
                outcomes[remaining[position]] = result
            }
        }
        remaining = retry
    }

    /// Every outcome, in submission order, once `next` is nil.
    public var results: [AdmissionOutcome] { outcomes.map { $0! } }

    /// Checks signatures on every core, keeping the order: the step that needs no driver state.
    public static func verify(_ batch: [SignedTransaction], keys: [Result<P256PublicKey, AdmissionRejection>])
        -> [Result<VerifiedTransaction, AdmissionRejection>]
    {
        Parallel.map(count: batch.count, chunks: Parallelism.workerCount * 4) { index in
            switch keys[index] {
            case .failure(let rejection): return .failure(rejection)
            case .success(let key):
                return TransactionAuthenticator.verify(batch[index], authorKey: key).mapError { .rule($0) }
            }
        }
    }
}

extension ConsensusDriver {
    /// Admits transactions in one step, signatures included: the simulator's path, and a node's when it need not
    /// release its actor while signatures are checked.
    public func submit(_ transactions: [SignedTransaction], from peer: KeyID? = nil) -> [AdmissionOutcome] {
        var pass = AdmissionPass(transactions)
        while let batch = pass.next {
            let verified = AdmissionPass.verify(batch, keys: authorKeys(for: batch))
            pass.record(admit(verified, ids: batch.map(\.id), from: peer))
        }
        return finish(pass, from: peer)
    }

    /// Counts a finished submission's rejections (clients' only: gossip echoes and peers' stale transactions are
    /// not the API's) and returns its outcomes.
    public func finish(_ pass: AdmissionPass, from peer: KeyID?) -> [AdmissionOutcome] {
        let results = pass.results
        if peer == nil {
            for case .rejected(_, let rejection) in results { observer.rejected(code: rejection.code) }
        }
        return results
    }

    /// Author keys for signature checks, or why a transaction needs no check: already pending or final.
    public func authorKeys(for transactions: [SignedTransaction]) -> [Result<P256PublicKey, AdmissionRejection>] {
        let validators = store.tip.validators
        return transactions.map { transaction in
            if mempool.entries[transaction.id] != nil { return .failure(.alreadyPending(transaction.id)) }
            do {
                if try store.registry.containsTransaction(transaction.id) {
                    return .failure(.rule(.duplicateTransaction(transaction.id)))
                }
                guard let key = try mempool.authorKey(for: transaction.body.authorKeyID, validators: validators) else {
                    return .failure(.rule(.unknownAuthor(transaction.body.authorKeyID)))
                }
                return .success(key)
            } catch {
                return .failure(.storage("\(error)"))
            }
        }
    }

    /// Runs the rules and queues what passes; gossips new transactions to peers other than `peer`.
    public func admit(
        _ verified: [Result<VerifiedTransaction, AdmissionRejection>], ids: [TransactionID], from peer: KeyID?
    ) -> [AdmissionOutcome] {
        guard haltReason == nil else {
            return ids.map { .rejected($0, .unavailable(haltReason ?? "halted")) }
        }
        var outcomes: [AdmissionOutcome] = []
        var fresh: [SignedTransaction] = []
        let tip = store.tip
        for (index, result) in verified.enumerated() {
            switch result {
            case .failure(let rejection):
                outcomes.append(.rejected(ids[index], rejection))
            case .success(let transaction):
                let context = RuleContext(
                    chainID: genesis.chainID,
                    location: TransactionLocation(
                        height: tip.height + 1, indexInBlock: UInt32(mempool.count),
                        ledgerIndex: tip.ledger.size + UInt64(mempool.count)),
                    blockTimestampMilliseconds: max(wallClock(), tip.timestampMilliseconds + 1), parent: tip)
                switch mempool.admit(transaction, context: context, tick: tickCount) {
                case .success:
                    verifiedCache.insert(transaction)
                    recentRejections[transaction.id] = nil
                    fresh.append(transaction.transaction)
                    outcomes.append(.admitted(transaction.id))
                case .failure(let rejection):
                    outcomes.append(.rejected(transaction.id, rejection))
                }
            }
        }
        for outcome in outcomes {
            guard case .rejected(let id, let rejection) = outcome else { continue }
            if case .rule(.badSignature) = rejection, let peer {
                // No honest node gossips a transaction whose signature fails.
                network.disconnect(peer, reason: "sent transaction \(id.hex.prefix(12)) with a bad signature")
            }
        }
        report()
        for start in stride(from: 0, to: fresh.count, by: PeerWire.transactionsPerMessageMax) {
            let chunk = Array(fresh[start..<min(fresh.count, start + PeerWire.transactionsPerMessageMax)])
            network.broadcast(.transactions(chunk), except: peer)
        }
        if !fresh.isEmpty && mempool.count >= settings.batchTransactionsMax { offerCandidateIfDue() }
        return outcomes
    }

    /// Final, pending, recently refused, or unknown.
    public func status(of id: TransactionID) throws(StoreError) -> TransactionStatus {
        if let (transaction, location) = try store.transaction(id: id) { return .final(transaction, location) }
        if let entry = mempool.entries[id] { return .pending(entry.verified.transaction) }
        if let rejection = recentRejections[id] { return .rejected(rejection) }
        return .unknown
    }
}
