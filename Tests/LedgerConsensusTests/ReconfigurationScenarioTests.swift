import LedgerCore
import LedgerSimulation
import Testing

/// Validator-set changes under the faults the issue lists, each scripted against the node's real driver.
@Suite("Reconfiguration scenarios")
struct ReconfigurationScenarioTests {
    static func scripted(
        validators: Int, byzantine: Int = 0, plan: [PlannedChange], joiners: Int, seed: UInt64 = 1
    ) throws -> ConsensusSimulator {
        var options = SimulationOptions(validators: validators, byzantine: byzantine, seed: seed)
        options.randomFaults = false
        options.reconfiguration = plan
        options.joiners = joiners
        return try ConsensusSimulator(options: options)
    }

    static func expectProgress(_ simulator: ConsensusSimulator, nodes: [Int], heights: UInt64, within ticks: UInt64) {
        IncidentScenarioTests.expectProgress(simulator, nodes: nodes, heights: heights, within: ticks)
    }

    /// Runs until `steps` planned changes have passed, or fails.
    static func expectSteps(_ simulator: ConsensusSimulator, _ steps: Int, within ticks: UInt64) {
        let reached = simulator.run(until: { simulator.reconfigurationStepsDone >= steps }, maxTicks: ticks)
        #expect(reached, "only \(simulator.reconfigurationStepsDone) of \(steps) changes passed")
        #expect(simulator.violations.isEmpty, "\(simulator.violations)")
    }

    @Test("4 → 5 → 4: the joiner syncs as an observer, then votes; the removed member stops and follows")
    func growAndShrink() throws {
        let simulator = try Self.scripted(validators: 4, plan: [.add(node: 4), .remove(node: 2)], joiners: 1)
        #expect(!simulator.isVoting(4))
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3, 4], heights: 3, within: 500)
        Self.expectSteps(simulator, 1, within: 2_000)
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3, 4], heights: 2, within: 500)
        #expect(simulator.validators(of: 0).count == 5 && simulator.isVoting(4))
        Self.expectSteps(simulator, 2, within: 2_000)
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3, 4], heights: 3, within: 1_000)
        let set = simulator.validators(of: 0)
        #expect(set.count == 4 && !set.contains(simulator.keyID(of: 2)) && set.contains(simulator.keyID(of: 4)))
        #expect(!simulator.isVoting(2), "the removed member follows the chain as an observer")
        #expect(simulator.epoch(of: 2) == 2 && simulator.epoch(of: 4) == 2)
    }

    @Test("the first proposer of the new set crashes at the transition height; the others change round")
    func proposerCrashesAtTransition() throws {
        let simulator = try Self.scripted(validators: 4, plan: [.add(node: 4)], joiners: 1)
        let passed = simulator.run(until: { simulator.epoch(of: 0) == 1 }, maxTicks: 3_000)
        #expect(passed)
        let next = simulator.height(of: 0) + 1
        let proposer = simulator.validators(of: 0).proposer(height: next, round: 0)
        let index = (0..<5).first { simulator.keyID(of: $0) == proposer.keyID }!
        simulator.crash(index, downForTicks: 200)
        let others = (0..<5).filter { $0 != index }
        Self.expectProgress(simulator, nodes: others, heights: 2, within: 2_000)
        Self.expectProgress(simulator, nodes: Array(0..<5), heights: 2, within: 2_000)
    }

    @Test("every node restarts across the transition, keeping its data; the new set takes over")
    func restartAcrossTransition() throws {
        let simulator = try Self.scripted(validators: 4, plan: [.add(node: 4)], joiners: 1)
        #expect(simulator.run(until: { simulator.epoch(of: 1) == 1 }, maxTicks: 3_000))
        for node in 0..<5 { simulator.crash(node, downForTicks: 5 + UInt64(node)) }
        Self.expectProgress(simulator, nodes: Array(0..<5), heights: 3, within: 2_000)
        #expect((0..<5).allSatisfy { simulator.epoch(of: $0) == 1 })
    }

    @Test("the block that passes the change is lost to a partition and re-proposed; it passes once")
    func changeBlockLost() throws {
        let simulator = try Self.scripted(validators: 4, plan: [.add(node: 4)], joiners: 1)
        Self.expectProgress(simulator, nodes: [0, 1, 2, 3], heights: 2, within: 500)
        // Two and two: no quorum on either side while the approvals arrive, then heal.
        simulator.partition([0, 1])
        simulator.run(ticks: 300)
        #expect(simulator.epoch(of: 0) == 0, "no change can pass without a quorum")
        simulator.heal()
        Self.expectSteps(simulator, 1, within: 3_000)
        Self.expectProgress(simulator, nodes: Array(0..<5), heights: 2, within: 2_000)
    }

    @Test("a removed Byzantine member goes on voting with its old key; every vote is refused")
    func removedMemberEquivocates() throws {
        let simulator = try Self.scripted(validators: 7, byzantine: 2, plan: [.remove(node: 6)], joiners: 0)
        Self.expectSteps(simulator, 1, within: 3_000)
        #expect(simulator.nonMemberDisconnectCount == 0, "node 6 was a member until now")
        Self.expectProgress(simulator, nodes: Array(0..<5), heights: 20, within: 4_000)
        // A peer is disconnected after 16 refused messages; the removed member sends one every few ticks.
        simulator.run(ticks: 800)
        Self.expectProgress(simulator, nodes: Array(0..<5), heights: 2, within: 500)
        #expect(simulator.validators(of: 0).count == 6)
        #expect(simulator.nonMemberDisconnectCount > 0, "its votes with the old key were refused as a non-member's")
    }

    @Test("quorum#1728: after 5 → 4, stopping one more leaves 3 of 4 (live); stopping two halts without a fork")
    func reducedQuorum() throws {
        let simulator = try Self.scripted(validators: 4, plan: [.add(node: 4), .remove(node: 1)], joiners: 1)
        Self.expectSteps(simulator, 2, within: 4_000)
        Self.expectProgress(simulator, nodes: [0, 2, 3, 4], heights: 2, within: 1_000)
        simulator.crash(3, downForTicks: 1_000_000)
        Self.expectProgress(simulator, nodes: [0, 2, 4], heights: 3, within: 2_000)
        simulator.crash(2, downForTicks: 1_000_000)
        let halted = simulator.highestHonestHeight
        simulator.run(ticks: 600)
        #expect(simulator.highestHonestHeight <= halted + 1, "2 of 4 cannot make a block final")
        #expect(simulator.violations.isEmpty, "\(simulator.violations)")
    }

    @Test("the joiner, wiped after it joined, recovers from its peers (besu#8307 with a new member)")
    func wipedJoiner() throws {
        let simulator = try Self.scripted(validators: 4, plan: [.add(node: 4)], joiners: 1)
        Self.expectSteps(simulator, 1, within: 3_000)
        Self.expectProgress(simulator, nodes: Array(0..<5), heights: 2, within: 1_000)
        simulator.crash(4, downForTicks: 20, wiped: true)
        Self.expectProgress(simulator, nodes: Array(0..<5), heights: 3, within: 3_000)
        #expect(simulator.isVoting(4))
    }
}
