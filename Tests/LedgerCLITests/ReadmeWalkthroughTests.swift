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
            "NOT AUTHENTIC: header check failed", "CONSISTENT: the 4 transactions at height 4", "VALID chain",
        ] {
            #expect(transcript.contains(line), "the walkthrough prints \(line)")
        }
    }
}
