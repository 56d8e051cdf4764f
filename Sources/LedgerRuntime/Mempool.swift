import LedgerCore

/// Why the mempool did not take a transaction; `code` is what the API reports.
public enum AdmissionRejection: Error, Equatable, CustomStringConvertible {
    case rule(TransactionRejection)
    case alreadyPending(TransactionID)
    case full(String)
    case storage(String)
    case unavailable(String)

    public var code: String {
        switch self {
        case .rule(let rejection): rejection.code
        case .alreadyPending: "already_pending"
        case .full: "mempool_full"
        case .storage: "storage_error"
        case .unavailable: "node_halted"
        }
    }

    public var description: String {
        switch self {
        case .rule(let rejection): rejection.description
        case .alreadyPending(let id): "transaction \(id.hex) is already waiting to be included"
        case .full(let reason): "mempool is full (\(reason)); retry later"
        case .storage(let reason): "the node's store failed: \(reason)"
        case .unavailable(let reason): "the node has halted and accepts no transactions: \(reason)"
        }
    }
}

/// Transactions admitted but not yet final, in arrival order. Every pending transaction was valid against the
/// chain plus the pending ones before it, so any prefix is a valid block body. Bounded in count and bytes.
/// Generic over the registry it layers on: the store's, or the simulator's.
public struct Mempool<Registry: RegistryView> {
    public struct Entry {
        public let verified: VerifiedTransaction
        public let bytes: Int
        /// The driver's tick when the transaction was admitted: batching and finality are counted in ticks.
        public let admittedAtTick: UInt64
        /// What the rules said this transaction does, against the chain plus the pending ones before it.
        var change: RegistryChange
    }

    public let transactionsMax: Int
    public let bytesMax: Int
    public private(set) var order: [TransactionID] = []
    public private(set) var entries: [TransactionID: Entry] = [:]
    public private(set) var bytes = 0
    /// Changes on every admission and removal: a candidate block built at one version is stale at another.
    public private(set) var version = 0
    private var overlay: RegistryOverlay<Registry>
    private let registry: Registry
    /// The chain's governance with the pending proposals and approvals applied, when any are pending: what the next
    /// governance transaction is judged against.
    private var pendingGovernance: ValidatorGovernance?
    /// Whether a change of an issuer as a whole (standing, key, range revocation) is pending: it changes what the
    /// issuer may do, so a final block then re-checks everything pending, as for governance (both are rare).
    private var issuerChangePending = false

    public init(registry: Registry, transactionsMax: Int, bytesMax: Int) {
        self.registry = registry
        self.transactionsMax = transactionsMax
        self.bytesMax = bytesMax
        overlay = RegistryOverlay(base: registry)
    }

    public var count: Int { order.count }

    /// The key of a validator of `validators`, a registered issuer, or an issuer whose registration is pending.
    public func authorKey(for keyID: KeyID, validators: ValidatorSet) throws -> P256PublicKey? {
        try overlay.publicKey(for: keyID, validators: validators)
    }

    /// Judges `verified` on top of everything pending and records its change.
    private mutating func evaluate(_ verified: VerifiedTransaction, context: RuleContext) throws -> Result<
        RegistryChange, TransactionRejection
    > {
        var context = context
        if let pendingGovernance { context.governance = pendingGovernance }
        let decision = try TransactionRules.evaluate(verified, in: overlay, context: context)
        if case .success(let change) = decision {
            try overlay.apply(change)
            if case .validatorGovernance(let governanceChange) = change {
                pendingGovernance = context.governance.applying(governanceChange)
            }
            if verified.body.payload.changesIssuer { issuerChangePending = true }
        }
        return decision
    }

    /// Checks the rules against the chain plus everything pending, and queues the transaction.
    public mutating func admit(_ verified: VerifiedTransaction, context: RuleContext, tick: UInt64) -> Result<
        Void, AdmissionRejection
    > {
        guard entries[verified.id] == nil else { return .failure(.alreadyPending(verified.id)) }
        let size = verified.transaction.encoded.count
        guard order.count < transactionsMax else { return .failure(.full("\(transactionsMax) transactions")) }
        guard bytes + size <= bytesMax else { return .failure(.full("\(bytesMax) bytes")) }
        do {
            switch try evaluate(verified, context: context) {
            case .failure(let rejection): return .failure(.rule(rejection))
            case .success(let change):
                order.append(verified.id)
                entries[verified.id] = Entry(verified: verified, bytes: size, admittedAtTick: tick, change: change)
            }
        } catch {
            return .failure(.storage("\(error)"))
        }
        bytes += size
        version += 1
        return .success(())
    }

    /// The oldest pending transactions, up to the limits: a block body.
    public func batch(transactionsMax: Int, bytesMax: Int) -> [VerifiedTransaction] {
        var chosen: [VerifiedTransaction] = []
        var size = ChainRules.encodedBlockBytesWithoutCertificate([])
        for id in order {
            let entry = entries[id]!
            guard chosen.count < transactionsMax, size + entry.bytes <= bytesMax else { break }
            chosen.append(entry.verified)
            size += entry.bytes
        }
        return chosen
    }

    /// The tick at which the oldest pending transaction arrived.
    public var oldestAdmissionTick: UInt64? { order.first.flatMap { entries[$0]?.admittedAtTick } }

