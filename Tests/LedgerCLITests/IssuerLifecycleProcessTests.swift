import Foundation
import LedgerCore
import LedgerTesting
import Testing

extension RegistryProcessTests {
    @Test("a key rotation refuses the old key while its credential verifies; a compromise ends in a range revocation")
    func keyRotationAndCompromise() async throws {
        let devnet = try RunningDevnet(nodes: 4)
        defer { devnet.stop() }
        try await devnet.waitForCatalogue(count: 100, node: 1)
        let net = devnet.net
        let node = devnet.api(1)
        let genesis = net + "/genesis.json"
        let authority = net + "/node-1/node.key.pem"
        func run(_ arguments: [String], status: Int32 = 0) async throws -> CLI.Result {
            let result = try await CLI.runAsync(arguments)
            #expect(result.status == status, "\(arguments): \(result.output)\(result.error)")
            return result
        }
        let document = CLI.repositoryRoot.appendingPathComponent("examples/open-badge-short-course.json").path
        func issue(_ id: String, key: String, status: Int32 = 0) async throws -> CLI.Result {
            try await run(
                [
                    "issue", "--node", node, "--issuer", "bcc", "--key", key, "--credential", document,
                    "--credential-id", id, "--definition", "bcc-001", "--wait", "--json",
                ], status: status)
        }
        func verify(_ id: String, status: Int32) async throws -> (swift: String, python: String) {
            _ = try await run(["proof", id, "--node", devnet.api(3), "--out", net + "/\(id).json", "--force"])
            let swift = try await run(["verify", net + "/\(id).json", "--genesis", genesis], status: status)
            let python = try await CLI.runProgram(
                CLI.python,
                [
                    CLI.repositoryRoot.appendingPathComponent("examples/verify_proof.py").path, net + "/\(id).json",
                    genesis,
                ])
            #expect(python.status == status, "\(id): \(python.standardOutput)\(python.standardError)")
            return (swift.output, python.standardOutput)
        }
        let original = net + "/catalogue-keys/bcc.key.pem"
        _ = try await issue("bcc-before", key: original)

        // The college rotates its own key: the old key signs nothing more, and what it signed still verifies.
        _ = try await run(["keygen", "--out", net + "/bcc-2"])
        let rotated = try await run([
            "issuer", "rotate-key", "--node", node, "--key", original, "--new-key", net + "/bcc-2.key.pem",
            "--issuer-id", "bcc", "--wait",
        ])
        #expect(rotated.output.contains("key rotation of issuer bcc: final at height"), "\(rotated.output)")
        // Refused by the command line (the node's issuer record names the current key), and by the chain: the old
        // key may not even revoke what it signed.
        let refused = try await issue("bcc-old-key", key: original, status: 1)
        #expect(refused.error.contains("a key rotated away signs nothing"), "\(refused.error)")
        let revokedByOldKey = try await run(
            ["revoke", "--credential-id", "bcc-before", "--node", node, "--key", original, "--wait"], status: 1)
        #expect(revokedByOldKey.error.contains("issuer_key_retired"), "\(revokedByOldKey.error)")
        let before = try await verify("bcc-before", status: 0)
        #expect(before.swift.hasPrefix("AUTHENTIC: credential bcc-before"), "\(before.swift)")
        #expect(before.swift.contains("issuer key   signed with a key the issuer has since rotated away"))
        #expect(before.python.contains("rotated away"), "\(before.python)")
        let stolen = net + "/bcc-2.key.pem"
        _ = try await issue("bcc-after", key: stolen)

        // The new key is stolen: the thief issues two credentials before the authority notices, re-keys the
        // college alone and revokes every block the thief could have signed in.
        let first = try await issue("forged-1", key: stolen)
        _ = try await issue("forged-2", key: stolen)
        let from = try #require(first.json?["transaction"]?["height"]?.unsignedIntegerValue)
        _ = try await run(["keygen", "--out", net + "/bcc-3"])
        let rekeyed = try await run([
            "issuer", "rotate-key", "--node", node, "--key", authority, "--new-public-key", net + "/bcc-3.pub.pem",
            "--issuer-id", "bcc", "--wait", "--json",
        ])
        let rekeyedAt = try #require(rekeyed.json?["height"]?.unsignedIntegerValue)
        let thief = try await issue("forged-3", key: stolen, status: 1)
        #expect(thief.error.contains("a key rotated away signs nothing"), "\(thief.error)")
        let range = [
            "issuer", "revoke-range", "--node", node, "--issuer-id", "bcc", "--from-height", "\(from)",
            "--to-height", "\(rekeyedAt)", "--wait",
        ]
        let notTheAuthority = try await run(range + ["--key", net + "/bcc-3.key.pem"], status: 1)
        #expect(notTheAuthority.error.contains("not_authorized_to_revoke_range"), "\(notTheAuthority.error)")
        let revoked = try await run(range + ["--key", authority])
        #expect(revoked.output.contains("final at height"), "\(revoked.output)")
        let again = try await run(range + ["--key", authority, "--reason", "fraudulent"], status: 1)
        #expect(again.error.contains("nothing_to_revoke"), "\(again.error)")
        for forged in ["forged-1", "forged-2"] {
            let verdict = try await verify(forged, status: 3)
            #expect(verdict.swift.hasPrefix("REVOKED: credential \(forged)"), "\(verdict.swift)")
            #expect(verdict.python.contains("issuerKeyCompromised"), "\(verdict.python)")
        }
        // What the college signed before the theft is untouched.
        #expect(try await verify("bcc-after", status: 0).swift.hasPrefix("AUTHENTIC: credential bcc-after"))
        #expect(try await verify("bcc-before", status: 0).swift.hasPrefix("AUTHENTIC: credential bcc-before"))
        let listed = try await run(["issuer", "list", "--node", devnet.api(2), "--json"])
        let bcc = listed.json?["issuers"]?.arrayValue?.first { $0["issuerId"]?.stringValue == "bcc" }
        #expect(bcc?["keyRotation"]?["byAuthority"] == .bool(true), "\(listed.output)")
    }
}
