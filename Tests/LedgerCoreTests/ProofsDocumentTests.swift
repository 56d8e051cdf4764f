import Foundation
import LedgerCore
import Testing

@Suite("docs/PROOFS.md: the by-hand recipe checks real bundles and catches tampering")
struct ProofsDocumentTests {
    /// The ```sh blocks of PROOFS.md, in order, as one bash script.
    static func recipe() throws -> String {
        let markdown = try String(
            contentsOf: TestSupport.repositoryRoot.appendingPathComponent("docs/PROOFS.md"), encoding: .utf8)
        var script = ""
        var inside = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```sh" {
                inside = true
            } else if inside && line == "```" {
                inside = false
            } else if inside {
                script += line + "\n"
            }
        }
        return script
    }

    /// Runs the recipe. The test chains are dated 2025, so the status age allowed defaults to far more than that.
    static func runRecipe(bundle: String, genesis: String, maxAgeSeconds: UInt64 = 10_000_000_000) throws
        -> TestSupport.ProcessResult
    {
        let directory = try TestSupport.temporaryDirectory()
        let scriptPath = directory.appendingPathComponent("recipe.sh").path
        let bundlePath = directory.appendingPathComponent("proof.json").path
        let genesisPath = directory.appendingPathComponent("genesis.json").path
        try recipe().write(toFile: scriptPath, atomically: true, encoding: .utf8)
        try bundle.write(toFile: bundlePath, atomically: true, encoding: .utf8)
        try genesis.write(toFile: genesisPath, atomically: true, encoding: .utf8)
        return try TestSupport.run(
            "env", ["BUNDLE=\(bundlePath)", "GENESIS=\(genesisPath)", "MAX_AGE=\(maxAgeSeconds)", "bash", scriptPath])
    }

    static func failedCheck(_ result: Result<VerifiedProof, ProofFailure>) -> ProofCheck? {
        ProofBundleTests.failedCheck(result)
    }

    @Test("the recipe accepts the example bundle in docs/examples")
    func exampleBundle() throws {
        let directory = DocumentationExamples.examplesDirectory
        let result = try Self.runRecipe(
            bundle: try String(contentsOf: directory.appendingPathComponent("proof.json"), encoding: .utf8),
            genesis: try String(contentsOf: directory.appendingPathComponent("genesis.json"), encoding: .utf8))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("bundle verified by hand: credential cxc-mc-2026-000123 in block 2"))
    }

    @Test("the recipe accepts generated bundles on a 4-validator chain at several tree positions")
    func generatedBundles() throws {
        let fixture = try ProofBundleTests.Fixture()
        for (height, index) in [(2, 0), (2, 5), (3, 4)] {
            let bundle = try fixture.bundle(height: height, index: index)
            let result = try Self.runRecipe(bundle: bundle.json, genesis: fixture.chain.genesis.json)
            #expect(result.status == 0, "height \(height) index \(index): \(result.standardError)")
            #expect(result.standardOutput.contains("ok final: 3 of 4 validators signed (quorum 3)"))
            #expect(result.standardOutput.contains("registered by belize"))
        }
    }

    @Test("the recipe stops with status 3 for a revoked or expired credential, as ledger verify does")
    func standing() throws {
        let fixture = try ProofBundleTests.Fixture()
        try fixture.add([try fixture.chain.revoke("cred-a0", by: fixture.issuerKey)])
        let revoked = try Self.runRecipe(
            bundle: try fixture.bundle(height: 2, index: 1).json, genesis: fixture.chain.genesis.json)
        #expect(
            revoked.status == 3 && revoked.standardOutput.contains("REVOKED: authentic"), "\(revoked.standardError)")
        let issuedAt = fixture.chain.clockMilliseconds
        for (expiry, definition) in [(issuedAt + 1, nil), (UInt64(4_102_444_800_000), "course-1")]
            as [(UInt64, String?)]
        {
            if let definition { try fixture.add([try fixture.chain.define(definition, by: fixture.issuerKey)]) }
            try fixture.add([
                try fixture.chain.sign(
                    .issueCredential(
                        IssueCredential(
                            credentialID: "cred-expiry-\(expiry)", documentDigest: SHA256.hash([1]),
                            subjectCommitment: SHA256.hash([2]), definitionID: definition,
                            issuedAtMilliseconds: fixture.chain.clockMilliseconds, expiresAtMilliseconds: expiry)),
                    by: fixture.issuerKey)
            ])
            let result = try Self.runRecipe(
                bundle: try fixture.bundle(height: fixture.chain.blocks.count, index: 0).json,
                genesis: fixture.chain.genesis.json)
            // The test chain's clock is in 2025 and the first expiry a millisecond after issue; the second is 2100.
            let expired = expiry < 4_102_444_800_000
            #expect(result.status == (expired ? 3 : 0), "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardOutput.contains(expired ? "EXPIRED: authentic" : "expires: \(expiry)"))
        }
    }

    @Test("the recipe refuses tampered bundles and the wrong genesis, naming what failed")
    func tamperedBundles() throws {
        let fixture = try ProofBundleTests.Fixture()
        let good = try fixture.bundle(height: 3, index: 2)
        var cases: [(ProofBundle, String)] = []
        var pathFlipped = good
        pathFlipped.ledgerInclusion.path[0] = ProofBundleTests.flip(pathFlipped.ledgerInclusion.path[0])
        cases.append((pathFlipped, "ledger inclusion"))
        var sealFlipped = good
        sealFlipped.commit.signatures[1].signature[10] ^= 1
        cases.append((sealFlipped, "commit signature"))
        var tooFew = good
        tooFew.commit.signatures.removeLast()
        cases.append((tooFew, "quorum is 3"))
        var leafFlipped = good
        leafFlipped.transaction.encoded[50] ^= 1
        cases.append((leafFlipped, "FAILED"))
        // The malleated twin (r, n − s) of a genuine seal verifies in openssl; the recipe must refuse it as the
        // code does, for every seal position.
        for position in good.commit.signatures.indices {
            var highS = good
            let (r, s) = try ECDSATests.splitDER(good.commit.signatures[position].signature)
            highS.commit.signatures[position].signature = ECDSATests.encodeDER(
                r: r, s: ECDSATests.subtract(ECDSATests.p256Order, s))
            #expect(Self.failedCheck(ProofVerifier.verify(highS, genesis: fixture.chain.genesis)) == .commitQuorum)
            cases.append((highS, "high-S"))
        }
        try fixture.add([try fixture.chain.revoke("cred-a1", by: fixture.issuerKey)])
        cases.append((try fixture.bundle(height: 4, index: 0), "not an issuance"))
        for (bundle, expected) in cases {
            let result = try Self.runRecipe(bundle: bundle.json, genesis: fixture.chain.genesis.json)
            #expect(result.status != 0)
            #expect(result.standardError.contains(expected), "\(result.standardError)")
        }
        #expect(try Self.runRecipe(bundle: good.json, genesis: fixture.chain.genesis.json).status == 0)
        let other = try TestChain(validatorCount: 4)
        let wrongGenesis = try Self.runRecipe(bundle: good.json, genesis: other.genesis.json)
        #expect(wrongGenesis.status != 0 && wrongGenesis.standardError.contains("not this genesis"))
    }
}
