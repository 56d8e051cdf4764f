import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// `ledger package` against a running node, and `ledger verify` and examples/verify_proof.py reading what it wrote:
/// the learner's one file, its recipient check with the salt inside, and the ways a package goes wrong.
@Suite("ledger package: the learner's verification package", .serialized)
struct PackageCommandTests {
    @Test("package a credential; both verifiers accept it and check the recipient; a wrong document is refused")
    func packageAndVerify() async throws {
        let node = try await RunningNode.start()
        defer { node.stop() }
        let register = try await node.registerSchool()
        #expect(register.status == 0, "\(register.error)")
        let document = RunningNode.sampleDocument
        let issue = try await node.issueSample()
        #expect(issue.status == 0, "\(issue.error)")
        let id = "urn:uuid:7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34"
        let package = node.path("learner.mcpackage.json")
        let made = try await node.run([
            "package", id, "--credential", document, "--salt", node.path("learner.salt"), "--out", package,
        ])
        #expect(made.status == 0 && made.output.contains("learner's salt"), "\(made.output)\(made.error)")
        let parsed = try VerificationPackage.parse(json: [UInt8](try Data(contentsOf: URL(fileURLWithPath: package))))
        #expect(parsed.documentName == "open-badge-short-course.json" && parsed.salt?.count == 16)

        let verified = try await CLI.runAsync([
            "verify", package, "--genesis", node.genesis, "--subject", "learner@example.org", "--json",
        ])
        #expect(verified.status == 0, "\(verified.output)\(verified.error)")
        #expect(verified.json?["subject"] == .string("matched"), "\(verified.output)")
        let text = try await CLI.runAsync(["verify", package, "--genesis", node.genesis])
        #expect(text.output.contains("document     matches"), "\(text.output)")
        let other = try await CLI.runAsync([
            "verify", package, "--genesis", node.genesis, "--subject", "someone@example.org", "--json",
        ])
        #expect(other.status == 1 && other.json?["check"] == .string("subject"), "\(other.output)")
        let python = CLI.repositoryRoot.appendingPathComponent("examples/verify_proof.py").path
        let independent = try await CLI.runProgram(
            CLI.python, [python, package, node.genesis, "--subject", "learner@example.org"])
        #expect(independent.status == 0 && independent.standardOutput.contains("learner: matches"))

        // The package carries its document: --credential beside it is a usage error, not a silent choice.
        let twice = try await CLI.runAsync(["verify", package, "--genesis", node.genesis, "--credential", document])
        #expect(twice.status == 2 && twice.error.contains("carries its document"), "\(twice.error)")
        // A learner who gives the wrong file is told before handing anything over; nothing is written.
        let edited = node.path("edited.json")
        try String(contentsOfFile: document, encoding: .utf8).replacingOccurrences(of: "Level", with: "Levels")
            .write(toFile: edited, atomically: true, encoding: .utf8)
        let wrong = try await node.run(["package", id, "--credential", edited, "--out", node.path("wrong.json")])
        #expect(wrong.status == 1 && wrong.error.contains("not the document anchored"), "\(wrong.error)")
        #expect(!FileManager.default.fileExists(atPath: node.path("wrong.json")))
        let exists = try await node.run(["package", id, "--credential", document, "--out", package])
        #expect(exists.status == 2 && exists.error.contains("--force"), "\(exists.error)")
        let unknown = try await node.run([
            "package", "no-such-credential", "--credential", document, "--out", node.path("none.json"),
        ])
        #expect(unknown.status == 1, "\(unknown.error)")

        // A package altered by hand fails the check it breaks.
        var altered = parsed
        altered.credentialID = "another-credential"
        try Data(JSONWriter.pretty(altered.json).utf8).write(to: URL(fileURLWithPath: node.path("renamed.json")))
        let renamed = try await CLI.runAsync(["verify", node.path("renamed.json"), "--genesis", node.genesis, "--json"])
        #expect(renamed.status == 1 && renamed.json?["check"] == .string("format"), "\(renamed.output)")
        altered = parsed
        altered.document[altered.document.count / 2] ^= 0x01
        try Data(JSONWriter.pretty(altered.json).utf8).write(to: URL(fileURLWithPath: node.path("flipped.json")))
        let flipped = try await CLI.runAsync(["verify", node.path("flipped.json"), "--genesis", node.genesis, "--json"])
        #expect(flipped.status == 1 && flipped.json?["check"] != nil, "\(flipped.output)")
        try Data("{\"format\": \"mcledger.package.v1\"}".utf8).write(to: URL(fileURLWithPath: node.path("bare.json")))
        let bare = try await CLI.runAsync(["verify", node.path("bare.json"), "--genesis", node.genesis, "--json"])
        #expect(bare.status == 1 && bare.json?["check"] == .string("format"), "\(bare.output)")

        // Revoked after packaging: a fresh package says so, with the revoked exit status.
        let revoke = try await node.run([
            "revoke", "--key", node.path("school.key.pem"), "--credential-id", id, "--reason", "fraudulent", "--wait",
        ])
        #expect(revoke.status == 0, "\(revoke.error)")
        let fresh = node.path("revoked.mcpackage.json")
        #expect(try await node.run(["package", id, "--credential", document, "--out", fresh]).status == 0)
        let revoked = try await CLI.runAsync(["verify", fresh, "--genesis", node.genesis])
        #expect(revoked.status == 3 && revoked.output.contains("REVOKED"), "\(revoked.output)")
    }
}
