import NIOConcurrencyHelpers
import Prometheus

/// The node's Prometheus metrics (docs/CONFIG.md lists them), served at GET /metrics.
final class NodeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let height: Gauge
    let round: Gauge
    let peers: Gauge
    let mempoolTransactions: Gauge
    let committedTransactions: Counter
    let committedBlocks: Counter
    let finality: DurationHistogram
    private let rejectionCounters = NIOLockedValueBox<[String: Counter]>([:])

    /// Finality buckets from 5 ms to 60 s: a dev node finalizes in tens of ms, a loaded network in seconds.
    static let finalityBuckets: [Duration] = [
        5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000, 30_000, 60_000,
    ].map { .milliseconds($0) }

    init() {
        height = registry.makeGauge(name: "ledger_height", help: "Height of the last final block in this node's store")
        round = registry.makeGauge(name: "ledger_round", help: "Current QBFT round at the height being decided")
        peers = registry.makeGauge(name: "ledger_peers", help: "Authenticated peer connections")
        mempoolTransactions = registry.makeGauge(
            name: "ledger_mempool_transactions", help: "Transactions admitted and waiting for a block")
        committedTransactions = registry.makeCounter(
            name: "ledger_committed_transactions_total", help: "Transactions in final blocks stored by this node")
        committedBlocks = registry.makeCounter(
            name: "ledger_committed_blocks_total", help: "Final blocks stored by this node")
        finality = registry.makeDurationHistogram(
            name: "ledger_finality_seconds",
            buckets: Self.finalityBuckets,
            help: "From admission to this node's mempool until the transaction's block is final and stored")
    }

    /// Counts a refused transaction under its reason code (the `error` field the API returns).
    func rejected(reason: String) {
        let counter = rejectionCounters.withLockedValue { counters in
            if let counter = counters[reason] { return counter }
            let counter = registry.makeCounter(
                name: "ledger_rejections_total", labels: [("reason", reason)],
                help: "Transactions refused at admission, by reason")
            counters[reason] = counter
            return counter
        }
        counter.increment()
    }

    /// The exposition text.
    func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
