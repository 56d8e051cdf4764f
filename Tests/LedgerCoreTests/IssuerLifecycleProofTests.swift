import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

@Suite("Rotated keys and range revocations in the store and in bundles, checked by both verifiers")
struct IssuerLifecycleProofTests {
    /// uwi registers with key 1, issues "before" (course-a); rotates to key 2 itself; issues "comp-b" (course-b)
    /// and "after"; is re-keyed to key 3 by its authority; stacks "before" and "comp-b" into "award"; then the
    /// authority revokes what block 5 anchored (comp-b and after).
    final class Chain {
        let fixture = try! StoreFixture()
        let keys = [try! P256PrivateKey.generate(), try! P256PrivateKey.generate()]
        var chain: TestChain { fixture.chain }
        var key1: P256PrivateKey { fixture.issuerKey }

        init() throws {
            let chain = fixture.chain
            let authority = chain.validatorKeys[0]
            try fixture.appendBlock([try chain.registerIssuer("uwi", key: key1)])
            try fixture.appendBlock([
                try chain.define("course-a", by: key1), try chain.define("course-b", by: key1),
                try chain.issue("before", by: key1, definitionID: "course-a"),
            ])
            try fixture.appendBlock([try chain.rotateKey("uwi", to: keys[0], by: key1)])
            try fixture.appendBlock([
                try chain.definePathway("path", components: ["course-a", "course-b"], required: 2, by: keys[0])
            ])
            try fixture.appendBlock([
                try chain.issue("comp-b", by: keys[0], definitionID: "course-b"), try chain.issue("after", by: keys[0]),
            ])
            try fixture.appendBlock([try chain.rotateKey("uwi", to: keys[1], by: authority, proof: false)])
            try fixture.appendBlock([
                try chain.issue("award", by: keys[1], definitionID: "path", components: ["before", "comp-b"])
            ])
            try fixture.appendBlock([try chain.revokeRange("uwi", heights: 5...5, by: authority)])
        }
    }

