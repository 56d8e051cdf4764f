import LedgerCore
import LedgerRuntime
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
        height = registry.makeGauge(
            descriptor: Self.name("height", help: "Height of the last final block in this node's store"))
        round = registry.makeGauge(
            descriptor: Self.name("round", help: "Current QBFT round at the height being decided"))
        peers = registry.makeGauge(descriptor: Self.name("peers", help: "Authenticated peer connections"))
        mempoolTransactions = registry.makeGauge(
            descriptor: Self.name("mempool_transactions", help: "Transactions admitted and waiting for a block"))
        committedTransactions = registry.makeCounter(
            descriptor: Self.name(
                "committed_transactions", unit: "total", help: "Transactions in final blocks stored by this node"))
        committedBlocks = registry.makeCounter(
            descriptor: Self.name("committed_blocks", unit: "total", help: "Final blocks stored by this node"))
        finality = registry.makeDurationHistogram(
            descriptor: Self.name(
                "finality", unit: "seconds",
                help: "From admission to this node's mempool until the transaction's block is final and stored"),
            buckets: Self.finalityBuckets)
    }

    /// `ledger_<metric>[_<unit>]`: every metric of the node shares the `ledger` namespace.
    private static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "ledger", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts a refused transaction under its reason code (the `error` field the API returns).
    func rejected(reason: String) {
        let counter = rejectionCounters.withLockedValue { counters in
            if let counter = counters[reason] { return counter }
            let counter = registry.makeCounter(
                descriptor: Self.name(
                    "rejections", unit: "total", help: "Transactions refused at admission, by reason"),
                labels: [("reason", reason)])
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

extension NodeMetrics: DriverObserver {
    func committed(_ block: Block, finality: [Duration]) {
        for duration in finality { self.finality.record(duration) }
        height.set(Int64(block.header.height))
        committedBlocks.increment()
        committedTransactions.increment(by: Int64(block.transactions.count))
    }

    func rejected(code: String) { rejected(reason: code) }

    func updated(height: UInt64, round: UInt32, mempool: Int, peers: Int) {
        self.height.set(Int64(height))
        self.round.set(Int64(round))
        mempoolTransactions.set(Int64(mempool))
        self.peers.set(Int64(peers))
    }
}
