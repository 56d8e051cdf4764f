import Foundation
import LedgerTesting
import Testing

/// `ledger-node` refuses bad input at start with a clear message: 2 for usage and configuration, 1 for files.
@Suite("ledger-node's command line and start-up errors")
struct NodeCommandLineTests {
    static func run(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(ProcessRunner.builtProduct("ledger-node"), arguments)
    }

    @Test("--help, -h and --version answer on stdout with exit 0 (they crashed with exit 134)")
    func helpAndVersion() throws {
        for flag in ["--help", "-h"] {
            let help = try Self.run([flag])
            #expect(help.status == 0, "\(flag): \(help.standardError)")
            #expect(help.standardOutput.contains("USAGE: ledger-node [--config <config>]"), "\(flag)")
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let git = try ProcessRunner.run(
            program: "git", ["-C", repository.path, "rev-parse", "--short=12", "HEAD"])
        try #require(git.status == 0, "the tests run from a git checkout: \(git.standardError)")
        let commit = git.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        for program in ["ledger-node", "ledger"] {
            let version = try ProcessRunner.run(ProcessRunner.builtProduct(program), ["--version"])
            #expect(version.status == 0, "\(program): \(version.standardError)")
            #expect(version.standardOutput.hasPrefix("\(program) 0."), "\(version.standardOutput)")
            #expect(version.standardOutput.contains("(commit \(commit)"), "\(version.standardOutput)")
        }
    }

    @Test("an unknown flag or a broken configuration exits 2 naming the problem")
    func usageErrors() throws {
        let flag = try Self.run(["--bogus"])
        #expect(flag.status == 2 && flag.standardError.contains("Unknown option '--bogus'"))
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-node-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases = [
            ("x = [", "not valid TOML"),
            ("[api]\nlisten = \"nowhere\"", "api.listen"),
            ("[mempool]\nmax_transactions = -1", "mempool.max_transactions"),
            ("[nodes]\n", "unknown configuration key \"nodes\""),
            ("[node]\nlog_level = \"verbose\"", "must be one of trace, debug, info, notice, warning, error, critical"),
        ]
        for (text, message) in cases {
            let path = directory.appendingPathComponent("node.toml")
            try text.write(to: path, atomically: true, encoding: .utf8)
            let result = try Self.run(["--config", path.path])
            #expect(result.status == 2 && result.standardError.contains(message), "\(result.standardError)")
        }
        let missing = try Self.run(["--config", directory.appendingPathComponent("absent.toml").path])
        #expect(missing.status == 2 && missing.standardError.contains("cannot read configuration"))
    }

    @Test("a missing key or a corrupt genesis exits 1 saying what to do")
    func startupErrors() throws {
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-node-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("node.toml")
        // Free ports: the start-up checks must reach the key and genesis whatever else listens on 7070 and 7071.
        let text = """
            [node]
            data_dir = "data"
            [api]
            listen = "127.0.0.1:\(FreePort.next())"
            [p2p]
            listen = "127.0.0.1:\(FreePort.next())"
            """
        try text.write(to: config, atomically: true, encoding: .utf8)
        let noKey = try Self.run(["--config", config.path])
        #expect(noKey.status == 1 && noKey.standardError.contains("Create one with 'ledger keygen'"))

        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let keygen = try ProcessRunner.run(
            ProcessRunner.builtProduct("ledger"), ["keygen", "--out", data.appendingPathComponent("node").path])
        #expect(keygen.status == 0)
        try "{\"format\": \"mcledger.genesis.v1\"".write(
            to: data.appendingPathComponent("genesis.json"), atomically: true, encoding: .utf8)
        let corrupt = try Self.run(["--config", config.path])
        #expect(
            corrupt.status == 1 && corrupt.standardError.contains("cannot read genesis"), "\(corrupt.standardError)")
    }
}

/// The systemd unit the README installs: valid for systemd, and hardened as a Debian maintainer would.
@Suite("config/systemd/ledger-node.service")
struct SystemdUnitTests {
    @Test("systemd-analyze verify accepts it with no warning, and its offline exposure score is OK (at most 2.0)")
    func unitVerifies() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let unit = try String(
            contentsOf: repository.appendingPathComponent("config/systemd/ledger-node.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/ledger-node --config /etc/mcledger/node.toml"))
        // systemd checks that ExecStart exists: point it at the built binary, as installing would.
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-systemd")
        defer { try? FileManager.default.removeItem(at: directory) }
        let installed = directory.appendingPathComponent("ledger-node.service")
        try unit.replacingOccurrences(
            of: "/usr/local/bin/ledger-node", with: ProcessRunner.builtProduct("ledger-node").path
        ).write(to: installed, atomically: true, encoding: .utf8)
        let verify = try ProcessRunner.run(program: "systemd-analyze", ["verify", installed.path])
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(verify.standardError.isEmpty && verify.standardOutput.isEmpty, "\(verify.standardError)")
        let security = try ProcessRunner.run(
            program: "systemd-analyze", ["security", "--offline=true", installed.path])
        let line = security.standardOutput.split(separator: "\n").first { $0.contains("Overall exposure level") }
        let score = line.flatMap { $0.split(separator: " ").compactMap { Double($0) }.first }
        #expect(score.map { $0 <= 2.0 } == true, "\(security.standardOutput.suffix(400))")
    }
}
