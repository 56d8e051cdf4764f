import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// The README's walkthrough runs as written: its shell blocks are examples/walkthrough.sh, which this runs
/// against a real 4-node devnet with the built `ledger` and `ledger-node` on PATH.
@Suite("README walkthrough", .serialized)
struct ReadmeWalkthroughTests {
    /// The ```sh blocks of the README's walkthrough section, in order.
    static func readmeBlocks() throws -> [String] {
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "## Walkthrough"), let end = readme.range(of: "\n## Test\n") else {
            return []
        }
        let section = readme[start.upperBound..<end.lowerBound]
        return section.components(separatedBy: "```sh\n").dropFirst().map { block in
            String(block[..<(block.range(of: "```")?.lowerBound ?? block.endIndex)])
        }
    }

    @Test("examples/walkthrough.sh is the README's walkthrough, command for command")
    func scriptMatchesReadme() async throws {
        let blocks = try Self.readmeBlocks()
        #expect(blocks.count == 4)
        let script = try String(
            contentsOf: CLI.repositoryRoot.appendingPathComponent("examples/walkthrough.sh"), encoding: .utf8)
        let commands = script.components(separatedBy: "set -euo pipefail\n\n").last ?? ""
        #expect(commands == blocks.joined(separator: "\n"))
    }

    @Test("the README's 4-validator devnet block runs pasted whole: it waits for the nodes, node-2 reaches height 1")
    func devnetBlockRuns() async throws {
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### A 4-validator devnet"))
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        let block = String(rest[open.upperBound..<close.lowerBound])
        #expect(block.hasPrefix("swift build\n"))
        // The build is the test run's own; every other line runs as written, from a fresh directory.
        let script = "set -euo pipefail\n" + block.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent(".build"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent(".build/debug"),
            withDestinationURL: CLI.executable.deletingLastPathComponent())
        try script.write(to: directory.appendingPathComponent("devnet.sh"), atomically: true, encoding: .utf8)
        let result = try await CLI.runProgram("timeout", ["120", "bash", "devnet.sh"], in: directory)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let head = try JSONParser.parse(
            Array((result.standardOutput.components(separatedBy: "\n{").last.map { "{" + $0 } ?? "").utf8))
        #expect(head["height"] == .number(1), "\(result.standardOutput)")
    }

    @Test("every walkthrough command runs as written: operator, issuer, verifier and auditor")
    func walkthroughRuns() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("examples"),
            withDestinationURL: CLI.repositoryRoot.appendingPathComponent("examples"))
        let binaries = CLI.executable.deletingLastPathComponent().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let result = try await CLI.runProgram(
            "env", ["PATH=\(binaries):\(path)", "bash", "examples/walkthrough.sh"], in: directory)
        let transcript = result.standardOutput + result.standardError
        #expect(result.status == 0, "\(transcript)")
        for line in [
            "issuer cardi", "final at height 1", "REVOKED (issuedInError)",
            "AUTHENTIC: credential 7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34", "document     matches the anchored digest",
            "learner      matches the anchored commitment", "learner: matches the anchored commitment",
            "REVOKED: credential cardi-2026-mistake is authentic, but it has been revoked",
            "NOT AUTHENTIC: header check failed", "CONSISTENT: the 4 transactions at height 4", "VALID chain",
        ] {
            #expect(transcript.contains(line), "the walkthrough prints \(line)")
        }
    }
}
