import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

@Suite("Store crash safety: SIGKILL at random moments")
struct StoreCrashTests {
    static let iterations = 200

    /// Genesis, validator keys and an issuer key for the writer process.
    static func writeFixture(_ directory: URL) throws -> Genesis {
        let validators = try (0..<4).map { _ in try P256PrivateKey.generate() }
        for (index, key) in validators.enumerated() {
            try KeyFile.writeNew(
                path: directory.appendingPathComponent("validator-\(index).key.pem").path, contents: key.pkcs8PEM,
                mode: 0o600)
        }
        try KeyFile.writeNew(
            path: directory.appendingPathComponent("issuer.key.pem").path,
            contents: try P256PrivateKey.generate().pkcs8PEM, mode: 0o600)
        let genesis = try Genesis(
            chainName: "crash-test", genesisTimeMilliseconds: 1_700_000_000_000,
            validators: validators.enumerated().map { ("v\($0.offset)", $0.element.publicKey) }, parameters: .standard)
        try genesis.json.write(to: directory.appendingPathComponent("genesis.json"), atomically: true, encoding: .utf8)
        return genesis
    }

    /// Starts the writer, lets it report `reportsBeforeKill` lines, kills it with SIGKILL, and returns the
    /// highest number it reported ("final H" or "saved R").
    static func runAndKill(_ arguments: [String], reportsBeforeKill: Int) throws -> UInt64? {
        let process = Process()
        process.executableURL = ProcessRunner.builtProduct("StoreCrashWriter")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var received = Data()
        while received.count(where: { $0 == 0x0A }) < reportsBeforeKill {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        received.append(output.fileHandleForReading.readDataToEndOfFile())
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .uncaughtSignal, "writer stopped by itself: \(errorText)")
        let numbers = String(decoding: received, as: UTF8.self).split(separator: "\n").compactMap { line -> UInt64? in
            line.split(separator: " ").last.flatMap { UInt64($0) }
        }
        return numbers.max()
    }

    @Test("after each of 200 kills the store reopens at the last reported final height or one more, never torn")
    func killAtRandomMoments() throws {
        let root = try ProcessRunner.temporaryDirectory(prefix: "mcledger-crash")
        let fixture = root.appendingPathComponent("fixture")
        let storeDirectory = root.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: fixture, withIntermediateDirectories: true)
        let genesis = try Self.writeFixture(fixture)
        var random = SeededGenerator(seed: 20_261_129)
        var durable: UInt64 = 0
        var tornTails = 0
        var reindexed: UInt64 = 0
        for iteration in 0..<Self.iterations {
            let finals = Int.random(in: 0...3, using: &random)
            let reported = try Self.runAndKill(
                [storeDirectory.path, fixture.path, String(random.next())], reportsBeforeKill: finals)
            let floor = max(durable, reported ?? 0)
            let store = try ChainStore(directory: storeDirectory.path, genesis: genesis)
            let height = store.tip.height
            #expect(
                height >= floor && height <= floor + 1,
                "iteration \(iteration): reopened at \(height), reported \(floor)")
            if store.recovery.tornTailBytes > 0 { tornTails += 1 }
            reindexed += store.recovery.blocksReindexed
            if height > 0 {
                let block = try store.block(height: height)
                #expect(block.header.ledgerRoot == store.tip.ledger.root(hasher: MerkleHasher()))
                #expect(try store.credential(id: "c-\(height)-0") != nil)
            }
            durable = height
        }
        #expect(durable > 50, "the writer should have made progress across kills")
        print(
            "crash test: \(Self.iterations) kills, final height \(durable), \(tornTails) torn tails truncated, \(reindexed) blocks re-indexed"
        )
    }

    @Test("after each of 200 kills the consensus state loads whole, with a round no lower than the last reported save")
    func consensusStateSurvivesKills() throws {
        let root = try ProcessRunner.temporaryDirectory(prefix: "mcledger-consensus-crash")
        let path = root.appendingPathComponent("consensus.state").path
        let store = FileConsensusStateStore(path: path, chainID: SHA256.hash(Array("crash".utf8)))
        var random = SeededGenerator(seed: 4_096)
        var saved: UInt32 = 0
        for iteration in 0..<Self.iterations {
            let reported = try Self.runAndKill(
                ["consensus", path], reportsBeforeKill: Int.random(in: 0...3, using: &random))
            let floor = max(saved, UInt32(reported ?? 0))
            let state = try store.load()
            let round = state?.round ?? 0
            #expect(
                round >= floor && round <= floor + 1, "iteration \(iteration): loaded round \(round), reported \(floor)"
            )
            if let state {
                let slot = SigningSlot(height: 1, round: round, kind: .prepare)
                #expect(state.lookup(slot, messageDigest: SHA256.hash(Array("round \(round)".utf8))) != .unsigned)
            }
            saved = round
        }
        #expect(saved > 100)
    }
}
