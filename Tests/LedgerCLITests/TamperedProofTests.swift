import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

/// Every field of a real proof bundle, altered one at a time, makes `ledger verify` exit 1 naming the failed
/// check, and makes the independent Python verifier (examples/verify_proof.py, hashlib + cryptography) exit 1.
@Suite("Tampered proofs: every field, two independent verifiers")
struct TamperedProofTests {
    /// A bundle for a credential in the middle of a 7-transaction block, on a 4-validator chain, so every
    /// inclusion path is non-trivial.
    static func bundle(in directory: URL) throws -> (proof: URL, genesis: URL, value: JSONValue) {
        let chain = try SyntheticChain(validatorCount: 4)
        let store = try ChainStore(directory: directory.appendingPathComponent("store").path, genesis: chain.genesis)
        try store.append(chain.registrationBlock(), localTimeMilliseconds: 2_000_000_000_000)
        try store.append(chain.credentialBlock(count: 5), localTimeMilliseconds: 2_000_000_000_000)
        try store.append(chain.credentialBlock(count: 7), localTimeMilliseconds: 2_000_000_000_000)
        let bundle = try store.proofBundle(credentialID: "credential-9")
        let proof = directory.appendingPathComponent("proof.json")
        let genesis = directory.appendingPathComponent("genesis.json")
        try bundle.json.write(to: proof, atomically: true, encoding: .utf8)
        try chain.genesis.json.write(to: genesis, atomically: true, encoding: .utf8)
        return (proof, genesis, try JSONParser.parse(Array(bundle.json.utf8)))
    }

    @Test("each field altered: ledger verify exits 1 naming the check, and so does the Python verifier")
    func everyField() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (proof, genesis, value) = try Self.bundle(in: directory)
        let python = CLI.repositoryRoot.appendingPathComponent("examples/verify_proof.py").path
        // The synthetic chain is dated 2023: allow its status that age, so only the tampering decides.
        let age = ["--max-age", "36500d"]
        let genuine = try await CLI.runAsync(["verify", proof.path, "--genesis", genesis.path] + age)
        #expect(genuine.status == 0, "\(genuine.output)\(genuine.error)")
        #expect(try await CLI.runProgram(CLI.python, [python, proof.path, genesis.path] + age).status == 0)

        // Every leaf of the bundle, the status part's included: its records, siblings, header, note, consistency.
        let paths = JSONTampering.leafPaths(value)
        #expect(paths.count > 60 && paths.contains(["status", "credential", "record"]))
        let checks = Set(ProofCheck.allCases.map(\.rawValue))
        for path in paths {
            let name = path.joined(separator: ".")
            let tampered = directory.appendingPathComponent("tampered-\(name).json")
            try JSONWriter.pretty(JSONTampering.altered(value, at: path)).write(
                to: tampered, atomically: true, encoding: .utf8)
            let result = try await CLI.runAsync(["verify", tampered.path, "--genesis", genesis.path, "--json"] + age)
            #expect(result.status == 1, "ledger verify accepted a proof with \(name) altered")
            #expect(checks.contains(result.json?["check"]?.stringValue ?? ""), "\(name): \(result.output)")
            let independent = try await CLI.runProgram(CLI.python, [python, tampered.path, genesis.path] + age)
            #expect(independent.status == 1, "verify_proof.py accepted \(name): \(independent.standardOutput)")
            #expect(independent.standardOutput.hasPrefix("NOT AUTHENTIC: "))
        }
        // A wrong genesis (another chain with the same validators' count) fails the chain check in both.
        let other = try SyntheticChain(validatorCount: 4)
        let otherGenesis = directory.appendingPathComponent("other-genesis.json")
        try other.genesis.json.write(to: otherGenesis, atomically: true, encoding: .utf8)
        let wrong = try await CLI.runAsync(["verify", proof.path, "--genesis", otherGenesis.path, "--json"])
        #expect(wrong.status == 1 && wrong.json?["check"]?.stringValue == "chain")
        #expect(try await CLI.runProgram(CLI.python, [python, proof.path, otherGenesis.path]).status == 1)
    }
}
