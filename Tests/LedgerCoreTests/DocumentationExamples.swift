import Foundation
import LedgerCore
import LedgerStore
import Testing

/// The worked examples in docs/FORMATS.md and docs/PROOFS.md: a one-validator chain built from the example
/// keys in docs/examples. Signatures are randomised, so the docs hold one run's output and the tests
/// re-derive every hash and check every signature from the docs' own bytes.
enum DocumentationExamples {
    static let examplesDirectory = TestSupport.repositoryRoot.appendingPathComponent("docs/examples")
    static let genesisTime: UInt64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z
    static let salt: [UInt8] = Array(0..<16)

    struct Chain {
        let genesis: Genesis
        let registration: SignedTransaction
        let issue: SignedTransaction
        let blocks: [Block]
        let ledger: InMemoryMerkleTree
        /// The status map after block 2.
        let status: StatusMap
    }

    static func key(_ name: String) throws -> P256PrivateKey {
        try KeyFile.readPrivateKey(path: examplesDirectory.appendingPathComponent("\(name).key.pem").path)
    }

    /// Builds the example chain: block 1 registers the issuer, block 2 anchors docs/examples/credential.json.
    static func build() throws -> Chain {
        let validator = try key("example-validator")
        let issuer = try key("example-issuer")
        let genesis = try Genesis(
            chainName: "cxc-example", genesisTimeMilliseconds: genesisTime, validators: [("cxc", validator.publicKey)],
            parameters: .standard)
        let freshRegistration = try SignedTransaction.sign(
            try TransactionBody(
                chainID: genesis.chainID, authorKeyID: validator.publicKey.keyID,
                payload: .registerIssuer(
                    RegisterIssuer(
                        issuerID: "uwi-open-campus", displayName: "The UWI Open Campus", country: "JM",
                        publicKey: issuer.publicKey.spkiDER,
                        accreditationNotes: "Accredited by the University Council of Jamaica"))),
            with: validator)
        let document = [UInt8](try Data(contentsOf: examplesDirectory.appendingPathComponent("credential.json")))
        let freshIssue = try SignedTransaction.sign(
            try TransactionBody(
                chainID: genesis.chainID, authorKeyID: issuer.publicKey.keyID,
                payload: .issueCredential(
                    IssueCredential(
                        credentialID: "cxc-mc-2026-000123", documentDigest: try DocumentDigest.compute(document).digest,
                        subjectCommitment: DocumentDigest.subjectCommitment(
                            salt: salt, identifier: "learner@example.org"),
                        definitionID: nil, issuedAtMilliseconds: 1_767_344_400_000, expiresAtMilliseconds: nil))),
            with: issuer)
        // ECDSA signatures are randomized: regenerating keeps the signatures of the committed examples whenever
        // they sign the same bytes, so FORMATS.md's hex blocks stay true.
        let previous = try? JSONParser.parse(
            [UInt8](try Data(contentsOf: examplesDirectory.appendingPathComponent("proof.json"))))
        func kept(_ fresh: SignedTransaction, _ encoded: JSONValue?) -> SignedTransaction {
            guard let text = encoded?.stringValue, let bytes = Base64.decode(text),
                let old = try? SignedTransaction.decode(bytes), old.body == fresh.body
            else { return fresh }
            return old
        }
        let registration = kept(freshRegistration, previous?["issuer"]?["registration"]?["encoded"])
        let issue = kept(freshIssue, previous?["transaction"]?["encoded"])
        let previousSeal = previous?["commit"]?.stringValue.flatMap { try? SignedNote.parse(Array($0.utf8)) }
        var registry = InMemoryRegistry(genesis: genesis)
        var tip = ChainTip.genesis(genesis)
        var status = StatusMap(chainID: genesis.chainID)
        var blocks: [Block] = []
        var ledger = InMemoryMerkleTree()
        let hasher = MerkleHasher()
        for (transaction, time) in [(registration, genesisTime + 60_000), (issue, 1_767_344_460_000)] {
            let execution = try ChainRules.execute(
                [transaction], timestampMilliseconds: time, parent: tip, parentStatus: status, genesis: genesis,
                registry: registry
            ).get()
            let header = BlockBuilder.header(
                parent: tip, genesis: genesis, execution: execution, timestampMilliseconds: time, round: 0)
            var seal = try BlockBuilder.seal(header, genesis: genesis, with: validator)
            if let previousSeal,
                previousSeal.text == header.commitCheckpoint(chainName: genesis.chainName, round: 0).text
            {
                seal = CommitSeal(validatorKeyID: seal.validatorKeyID, signature: previousSeal.signatures[0].signature)
            }
            let block = Block(
                header: header, transactions: [transaction], certificate: CommitCertificate(round: 0, seals: [seal]))
            let accepted = try ChainRules.validate(
                block: block, parent: tip, parentStatus: status, genesis: genesis, registry: registry,
                localTimeMilliseconds: time
            ).get()
            for change in accepted.changes { registry.apply(change) }
            tip = accepted.tip
            status = accepted.status
            blocks.append(block)
            ledger.append(leafHash: transaction.leafHash(hasher: hasher), hasher: hasher)
        }
        return Chain(
            genesis: genesis, registration: registration, issue: issue, blocks: blocks, ledger: ledger, status: status)
    }

