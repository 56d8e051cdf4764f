import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

/// `ledger verify` and the independent Python verifier (examples/verify_proof.py) give the same verdict and the
/// same exit status on one set of cases: authentic, revoked, expired, suspended, status too old, a newer status
/// proof and a stale one, not an issuance, the learner, the document.
@Suite("Verdicts: ledger verify and verify_proof.py agree")
struct VerdictAgreementTests {
    static let learner = "learner-2231@students.example"
    static let salt: [UInt8] = Array(100..<116)
    static let expiry: UInt64 = 4_102_444_800_000  // 2100-01-01T00:00:00Z
    static let documents = CLI.repositoryRoot.appendingPathComponent("Tests/LedgerCoreTests/Vectors/documents")

    /// Bundles from a real store: an expiring issuance bound to a learner, a revoked credential, and a bundle
    /// built around the revocation transaction itself.
    struct Files {
        let good, revoked, revocation, suspended, genesis: URL
        /// "learner-later": its status proof at its issuing block, its bundle a block later, and its status proof
        /// after a revocation that follows the bundle.
        let later, laterRevokedStatus, laterActiveStatus: URL
    }

    static func bundles(in directory: URL) throws -> Files {
        let chain = try SyntheticChain(validatorCount: 4)
        let store = try ChainStore(directory: directory.appendingPathComponent("store").path, genesis: chain.genesis)
        let now: UInt64 = 2_000_000_000_000
        try store.append(chain.registrationBlock(), localTimeMilliseconds: now)
        let badge = [UInt8](try Data(contentsOf: documents.appendingPathComponent("badge.json")))
        func issuance(_ id: String, expires: UInt64?) throws -> TransactionBody {
            try TransactionBody(
                chainID: chain.genesis.chainID, authorKeyID: chain.issuerKey.publicKey.keyID,
                payload: .issueCredential(
                    IssueCredential(
                        credentialID: id, documentDigest: try DocumentDigest.compute(badge).digest,
                        subjectCommitment: DocumentDigest.subjectCommitment(salt: salt, identifier: learner),
                        definitionID: nil, issuedAtMilliseconds: chain.clockMilliseconds,
                        expiresAtMilliseconds: expires)))
        }
        let issued = try SignedTransaction.signAll(
            [
                try issuance("learner-credential", expires: expiry), try issuance("learner-revoked", expires: nil),
                try issuance("learner-suspended", expires: nil), try issuance("learner-later", expires: nil),
            ],
            with: chain.issuerKey)
        try store.append(try chain.seal(issued), localTimeMilliseconds: now)
        let laterActiveJSON = try store.statusProof(credentialID: "learner-later").json
        func change(_ payload: TransactionPayload) throws -> SignedTransaction {
            try SignedTransaction.sign(
                try TransactionBody(
                    chainID: chain.genesis.chainID, authorKeyID: chain.issuerKey.publicKey.keyID, payload: payload),
                with: chain.issuerKey)
        }
        let revocation = try change(
            .revokeCredential(RevokeCredential(credentialID: "learner-revoked", reason: .superseded)))
        let suspension = try change(
            .suspendCredential(
                SuspendCredential(
                    credentialID: "learner-suspended", reason: .pendingCorrection,
                    decidedAtMilliseconds: chain.clockMilliseconds)))
        try store.append(try chain.seal([revocation, suspension]), localTimeMilliseconds: now)
        func write(_ text: String, _ name: String) throws -> URL {
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url
        }
        let laterActive = try write(laterActiveJSON, "later-active.json")
        let later = try write(try store.proofBundle(credentialID: "learner-later").json, "later.json")
        try store.append(
            try chain.seal([
                try change(.revokeCredential(RevokeCredential(credentialID: "learner-later", reason: .fraudulent)))
            ]),
            localTimeMilliseconds: now)
        let laterRevoked = try write(try store.statusProof(credentialID: "learner-later").json, "later-revoked.json")
        return Files(
            good: try write(try store.proofBundle(credentialID: "learner-credential").json, "good.json"),
            revoked: try write(try store.proofBundle(credentialID: "learner-revoked").json, "revoked.json"),
            revocation: try write(try store.proofBundle(transactionID: revocation.id).json, "revocation.json"),
            suspended: try write(try store.proofBundle(credentialID: "learner-suspended").json, "suspended.json"),
            genesis: try write(chain.genesis.json, "genesis.json"), later: later, laterRevokedStatus: laterRevoked,
            laterActiveStatus: laterActive)
    }