    /// Drops the transactions of a final block, then re-checks what is left against the new chain: anything a
    /// block made invalid (say, a competing issuance of the same credential id) is evicted with its reason.
    /// When the block held only transactions pending here, nothing left can have become invalid: a block is valid
    /// alone, and the pending sequence was valid with the block's transactions before the rest. Otherwise only a
    /// pending transaction that reads a registry entry the block wrote, or that an evicted transaction would have
    /// written, can have become invalid (the registry only grows, and time only loosens the rules' time bound); the
    /// others keep the change they were admitted with.
    public mutating func removeCommitted(_ block: Block, context: (Int) -> RuleContext) -> (
        removed: [Entry], evicted: [(TransactionID, AdmissionRejection)]
    ) {
        version += 1
        var removed: [Entry] = []
        for transaction in block.transactions {
            if let entry = entries.removeValue(forKey: transaction.id) {
                removed.append(entry)
                bytes -= entry.bytes
            }
        }
        let committed = Set(block.transactions.map(\.id))
        // Governance is judged against the whole pending sequence and the block's height, and a change of an issuer
        // as a whole reaches every transaction of that issuer, so any of them, in the block or pending, means
        // re-checking everything left (they are rare).
        let recheckAll =
            pendingGovernance != nil || issuerChangePending
            || block.transactions.contains { $0.body.payload.changesIssuer || $0.body.payload.isGovernance }
        if removed.count == block.transactions.count && !recheckAll {
            // Every transaction of the block was pending here, so what is left was checked on top of it already:
            // drop the block's changes from the overlay instead of re-checking the rest (O(block), not O(pool)).
            overlay.forget(removed.map(\.change))
            if order.prefix(removed.count).elementsEqual(block.transactions.map(\.id)) {
                order.removeFirst(removed.count)
            } else {
                order.removeAll { committed.contains($0) }
            }
            return (removed, [])
        }
        var written = Set(block.transactions.flatMap { RegistryKey.written(by: $0.body.payload) })
        let remaining = order.filter { !committed.contains($0) }
        overlay = RegistryOverlay(base: registry)
        pendingGovernance = nil
        issuerChangePending = false
        order = []
        var evicted: [(TransactionID, AdmissionRejection)] = []
        for (index, id) in remaining.enumerated() {
            let entry = entries[id]!
            let outcome: AdmissionRejection?
            do {
                if !recheckAll, let read = RegistryKey.read(by: entry.verified.body.payload),
                    written.isDisjoint(with: read)
                {
                    try overlay.apply(entry.change)
                    outcome = nil
                } else {
                    switch try evaluate(entry.verified, context: context(index)) {
                    case .failure(let rejection): outcome = .rule(rejection)
                    case .success(let change):
                        entries[id]?.change = change
                        outcome = nil
                    }
                }
            } catch {
                outcome = .storage("\(error)")
            }
            if let outcome {
                entries[id] = nil
                bytes -= entry.bytes
                evicted.append((id, outcome))
                // What it would have written is gone too: a later pending transaction that read it (a revocation
                // of an award evicted because a component was revoked) is re-checked, not re-applied.
                written.formUnion(RegistryKey.written(by: entry.verified.body.payload))
            } else {
                order.append(id)
            }
        }
        return (removed, evicted)
    }
}

/// A registry entry a transaction's rules read or write, for telling which pending transactions a final block
/// can affect.
enum RegistryKey: Hashable {
    case credential(String)
    case definition(String)
    case accreditation(String)

    /// What a final transaction adds that a pending one might also claim or depend on. A new issuer is not listed:
    /// pending registrations are always re-checked, and nothing else can be invalidated by an added issuer.
    static func written(by payload: TransactionPayload) -> [RegistryKey] {
        switch payload {
        case .issueCredential, .revokeCredential, .suspendCredential, .reinstateCredential:
            payload.credentialID.map { [.credential($0)] } ?? []
        case .registerDefinition(let definition): [.definition(definition.definitionID)]
        case .recordAccreditation(let record): [.accreditation(record.accreditationID)]
        case .withdrawAccreditation(let withdraw): [.accreditation(withdraw.accreditationID)]
        case .registerIssuer, .registerQABody, .proposeValidatorChange, .approveValidatorChange,
            .changeIssuerStanding, .rotateIssuerKey, .revokeIssuedRange:
            []
        }
    }

    /// What a pending transaction's rules depend on; nil means always re-check (an issuer or QA body
    /// registration, whose id and key are compared with every other, and an accreditation, whose rules read the
    /// issuer, the body and the entries in scope; all are rare).
    static func read(by payload: TransactionPayload) -> [RegistryKey]? {
        switch payload {
        case .issueCredential(let issue):
            [.credential(issue.credentialID)] + (issue.definitionID.map { [.definition($0)] } ?? [])
                + (issue.accreditationID.map { [.accreditation($0)] } ?? []) + issue.components.map { .credential($0) }
        case .revokeCredential, .suspendCredential, .reinstateCredential:
            payload.credentialID.map { [.credential($0)] } ?? []
        case .registerDefinition(let definition):
            [.definition(definition.definitionID)] + definition.components.map { .definition($0) }
        case .withdrawAccreditation(let withdraw): [.accreditation(withdraw.accreditationID)]
        case .registerIssuer, .registerQABody, .recordAccreditation, .proposeValidatorChange, .approveValidatorChange,
            .changeIssuerStanding, .rotateIssuerKey, .revokeIssuedRange:
            nil
        }
    }
}
