import LedgerCore
import LedgerParallel

/// Progress of a replay, for the CLI to draw.
public struct ReplayProgress: Sendable {
    public let height: UInt64
    /// Blocks the source says it holds, when it knows.
    public let expectedBlocks: UInt64?
    public let transactions: UInt64
}

/// The first thing wrong with a chain: its height (when known) and why.
public struct ReplayFailure: Sendable, Equatable, CustomStringConvertible {
    public let height: UInt64?
    public let reason: String

    public var description: String { height.map { "height \($0): \(reason)" } ?? reason }
}

/// What an auditor's replay found.
public struct ReplayReport: Sendable {
    public var blocks: UInt64 = 0
    public var transactions: UInt64 = 0
    public var issuers = 0
    public var definitions = 0
    public var credentialsIssued = 0
    public var credentialsRevoked = 0
    public var credentialsSuspended = 0
    public var credentialsReinstated = 0
    /// QA bodies registered, accreditations recorded, and accreditations withdrawn.
    public var qaBodies = 0
    public var accreditations = 0
    public var accreditationsWithdrawn = 0
    /// Suspensions, reinstatements and deregistrations of issuers.
    public var issuerStandingChanges = 0
    /// Key rotations of issuers, by the issuer or by its authority.
    public var issuerKeyRotations = 0
    /// Proposals and approvals of validator-set changes.
    public var governanceTransactions = 0
    /// Changes passed, each a handoff to the next epoch's set.
    public var validatorSetChanges = 0
    /// The set certifying the block after the last valid one.
    public var validators: ValidatorSet?
    /// The last valid block's header, if any.
    public var lastHeader: BlockHeader?
    /// The first failure; nil when every block passed.
    public var failure: ReplayFailure?

    public var isValid: Bool { failure == nil }
}

/// The auditor's full check (issue 3, DESIGN.md "Auditors"): every block from genesis is decoded strictly,
/// linked, time-checked, its certificate and every signature verified (on every core), every registry rule
/// applied, and both Merkle roots recomputed. The first failure stops the replay and is reported by height.
public enum ChainAuditor {
    /// How often, in blocks, progress is reported.
    public static let progressIntervalBlocks: UInt64 = 64

    public static func replay<Source: BlockSource>(
        _ source: inout Source, localTimeMilliseconds: UInt64, progress: (ReplayProgress) -> Void = { _ in }
    ) -> ReplayReport {
        let prefetching = PrefetchingBlockSource(source)
        defer { source = prefetching.finish() }
        let genesis = source.genesis
        var report = ReplayReport()
        var registry = InMemoryRegistry(genesis: genesis)
        var tip = ChainTip.genesis(genesis)
        // Replay recomputes every status root: each header's is checked against this map.
        var status = StatusMap(chainID: genesis.chainID)
        while true {
            let block: Block
            do {
                guard let next = try prefetching.next() else { break }
                block = next
            } catch {
                if case .corrupt(_, let height, let reason) = error {
                    report.failure = ReplayFailure(height: height ?? tip.height + 1, reason: reason)
                } else {
                    report.failure = ReplayFailure(height: tip.height + 1, reason: error.description)
                }
                break
            }
            // The in-memory registry never throws; only storage-backed views can.
            switch try! ChainRules.validate(
                block: block, parent: tip, parentStatus: status, genesis: genesis, registry: registry,
                localTimeMilliseconds: localTimeMilliseconds, work: Parallel.everyCore)
            {
            case .failure(let rejection):
                report.failure = ReplayFailure(height: block.header.height, reason: rejection.description)
            case .success(let accepted):
                for change in accepted.changes { count(change, in: &report) }
                for change in accepted.changes { registry.apply(change) }
                tip = accepted.tip
                report.validators = tip.validators
                status = accepted.status
                report.blocks += 1
                report.transactions += UInt64(block.transactions.count)
                report.lastHeader = block.header
                if report.blocks % progressIntervalBlocks == 0 {
                    progress(
                        ReplayProgress(
                            height: tip.height, expectedBlocks: prefetching.expectedBlocks,
                            transactions: report.transactions
                        ))
                }
            }
            if report.failure != nil { break }
        }
        progress(
            ReplayProgress(
                height: tip.height, expectedBlocks: prefetching.expectedBlocks, transactions: report.transactions))
        return report
    }

    private static func count(_ change: RegistryChange, in report: inout ReplayReport) {
        switch change {
        case .issuerRegistered: report.issuers += 1
        case .definitionRegistered: report.definitions += 1
        case .credentialIssued: report.credentialsIssued += 1
        case .credentialRevoked: report.credentialsRevoked += 1
        case .credentialSuspension(_, let record):
            if record.isSuspension { report.credentialsSuspended += 1 } else { report.credentialsReinstated += 1 }
        case .validatorGovernance(let change):
            report.governanceTransactions += 1
            if change.passes { report.validatorSetChanges += 1 }
        case .qaBodyRegistered: report.qaBodies += 1
        case .accreditationRecorded: report.accreditations += 1
        case .accreditationWithdrawn: report.accreditationsWithdrawn += 1
        case .issuerStandingChanged: report.issuerStandingChanges += 1
        case .issuerKeyRotated: report.issuerKeyRotations += 1
        case .credentialsRevoked(let credentialIDs, _): report.credentialsRevoked += credentialIDs.count
        }
    }

    /// Imports an export file into a new store in `directory`, checking every block on the way in.
    public static func importExport(
        from path: String, into directory: String, localTimeMilliseconds: UInt64,
        progress: (ReplayProgress) -> Void = { _ in }
    ) throws(StoreError) -> ChainStore {
        var reader = try ExportReader(path: path)
        if StoreFile.exists(ChainStore.paths(directory).log) {
            throw .io(
                path: directory, operation: "import into", reason: "it already holds a chain; choose an empty directory"
            )
        }
        let store = try ChainStore(directory: directory, genesis: reader.genesis)
        var transactions: UInt64 = 0
        while let block = try reader.next() {
            try store.append(block, localTimeMilliseconds: localTimeMilliseconds)
            transactions += UInt64(block.transactions.count)
            if block.header.height % progressIntervalBlocks == 0 {
                progress(
                    ReplayProgress(
                        height: block.header.height, expectedBlocks: reader.expectedBlocks, transactions: transactions))
            }
        }
        return store
    }
}
