import ArgumentParser
import Foundation
import LedgerCore
import LedgerParallel
import LedgerSimulation

/// `ledger simulate`: runs the deterministic consensus simulator over many seeds and reports any violation.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract:
            "Run the QBFT simulator over seeds with network, crash and Byzantine faults; exit 0 only if no invariant failed.",
        discussion: "A failure prints its seed; rerun it alone with --first-seed SEED --seeds 1 --trace.")

    @Option(name: .long, help: "Validators per simulated network (1–10).")
    var validators: Int

    @Option(name: .long, help: "How many seeds to run.")
    var seeds: UInt64 = 100

    @Option(name: .long, help: "The first seed.")
    var firstSeed: UInt64 = 0

    @Option(name: .long, help: "Byzantine validators (at most f = (n-1)/3).")
    var byzantine: Int = 0

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Validator-set changes to drive, in order: add:NODE, remove:NODE or remove:random, comma-separated.",
            discussion: "Nodes past --validators start as observers; remove:random picks an original member per seed."))
    var reconfigure: String?

    @Flag(name: .long, help: "Use ECDSA P-256 instead of the fast simulated signatures (slow).")
    var realCrypto = false

    @Flag(name: .long, help: "Print every message of each failing seed.")
    var trace = false

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard (1...10).contains(validators) else { throw ValidationError("--validators must be 1 to 10") }
        guard byzantine >= 0, byzantine <= (validators - 1) / 3 else {
            throw ValidationError("--byzantine must be 0 to \((validators - 1) / 3) (f) for \(validators) validators")
        }
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        _ = try Self.plan(reconfigure, validators: validators, seed: 0)
    }

    /// The parsed `--reconfigure` plan for one seed, and how many joining nodes it needs.
    static func plan(_ text: String?, validators: Int, seed: UInt64) throws -> (changes: [PlannedChange], joiners: Int)
    {
        guard let text else { return ([], 0) }
        var random = SeededGenerator(seed: seed ^ 0x5EED_C4A7_6E00_0000)
        var changes: [PlannedChange] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":").map(String.init)
            guard parts.count == 2, parts[0] == "add" || parts[0] == "remove" else {
                throw ValidationError("--reconfigure: '\(item)' is not add:NODE, remove:NODE or remove:random")
            }
            let node: Int
            if parts[1] == "random" && parts[0] == "remove" {
                guard validators > 1 else { throw ValidationError("--reconfigure: remove:random needs 2 validators") }
                node = Int.random(in: 1..<validators, using: &random)
            } else if let index = Int(parts[1]), (0..<10).contains(index) {
                node = index
            } else {
                throw ValidationError("--reconfigure: '\(parts[1])' is not a node index 0–9")
            }
            changes.append(parts[0] == "add" ? .add(node: node) : .remove(node: node))
        }
        let joiners = max(0, (changes.map(\.node).max() ?? 0) + 1 - validators)
        guard validators + joiners <= 10 else { throw ValidationError("--reconfigure: at most 10 nodes in all") }
        return (changes, joiners)
    }

    func run() throws {
        let start = ContinuousClock.now
        let results = Self.runAll(
            validators: validators, byzantine: byzantine, seeds: firstSeed..<(firstSeed + seeds),
            realCrypto: realCrypto, trace: trace, reconfigure: reconfigure)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let failures = results.filter { !$0.violations.isEmpty }
        let heights = results.reduce(UInt64(0)) { $0 + $1.heightsDecided }
        let ticks = results.reduce(UInt64(0)) { $0 + $1.ticks }
        let finalized = results.reduce(0) { $0 + $1.transactionsFinal }
        let rejected = results.reduce(0) { $0 + $1.transactionsRejected }
        let changes = results.reduce(0) { $0 + $1.validatorSetChanges }
        if json {
            CLIOutput.write(
                json: .object([
                    JSONMember("validators", .number(Double(validators))),
                    JSONMember("byzantine", .number(Double(byzantine))),
                    JSONMember("seeds", .number(Double(results.count))),
                    JSONMember("heightsDecided", .number(Double(heights))),
                    JSONMember("ticks", .number(Double(ticks))),
                    JSONMember("heightsPerSecond", .number((Double(heights) / max(seconds, 0.001)).rounded())),
                    JSONMember("transactionsFinal", .number(Double(finalized))),
                    JSONMember("transactionsRejected", .number(Double(rejected))),
                    JSONMember("validatorSetChanges", .number(Double(changes))),
                    JSONMember(
                        "transactionsPerSecond", .number((Double(finalized) / max(seconds, 0.001)).rounded())),
                    JSONMember("elapsedSeconds", .number((seconds * 100).rounded() / 100)),
                    JSONMember(
                        "violations",
                        .array(
                            failures.map {
                                .object([
                                    JSONMember("seed", .number(Double($0.options.seed))),
                                    JSONMember("violation", .string($0.violations[0].description)),
                                ])
                            })),
                ]))
        } else {
            CLIOutput.write(
                "simulated \(results.count) seeds (first \(firstSeed)), \(validators) validators, \(byzantine) Byzantine"
            )
            CLIOutput.write(
                "heights decided: \(heights) in \(ticks) ticks; \(Int(Double(heights) / max(seconds, 0.001))) heights/s of wall time"
            )
            CLIOutput.write(
                "transactions: \(finalized) final, \(rejected) refused at admission; "
                    + "\(Int(Double(finalized) / max(seconds, 0.001))) final transactions/s of wall time")
            if reconfigure != nil {
                CLIOutput.write("validator-set changes passed: \(changes) (plan: \(reconfigure!))")
            }
            CLIOutput.write("violations: \(failures.count)")
            for failure in failures {
                CLIOutput.write("  seed \(failure.options.seed): \(failure.violations[0])")
                for line in failure.trace.suffix(trace ? failure.trace.count : 12) { CLIOutput.write("    \(line)") }
            }
        }
        if !failures.isEmpty {
            throw CLIFailure.checkFailed(
                "\(failures.count) seed(s) broke an invariant; first seed \(failures[0].options.seed)")
        }
    }

    /// Runs the seeds on every core; results come back in seed order.
    static func runAll(
        validators: Int, byzantine: Int, seeds: Range<UInt64>, realCrypto: Bool, trace: Bool, reconfigure: String?
    ) -> [SimulationResult] {
        Parallel.map(count: seeds.count) { offset in
            let seed = seeds.lowerBound + UInt64(offset)
            var options = SimulationOptions(validators: validators, byzantine: byzantine, seed: seed)
            if let plan = try? Self.plan(reconfigure, validators: validators, seed: seed) {
                (options.reconfiguration, options.joiners) = plan
            }
            options.realCrypto = realCrypto
            options.verboseTrace = trace
            options.traceCapacity = trace ? 5_000 : 48
            return (try? ConsensusSimulator(options: options))?.run()
        }.compactMap { $0 }
    }
}
