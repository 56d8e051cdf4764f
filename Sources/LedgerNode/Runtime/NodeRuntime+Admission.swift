import LedgerCore

/// What happened to one submitted transaction.
enum AdmissionOutcome: Sendable, Equatable {
    case admitted(TransactionID)
    case rejected(TransactionID, AdmissionRejection)

    var id: TransactionID {
        switch self {
        case .admitted(let id), .rejected(let id, _): id
        }
    }
}

/// Where a transaction stands, for GET /v1/transactions/{id}.
enum TransactionStatus: Sendable {
    case final(SignedTransaction, TransactionLocation)
    case pending(SignedTransaction)
    case rejected(AdmissionRejection)
    case unknown
}

extension NodeRuntime {
    /// Admits transactions from the API or a peer. Signatures are checked in parallel on every core, outside
    /// the actor; then the rules run against the chain plus the mempool, in submission order. A transaction
    /// whose author is registered by an earlier one in the same submission is checked in a second pass.
    nonisolated func submit(_ transactions: [SignedTransaction], from peer: KeyID? = nil) async -> [AdmissionOutcome] {
        var outcomes = [AdmissionOutcome?](repeating: nil, count: transactions.count)
        var remaining = Array(transactions.indices)
        while !remaining.isEmpty {
            let batch = remaining.map { transactions[$0] }
            let keys = await authorKeys(for: batch)
            let verified = Parallel.map(count: batch.count, chunks: Parallelism.workerCount * 4) {
                index -> Result<VerifiedTransaction, AdmissionRejection> in
                switch keys[index] {
                case .failure(let rejection): return .failure(rejection)
                case .success(let key):
                    return TransactionAuthenticator.verify(batch[index], authorKey: key).mapError { .rule($0) }
                }
            }
            let results = await admit(verified, ids: batch.map(\.id), from: peer)
            var retry: [Int] = []
            let anyAdmitted = results.contains { if case .admitted = $0 { true } else { false } }
            for (position, result) in results.enumerated() {
                if case .rejected(_, .rule(.unknownAuthor)) = result, anyAdmitted {
                    retry.append(remaining[position])
                } else {
                    outcomes[remaining[position]] = result
                }
            }
            remaining = retry
        }
        let final = outcomes.map { $0! }
        if peer == nil {
            // Gossip echoes (already pending) and peers' stale transactions are not the API's rejections.
            for case .rejected(_, let rejection) in final { metrics.rejected(reason: rejection.code) }
        }
        return final
    }

    /// Author keys for signature checks, or why a transaction needs no check: already pending or final.
    func authorKeys(for transactions: [SignedTransaction]) -> [Result<P256PublicKey, AdmissionRejection>] {
        transactions.map { transaction in
            if mempool.entries[transaction.id] != nil { return .failure(.alreadyPending(transaction.id)) }
            do {
                if try store.registry.containsTransaction(transaction.id) {
                    return .failure(.rule(.duplicateTransaction(transaction.id)))
                }
                guard let key = try mempool.authorKey(for: transaction.body.authorKeyID) else {
                    return .failure(.rule(.unknownAuthor(transaction.body.authorKeyID)))
                }
                return .success(key)
            } catch {
                return .failure(.storage("\(error)"))
            }
        }
    }

    /// Runs the rules and queues what passes; gossips new transactions to peers other than `peer`.
    func admit(_ verified: [Result<VerifiedTransaction, AdmissionRejection>], ids: [TransactionID], from peer: KeyID?)
        -> [AdmissionOutcome]
    {
        guard haltReason == nil else {
            return ids.map { .rejected($0, .unavailable(haltReason ?? "halted")) }
        }
        var outcomes: [AdmissionOutcome] = []
        var fresh: [SignedTransaction] = []
        let now = ContinuousClock.now
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
                    blockTimestampMilliseconds: max(wallClock(), tip.timestampMilliseconds + 1))
                switch mempool.admit(transaction, context: context, now: now) {
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
        metrics.mempoolTransactions.set(Int64(mempool.count))
        for start in stride(from: 0, to: fresh.count, by: PeerWire.transactionsPerMessageMax) {
            let chunk = Array(fresh[start..<min(fresh.count, start + PeerWire.transactionsPerMessageMax)])
            network.broadcast(.transactions(chunk), except: peer)
        }
        if !fresh.isEmpty && mempool.count >= settings.batchTransactionsMax { offerCandidateIfDue() }
        return outcomes
    }

    /// Final, pending, recently refused, or unknown.
    func status(of id: TransactionID) throws(StoreError) -> TransactionStatus {
        if let (transaction, location) = try store.transaction(id: id) { return .final(transaction, location) }
        if let entry = mempool.entries[id] { return .pending(entry.verified.transaction) }
        if let rejection = recentRejections[id] { return .rejected(rejection) }
        return .unknown
    }
}