    @Test("each case: the same exit status (0 to 5) and verdict from both verifiers")
    func verdictsAgree() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.bundles(in: directory)
        let (good, revoked, revocation, genesis) = (files.good, files.revoked, files.revocation, files.genesis)
        let saltFile = directory.appendingPathComponent("learner.salt")
        try (Hex.encode(Self.salt) + "\n").write(to: saltFile, atomically: true, encoding: .utf8)
        let badge = Self.documents.appendingPathComponent("badge.json").path
        let truncated = Self.documents.appendingPathComponent("truncated.json").path
        let learner = ["--subject", Self.learner, "--salt", saltFile.path]
        let cases: [(String, URL, [String], Int32, String)] = [
            ("authentic, document and learner match", good, ["--credential", badge] + learner, 0, "AUTHENTIC"),
            (
                "the salt given as hex", good, ["--subject", Self.learner, "--salt", Hex.encode(Self.salt)], 0,
                "AUTHENTIC"
            ),
            ("expired at the --at time", good, ["--at", "2100-01-02T00:00:00Z"], 3, "EXPIRED"),
            ("not yet expired at the --at time", good, ["--at", "2099-12-31T23:59:59Z"], 0, "AUTHENTIC"),
            ("revoked, proven", revoked, [], 3, "REVOKED"),
            ("suspended, proven", files.suspended, [], 4, "SUSPENDED"),
            ("a status older than --max-age", good, ["--max-age", "1h"], 5, "STATUS TOO OLD"),
            ("revoked even when the status is old", revoked, ["--max-age", "1h"], 3, "REVOKED"),
            ("a bundle from before a revocation", files.later, [], 0, "AUTHENTIC"),
            (
                "that bundle with a newer status proof", files.later, ["--status", files.laterRevokedStatus.path], 3,
                "REVOKED"
            ),
            (
                "a status proof older than the bundle's own", files.later, ["--status", files.laterActiveStatus.path],
                1, "older than the bundle's own"
            ),
            ("a bundle around a revocation", revocation, [], 1, "issuance"),
            (
                "another learner", good, ["--subject", "learner-2232@students.example", "--salt", saltFile.path], 1,
                "subject"
            ),
            (
                "the learner with a wrong salt", good,
                ["--subject", Self.learner, "--salt", "00" + Hex.encode(Self.salt)],
                1, "subject"
            ),
            (
                "the document taken raw, though anchored canonical", good, ["--credential", badge, "--raw"], 1,
                "document"
            ),
            ("a document that must be JSON but is truncated", good, ["--credential", truncated], 2, "not valid JSON"),
        ]
        let python = CLI.repositoryRoot.appendingPathComponent("examples/verify_proof.py").path
        for (name, bundle, caseOptions, status, verdict) in cases {
            // The synthetic chain is dated 2023: a century of --max-age, unless the case sets its own.
            let options = caseOptions.contains("--max-age") ? caseOptions : caseOptions + ["--max-age", "36500d"]
            let swift = try await CLI.runAsync(["verify", bundle.path, "--genesis", genesis.path] + options)
            #expect(swift.status == status, "ledger verify, \(name): \(swift.output)\(swift.error)")
            #expect((swift.output + swift.error).contains(verdict), "ledger verify, \(name): \(swift.output)")
            let independent = try await CLI.runProgram(CLI.python, [python, bundle.path, genesis.path] + options)
            let printed = independent.standardOutput + independent.standardError
            #expect(independent.status == status, "verify_proof.py, \(name): \(printed)")
            #expect(printed.contains(verdict), "verify_proof.py, \(name): \(printed)")
        }
        let age = ["--max-age", "36500d"]
        let json = try await CLI.runAsync(["verify", revocation.path, "--genesis", genesis.path, "--json"] + age)
        #expect(json.json?["check"]?.stringValue == "issuance" && json.json?["verdict"]?.stringValue == "not-authentic")
        let revokedJSON = try await CLI.runAsync(["verify", revoked.path, "--genesis", genesis.path, "--json"] + age)
        #expect(revokedJSON.status == 3 && revokedJSON.json?["verdict"]?.stringValue == "revoked")
        #expect(revokedJSON.json?["status"]?["reason"]?.stringValue == "superseded")
        #expect(
            revokedJSON.error.contains("\"error\" : \"revoked\"")
                || revokedJSON.error.contains("\"error\": \"revoked\""))
    }

    @Test("the document fixtures: ledger digest and verify_proof.py's rule agree with expected.json")
    func documentRuleAgrees() async throws {
        let expected = try JSONParser.parse(
            [UInt8](try Data(contentsOf: Self.documents.appendingPathComponent("expected.json"))))
        let script = """
            import hashlib, json, sys
            sys.path.insert(0, sys.argv[1])
            import verify_proof
            for case in json.load(open(sys.argv[2] + "/expected.json", encoding="utf-8"))["cases"]:
                data = open(sys.argv[2] + "/" + case["file"], "rb").read()
                try:
                    digest, form = verify_proof.document_digest(data, case["file"])
                    print(case["file"], form, digest.hex())
                except verify_proof.NotJSON as error:
                    print(case["file"], "refused", error)
            """
        let python = try await CLI.runProgram(
            CLI.python, ["-c", script, CLI.repositoryRoot.appendingPathComponent("examples").path, Self.documents.path])
        #expect(python.status == 0, "\(python.standardError)")
        let lines = python.standardOutput.split(separator: "\n").map(String.init)
        for entry in try #require(expected["cases"]?.arrayValue) {
            let name = try #require(entry["file"]?.stringValue)
            let bytes = [UInt8](try Data(contentsOf: Self.documents.appendingPathComponent(name)))
            let anchored = entry["canonical"]?.stringValue.map { SHA256.hash(Array($0.utf8)) } ?? SHA256.hash(bytes)
            let pythonLine = lines.first { $0.hasPrefix(name + " ") } ?? "missing"
            let digest = try await CLI.runAsync(["digest", Self.documents.appendingPathComponent(name).path, "--json"])
            if let offset = entry["offset"]?.unsignedIntegerValue {
                #expect(pythonLine.hasPrefix("\(name) refused"), "\(pythonLine)")
                #expect(digest.status == 2 && digest.error.contains("at byte \(offset)"), "\(name): \(digest.error)")
                #expect(digest.error.contains("--raw"), "\(name): \(digest.error)")
            } else {
                let form = entry["form"]?.stringValue ?? "?"
                #expect(pythonLine == "\(name) \(form) \(anchored.hex)")
                #expect(
                    digest.json?["digest"]?.stringValue == anchored.hex && digest.json?["form"]?.stringValue == form)
            }
        }
        let raw = try await CLI.runAsync([
            "digest", Self.documents.appendingPathComponent("truncated.json").path, "--raw",
        ])
        let truncated = [UInt8](try Data(contentsOf: Self.documents.appendingPathComponent("truncated.json")))
        #expect(raw.status == 0 && raw.output.hasPrefix(SHA256.hash(truncated).hex))
    }
}

