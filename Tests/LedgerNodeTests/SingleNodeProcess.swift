import Foundation
import LedgerClient
import LedgerTesting

/// One validator as a real `ledger-node` process with extra config lines, optionally under `prlimit --nofile`.
final class SingleNodeProcess: @unchecked Sendable {
    let directory: URL
    let apiPort: Int
    let process = Process()
    var logPath: String { path("node.log") }
    var client: NodeClient { NodeClient(baseURL: URL(string: "http://127.0.0.1:\(apiPort)")!) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// `sections` are TOML tables to add, by name ("api" → "max_connections = 4").
    init(sections: [String: String] = [:], fileLimit: (soft: Int, hard: Int)? = nil) throws {
        directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-node")
        apiPort = FreePort.next()
        let ledger = ProcessRunner.builtProduct("ledger")
        _ = try ProcessRunner.run(ledger, ["keygen", "--out", directory.appendingPathComponent("node").path])
        _ = try ProcessRunner.run(
            ledger,
            [
                "genesis", "--chain-name", "single", "--validator",
                "v=\(directory.appendingPathComponent("node.pub.pem").path)", "--out",
                directory.appendingPathComponent("genesis.json").path,
            ])
        var tables = [
            "node": "data_dir = \"data\"\ngenesis = \"../genesis.json\"\nkey = \"../node.key.pem\"",
            "api": "listen = \"127.0.0.1:\(apiPort)\"", "p2p": "listen = \"127.0.0.1:\(FreePort.next())\"",
        ]
        for (name, lines) in sections { tables[name] = (tables[name].map { $0 + "\n" } ?? "") + lines }
        let config = tables.map { "[\($0.key)]\n\($0.value)" }.joined(separator: "\n\n")
        try config.write(to: directory.appendingPathComponent("node.toml"), atomically: true, encoding: .utf8)
        let node = ProcessRunner.builtProduct("ledger-node").path
        if let fileLimit {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            process.arguments = ["--nofile=\(fileLimit.soft):\(fileLimit.hard)", node, "--config", path("node.toml")]
        } else {
            process.executableURL = URL(fileURLWithPath: node)
            process.arguments = ["--config", path("node.toml")]
        }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the node answers GET /v1/head, or has exited.
    func waitUntilServing() async throws {
        try await Polling.eventually("the node serves its API", within: 60) {
            guard process.isRunning else { return true }
            return (try? await client.head()) != nil
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
