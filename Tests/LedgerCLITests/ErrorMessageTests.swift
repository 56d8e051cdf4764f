import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

/// Errors that say what to do, through the built `ledger`: the wrong file named for what it is, swapped
/// arguments, unknown options with "did you mean", one rule for output files, and JSON errors under `--json`.
@Suite("ledger errors that say what to do")
struct ErrorMessageTests {
    static let proof = CLI.examples.appendingPathComponent("proof.json").path
    static let genesis = CLI.examples.appendingPathComponent("genesis.json").path
    static let credential = CLI.examples.appendingPathComponent("credential.json").path

    /// A store with a few blocks, its genesis in another folder, and an export of it.
    static func chain(in directory: URL) throws -> (data: String, genesis: String, export: String) {
        let chain = try SyntheticChain(validatorCount: 1)
        let data = directory.appendingPathComponent("data").path
        let store = try ChainStore(directory: data, genesis: chain.genesis)
        try store.append(chain.registrationBlock(), localTimeMilliseconds: 2_000_000_000_000)
        try store.append(chain.credentialBlock(count: 3), localTimeMilliseconds: 2_000_000_000_000)
        let genesis = directory.appendingPathComponent("genesis.json").path
        try chain.genesis.json.write(toFile: genesis, atomically: true, encoding: .utf8)
        let export = directory.appendingPathComponent("chain.export").path
        try ChainExport.write(from: store, to: export)
        return (data, genesis, export)
    }

