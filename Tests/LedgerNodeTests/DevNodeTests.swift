import Foundation
import LedgerCore
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
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
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
        #expect(genesis.validatorCount == 1)

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

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = try String(contentsOf: logURL, encoding: .utf8).split(separator: "\n").prefix(8).joined()
        for fact in ["dev mode", "ledger-data", "node.key.pem", "genesis.json", "127.0.0.1:7070", "127.0.0.1:7071"] {
            #expect(lines.contains(fact), "the first log lines mention \(fact)")
        }
    }
}

private func systemWallClock() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }
