import LedgerCore
import Logging

/// One node's consensus, store and mempool. Every change goes through this actor, one input at a time: a
/// tick, a peer's message or a submitted transaction. The QBFT machine's actions run in order; a `.persist`
/// is durable before any later action (no message leaves before the vote it carries is saved), and a block is
/// stored before it is announced. A failure to persist halts the node instead of risking a double vote.
actor NodeRuntime {
    nonisolated let store: ChainStore
    nonisolated let genesis: Genesis
    nonisolated let identity: NodeIdentity
    nonisolated let settings: RuntimeSettings
    nonisolated let metrics: NodeMetrics
    nonisolated let verifiedCache = VerifiedTransactionCache()
    let logger: Logger
    let wallClock: WallClock
    private let consensusStore: any ConsensusStateStore
    private var machine: QBFTStateMachine
    var mempool: Mempool
    var network: any NodeNetwork = NoNetwork()
    /// Why the node stopped deciding, once it has; nil while healthy.
    private(set) var haltReason: String?
    private let onHalt: @Sendable (String) -> Void
    /// (height, mempool version) of the last candidate given to the machine, so it is rebuilt only on change.
    private var lastCandidate: (height: UInt64, version: Int)?
    var tickCount: UInt64 = 0
    var lastBlocksRequest: (peer: KeyID, fromHeight: UInt64, tick: UInt64)?
    /// Recent admission failures after the fact (evicted from the mempool), for GET /v1/transactions/{id}.
    var recentRejections = BoundedMap<TransactionID, AdmissionRejection>(capacity: 10_000)
    /// Faulty consensus messages per peer since it was last disconnected for them.
    private var peerFaultCounts = BoundedMap<KeyID, Int>(capacity: Limits.validatorsMax * 4)

    init(
        store: ChainStore, identity: NodeIdentity, consensusStore: any ConsensusStateStore, settings: RuntimeSettings,
        metrics: NodeMetrics, logger: Logger, wallClock: @escaping WallClock = systemWallClock,
        onHalt: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(StoreError) {
        self.store = store
        self.genesis = store.genesis
        self.identity = identity
        self.consensusStore = consensusStore
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.wallClock = wallClock
        self.onHalt = onHalt
        let configuration = ConsensusConfiguration(
            genesis: store.genesis, roundTimeoutBaseTicks: settings.roundTimeoutBaseTicks,
            roundTimeoutCapTicks: settings.roundTimeoutCapTicks,
            retransmitIntervalTicks: settings.retransmitIntervalTicks)
        let crypto = ECDSAConsensusCrypto(key: identity.isValidator ? identity.key : nil, genesis: store.genesis)
        let recovered = try consensusStore.load()
        do {
            machine = try QBFTStateMachine(
                configuration: configuration, crypto: crypto, tip: store.tip, recovered: recovered)
        } catch {
            throw .corrupt(path: "the consensus state", height: error.height, reason: error.description)
        }
        mempool = Mempool(
            registry: store.registry, transactionsMax: settings.mempoolTransactionsMax,
            bytesMax: settings.mempoolBytesMax)
        metrics.height.set(Int64(store.tip.height))
    }

    /// The machine's `.validate`: the chain rules against this node's store and clock, on top of the stored tip,
    /// reusing signatures checked at admission.
    private func validate(_ block: ProposedBlock) -> Bool {
        let parent = store.tip
        guard block.header.height == parent.height + 1 else { return false }
        let result: Result<AcceptedBlock, BlockRejection>
        do {
            result = try store.withRegistry { registry in
                try ChainRules.validateProposal(
                    header: block.header, transactions: block.transactions, parent: parent, genesis: genesis,
                    registry: registry, localTimeMilliseconds: wallClock(), preverified: verifiedCache.lookup)
            }
        } catch {
            logger.error("cannot validate proposal: store failed", metadata: ["error": "\(error)"])
            return false
        }
        if case .failure(let rejection) = result {
            logger.warning(
                "refusing proposal", metadata: ["height": "\(block.header.height)", "reason": "\(rejection)"])
            return false
        }
        return true
    }

    func attach(_ network: any NodeNetwork) {
        self.network = network
    }

    var height: UInt64 { machine.height }
    var round: UInt32 { machine.round }
    var isCaughtUp: Bool { machine.isCaughtUp }
    var isHalted: Bool { haltReason != nil }
    var pendingCount: Int { mempool.count }

    /// Round, caught-up flag, mempool size and peer count, for GET /v1/head.
    func overview() -> (round: UInt32, caughtUp: Bool, mempool: Int, peers: Int) {
        (machine.round, machine.isCaughtUp, mempool.count, network.connectedPeers.count)
    }

    /// One tick of the node's clock: timeouts, retransmissions, batching and status announcements.
    func tick() {
        guard haltReason == nil else { return }
        tickCount += 1
        run(.tick)
        offerCandidateIfDue()
        if tickCount % settings.statusIntervalTicks == 0 {
            let tip = store.tip
            network.broadcast(.status(height: tip.height, headerHash: tip.headerHash), except: nil)
        }
        metrics.round.set(Int64(machine.round))
        metrics.peers.set(Int64(network.connectedPeers.count))
    }

    /// Feeds one input to the machine and runs what it asks, in order. A `.validate` is answered when it is
    /// reached, so every action before it (a `.commit`, say) has run; the answer is the next input.
    func run(_ input: ConsensusInput) {
        var inputs = [input]
        while haltReason == nil, !inputs.isEmpty {
            for action in machine.handle(inputs.removeFirst()) {
                guard haltReason == nil else { return }
                if case .validate(let block) = action {
                    inputs.append(.validated(blockHash: block.digest, valid: validate(block)))
                } else {
                    perform(action)
                }
            }
        }
    }

    private func perform(_ action: ConsensusAction) {
        switch action {
        case .persist(let state):
            do {
                try consensusStore.save(state)
            } catch {
                halt("cannot persist consensus state: \(error)")
            }
        case .broadcast(let message):
            network.broadcast(.consensus(message), except: nil)
        case .commit(let block):
            commit(block)
        case .requestBlocks(let fromHeight, let peer):
            requestBlocks(fromHeight: fromHeight, preferring: peer)
        case .peerBehind(let peer, let height):
            serveBlocks(to: peer, fromHeight: height)
        case .validate:
            preconditionFailure("run(_:) answers .validate itself")
        case .requestCandidate:
            // Answered by the next tick or admission (`offerCandidateIfDue`), never from inside a commit: a
            // lone validator would otherwise recurse through height after height.
            break
        case .peerFault(let peer, let fault):
            peerFault(fault, from: peer)
        }
    }

    /// Logs a peer's fault, and disconnects a peer once it has sent `Limits.peerFaultsBeforeDisconnect` of them.
    private func peerFault(_ fault: PeerFault, from peer: KeyID?) {
        logger.warning("peer fault", metadata: ["peer": "\(peer?.hex.prefix(12) ?? "unknown")", "reason": "\(fault)"])
        guard let peer else { return }
        let count = (peerFaultCounts[peer] ?? 0) + 1
        guard count >= Limits.peerFaultsBeforeDisconnect else {
            peerFaultCounts[peer] = count
            return
        }
        peerFaultCounts[peer] = nil
        network.disconnect(peer, reason: "\(count) faulty consensus messages, the last: \(fault)")
    }

    /// Stores a final block. A certified block our rules refuse means a bug or more than f faulty validators:
    /// the node halts rather than fork.
    private func commit(_ block: Block) {
        let tip = store.tip
        guard block.header.height == tip.height + 1 else {
            if block.header.height > tip.height + 1 {
                halt("consensus finalized height \(block.header.height) but the store is at \(tip.height)")
            }
            return
        }
        // A quorum already accepted the timestamp against their clocks; a node whose clock runs slow must
        // still store the block (docs/DECISIONS.md).
        let localTime = max(wallClock(), block.header.timestampMilliseconds)
        do {
            try store.append(block, localTimeMilliseconds: localTime, preverified: verifiedCache.lookup)
        } catch {
            halt("cannot store final block \(block.header.height): \(error)")
            return
        }
        let now = ContinuousClock.now
        lastBlockStored = now
        let nextTip = store.tip
        let outcome = mempool.removeCommitted(block) { index in
            RuleContext(
                chainID: self.genesis.chainID,
                location: TransactionLocation(
                    height: nextTip.height + 1, indexInBlock: UInt32(index),
                    ledgerIndex: nextTip.ledger.size + UInt64(index)),
                blockTimestampMilliseconds: max(self.wallClock(), nextTip.timestampMilliseconds + 1))
        }
        for entry in outcome.removed { metrics.finality.record(now - entry.admittedAt) }
        for (id, rejection) in outcome.evicted {
            recentRejections[id] = rejection
            metrics.rejected(reason: rejection.code)
        }
        verifiedCache.remove(block.transactions.map(\.id) + outcome.evicted.map(\.0))
        metrics.height.set(Int64(block.header.height))
        metrics.committedBlocks.increment()
        metrics.committedTransactions.increment(by: Int64(block.transactions.count))
        metrics.mempoolTransactions.set(Int64(mempool.count))
        logger.info(
            "final block",
            metadata: [
                "height": "\(block.header.height)", "transactions": "\(block.transactions.count)",
                "round": "\(block.certificate.round)", "hash": "\(block.header.hash.hex.prefix(16))",
            ])
    }

    /// Gives the machine a block built from the mempool once a batch closes: enough transactions, enough bytes,
    /// or the oldest has waited the batch delay.
    func offerCandidateIfDue() {
        guard haltReason == nil, identity.isValidator, machine.isCaughtUp else { return }
        let height = machine.height
        if let last = lastCandidate, last.height == height {
            // Only this round's proposer needs the freshest candidate. The others offer one once per height, which
            // starts their round timer, and rebuild it once they become the proposer. Rebuilding on every change of
            // the pool would compute both Merkle roots over up to a full block on every tick.
            let proposing = genesis.proposer(height: height, round: machine.round).keyID == identity.keyID
            if !proposing || last.version == mempool.version { return }
        }
        let closes: Bool
        if mempool.count == 0 {
            closes = settings.allowEmptyBlocks && ContinuousClock.now - lastBlockInstant >= settings.batchDelay
        } else {
            let waited = mempool.oldestAdmission.map { ContinuousClock.now - $0 } ?? .zero
            closes =
                mempool.count >= settings.batchTransactionsMax || mempool.bytes >= settings.batchBytesMax
                || waited >= settings.batchDelay
        }
        guard closes else { return }
        let parameters = genesis.parameters
        let certificateReserve = CommitCertificate.encodedBytesMax(validatorCount: genesis.validatorCount)
        let transactions = mempool.batch(
            transactionsMax: min(settings.batchTransactionsMax, Int(parameters.transactionsPerBlockMax)),
            bytesMax: min(settings.batchBytesMax, Int(parameters.blockBytesMax) - certificateReserve)
        ).map(\.transaction)
        let tip = store.tip
        let header = BlockBuilder.header(
            parent: tip, genesis: genesis, transactions: transactions,
            timestampMilliseconds: max(wallClock(), tip.timestampMilliseconds + 1), round: 0)
        lastCandidate = (height, mempool.version)
        run(.candidate(ProposedBlock(header: header, transactions: transactions)))
    }

    /// When the last block was stored (or the node started): paces empty heartbeat blocks.
    private var lastBlockInstant: ContinuousClock.Instant { lastBlockStored ?? startedAt }
    private var lastBlockStored: ContinuousClock.Instant?
    private let startedAt = ContinuousClock.now

    private func halt(_ reason: String) {
        guard haltReason == nil else { return }
        haltReason = reason
        logger.critical(
            "node halted: it will not vote or store blocks until restarted", metadata: ["reason": "\(reason)"])
        onHalt(reason)
    }
}

/// A map that forgets its oldest keys past `capacity`.
struct BoundedMap<Key: Hashable, Value> {
    let capacity: Int
    private var values: [Key: Value] = [:]
    private var order: [Key] = []
    private var start = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(key: Key) -> Value? {
        get { values[key] }
        set {
            guard let newValue else {
                values[key] = nil
                return
            }
            if values.updateValue(newValue, forKey: key) == nil { order.append(key) }
            while values.count > capacity, start < order.count {
                values[order[start]] = nil
                start += 1
            }
            if start > capacity {
                order.removeFirst(start)
                start = 0
            }
        }
    }
}
