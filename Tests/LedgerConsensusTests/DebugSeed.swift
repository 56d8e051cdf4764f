import Foundation
import LedgerTesting
import Testing

@Suite("Debug one seed (MCLEDGER_DEBUG_SEED=n:validators:byzantine)")
struct DebugSeed {
    @Test("print a verbose trace", .enabled(if: ProcessInfo.processInfo.environment["MCLEDGER_DEBUG_SEED"] != nil))
    func debugSeed() throws {
        let parts = ProcessInfo.processInfo.environment["MCLEDGER_DEBUG_SEED"]!.split(separator: ":").compactMap {
            UInt64($0)
        }
        var options = SimulationOptions(validators: Int(parts[1]), byzantine: Int(parts[2]), seed: parts[0])
        options.verboseTrace = true
        options.traceCapacity = 3000
        let result = try ConsensusSimulator(options: options).run()
        print(result.trace.joined(separator: "\n"))
    }
}
