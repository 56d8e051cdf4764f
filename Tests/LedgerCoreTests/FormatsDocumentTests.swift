import Foundation
import LedgerCore
import LedgerStore
import Testing

@Suite("docs/FORMATS.md worked examples are true")
struct FormatsDocumentTests {
    static func blocks() throws -> [String: [UInt8]] {
        let markdown = try String(
            contentsOf: TestSupport.repositoryRoot.appendingPathComponent("docs/FORMATS.md"), encoding: .utf8)
        return DocumentationExamples.hexBlocks(in: markdown)
    }

    static func publicKey(_ name: String) throws -> P256PublicKey {
        try KeyFile.readPublicKey(
            path: DocumentationExamples.examplesDirectory.appendingPathComponent("\(name).pub.pem").path)
    }

    @Test("every example block is present and is valid hex")
    func blocksPresent() throws {
        let blocks = try Self.blocks()
        for name in [
            "genesis", "chain-id", "transaction-body", "transaction-id", "transaction-signature", "transaction-leaf",
            "header", "header-hash", "status-key", "status-record", "status-leaf",
        ] {
            #expect(blocks[name] != nil, "missing or invalid hex block \(name)")
        }
    }

    @Test("genesis: the encoding is genesis.json's, and its SHA-256 is the chain id")
    func genesisExample() throws {
        let blocks = try Self.blocks()
        let encoding = try #require(blocks["genesis"])
        let chainID = try SHA256Digest(bytes: try #require(blocks["chain-id"]))
        #expect(SHA256.hash(encoding) == chainID)
        let file = [UInt8](
            try Data(contentsOf: DocumentationExamples.examplesDirectory.appendingPathComponent("genesis.json")))
        let genesis = try Genesis.parse(json: file)
        #expect(genesis.encoded == encoding)
        #expect(genesis.validators[0].publicKey == (try Self.publicKey("example-validator")))
    }

    @Test("transaction: body decodes canonically, id, issuer signature and leaf hash all recompute")
    func transactionExample() throws {
        let blocks = try Self.blocks()
        let bodyBytes = try #require(blocks["transaction-body"])
        let body = try TransactionBody.decode(bodyBytes)
        #expect(body.encoded == bodyBytes)
        #expect(SHA256.hash(bodyBytes).bytes == blocks["transaction-id"])
        let issuer = try Self.publicKey("example-issuer")
        #expect(body.authorKeyID == issuer.keyID)
        let signature = try #require(blocks["transaction-signature"])
        #expect(issuer.verify(signature: signature, message: bodyBytes) == .valid)
        let signed = try SignedTransaction(body: body, signature: signature)
        #expect(signed.encoded == [0x00, 0xB0] + bodyBytes + [UInt8(signature.count)] + signature)
        #expect(SHA256.hash([0x00] + signed.encoded).bytes == blocks["transaction-leaf"])
        guard case .issueCredential(let issue) = body.payload else {
            Issue.record("example is not an issueCredential")
            return
        }
        let document = [UInt8](
            try Data(contentsOf: DocumentationExamples.examplesDirectory.appendingPathComponent("credential.json")))
        #expect(issue.documentDigest == (try DocumentDigest.compute(document)).digest)
        #expect(issue.documentDigest != SHA256.hash(document))
        #expect(issue.subjectCommitment == SHA256.hash(DocumentationExamples.salt + Array("learner@example.org".utf8)))
        #expect(body.chainID.bytes == blocks["chain-id"])
    }

    @Test("header: decodes, hashes to the stated hash, and its roots follow from the leaves")
    func headerExample() throws {
        let blocks = try Self.blocks()
        let headerBytes = try #require(blocks["header"])
        let header = try BlockHeader.decode(headerBytes)
        #expect(header.encoded == headerBytes && headerBytes.count == 290)
        #expect(SHA256.hash(headerBytes).bytes == blocks["header-hash"])
        #expect(header.transactionRoot.bytes == blocks["transaction-leaf"])
        #expect(header.proposer == (try Self.publicKey("example-validator")).keyID)
        let proof = try ProofBundle.parse(
            json: [UInt8](
                try Data(contentsOf: DocumentationExamples.examplesDirectory.appendingPathComponent("proof.json"))))
        let registrationLeaf = proof.issuer.leaf.hash
        #expect(SHA256.hash([0x01] + registrationLeaf.bytes + header.transactionRoot.bytes) == header.ledgerRoot)
    }

    @Test("commit checkpoint: the example note is block 2's checkpoint, signed by the example validator")
    func commitExample() throws {
        let blocks = try Self.blocks()
        let header = try BlockHeader.decode(try #require(blocks["header"]))
        let markdown = try String(
            contentsOf: TestSupport.repositoryRoot.appendingPathComponent("docs/FORMATS.md"), encoding: .utf8)
        let text = try #require(DocumentationExamples.textBlocks(in: markdown)["commit-note"])
        let note = try SignedNote.parse(Array(text.utf8))
        let genesis = try Genesis.parse(
            json: [UInt8](
                try Data(contentsOf: DocumentationExamples.examplesDirectory.appendingPathComponent("genesis.json"))))
        let (checkpoint, signers) = try CommitNote.verify(note, genesis: genesis, validators: genesis.validatorSet)
        #expect(checkpoint == header.commitCheckpoint(chainName: genesis.chainName, round: 0))
        #expect(signers.map(\.name) == ["cxc"])
        let tampered = try SignedNote(
            text: note.text.replacingOccurrences(of: "\nround 0\n", with: "\nround 1\n"), signatures: note.signatures)
        #expect(throws: CommitNoteProblem.self) {
            try CommitNote.verify(tampered, genesis: genesis, validators: genesis.validatorSet)
        }
    }

    @Test("status record: the example key, record and leaf recompute from block 2's credential")
    func statusExample() throws {
        let blocks = try Self.blocks()
        let chainID = try SHA256Digest(bytes: try #require(blocks["chain-id"]))
        let key = try StatusKey.hash(chainID: chainID, kind: .credential, recordID: "cxc-mc-2026-000123")
        #expect(key.bytes == blocks["status-key"])
        let record = try #require(blocks["status-record"])
        #expect(
            try StatusRecord.decode(record)
                == .credential(
                    .init(
                        state: .active, reasonCode: 0, changedAtHeight: 2, changeLedgerIndex: 1, issuanceLedgerIndex: 1)
                ))
        let leaf = SparseMerkleHasher().leafHash(keyHash: key, valueHash: SHA256.hash(record))
        #expect(leaf.bytes == blocks["status-leaf"])
        // Block 2 leaves two records in the map, the issuer's (registered at height 1, leaf 0) and this one.
        let header = try BlockHeader.decode(try #require(blocks["header"]))
        let issuer = StatusRecord.issuer(
            .init(
                state: .active, keyID: try Self.publicKey("example-issuer").keyID, changedAtHeight: 1,
                changeLedgerIndex: 0))
        var map = StatusMap(chainID: chainID)
        map.load([
            .init(
                keyHash: try StatusKey.hash(chainID: chainID, kind: .issuer, recordID: "uwi-open-campus"),
                value: issuer.encoded),
            .init(keyHash: key, value: record),
        ])
        #expect(map.root == header.statusRoot)
    }

    @Test("the example proof bundle verifies offline with the example genesis and credential")
    func exampleBundle() throws {
        let directory = DocumentationExamples.examplesDirectory
        let genesis = try Genesis.parse(
            json: [UInt8](try Data(contentsOf: directory.appendingPathComponent("genesis.json"))))
        let verified = try ProofVerifier.verify(
            bundleJSON: [UInt8](try Data(contentsOf: directory.appendingPathComponent("proof.json"))), genesis: genesis,
            document: try DocumentDigest.compute(
                [UInt8](try Data(contentsOf: directory.appendingPathComponent("credential.json"))))
        ).get()
        #expect(verified.credentialID == "cxc-mc-2026-000123")
        #expect(verified.issuerName == "The UWI Open Campus" && verified.signers == ["cxc"])
    }
}