    /// The credential's bundle, its status proven against block 2 itself (the example chain's last block).
    static func bundle(_ chain: Chain) throws -> ProofBundle {
        let block = chain.blocks[1]
        let status = try StatusProof.build(
            map: chain.status, credentialID: "cxc-mc-2026-000123", issuerID: "uwi-open-campus", header: block.header,
            certificate: block.certificate, genesis: chain.genesis, validators: chain.genesis.validatorSet,
            consistency: .init(fromSize: block.header.ledgerSize, toSize: block.header.ledgerSize, path: []))
        return try ProofBundleBuilder.build(
            genesis: chain.genesis, block: block, transactionIndex: 0, ledger: chain.ledger,
            registration: (chain.registration, 0), status: status, validators: chain.genesis.validatorSet,
            handoffs: [])
    }

    /// Reads the fenced blocks "```note name=NAME" of a markdown file: their lines, each ending in a newline.
    static func textBlocks(in markdown: String) -> [String: String] {
        var blocks: [String: String] = [:]
        var current: String? = nil
        var text = ""
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let name = current {
                if line.hasPrefix("```") {
                    blocks[name] = text
                    current = nil
                } else {
                    text += line + "\n"
                }
            } else if line.hasPrefix("```note name=") {
                current = String(line.dropFirst("```note name=".count))
                text = ""
            }
        }
        return blocks
    }

    /// Reads the fenced blocks "```hex name=NAME" of a markdown file: first token of each line, joined.
    static func hexBlocks(in markdown: String) -> [String: [UInt8]] {
        var blocks: [String: [UInt8]] = [:]
        var current: String? = nil
        var hex = ""
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let name = current {
                if line.hasPrefix("```") {
                    blocks[name] = Hex.decode(hex)
                    current = nil
                } else if let token = line.split(separator: " ").first {
                    hex += token
                }
            } else if line.hasPrefix("```hex name=") {
                current = String(line.dropFirst("```hex name=".count))
                hex = ""
            }
        }
        return blocks
    }
}

@Suite("Documentation example generator")
struct DocumentationExampleGenerator {
    /// Rewrites docs/examples/{genesis,proof}.json and prints the FORMATS.md hex blocks. Run with
    /// MCLEDGER_REGENERATE_DOCS=1 after changing a format; then paste the printed blocks into FORMATS.md.
    @Test(
        "regenerate documentation examples",
        .enabled(if: ProcessInfo.processInfo.environment["MCLEDGER_REGENERATE_DOCS"] == "1"))
    func regenerate() throws {
        let chain = try DocumentationExamples.build()
        let directory = DocumentationExamples.examplesDirectory
        try chain.genesis.json.write(
            to: directory.appendingPathComponent("genesis.json"), atomically: true, encoding: .utf8)
        try DocumentationExamples.bundle(chain).json.write(
            to: directory.appendingPathComponent("proof.json"), atomically: true, encoding: .utf8)
        let header = chain.blocks[1].header
        print("chainId", chain.genesis.chainID.hex)
        print("genesis", Hex.encode(chain.genesis.encoded))
        print("issue-body", Hex.encode(chain.issue.body.encoded))
        print("issue-signed", Hex.encode(chain.issue.encoded))
        print("issue-id", chain.issue.id.hex)
        print("issue-leaf", chain.issue.leafHash(hasher: MerkleHasher()).hex)
        print("header", Hex.encode(header.encoded))
        print("header-hash", header.hash.hex)
        print("commit-note")
        print(
            try chain.blocks[1].certificate.note(
                for: header, chainName: chain.genesis.chainName, validators: chain.genesis.validatorSet
            ).encoded)
    }
}