    @Test("the store keeps keys and revocations across reopen and rebuild; each bundle verifies in Swift and Python")
    func storeAndBundles() throws {
        let built = try Chain()
        let fixture = built.fixture
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-rotation")
        defer { try? FileManager.default.removeItem(at: directory) }
        for rebuild in [false, true] {
            let store = try fixture.reopen(rebuildingIndex: rebuild)
            #expect(store.statusRoot == built.chain.statusMap.root, "rebuilt: \(rebuild)")
            let issuer = try #require(try store.issuer(id: "uwi"))
            #expect(issuer.keyID == built.keys[1].publicKey.keyID && issuer.keyRotation?.byAuthority == true)
            #expect(issuer.keyRotation?.previousKeyID == built.keys[0].publicKey.keyID)
            let retired = try store.registry.issuerKey(keyID: built.key1.publicKey.keyID)
            #expect(retired?.issuerID == "uwi" && retired?.retirement?.location.height == 3)
            #expect(try store.registry.issuer(keyID: built.key1.publicKey.keyID) == nil)
            #expect(try store.credential(id: "after")?.revocation?.reason == .issuerKeyCompromised)
            #expect(try store.credential(id: "before")?.state == .active)
            #expect(try store.credential(id: "award")?.state == .active)
            let expected: [(String, UInt64?, Bool, String)] = [
                ("before", nil, true, "AUTHENTIC"), ("after", 3, true, "REVOKED"), ("award", 6, false, "AUTHENTIC"),
            ]
            for (id, rotationHeight, rotatedAway, verdict) in expected {
                let bundle = try store.proofBundle(credentialID: id)
                if ProcessInfo.processInfo.environment["MCLEDGER_MEASURE"] == "1", !rebuild {
                    print("bundle \(id): \(bundle.json.utf8.count) bytes, rotation carried: \(rotationHeight != nil)")
                }
                let rotationID = rotationHeight.map { height in
                    built.chain.blocks.first { $0.header.height == height }!.transactions[0].id
                }
                #expect(bundle.issuer.keyRotation?.transaction.id == rotationID, "\(id)")
                guard case .success(let verified) = ProofVerifier.verify(bundle, genesis: built.chain.genesis) else {
                    Issue.record("\(id): Swift refused it")
                    continue
                }
                #expect(
                    (verified.status.issuer.keyID != verified.transaction.body.authorKeyID) == rotatedAway, "\(id)")
                let python = try HandoffProofTests.python(
                    bundle, genesis: built.chain.genesis, directory: directory, name: id)
                #expect(python.output.hasPrefix(verdict), "\(id): \(python.output)")
                #expect(python.output.contains("rotated away") == rotatedAway, "\(id): \(python.output)")
                if id == "after" { #expect(python.output.contains("issuerKeyCompromised"), "\(python.output)") }
                if !rebuild {
                    let recipe = try ProofsDocumentTests.runRecipe(
                        bundle: bundle.json, genesis: built.chain.genesis.json)
                    #expect(
                        recipe.status == (id == "after" ? 3 : 0),
                        "\(id): \(recipe.standardOutput)\(recipe.standardError)")
                    #expect(recipe.standardOutput.contains("has since rotated away") == rotatedAway, "\(id)")
                }
            }
            let award = try #require(try store.proofBundle(credentialID: "award").registry)
            #expect(award.components.map { $0.keyRotation == nil } == [true, false], "before: key 1; comp-b: key 2")
        }
    }

    @Test("every tampering of a key rotation is refused by both verifiers, naming the same check")
    func tampering() throws {
        let built = try Chain()
        let store = built.fixture.opened
        let genesis = built.chain.genesis
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-rotation-tamper")
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try store.proofBundle(credentialID: "before")
        let award = try store.proofBundle(credentialID: "award")
        let after = try store.proofBundle(credentialID: "after")
        let rotation = try #require(award.issuer.keyRotation)
        let earlier = try #require(after.issuer.keyRotation)
        func tampered(_ change: (inout ProofBundle) -> Void) -> ProofBundle {
            var bundle = award
            change(&bundle)
            return bundle
        }
        let cases: [(String, ProofBundle, ProofCheck, String)] = [
            ("the rotation dropped", tampered { $0.issuer.keyRotation = nil }, .issuerRegistration, "issuer:"),
            (
                "the rotation to another key", tampered { $0.issuer.keyRotation = earlier }, .issuerRegistration,
                "issuer:"
            ),
            (
                "a rotation carried for the registered key",
                { () -> ProofBundle in
                    var bundle = before
                    bundle.issuer.keyRotation = rotation
                    return bundle
                }(), .issuerRegistration, "issuer:"
            ),
            (
                "the rotation moved after the credential",
                tampered { $0.issuer.keyRotation?.inclusion.index = award.leaf.index + 1 }, .issuerRegistration,
                "issuer:"
            ),
            (
                "a flipped byte in the rotation",
                tampered { $0.issuer.keyRotation?.transaction.encoded[90] ^= 1 }, .issuerRegistration, "issuer:"
            ),
            (
                "a component's rotation dropped", tampered { $0.registry?.components[1].keyRotation = nil },
                .registryComponents, "registryComponents:"
            ),
            (
                "a component's rotation replaced by another",
                tampered { $0.registry?.components[1].keyRotation = rotation }, .registryComponents,
                "registryComponents:"
            ),
        ]
        for (label, bundle, check, pythonCheck) in cases {
            guard case .failure(let failure) = ProofVerifier.verify(bundle, genesis: genesis) else {
                Issue.record("\(label): Swift accepted it")
                continue
            }
            #expect(failure.check == check, "\(label): \(failure)")
            let python = try HandoffProofTests.python(bundle, genesis: genesis, directory: directory, name: "tampered")
            #expect(
                python.status == 1 && python.output.contains("NOT AUTHENTIC: \(pythonCheck)"),
                "\(label): \(python.output)")
            if check == .issuerRegistration {
                let recipe = try ProofsDocumentTests.runRecipe(bundle: bundle.json, genesis: genesis.json)
                #expect(recipe.status == 1 && recipe.standardError.contains("FAILED"), "\(label): by hand")
            }
        }
    }
}
