import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// docs/conformance through the built `ledger verify` and examples/verify_proof.py, as a third-party verifier's
/// author would run them: each case's exit status from both, and ledger verify's --json verdict and check.
@Suite("Conformance fixtures: ledger verify and verify_proof.py")
struct ConformanceCLITests {
    static let directory = CLI.repositoryRoot.appendingPathComponent("docs/conformance")

    static func arguments(_ entry: JSONValue) -> [String] {
        var options = ["--at", entry["at"]?.stringValue ?? "", "--max-age", entry["maxAge"]?.stringValue ?? ""]
        if let status = entry["status"]?.stringValue {
            options += ["--status", directory.appendingPathComponent(status).path]
        }
        if let credential = entry["credential"]?.stringValue {
            options += ["--credential", directory.appendingPathComponent(credential).path]
        }
        if let subject = entry["subject"]?.stringValue {
            options += ["--subject", subject]
            if let salt = entry["salt"]?.stringValue { options += ["--salt", salt] }
        }
        return options
    }

    @Test("every case: both verifiers exit with the expected status; ledger verify names the expected check")
    func casesAgree() async throws {
        let manifest = try JSONParser.parse(
            [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("cases.json"))))
        let python = CLI.repositoryRoot.appendingPathComponent("examples/verify_proof.py").path
        for entry in try #require(manifest["cases"]?.arrayValue) {
            let name = entry["name"]?.stringValue ?? "?"
            let bundle = Self.directory.appendingPathComponent(entry["bundle"]?.stringValue ?? "").path
            let genesis = Self.directory.appendingPathComponent(entry["genesis"]?.stringValue ?? "").path
            let expected = try #require(entry["expected"])
            let status = Int32(expected["exitStatus"]?.unsignedIntegerValue ?? 99)
            let swift = try await CLI.runAsync(
                ["verify", bundle, "--genesis", genesis, "--json"] + Self.arguments(entry))
            #expect(swift.status == status, "ledger verify, \(name): \(swift.output)\(swift.error)")
            #expect(swift.json?["verdict"] == expected["verdict"], "ledger verify, \(name): \(swift.output)")
            #expect(swift.json?["check"] == expected["check"], "ledger verify, \(name): \(swift.output)")
            let independent = try await CLI.runProgram(CLI.python, [python, bundle, genesis] + Self.arguments(entry))
            #expect(
                independent.status == status,
                "verify_proof.py, \(name): \(independent.standardOutput)\(independent.standardError)")
        }
    }
}
