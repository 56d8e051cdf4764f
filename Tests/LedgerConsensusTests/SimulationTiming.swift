import Foundation
import LedgerTesting
import Testing

@Suite("Simulator timing (MCLEDGER_SIM_TIMING=1)")
struct SimulationTiming {
    @Test("time seeds per size", .enabled(if: ProcessInfo.processInfo.environment["MCLEDGER_SIM_TIMING"] != nil))
    func timing() throws {
        for (n, b) in [(1, 0), (4, 0), (4, 1), (7, 2), (10, 3)] {
            let start = Date()
            var heights: UInt64 = 0
            var failures = 0
            for seed in UInt64(100)..<120 {
                let result = try ConsensusSimulator(options: SimulationOptions(validators: n, byzantine: b, seed: seed))
                    .run()
                heights += result.heightsDecided
                if !result.violations.isEmpty {
                    failures += 1
                    print("seed \(seed) n=\(n): \(result.violations[0])")
                }
            }
            print(
                "n=\(n) b=\(b): 20 seeds in \(Date().timeIntervalSince(start)) s, \(heights) heights, \(failures) failures"
            )
        }
    }
}
