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
            "header", "header-hash", "commit-message", "commit-signature",
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
        #expect(signed.encoded == [0x00, 0xAD] + bodyBytes + [0x47] + signature)
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
        #expect(header.encoded == headerBytes && headerBytes.count == 194)
        #expect(SHA256.hash(headerBytes).bytes == blocks["header-hash"])
        #expect(header.transactionRoot.bytes == blocks["transaction-leaf"])
        #expect(header.proposer == (try Self.publicKey("example-validator")).keyID)
        let proof = try ProofBundle.parse(
            json: [UInt8](
                try Data(contentsOf: DocumentationExamples.examplesDirectory.appendingPathComponent("proof.json"))))
        let registrationLeaf = proof.issuer.leaf.hash
        #expect(SHA256.hash([0x01] + registrationLeaf.bytes + header.transactionRoot.bytes) == header.ledgerRoot)
    }

    @Test("commit message: recomputes from the header and carries a valid validator signature")
    func commitExample() throws {
        let blocks = try Self.blocks()
        let header = try BlockHeader.decode(try #require(blocks["header"]))
        let message = try #require(blocks["commit-message"])
        #expect(message == CommitMessage.encode(for: header, round: 0))
        #expect(message.count == 94)
        let signature = try #require(blocks["commit-signature"])
        #expect((try Self.publicKey("example-validator")).verify(signature: signature, message: message) == .valid)
        var tampered = message
        tampered[60] ^= 1
        #expect((try Self.publicKey("example-validator")).verify(signature: signature, message: tampered) == .mismatch)
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
