import LedgerCore
import LedgerParallel
import Logging

/// One node's consensus, store and mempool: the shell around the QBFT machine that the node and the simulator
/// both run, with only the I/O swapped (TigerBeetle's replica over a simulated bus and disk). Every change comes
/// in as one input at a time: a tick, a peer's message or submitted transactions. The machine's actions run in
/// order: a `.persist` is durable before any later action (no message leaves before the vote it carries is
/// saved), a block is stored before it is announced, and a `.validate` is answered once every action before it
/// has run. A failure to persist or store halts the node instead of risking a double vote.
///
/// Time is in ticks: batching, retransmission and catch-up count ticks, and the driver reads no clock but the
/// injected wall clock for block timestamps and the time rules. It is not thread-safe: the node wraps it in an
/// actor, the simulator runs it on one thread.
public final class ConsensusDriver<Store: DriverStore> {
    public let store: Store
    public let genesis: Genesis
    public let identity: NodeIdentity
    public let settings: RuntimeSettings
    public let verifiedCache = VerifiedTransactionCache()
    let logger: Logger
    let wallClock: WallClock
    let observer: any DriverObserver
    private let consensusStore: any ConsensusStateStore
    private(set) var machine: QBFTStateMachine
    var mempool: Mempool<Store.Registry>
    public var network: any NodeNetwork = NoNetwork()
    /// Why the node stopped deciding, once it has; nil while healthy.
    public private(set) var haltReason: String?
    private let onHalt: @Sendable (String) -> Void
    /// (height, mempool version) of the last candidate given to the machine, so it is rebuilt only on change;
    /// `built` is false when the machine was given only `.demand`.
    private var lastCandidate: (height: UInt64, version: Int, built: Bool)?
    /// The last block execution this driver computed (building a candidate, validating a proposal), handed to the
    /// next check of a block, which reuses it only for the same transactions on the same parent at the same time:
    /// a block is executed once here, not once to propose, once to vote and once to store.
    private var knownExecution: BlockExecution?
    public private(set) var tickCount: UInt64 = 0
    /// The tick at which the last block was stored (or the driver started): paces empty heartbeat blocks.
    private var lastBlockTick: UInt64 = 0
    var lastBlocksRequest: (peer: KeyID, fromHeight: UInt64, tick: UInt64)?
    /// Recent admission failures after the fact (evicted from the mempool), for GET /v1/transactions/{id}.
    var recentRejections = BoundedMap<TransactionID, AdmissionRejection>(capacity: 10_000)
    /// Faulty consensus messages per peer since it was last disconnected for them.
    private var peerFaultCounts = BoundedMap<KeyID, Int>(capacity: Limits.validatorsMax * 4)

