import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// `ledger verifier-page`: one self-contained file, pinned to the genesis given, whose inline script and style are
/// the only ones its Content-Security-Policy allows, and which asks for nothing over the network.
@Suite("ledger verifier-page")
struct VerifierPageCommandTests {
    @Test("writes one file: genesis pinned, script and style allowed by their SHA-256, nothing fetched")
    func writesThePage() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let genesisPath = CLI.repositoryRoot.appendingPathComponent("docs/conformance/genesis/registry.json").path
        let out = directory.appendingPathComponent("verify.html").path
        let written = try await CLI.runAsync(["verifier-page", "--genesis", genesisPath, "--out", out])
        #expect(written.status == 0 && written.output.contains("pinned to chain test-chain"), "\(written.error)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        func between(_ start: String, _ end: String) throws -> String {
            let from = try #require(html.range(of: start)).upperBound
            return String(html[from..<(try #require(html[from...].range(of: end)).lowerBound)])
        }
        let script = try between("<script type=\"module\">", "</script>")
        let style = try between("<style>", "</style>")
        let policy = try between("http-equiv=\"Content-Security-Policy\" content=\"", "\"")
        #expect(policy.contains("script-src 'sha256-\(Base64.encode(SHA256.hash(Array(script.utf8)).bytes))'"))
        #expect(policy.contains("style-src 'sha256-\(Base64.encode(SHA256.hash(Array(style.utf8)).bytes))'"))
        #expect(policy.contains("connect-src 'none'") && policy.hasPrefix("default-src 'none'"))
        #expect(!html.contains(" src=\"") && !html.contains("href=\"verify.css\""), "nothing is loaded from a file")
        #expect(!script.contains("import {") && !script.contains("\nexport "), "the modules are joined")
        let genesisJSON = try between("<script type=\"application/json\" id=\"mcledger-genesis\">", "</script>")
        let pinned = try Genesis.parse(json: Array(genesisJSON.replacingOccurrences(of: "<\\/", with: "</").utf8))
        let expected = try Genesis.parse(json: [UInt8](try Data(contentsOf: URL(fileURLWithPath: genesisPath))))
        #expect(pinned.chainID == expected.chainID)
        let again = try await CLI.runAsync(["verifier-page", "--genesis", genesisPath, "--out", out])
        #expect(again.status == 2 && again.error.contains("--force"))
        let notGenesis = try await CLI.runAsync(["verifier-page", "--genesis", out, "--out", out + "2"])
        #expect(notGenesis.status != 0 && !FileManager.default.fileExists(atPath: out + "2"))
    }
}
