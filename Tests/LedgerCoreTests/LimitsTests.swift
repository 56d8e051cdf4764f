import Foundation
import LedgerCore
import Testing

@Suite("Limits relate to each other")
struct LimitsTests {
    @Test("the largest possible bodies fit their limit, and a signed transaction fits a block")
    func transactionFitsBlock() throws {
        // registerIssuer with every field at its maximum.
        let largestIssuer =
            14 + 32 + 1 + 32 + (2 + Limits.identifierBytesMax) + (2 + Limits.displayTextBytesMax) + (2 + 2)
            + (2 + Limits.publicKeyBytesMax) + (2 + Limits.notesBytesMax)
        #expect(largestIssuer <= Limits.transactionBodyBytesMax)
        // A pathway entry with every text and list full, encoded for real.
        func id(_ index: Int) -> String { String(format: "%064d", index) }
        let fullText = String(repeating: "é", count: Limits.displayTextBytesMax / 2)
        let pathway = RegisterDefinition(
            definitionID: id(0), title: fullText, notionalMinutes: .max, level: 10, format: .blended,
            activity: .pathway, creditTenths: .max,
            language: "en-" + Array(repeating: "abcdefgh", count: 3).joined(separator: "-") + "-abcde",
            learningOutcomes: Array(repeating: fullText, count: Limits.learningOutcomesMax),
            components: (1...Limits.pathwayComponentsMax).map(id),
            componentsRequired: UInt8(Limits.pathwayComponentsMax))
        let body = try TransactionBody(
            chainID: SHA256.hash([1]), authorKeyID: SHA256.hash([2]), payload: .registerDefinition(pathway))
        #expect(pathway.language.utf8.count == Limits.languageTagBytesMax)
        #expect(body.encoded.count <= Limits.transactionBodyBytesMax)
        #expect(body.encoded.count > 3_000, "the limit's comment gives this body's size")
        #expect(Limits.signedTransactionBytesMax + BlockHeader.encodedByteCount + 4 < Limits.blockBytesMax)
        #expect(Limits.transactionBodyBytesMax <= Int(UInt16.max))
        #expect(Limits.signatureBytesMax <= Int(UInt8.max))
        #expect(Limits.learningOutcomesMax <= Int(UInt8.max) && Limits.pathwayComponentsMax <= Int(UInt8.max))
    }

    @Test("genesis defaults sit inside the hard limits, and a full certificate fits a block")
    func parameterBounds() throws {
        try ChainParameters.standard.validate()
        #expect(Int(ChainParameters.standard.transactionsPerBlockMax) <= Limits.transactionsPerBlockMax)
        #expect(Int(ChainParameters.standard.blockBytesMax) <= Limits.blockBytesMax)
        let fullCertificate = CommitCertificate.encodedBytesMax(validatorCount: Limits.validatorsMax)
        #expect(fullCertificate < 64 * 1024)
        // The bound is tight: seals with the longest DER signatures encode to exactly it.
        let seals = (0..<7).map { index in
            CommitSeal(
                validatorKeyID: try! SHA256Digest(bytes: [UInt8](repeating: UInt8(index), count: 32)),
                signature: [UInt8](repeating: 0x30, count: Limits.signatureBytesMax))
        }
        #expect(
            CommitCertificate(round: 9, seals: seals).encoded.count
                == CommitCertificate.encodedBytesMax(validatorCount: 7))
        #expect(Limits.validatorsMax <= Int(UInt16.max))
    }

    @Test("a Merkle proof bound covers any 64-bit tree, and a proof bundle fits its limit")
    func proofBounds() {
        #expect(Limits.merkleProofLengthMax == 64)
        #expect(MerkleProofVerifier.inclusionProofLength(index: 0, size: UInt64.max) <= Limits.merkleProofLengthMax)
        let bundleEstimate = 4 * Limits.signedTransactionBytesMax + 2 * 64 * 70 + Limits.validatorsMax * 200
        #expect(bundleEstimate < Limits.proofBundleBytesMax)
    }

    @Test("issue-time margin and clock drift are small next to a day")
    func timeBounds() {
        #expect(Limits.clockDriftMillisecondsMax < Limits.issueTimeAheadMillisecondsMax)
        #expect(Limits.issueTimeAheadMillisecondsMax < 24 * 3_600_000)
    }
}