    @Test("verify names a file that is not a proof bundle for what it is, and swapped arguments as swapped")
    func wrongFilesForVerify() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, _, export) = try Self.chain(in: directory)
        let cases: [([String], String)] = [
            ([Self.credential, "--genesis", Self.genesis], "is a credential document"),
            ([Self.genesis, "--genesis", Self.genesis], "is a genesis file"),
            ([export, "--genesis", Self.genesis], "ledger replay --export"),
            ([Self.genesis, "--genesis", Self.proof], "are swapped"),
            ([Self.proof, "--genesis", Self.proof], "--genesis '\(Self.proof)' is a proof bundle"),
            ([Self.proof, "--genesis", Self.genesis, "--subject", "someone"], "--subject needs --salt"),
            ([Self.proof, "--genesis", Self.genesis, "--salt", "00ff"], "--salt goes with --subject"),
        ]
        for (arguments, message) in cases {
            let result = try await CLI.runAsync(["verify"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.error)")
            #expect(result.error.contains(message), "\(arguments): \(result.error)")
            #expect(!result.error.contains("do not accept"), "\(arguments): \(result.error)")
        }
    }

    @Test("replay: a non-export, a missing or non-data directory, and a data directory with no genesis say so")
    func replayErrors() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (data, genesis, export) = try Self.chain(in: directory)
        let cases: [([String], Int32, String)] = [
            (["--export", Self.proof], 2, "is not a chain export"),
            (["--export", Self.genesis], 2, "is a genesis file"),
            (["--export", data], 2, "replay --data-dir"),
            (["--export", directory.appendingPathComponent("none").path], 2, "no such file"),
            (["--data-dir", directory.appendingPathComponent("none").path], 2, "no such directory"),
            (["--data-dir", directory.path], 2, "is not a node's data directory"),
            (["--data-dir", export], 2, "use --export"),
            (["--data-dir", data], 2, "Pass --genesis FILE"),
            (["--data-dir", data, "--genesis", genesis], 0, "VALID chain"),
            (["--export", export], 0, "VALID chain"),
        ]
        for (arguments, status, message) in cases {
            let result = try await CLI.runAsync(["replay"] + arguments)
            #expect(result.status == status, "\(arguments): \(result.output)\(result.error)")
            #expect((result.output + result.error).contains(message), "\(arguments): \(result.output)\(result.error)")
        }
        // A node records the genesis its config names; replay then needs no --genesis.
        try "../genesis.json\n".write(
            toFile: data + "/" + ChainStore.genesisLocationFile, atomically: true, encoding: .utf8)
        let recorded = try await CLI.runAsync(["replay", "--data-dir", data])
        #expect(recorded.status == 0 && recorded.output.contains("VALID chain"), "\(recorded.error)")
    }

    @Test("unknown commands and options are named, with the nearest known one")
    func unknownOptions() async throws {
        let cases: [([String], String)] = [
            (["verfy"], "unknown command 'verfy' for 'ledger'. Did you mean 'verify'?"),
            (
                ["issue", "--issuer-id", "x", "--key", "k"],
                "unknown option '--issuer-id' for 'ledger issue'. Did you mean '--issuer'?"
            ),
            (["verify", "p.json", "--genesys", "g.json"], "Did you mean '--genesis'?"),
            (["issuer", "regster"], "unknown command 'regster' for 'ledger issuer'. Did you mean 'register'?"),
            (["devnet", "init", "--node", "4"], "Did you mean '--nodes'?"),
        ]
        for (arguments, message) in cases {
            let result = try await CLI.runAsync(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.error.contains(message), "\(arguments): \(result.error)")
        }
        let json = try await CLI.runAsync(["issue", "--issuer-id", "x", "--json"])
        #expect(json.status == 2)
        let error = try JSONParser.parse(Array(json.error.utf8))
        #expect(error["error"]?.stringValue == "usage")
        #expect(error["reason"]?.stringValue?.contains("Did you mean '--issuer'?") == true)
        #expect(try await CLI.runAsync(["--version"]).output.hasPrefix("ledger 0."))
    }

    @Test("output files: an existing file needs --force, a missing folder is named; errors never say 'key file'")
    func outputFiles() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = directory.appendingPathComponent("cardi").path
        let first = try await CLI.runAsync(["keygen", "--out", prefix, "--json"])
        #expect(first.status == 0)
        let again = try await CLI.runAsync(["keygen", "--out", prefix])
        #expect(again.status == 2 && again.error.contains("--out \(prefix).key.pem already exists; pass --force"))
        let forced = try await CLI.runAsync(["keygen", "--out", prefix, "--force", "--json"])
        #expect(forced.status == 0 && forced.json?["keyId"] != first.json?["keyId"])
        let mode = try FileManager.default.attributesOfItem(atPath: prefix + ".key.pem")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let missing = directory.appendingPathComponent("absent/sub").path
        let noFolder = try await CLI.runAsync(["keygen", "--out", missing + "/k"])
        #expect(noFolder.status == 2 && noFolder.error.contains("the folder '\(missing)' does not exist"))
        let genesisArguments = ["genesis", "--chain-name", "x", "--validator", "a=\(prefix).pub.pem", "--out"]
        let genesis = directory.appendingPathComponent("genesis.json").path
        #expect(try await CLI.runAsync(genesisArguments + [genesis]).status == 0)
        let exists = try await CLI.runAsync(genesisArguments + [genesis])
        #expect(exists.status == 2 && exists.error.contains("already exists; pass --force"))
        #expect(try await CLI.runAsync(genesisArguments + [genesis, "--force"]).status == 0)
        let noGenesisFolder = try await CLI.runAsync(genesisArguments + [missing + "/genesis.json"])
        #expect(noGenesisFolder.status == 2 && noGenesisFolder.error.contains("does not exist. Create it first"))
        for result in [again, noFolder, exists, noGenesisFolder] {
            #expect(!result.error.contains("key file"), "\(result.error)")
        }
        let (data, chainGenesis, _) = try Self.chain(in: directory)
        let export = try await CLI.runAsync([
            "export", "--data-dir", data, "--genesis", chainGenesis, "--out", missing + "/chain.export",
        ])
        #expect(export.status == 2 && export.error.contains("does not exist"), "\(export.error)")
    }
}