    /// Resumes from the store's tip and the persisted consensus state; a damaged state refuses to start.
    public init(
        store: Store, identity: NodeIdentity, crypto: any ConsensusCrypto, consensusStore: any ConsensusStateStore,
        settings: RuntimeSettings, observer: any DriverObserver, logger: Logger, wallClock: @escaping WallClock,
        onHalt: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(StoreError) {
        self.store = store
        self.genesis = store.genesis
        self.identity = identity
        self.consensusStore = consensusStore
        self.settings = settings
        self.observer = observer
        self.logger = logger
        self.wallClock = wallClock
        self.onHalt = onHalt
        let configuration = ConsensusConfiguration(
            genesis: store.genesis, roundTimeoutBaseTicks: settings.roundTimeoutBaseTicks,
            roundTimeoutCapTicks: settings.roundTimeoutCapTicks,
            retransmitIntervalTicks: settings.retransmitIntervalTicks)
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
        report()
    }

    public var height: UInt64 { machine.height }
    public var round: UInt32 { machine.round }
    public var isCaughtUp: Bool { machine.isCaughtUp }
    /// Whether this node is a member of the set deciding the current height.
    public var isValidator: Bool { machine.isValidator }
    public var isHalted: Bool { haltReason != nil }
    public var pendingCount: Int { mempool.count }
    /// The consensus state the machine holds for the height it decides (for the simulator's checks).
    public var consensusState: ConsensusState { machine.persisted }
    public var lockedRound: UInt32? { machine.lockedRound }

    /// One tick of the node's clock: timeouts, retransmissions, batching and status announcements.
    public func tick() {
        guard haltReason == nil else { return }
        tickCount += 1
        run(.tick)
        offerCandidateIfDue()
        if tickCount % settings.statusIntervalTicks == 0 {
            let tip = store.tip
            network.broadcast(.status(height: tip.height, headerHash: tip.headerHash), except: nil)
        }
        report()
    }

    /// Feeds one input to the machine and runs what it asks, in order. A `.validate` is answered when it is
    /// reached, so every action before it (a `.commit`, say) has run; the answer is the next input.
    public func run(_ input: ConsensusInput) {
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

    /// The machine's `.validate`: the chain rules against this node's store and clock, on top of the stored tip,
    /// reusing signatures checked at admission.
    private func validate(_ block: ProposedBlock) -> Bool {
        let parent = store.tip
        guard block.header.height == parent.height + 1 else { return false }
        let parentStatus = store.status
        let known = knownExecution
        let result: Result<AcceptedBlock, BlockRejection>
        do {
            result = try store.withRegistry { registry in
                try ChainRules.validateProposal(
                    header: block.header, transactions: block.transactions, parent: parent,
                    parentStatus: parentStatus, genesis: genesis, registry: registry,
                    localTimeMilliseconds: wallClock(), preverified: verifiedCache.lookup, known: known,
                    work: Parallel.everyCore)
            }
        } catch {
            logger.error("cannot validate proposal: store failed", metadata: ["error": "\(error)"])
            return false
        }
        switch result {
        case .failure(let rejection):
            logger.warning(
                "refusing proposal", metadata: ["height": "\(block.header.height)", "reason": "\(rejection)"])
            return false
        case .success(let accepted):
            knownExecution = accepted.execution
            return true
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
            try store.append(
                block, localTimeMilliseconds: localTime, preverified: verifiedCache.lookup, known: knownExecution)
        } catch {
            halt("cannot store final block \(block.header.height): \(error)")
            return
        }
        lastBlockTick = tickCount
        let nextTip = store.tip
        let outcome = mempool.removeCommitted(block) { index in
            RuleContext(
                chainID: self.genesis.chainID,
                location: TransactionLocation(
                    height: nextTip.height + 1, indexInBlock: UInt32(index),
                    ledgerIndex: nextTip.ledger.size + UInt64(index)),
                blockTimestampMilliseconds: max(self.wallClock(), nextTip.timestampMilliseconds + 1), parent: nextTip)
        }
        for (id, rejection) in outcome.evicted {
            recentRejections[id] = rejection
            observer.rejected(code: rejection.code)
        }
        verifiedCache.remove(block.transactions.map(\.id) + outcome.evicted.map(\.0))
        let finality = outcome.removed.map { settings.tickDuration * Int(tickCount - $0.admittedAtTick) }
        observer.committed(block, finality: finality)
        logger.info(
            "final block",
            metadata: [
                "height": "\(block.header.height)", "transactions": "\(block.transactions.count)",
                "round": "\(block.certificate.round)", "hash": "\(block.header.hash.hex.prefix(16))",
            ])
    }

    /// Gives the machine a block built from the mempool once a batch closes: enough transactions, enough bytes,
    /// or the oldest has waited the batch delay.
    public func offerCandidateIfDue() {
        guard haltReason == nil, machine.isValidator, machine.isCaughtUp else { return }
        let height = machine.height
        // Only a node that proposes needs a block: this round's proposer, or one a round change makes the proposer
        // (the machine then says it needs a candidate). The others give the machine only `.demand`, once per
        // height, which starts their round timer: building a block executes it (rules, both Merkle trees, the
        // status map), and a block nobody proposes would be executed for nothing.
        let needsBlock =
            machine.validators.proposer(height: height, round: machine.round).keyID == identity.keyID
            || machine.needsCandidate
        if let last = lastCandidate, last.height == height {
            // The proposer keeps its candidate fresh until it has proposed, but not on every change of the pool.
            if !needsBlock { return }
            if last.built && (machine.currentRoundHasProposal || last.version == mempool.version) { return }
        }
        let closes: Bool
        if mempool.count == 0 {
            closes =
                settings.heartbeatIntervalTicks > 0 && tickCount - lastBlockTick >= settings.heartbeatIntervalTicks
        } else {
            let waited = mempool.oldestAdmissionTick.map { tickCount - $0 } ?? 0
            closes =
                mempool.count >= settings.batchTransactionsMax || mempool.bytes >= settings.batchBytesMax
                || waited >= settings.batchDelayTicks
        }
        guard closes || machine.needsCandidate else { return }
        guard needsBlock else {
            lastCandidate = (height, mempool.version, false)
            run(.demand)
            return
        }
        let parameters = genesis.parameters
        let certificateReserve = CommitCertificate.encodedBytesMax(validatorCount: machine.validators.count)
        let transactions = mempool.batch(
            transactionsMax: min(settings.batchTransactionsMax, Int(parameters.transactionsPerBlockMax)),
            bytesMax: min(settings.batchBytesMax, Int(parameters.blockBytesMax) - certificateReserve)
        ).map(\.transaction)
        let tip = store.tip
        let parentStatus = store.status
        let timestamp = max(wallClock(), tip.timestampMilliseconds + 1)
        let execution: Result<BlockExecution, BlockRejection>
        do {
            execution = try store.withRegistry { registry in
                try ChainRules.execute(
                    transactions, timestampMilliseconds: timestamp, parent: tip, parentStatus: parentStatus,
                    genesis: genesis, registry: registry, preverified: verifiedCache.lookup,
                    work: Parallel.everyCore)
            }
        } catch {
            logger.error("cannot build a proposal: store failed", metadata: ["error": "\(error)"])
            return
        }
        // The mempool admits only transactions valid on the tip, in order; a batch that fails here is a bug there.
        guard case .success(let executed) = execution else {
            if case .failure(let rejection) = execution {
                logger.error("refusing to propose a batch the rules refuse", metadata: ["reason": "\(rejection)"])
            }
            return
        }
        knownExecution = executed
        let header = BlockBuilder.header(
            parent: tip, genesis: genesis, execution: executed, timestampMilliseconds: timestamp, round: 0)
        lastCandidate = (height, mempool.version, true)
        run(.candidate(ProposedBlock(header: header, transactions: transactions)))
    }

    /// Tells the observer where the node stands.
    func report() {
        observer.updated(
            height: store.tip.height, round: machine.round, mempool: mempool.count, peers: network.connectedPeers.count)
    }

    private func halt(_ reason: String) {
        guard haltReason == nil else { return }
        haltReason = reason
        logger.critical(
            "node halted: it will not vote or store blocks until restarted", metadata: ["reason": "\(reason)"])
        onHalt(reason)
    }
}
