import LedgerCore
import Testing

@Suite("Proofs from the store")
struct StoreProofTests {
    @Test("every transaction of a 10,000-transaction chain has a verifying proof from the store")
    func tenThousandTransactions() throws {
        let fixture = try StoreFixture(validatorCount: 4)
        try fixture.populate(blocks: 10, perBlock: 1_000)
        let store = fixture.opened
        #expect(store.tip.ledger.size == 10_001)
        let hasher = MerkleHasher()
        var bundles = 0
        for block in fixture.chain.blocks {
            for transaction in block.transactions {
                let proof = try store.inclusionProof(transactionID: transaction.id)
                #expect(proof.header == fixture.chain.blocks.last!.header)
                try MerkleProofVerifier.verifyInclusion(
                    leafHash: transaction.leafHash(hasher: hasher), index: proof.leafIndex,
                    size: proof.header.ledgerSize,
                    proof: proof.path, root: proof.header.ledgerRoot, hasher: hasher)
                guard case .issueCredential(let issue) = transaction.body.payload else { continue }
                let bundle = try store.proofBundle(credentialID: issue.credentialID)
                // Full offline verification (signatures included) for a sample; Merkle parts for every one.
                if bundles % 97 == 0 {
                    _ = try ProofVerifier.verify(bundle, genesis: fixture.chain.genesis).get()
                }
                try MerkleProofVerifier.verifyInclusion(
                    leafHash: bundle.leaf.hash, index: bundle.blockInclusion.index, size: bundle.blockInclusion.size,
                    proof: bundle.blockInclusion.path, root: bundle.header.header.transactionRoot, hasher: hasher)
                bundles += 1
            }
        }
        #expect(bundles == 10_000)
    }

    @Test("consistency proofs between every pair of heights verify, and a wrong root is refused")
    func consistencyBetweenHeights() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 6, perBlock: 7)
        let store = fixture.opened
        let hasher = MerkleHasher()
        for from in 1...store.tip.height {
            for to in from...store.tip.height {
                let proof = try store.consistencyProof(fromHeight: from, toHeight: to)
                try MerkleProofVerifier.verifyConsistency(
                    size1: proof.size1, size2: proof.size2, root1: proof.root1, root2: proof.root2, proof: proof.path,
                    hasher: hasher)
                #expect(proof.root2 == fixture.chain.blocks[Int(to) - 1].header.ledgerRoot)
                if proof.size1 < proof.size2 {
                    #expect(throws: MerkleProofError.self) {
                        try MerkleProofVerifier.verifyConsistency(
                            size1: proof.size1, size2: proof.size2, root1: proof.root2, root2: proof.root1,
                            proof: proof.path, hasher: hasher)
                    }
                }
            }
        }
        #expect(throws: StoreError.self) { try store.consistencyProof(fromHeight: 3, toHeight: 2) }
        #expect(throws: StoreError.self) { try store.consistencyProof(fromHeight: 1, toHeight: 99) }
    }

    @Test("a proof bundle from the store verifies offline, revocation status included")
    func bundleStatus() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 2, perBlock: 3)
        try fixture.appendBlock([try fixture.chain.revoke("cred-1-1", by: fixture.issuerKey, reason: .superseded)])
        let bundle = try fixture.opened.proofBundle(credentialID: "cred-1-1")
        let verified = try ProofVerifier.verify(bundle, genesis: fixture.chain.genesis).get()
        #expect(
            verified.status.credential.state == .revoked
                && verified.status.credential.reasonCode == RevocationReason.superseded.rawValue
                && verified.status.credential.changedAtHeight == 4 && verified.status.header.height == 4)
        let active = try ProofVerifier.verify(
            try fixture.opened.proofBundle(credentialID: "cred-1-0"), genesis: fixture.chain.genesis
        ).get()
        #expect(active.status.credential.state == .active && active.status.header.height == 4)
        // The status-only proof refreshes a bundle: same verdict, as of the same latest block.
        let statusOnly = try fixture.opened.statusProof(credentialID: "cred-1-1")
        let refreshed = try ProofVerifier.verify(
            try fixture.opened.proofBundle(credentialID: "cred-1-1"), genesis: fixture.chain.genesis,
            newerStatus: try StatusProofDocument.parse(json: Array(statusOnly.json.utf8))
        ).get()
        #expect(refreshed.status == verified.status)
        #expect(throws: StoreError.notFound("credential nope")) { try fixture.opened.proofBundle(credentialID: "nope") }
    }
}
