import Benchmark
import Foundation

/// Operations per second in one measured run (hashes, signatures, transactions, proofs); larger is better.
/// Recorded per run so the figure can be set against `openssl speed` without knowing the scaling factor.
let operationsPerSecond = BenchmarkMetric.custom(
    "Operations (# / s)", polarity: .prefersLarger, useScalingFactor: false)

/// Measures `body`, which performs `count` operations, and records their rate as `operationsPerSecond`.
func measureRate(_ benchmark: Benchmark, count: Int, _ body: () throws -> Void) rethrows {
    let start = ContinuousClock.now
    benchmark.startMeasurement()
    try body()
    benchmark.stopMeasurement()
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    benchmark.measurement(operationsPerSecond, Int(Double(count) / max(seconds, 1e-9)))
}

/// Time, allocations and the operation rate: the metrics every CPU benchmark here reports.
let rateMetrics: [BenchmarkMetric] = [
    .wallClock, .throughput, .mallocCountTotal, .peakMemoryResident, operationsPerSecond,
]
