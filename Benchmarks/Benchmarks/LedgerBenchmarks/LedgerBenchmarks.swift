import Benchmark

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(10))
    registerCryptoBenchmarks()
    registerMerkleBenchmarks()
    registerChainBenchmarks()
    registerStoreBenchmarks()
    registerStatusMapBenchmarks()
    registerCatalogueBenchmarks()
}
