import Foundation
import LedgerClient
import LedgerCore
import LedgerTesting
import Testing

/// A single-validator `ledger-node` on random loopback ports, with its authority key and genesis on disk.
final class RunningNode: @unchecked Sendable {
    let directory: URL
    let url: String
    let process = Process()

    var genesis: String { directory.appendingPathComponent("genesis.json").path }
    var authorityKey: String { directory.appendingPathComponent("authority.key.pem").path }
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    init() throws {
        directory = try CLI.temporaryDirectory()
        let port = FreePort.consecutive(2)
        url = "http://127.0.0.1:\(port)"
        _ = try CLI.run(["keygen", "--out", directory.appendingPathComponent("authority").path])
        _ = try CLI.run([
            "genesis", "--chain-name", "cli-test", "--validator", "cxc=\(path("authority.pub.pem"))", "--out", genesis,
        ])
        let config = """
            [node]
            data_dir = "data"
            genesis = "../genesis.json"
            key = "../authority.key.pem"
            [api]
            listen = "127.0.0.1:\(port)"
            [p2p]
            listen = "127.0.0.1:\(port + 1)"
            [consensus]
            # The assertions name exact heights; a heartbeat block (60 s idle by default) would shift them on a
            # slow run. NodeRuntimeTests.heartbeatBlocks covers heartbeats.
            heartbeat_interval_seconds = 0
            [batching]
            batch_delay_milliseconds = 10
            """
        try config.write(to: directory.appendingPathComponent("node.toml"), atomically: true, encoding: .utf8)
        process.executableURL = ProcessRunner.builtProduct("ledger-node")
        process.arguments = ["--config", path("node.toml")]
        _ = FileManager.default.createFile(atPath: path("node.log"), contents: nil)
        let log = try FileHandle(forWritingTo: directory.appendingPathComponent("node.log"))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        // The node is a separate process: observe it until it answers (bounded).
        for _ in 0..<300 where process.isRunning {
            if try CLI.run(["status", "--node", url]).status == 0 { return }
            usleep(100_000)
        }
        throw NodeClient.Failure(
            description: "the node did not start: \(try String(contentsOfFile: path("node.log"), encoding: .utf8))")
    }

    func run(_ arguments: [String]) async throws -> CLI.Result { try await CLI.runAsync(arguments + ["--node", url]) }

    /// The sample short course's document, which `issueSample` anchors.
    static let sampleDocument = CLI.repositoryRoot.appendingPathComponent("examples/open-badge-short-course.json").path

    /// A key for issuer "school" (A School, BB), registered by the authority and final.
    func registerSchool() async throws -> CLI.Result {
        _ = try await CLI.runAsync(["keygen", "--out", path("school")])
        return try await run([
            "issuer", "register", "--key", authorityKey, "--issuer-id", "school", "--name", "A School",
            "--country", "BB", "--issuer-public-key", path("school.pub.pem"), "--wait",
        ])
    }

    /// The sample course issued by "school" to learner@example.org, its salt in learner.salt, and final.
    func issueSample(_ extra: [String] = []) async throws -> CLI.Result {
        try await run(
            [
                "issue", "--issuer", "school", "--key", path("school.key.pem"), "--credential", Self.sampleDocument,
                "--subject", "learner@example.org", "--salt-out", path("learner.salt"), "--wait",
            ] + extra)
    }

