import Foundation
import LedgerClient
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

/// The README's main command: `ledger-node` with no arguments is a working single-validator node.
@Suite("The dev node, as the README runs it", .serialized)
struct DevNodeTests {
    @Test("no arguments: key and genesis created in ./ledger-data, API on 7070, P2P on 7071, said in the first lines")
    func devNode() async throws {
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-dev-node")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = ProcessRunner.builtProduct("ledger-node")
        process.arguments = []
        process.currentDirectoryURL = directory
        let logURL = directory.appendingPathComponent("node.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardError = log
        process.standardOutput = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let client = NodeClient(baseURL: URL(string: "http://127.0.0.1:7070")!)
        try await DevnetHarness.eventually("the dev node answers on 127.0.0.1:7070", within: 30) {
            try await client.get("/healthz").status == 200
        }
        let data = directory.appendingPathComponent("ledger-data")
        let keyPath = data.appendingPathComponent("node.key.pem").path
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let genesis = try Genesis.parse(json: Array(try Data(contentsOf: data.appendingPathComponent("genesis.json"))))
        #expect(genesis.validatorSet.count == 1)

        // The dev validator registers an issuer, which then issues: both final, the proof verifies offline.
        let factory = TransactionFactory(
            chainID: genesis.chainID, authorityKey: try KeyFile.readPrivateKey(path: keyPath),
            issuerKey: try P256PrivateKey.generate(), issuerID: "dev-institute")
        #expect(try await client.submit([try factory.registerIssuer()]).status == 202)
        let credentials = try factory.credentials(prefix: "dev", count: 20, issuedAtMilliseconds: systemWallClock())
        try await DevnetHarness.eventually("the issuer is registered", within: 30) {
            try await client.tip().ledgerSize == 1
        }
        #expect(try await client.submit(credentials).status == 200)
        try await DevnetHarness.eventually("the credentials are final", within: 30) {
            try await client.tip().ledgerSize == 21
        }
        let proof = try await client.get("/v1/credentials/dev-7/proof")
        guard case .success = ProofVerifier.verify(bundleJSON: proof.body, genesis: genesis) else {
            Issue.record("the dev node's proof does not verify")
            return
        }

        try await Self.secondDevNodeFailsEarly(running: directory)

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = try String(contentsOf: logURL, encoding: .utf8).split(separator: "\n").prefix(8).joined()
        for fact in ["dev mode", "ledger-data", "node.key.pem", "genesis.json", "127.0.0.1:7070", "127.0.0.1:7071"] {
            #expect(lines.contains(fact), "the first log lines mention \(fact)")
        }
    }
}

extension DevNodeTests {
    /// While a dev node runs: a second one in the same directory, or in another with the same ports, exits 1
    /// naming the data directory or the port and its config key, before it creates a key or a chain; and a
    /// client pointed at the P2P port is told it is one.
    static func secondDevNodeFailsEarly(running directory: URL) async throws {
        let node = ProcessRunner.builtProduct("ledger-node")
        let data = directory.appendingPathComponent("ledger-data")
        let before = try FileManager.default.contentsOfDirectory(atPath: data.path).sorted()
        let sameDirectory = try await OffPool.run { try ProcessRunner.run(node, [], currentDirectory: directory) }
        #expect(sameDirectory.status == 1, "\(sameDirectory.standardError)")
        #expect(sameDirectory.standardError.contains("another ledger-node is running on the data directory"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == before)

        let elsewhere = try ProcessRunner.temporaryDirectory(prefix: "mcledger-dev-node-second")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let samePorts = try await OffPool.run { try ProcessRunner.run(node, [], currentDirectory: elsewhere) }
        #expect(samePorts.status == 1, "\(samePorts.standardError)")
        #expect(
            samePorts.standardError.contains("cannot listen on 127.0.0.1:7070 (api.listen)"),
            "\(samePorts.standardError)")
        #expect(samePorts.standardError.contains("--config"))
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("ledger-data").path))

        let status = try await OffPool.run {
            try ProcessRunner.run(ProcessRunner.builtProduct("ledger"), ["status", "--node", "http://127.0.0.1:7071"])
        }
        #expect(
            status.status == 1 && status.standardError.contains("is a node's P2P port (p2p.listen)"),
            "\(status.standardError)")
    }
}

private func systemWallClock() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }
