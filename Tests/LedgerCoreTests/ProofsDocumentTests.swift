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

    static func runRecipe(bundle: String, genesis: String) throws -> TestSupport.ProcessResult {
        let directory = try TestSupport.temporaryDirectory()
        let scriptPath = directory.appendingPathComponent("recipe.sh").path
        let bundlePath = directory.appendingPathComponent("proof.json").path
        let genesisPath = directory.appendingPathComponent("genesis.json").path
        try recipe().write(toFile: scriptPath, atomically: true, encoding: .utf8)
        try bundle.write(toFile: bundlePath, atomically: true, encoding: .utf8)
        try genesis.write(toFile: genesisPath, atomically: true, encoding: .utf8)
        return try TestSupport.run("env", ["BUNDLE=\(bundlePath)", "GENESIS=\(genesisPath)", "bash", scriptPath])
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
        for (bundle, expected) in cases {
            let result = try Self.runRecipe(bundle: bundle.json, genesis: fixture.chain.genesis.json)
            #expect(result.status != 0)
            #expect(result.standardError.contains(expected), "\(result.standardError)")
        }
        let other = try TestChain(validatorCount: 4)
        let wrongGenesis = try Self.runRecipe(bundle: good.json, genesis: other.genesis.json)
        #expect(wrongGenesis.status != 0 && wrongGenesis.standardError.contains("not this genesis"))
    }
}