@Suite("Status-proof fixtures: the Python verifier agrees")
struct StatusProofAgreementTests {
    @Test("examples/verify_proof.py accepts and refuses exactly the cases the fixture file says")
    func pythonVerdicts() async throws {
        let file = CLI.repositoryRoot.appendingPathComponent("Tests/LedgerCoreTests/Vectors/status-proofs/cases.json")
        let script = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            import verify_proof
            for case in json.load(open(sys.argv[2], encoding="utf-8"))["cases"]:
                value = bytes.fromhex(case["value"]) if case["value"] is not None else None
                leaf = case["leaf"]
                leaf = (bytes.fromhex(leaf["keyHash"]), bytes.fromhex(leaf["valueHash"])) if leaf else None
                siblings = [bytes.fromhex(s) for s in case["siblings"]]
                try:
                    root = verify_proof.status_root(bytes.fromhex(case["keyHash"]), value, leaf, siblings)
                    verify_proof.check(root == bytes.fromhex(case["root"]), "status proof leads to another root")
                    print("accept", case["name"])
                except verify_proof.CheckFailed as error:
                    print("refuse", case["name"], "--", error)
            """
        let python = try await CLI.runProgram(
            CLI.python, ["-c", script, CLI.repositoryRoot.appendingPathComponent("examples").path, file.path])
        #expect(python.status == 0, "\(python.standardError)")
        let lines = python.standardOutput.split(separator: "\n").map(String.init)
        let cases = try #require(try JSONParser.parse([UInt8](try Data(contentsOf: file)))["cases"]?.arrayValue)
        #expect(lines.count == cases.count && cases.count >= 16)
        for (line, item) in zip(lines, cases) {
            let name = try #require(item["name"]?.stringValue)
            let accepted = item["expect"] == .string("accept")
            #expect(line.hasPrefix((accepted ? "accept " : "refuse ") + name), "\(line)")
        }
    }
}
