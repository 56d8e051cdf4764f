import LedgerCore
import LedgerTesting
import Testing

@Suite("Consensus simulator: seeded runs")
struct SimulationRunTests {
    static func runSeeds(validators: Int, byzantine: Int, seeds: Range<UInt64>) throws -> (
        heights: UInt64, failures: [String]
    ) {
        var heights: UInt64 = 0
        var failures: [String] = []
        for seed in seeds {
            let simulator = try ConsensusSimulator(
                options: SimulationOptions(validators: validators, byzantine: byzantine, seed: seed))
            let result = simulator.run()
            heights += result.heightsDecided
            if !result.violations.isEmpty {
                failures.append(
                    "seed \(seed) n=\(validators) byzantine=\(byzantine): \(result.violations[0])\n  "
                        + result.trace.suffix(25).joined(separator: "\n  "))
            }
        }
        return (heights, failures)
    }

    @Test("smoke: a few seeds per size")
    func smoke() throws {
        for (n, b) in [(1, 0), (4, 0), (4, 1), (7, 2)] {
            let outcome = try Self.runSeeds(validators: n, byzantine: b, seeds: 0..<5)
            print("n=\(n) b=\(b): heights \(outcome.heights), failures \(outcome.failures.count)")
            for failure in outcome.failures.prefix(2) { print(failure) }
            #expect(outcome.failures.isEmpty)
        }
    }
}
