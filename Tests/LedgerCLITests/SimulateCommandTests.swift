import LedgerCore
import Testing

@Suite("ledger simulate")
struct SimulateCommandTests {
    @Test("runs seeds and exits 0 when no invariant breaks; reports seeds, heights and violations")
    func runsSeeds() throws {
        let result = try CLI.run([
            "simulate", "--validators", "4", "--byzantine", "1", "--seeds", "8", "--first-seed", "40", "--json",
        ])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        let json = try #require(result.json)
        #expect(json["seeds"]?.unsignedIntegerValue == 8)
        #expect((json["heightsDecided"]?.unsignedIntegerValue ?? 0) > 0)
        #expect(json["violations"]?.arrayValue?.isEmpty == true)
        // The simulated nodes run real transactions through admission and into blocks; some are refused.
        #expect((json["transactionsFinal"]?.unsignedIntegerValue ?? 0) > 0)
        #expect((json["transactionsRejected"]?.unsignedIntegerValue ?? 0) > 0)
        let text = try CLI.run(["simulate", "--validators", "1", "--seeds", "3"])
        #expect(text.status == 0 && text.output.contains("violations: 0"))
        #expect(text.output.contains(" final, ") && text.output.contains("refused at admission"))
    }

    @Test("impossible settings are usage errors (exit 2)")
    func usageErrors() throws {
        #expect(try CLI.run(["simulate", "--validators", "4", "--byzantine", "2"]).status == 2)
        #expect(try CLI.run(["simulate", "--validators", "11"]).status == 2)
        #expect(try CLI.run(["simulate", "--validators", "0"]).status == 2)
        #expect(try CLI.run(["simulate"]).status == 2)
    }
}
