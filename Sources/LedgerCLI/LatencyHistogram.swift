import Histogram
import LedgerCore

/// Latencies in microseconds, as both load generators (`bench load`, `bench proofs`) record them.
extension Histogram where Count == UInt64 {
    /// An empty histogram from 1 µs to an hour, at three significant digits.
    static func latencyMicroseconds() -> Histogram<UInt64> {
        Histogram(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// A percentile in milliseconds; 0 when nothing was recorded.
    func milliseconds(_ percentile: Double) -> Double {
        totalCount == 0 ? 0 : Double(valueAtPercentile(percentile)) / 1_000
    }

    /// p50, p99 and p99.9 as the reports' JSON members.
    var percentileMembers: [JSONMember] {
        [
            JSONMember("latencyP50Milliseconds", .number(milliseconds(50))),
            JSONMember("latencyP99Milliseconds", .number(milliseconds(99))),
            JSONMember("latencyP999Milliseconds", .number(milliseconds(99.9))),
        ]
    }
}

extension Duration {
    /// The duration in seconds, as a double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
