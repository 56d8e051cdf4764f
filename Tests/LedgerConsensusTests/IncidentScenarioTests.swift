import LedgerCore
import LedgerSimulation
import Testing

/// Known consensus incidents in other QBFT/IBFT/Tendermint implementations, each reproduced against ours.
@Suite("Incident scenarios")
struct IncidentScenarioTests {
    static func scripted(validators: Int, seed: UInt64 = 1) throws -> ConsensusSimulator {
        var options = SimulationOptions(validators: validators, seed: seed)
        options.randomFaults = false
        return try ConsensusSimulator(options: options)
    }

    /// Runs until every listed node has gained `heights` heights, or fails.
    static func expectProgress(_ simulator: ConsensusSimulator, nodes: [Int], heights: UInt64, within ticks: UInt64) {
        let targets = nodes.map { simulator.height(of: $0) + heights }
        let reached = simulator.run(
            until: { zip(nodes, targets).allSatisfy { simulator.height(of: $0) >= $1 } }, maxTicks: ticks)
        #expect(reached, "no progress: heights \(nodes.map { simulator.height(of: $0) }), wanted \(targets)")
        #expect(simulator.violations.isEmpty, "\(simulator.violations)")
    }

    @Test("celo-blockchain#706: 2f validators in round N while one sits in N+2 (f down) still decide")
    func celo706() throws {
        let simulator = try Self.scripted(validators: 4)
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3], heights: 3, within: 500)
        simulator.crash(3, downForTicks: 100_000)
        simulator.restartInRound(0, round: 5)
        simulator.restartInRound(1, round: 5)
        simulator.restartInRound(2, round: 7)
        #expect(simulator.round(of: 0) == 5 && simulator.round(of: 2) == 7)
        Self.expectProgress(simulator, nodes: [0, 1, 2], heights: 2, within: 2_000)
    }

    @Test("besu#8307: every validator restarts at once, one with a fresh data directory; blocks resume")
    func besu8307() throws {
        let simulator = try Self.scripted(validators: 4)
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3], heights: 5, within: 500)
        for node in 0..<4 { simulator.crash(node, downForTicks: 10, wiped: node == 1) }
        simulator.run(ticks: 12)
        #expect((0..<4).allSatisfy { simulator.isUp($0) })
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3], heights: 3, within: 2_000)
    }

    @Test("besu#8307 variant: all validators restart at once, keeping their data; the round timers start again")
    func allRestartKeepingData() throws {
        let simulator = try Self.scripted(validators: 7)
        Self.expectProgress(simulator, nodes: Array(0..<7), heights: 3, within: 500)
        for node in 0..<7 { simulator.crash(node, downForTicks: 5) }
        Self.expectProgress(simulator, nodes: Array(0..<7), heights: 3, within: 2_000)
    }

    @Test("tendermint#247/#3089: crashes between signing and persisting never cause equivocation or a fork")
    func crashBetweenSigningAndPersisting() throws {
        let simulator = try Self.scripted(validators: 4, seed: 3_089)
        for cycle in 0..<60 {
            // Alternate the victim and where in its next batch it dies: before the persist, or right after it.
            simulator.crashDuringNextBatch(cycle % 4, afterActions: cycle % 2, downForTicks: 7)
            simulator.run(ticks: 9)
        }
        #expect(simulator.violations.isEmpty, "\(simulator.violations)")
        simulator.heal()
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3], heights: 2, within: 2_000)
    }

    @Test("the proposer crashes mid-proposal; the others change round and decide, and it rejoins")
    func proposerCrashesMidProposal() throws {
        let simulator = try Self.scripted(validators: 4)
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3], heights: 2, within: 500)
        let next = simulator.height(of: 0) + 1
        let proposer = Int(next % 4)  // validators[(height + 0) mod n]
        // Its next batch is persist(proposal signature) then broadcast: it dies between the two.
        simulator.crashDuringNextBatch(proposer, afterActions: 1, downForTicks: 150)
        let others = (0..<4).filter { $0 != proposer }
        Self.expectProgress(simulator, nodes: others, heights: 1, within: 1_000)
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3], heights: 2, within: 2_000)
    }

    @Test("a validator partitioned for 1,000 heights catches up from final blocks")
    func partitionedForAThousandHeights() throws {
        let simulator = try Self.scripted(validators: 4)
        simulator.isolate(3)
        Self.expectProgress(simulator, nodes: [0, 1, 2], heights: 1_000, within: 40_000)
        #expect(simulator.height(of: 3) == 0)
        simulator.heal()
        let tip = simulator.highestHonestHeight
        Self.expectProgress(simulator, nodes: [3], heights: tip, within: 3_000)
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3], heights: 2, within: 1_000)
    }

    @Test("a few seeds with real ECDSA signatures (the node's crypto) pass like the simulated ones")
    func realCryptoSeeds() throws {
        for seed in UInt64(0)..<3 {
            var options = SimulationOptions(validators: 4, byzantine: 1, seed: seed)
            options.realCrypto = true
            let result = try ConsensusSimulator(options: options).run()
            #expect(result.violations.isEmpty, "seed \(seed): \(result.violations)")
            #expect(result.heightsDecided > 0)
        }
    }
}