    /// Starts the node off the concurrency pool (the start-up waits on processes).
    static func start() async throws -> RunningNode { try await OffPool.run { try RunningNode() } }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The node-facing commands, run as the built binary, on their success and failure paths.
@Suite("ledger commands against a running node", .serialized)
struct NodeCommandTests {
    @Test("issuer register and list; issue with a learner salt; revoke; status, head, proof, consistency")
    func successPaths() async throws {
        let node = try await RunningNode.start()
        defer { node.stop() }
        let register = try await node.registerSchool()
        #expect(register.status == 0 && register.output.contains("final at height 1"), "\(register.error)")
        let list = try await node.run(["issuer", "list", "--json"])
        #expect(list.json?["issuers"]?.arrayValue?.first?["issuerId"] == .string("school"))

        let document = RunningNode.sampleDocument
        let issue = try await node.issueSample(["--json"])
        #expect(issue.status == 0, "\(issue.error)")
        let saltHex = try String(contentsOfFile: node.path("learner.salt"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let mode =
            try FileManager.default.attributesOfItem(atPath: node.path("learner.salt"))[.posixPermissions] as? Int
        #expect(mode == 0o600 && saltHex.count == 32)
        let credentialID = "7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34"
        let record = try await node.run(["status", "--credential", credentialID, "--json"])
        let commitment = DocumentDigest.subjectCommitment(salt: Hex.decode(saltHex)!, identifier: "learner@example.org")
        #expect(record.json?["subjectCommitment"] == .string(commitment.hex), "the learner can prove it is theirs")
        #expect(record.json?["documentDigest"] == issue.json?["documentDigest"])

        // The id as printed on the certificate ("urn:uuid:…") names the same credential, in every command.
        let printedID = "urn:uuid:\(credentialID)"
        let printedStatus = try await node.run(["status", "--credential", printedID, "--json"])
        #expect(
            printedStatus.status == 0 && printedStatus.json?["credentialId"] == .string(credentialID),
            "\(printedStatus.error)")
        let proof = try await node.run(["proof", printedID, "--out", node.path("proof.json")])
        #expect(proof.status == 0, "\(proof.error)")
        #expect(
            try await CLI.runAsync([
                "verify", node.path("proof.json"), "--genesis", node.genesis, "--credential", document,
            ]).status
                == 0)
        let python = CLI.repositoryRoot.appendingPathComponent("examples/verify_proof.py").path
        #expect(try await CLI.runProgram(CLI.python, [python, node.path("proof.json"), node.genesis]).status == 0)

        // Suspended, reinstated, then revoked: each change is final in its own block.
        let suspend = try await node.run([
            "suspend", "--key", node.path("school.key.pem"), "--credential-id", printedID, "--reason",
            "underInvestigation", "--wait",
        ])
        #expect(suspend.status == 0 && suspend.output.contains("final at height 3"), "\(suspend.error)")
        let suspended = try await node.run(["status", "--credential", credentialID])
        #expect(suspended.output.contains("SUSPENDED (underInvestigation)"), "\(suspended.output)")
        // Status over time: the bundle from height 2 says active; a fresh status proof says suspended, in both
        // verifiers, each with its own exit status.
        let statusOnly = try await node.run(["proof", printedID, "--status-only", "--out", node.path("status-3.json")])
        #expect(statusOnly.status == 0 && statusOnly.output.contains("--status"), "\(statusOnly.error)")
        let withStatus = ["--genesis", node.genesis, "--status", node.path("status-3.json")]
        let suspendedVerdict = try await CLI.runAsync(["verify", node.path("proof.json")] + withStatus + ["--json"])
        #expect(suspendedVerdict.status == 4 && suspendedVerdict.json?["verdict"] == .string("suspended"))
        #expect(suspendedVerdict.json?["status"]?["asOfHeight"] == .number(3), "\(suspendedVerdict.output)")
        let pythonSuspended = try await CLI.runProgram(
            CLI.python, [python, node.path("proof.json"), node.genesis, "--status", node.path("status-3.json")])
        #expect(pythonSuspended.status == 4, "\(pythonSuspended.standardOutput)")
        let twice = try await node.run(["suspend", "--key", node.path("school.key.pem"), "--credential-id", printedID])
        #expect(twice.status == 1 && twice.error.contains("already_suspended"), "\(twice.error)")
        let reinstate = try await node.run([
            "reinstate", "--key", node.path("school.key.pem"), "--credential-id", printedID, "--wait",
        ])
        #expect(reinstate.status == 0 && reinstate.output.contains("final at height 4"), "\(reinstate.error)")
        let reinstated = try await node.run(["status", "--credential", credentialID])
        #expect(reinstated.output.contains("neither revoked nor suspended"), "\(reinstated.output)")
        let revoke = try await node.run([
            "revoke", "--key", node.path("school.key.pem"), "--credential-id", printedID, "--reason", "superseded",
            "--wait",
        ])
        #expect(revoke.status == 0 && revoke.output.contains("final at height 5"), "\(revoke.error)")
        #expect(try await node.run(["proof", printedID, "--out", node.path("revoked.json")]).status == 0)
        let revokedVerdict = try await CLI.runAsync(["verify", node.path("revoked.json"), "--genesis", node.genesis])
        #expect(revokedVerdict.status == 3 && revokedVerdict.output.contains("REVOKED"), "\(revokedVerdict.output)")
        // The status proof from before the revocation cannot stand in for the bundle's newer one.
        let stale = try await CLI.runAsync(
            ["verify", node.path("revoked.json"), "--genesis", node.genesis, "--status", node.path("status-3.json")])
        #expect(stale.status == 1 && stale.output.contains("older than the bundle's own status"), "\(stale.output)")
        let pythonStale = try await CLI.runProgram(
            CLI.python, [python, node.path("revoked.json"), node.genesis, "--status", node.path("status-3.json")])
        #expect(pythonStale.status == 1 && pythonStale.standardOutput.contains("older than the bundle's own"))
        // A retained older height, read from the stored status tree: as of block 3 it was suspended.
        let atThree = try await node.run([
            "proof", printedID, "--status-only", "--height", "3", "--out", node.path("status-at-3.json"),
        ])
        #expect(atThree.status == 0, "\(atThree.error)")
        let asOfThree = try await CLI.runAsync(
            ["verify", node.path("proof.json"), "--genesis", node.genesis, "--status", node.path("status-at-3.json")])
        #expect(asOfThree.status == 4 && asOfThree.output.contains("as of block 3"), "\(asOfThree.output)")
        #expect(try await node.run(["status", "--credential", credentialID]).output.contains("REVOKED (superseded)"))
        #expect(try await node.run(["status"]).output.contains("healthy"))
        #expect(try await node.run(["head", "--json"]).json?["height"] == .number(5))
        // The latest commit as a signed note: checked against the genesis, and by the independent verifier.
        let checkpoint = try await node.run(["checkpoint", "--genesis", node.genesis, "--json"])
        #expect(checkpoint.status == 0 && checkpoint.json?["height"] == .number(5), "\(checkpoint.error)")
        #expect(checkpoint.json?["signers"] == .array([.string("cxc")]))
        let note = try await node.run(["checkpoint"])
        #expect(note.status == 0 && note.output.hasPrefix("cli-test/"), "\(note.error)")
        try Data(note.output.utf8).write(to: URL(fileURLWithPath: node.path("checkpoint.txt")))
        let vkeys = try await CLI.runAsync(["vkeys", "--genesis", node.genesis]).output.split(separator: "\n")
        let noteCheck = try await CLI.runProgram(
            CLI.python,
            [NoteInteropTests.script, node.path("checkpoint.txt")] + vkeys.map(String.init) + ["--quorum", "1"])
        #expect(noteCheck.status == 0, "\(noteCheck.standardOutput)\(noteCheck.standardError)")
        // An expiring credential: authentic before its expiresAt, EXPIRED (exit 3) after.
        let workshop = CLI.repositoryRoot.appendingPathComponent("examples/open-badge-workshop.json").path
        let expiring = try await node.run([
            "issue", "--issuer", "school", "--key", node.path("school.key.pem"), "--credential", workshop,
            "--credential-id", "workshop-2099", "--expires-at", "2099-12-31T00:00:00Z", "--wait",
        ])
        #expect(expiring.status == 0, "\(expiring.error)")
        #expect(try await node.run(["proof", "workshop-2099", "--out", node.path("workshop.json")]).status == 0)
        let verifyAt = { (time: String) in
            try await CLI.runAsync([
                "verify", node.path("workshop.json"), "--genesis", node.genesis, "--at", time, "--max-age", "36500d",
                "--json",
            ])
        }
        let before = try await verifyAt("2099-12-30")
        #expect(before.status == 0 && before.json?["expiresAt"] == .string("2099-12-31T00:00:00.000Z"))
        let after = try await verifyAt("2100-01-01T00:00:00Z")
        #expect(after.status == 3 && after.json?["verdict"] == .string("expired"), "\(after.output)")
        let consistency = try await node.run(["consistency", "--from", "1", "--to", "3", "--genesis", node.genesis])
        #expect(consistency.status == 0 && consistency.output.contains("CONSISTENT"), "\(consistency.error)")
        // The data directory has no genesis.json: replay and export find the one the node's config names.
        let replay = try await CLI.runAsync(["replay", "--data-dir", node.path("data")])
        #expect(replay.status == 0 && replay.output.contains("VALID chain"), "\(replay.output)\(replay.error)")
        let export = try await CLI.runAsync([
            "export", "--data-dir", node.path("data"), "--out", node.path("chain.export"),
        ])
        #expect(export.status == 0, "\(export.error)")
        let again = try await CLI.runAsync([
            "export", "--data-dir", node.path("data"), "--out", node.path("chain.export"),
        ])
        #expect(again.status == 2 && again.error.contains("already exists; pass --force"), "\(again.error)")
        #expect(
            try await CLI.runAsync([
                "export", "--data-dir", node.path("data"), "--out", node.path("chain.export"), "--force",
            ]).status == 0)
        #expect(try await CLI.runAsync(["replay", "--export", node.path("chain.export")]).status == 0)
    }

