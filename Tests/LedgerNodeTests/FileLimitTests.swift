import Foundation
import LedgerTesting
import Testing

/// The node raises its soft open-file limit to the hard limit at start and logs both (issue 17, F3): under
/// `prlimit --nofile=256:8192` it runs with 8,192, and under a hard limit of 1,024 it warns.
@Suite("ledger-node's open-file limit")
struct FileLimitTests {
    /// Starts a one-validator node under `prlimit --nofile=SOFT:HARD`, waits for its open-file line, stops it.
    static func startupLine(soft: Int, hard: Int) async throws -> String {
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-nofile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        let ledger = ProcessRunner.builtProduct("ledger")
        #expect(try ProcessRunner.run(ledger, ["keygen", "--out", path("node")]).status == 0)
        #expect(
            try ProcessRunner.run(
                ledger,
                [
                    "genesis", "--chain-name", "nofile", "--validator", "v=\(path("node.pub.pem"))", "--out",
                    path("genesis.json"),
                ]
            ).status == 0)
        let config = """
            [node]
            data_dir = "data"
            genesis = "../genesis.json"
            key = "../node.key.pem"
            [api]
            listen = "127.0.0.1:\(FreePort.next())"
            [p2p]
            listen = "127.0.0.1:\(FreePort.next())"
            """
        try config.write(toFile: path("node.toml"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        process.arguments = [
            "--nofile=\(soft):\(hard)", ProcessRunner.builtProduct("ledger-node").path, "--config", path("node.toml"),
        ]
        _ = FileManager.default.createFile(atPath: path("node.log"), contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: path("node.log")))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var line = ""
        try await Polling.eventually("the node logs its open-file limit", within: 60) {
            let text = (try? String(contentsOfFile: path("node.log"), encoding: .utf8)) ?? ""
            line = text.split(separator: "\n").first { $0.contains("open-file limit") }.map(String.init) ?? ""
            return !line.isEmpty || !process.isRunning
        }
        return line
    }

    @Test("a soft limit under the hard one is raised to it, and a low hard limit is warned about")
    func raisesSoftLimit() async throws {
        let raised = try await Self.startupLine(soft: 256, hard: 8_192)
        #expect(raised.contains("soft=8192") && raised.contains("before=256"), "\(raised)")
        #expect(!raised.contains("is low"), "\(raised)")
        let low = try await Self.startupLine(soft: 256, hard: 1_024)
        #expect(low.contains("soft=1024") && low.contains("is low"), "\(low)")
    }
}