    @Test("failures: refused transactions and unknown ids exit 1; bad flags and files exit 2; each says why")
    func failurePaths() async throws {
        let node = try await RunningNode.start()
        defer { node.stop() }
        _ = try await CLI.runAsync(["keygen", "--out", node.path("school")])
        _ = try await CLI.runAsync(["keygen", "--out", node.path("stranger")])
        let registerArguments = [
            "issuer", "register", "--key", node.authorityKey, "--issuer-id", "school", "--name", "A School",
            "--country", "BB", "--issuer-public-key", node.path("school.pub.pem"), "--wait",
        ]
        let document = CLI.repositoryRoot.appendingPathComponent("examples/open-badge-short-course.json").path
        let issueArguments = [
            "issue", "--issuer", "school", "--key", node.path("school.key.pem"), "--credential", document,
        ]
        let cases: [(arguments: [String], status: Int32, message: String)] = [
            // Before the issuer exists.
            (issueArguments, 1, "issuer 'school' is not registered"),
            (
                [
                    "issuer", "register", "--key", node.path("school.key.pem"), "--issuer-id", "x", "--name", "X",
                    "--country", "BB",
                    "--issuer-public-key", node.path("stranger.pub.pem"),
                ], 1, "unknown_author"
            ),
            (Array(registerArguments.map { $0 == "BB" ? "Barbados" : $0 }), 2, "ISO 3166-1 alpha-2"),
            (
                registerArguments.map { $0 == node.path("school.pub.pem") ? node.path("none.pem") : $0 }, 2,
                "--issuer-public-key"
            ),
            (registerArguments, 0, "final at height 1"),
            (registerArguments, 1, "issuer 'school' is already registered (A School, BB"),
            (registerArguments.map { $0 == "A School" ? "Another Name" : $0 }, 1, "is already registered"),
            (registerArguments + ["--json"], 1, "\"issuer_already_registered\""),
            (
                [
                    "issuer", "register", "--key", node.path("school.key.pem"), "--issuer-id", "x", "--name", "X",
                    "--country", "BB",
                    "--issuer-public-key", node.path("stranger.pub.pem"),
                ], 1, "author_not_validator"
            ),
            // Issuing.
            (
                issueArguments.map { $0 == node.path("school.key.pem") ? node.path("stranger.key.pem") : $0 }, 1,
                "not the key registered"
            ),
            (issueArguments + ["--subject", "someone"], 2, "--subject and --salt-out go together"),
            (issueArguments + ["--expires-at", "2001-01-01"], 2, "is not in the future"),
            (issueArguments + ["--expires-at", "next year"], 2, "is not a time like 2027-01-31T12:00:00Z"),
            (issueArguments.map { $0 == document ? node.path("missing.json") : $0 }, 2, "no such file"),
            (issueArguments.map { $0 == document ? node.genesis : $0 }, 2, "give --credential-id"),
            (issueArguments + ["--wait"], 0, "final at height 2"),
            (issueArguments, 1, "duplicate_credential_id"),
            // Revoking.
            (["revoke", "--key", node.path("school.key.pem"), "--credential-id", "nope"], 1, "unknown_credential"),
            (
                ["revoke", "--key", node.path("school.key.pem"), "--credential-id", "nope", "--reason", "whim"], 2,
                "is not one of"
            ),
            // Reading.
            (["status", "--transaction", String(repeating: "ab", count: 32)], 1, "not_found"),
            (["status", "--transaction", "xyz"], 1, "invalid_id"),
            (["status", "--credential", "nope"], 1, "not_found"),
            (["status", "--credential", "a", "--transaction", "b"], 2, "at most one"),
            (["proof", "nope"], 1, "not_found"),
            (["consistency", "--from", "2", "--to", "1", "--genesis", node.genesis], 2, "--from"),
            (["consistency", "--from", "1", "--to", "99", "--genesis", node.genesis], 1, "not final yet"),
            (
                [
                    "consistency", "--from", "1", "--to", "2", "--genesis",
                    CLI.examples.appendingPathComponent("genesis.json").path,
                ], 1, "chain check failed"
            ),
        ]
        for (arguments, status, message) in cases {
            let result = try await node.run(arguments)
            #expect(result.status == status, "\(arguments): \(result.output)\(result.error)")
            #expect((result.output + result.error).contains(message), "\(arguments): \(result.output)\(result.error)")
        }
        let unreachable = try await CLI.runAsync(["head", "--node", "http://127.0.0.1:9"])
        #expect(unreachable.status == 1 && unreachable.error.contains("Is ledger-node running there?"))
        let notURL = try await CLI.runAsync(["head", "--node", "not a url"])
        #expect(notURL.status == 2 && notURL.error.contains("is not a URL"))
        let existing = try await node.run(["proof", "7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34", "--out", node.genesis])
        #expect(existing.status == 2 && existing.error.contains("already exists; pass --force"), "\(existing.error)")
        let replaced = try await node.run([
            "proof", "urn:uuid:7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34", "--out", node.path("p.json"),
        ])
        #expect(replaced.status == 0, "\(replaced.error)")
        #expect(
            try await node.run([
                "proof", "7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34", "--out", node.path("p.json"), "--force",
            ]).status == 0)
        let noFolder = try await node.run([
            "proof", "7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34", "--out", node.path("absent/p.json"),
        ])
        #expect(noFolder.status == 2 && noFolder.error.contains("does not exist. Create it first"), "\(noFolder.error)")
        let jsonError = try await node.run(["status", "--credential", "nope", "--json"])
        #expect(jsonError.status == 1)
        let errorJSON = try JSONParser.parse(Array(jsonError.error.utf8))
        #expect(errorJSON["error"]?.stringValue == "not_found" && errorJSON["reason"]?.stringValue?.isEmpty == false)
    }

    @Test("devnet up: a node that cannot start is reported with its own first error line")
    func devnetUpQuotesTheNodeError() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let net = directory.appendingPathComponent("net").path
        let port = FreePort.consecutive(2)
        let initialized = try await CLI.runAsync([
            "devnet", "init", "--nodes", "1", "--dir", net, "--base-port", "\(port)",
        ])
        #expect(initialized.status == 0, "\(initialized.error)")
        let first = Process()
        first.executableURL = CLI.executable
        first.arguments = ["devnet", "up", "--dir", net]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        defer {
            first.terminate()
            first.waitUntilExit()
        }
        var answered = false
        for _ in 0..<300 where first.isRunning && !answered {
            answered = try await CLI.runAsync(["status", "--node", "http://127.0.0.1:\(port)"]).status == 0
            if !answered { try await OffPool.run { _ = usleep(100_000) } }
        }
        #expect(answered, "the first devnet did not come up")
        let second = try await CLI.runAsync(["devnet", "up", "--dir", net])
        #expect(second.status == 1, "\(second.output)\(second.error)")
        #expect(
            second.error.contains("node-1 exited with status 1: ledger-node: another ledger-node is running"),
            "\(second.error)")
    }

    @Test("devnet: init refuses a non-empty directory and impossible sizes; up needs an initialized directory")
    func devnetFailures() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("x".utf8).write(to: directory.appendingPathComponent("file"))
        let nonEmpty = try await CLI.runAsync(["devnet", "init", "--dir", directory.path])
        #expect(nonEmpty.status == 2 && nonEmpty.error.contains("not empty"))
        #expect(try await CLI.runAsync(["devnet", "init", "--nodes", "0", "--dir", directory.path + "/n"]).status == 2)
        let up = try await CLI.runAsync(["devnet", "up", "--dir", directory.path + "/absent"])
        #expect(up.status == 2 && up.error.contains("devnet init"))
        let empty = try await CLI.runAsync(["devnet", "up", "--dir", directory.path])
        #expect(empty.status == 2 && empty.error.contains("no node files"))
    }
}
