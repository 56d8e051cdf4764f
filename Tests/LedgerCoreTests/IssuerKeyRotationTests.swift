import LedgerCore
import Testing

@Suite("An issuer's key rotation: by its own keys, or by its authority after a compromise")
struct IssuerKeyRotationTests {
    typealias Fixture = TransactionRulesTests.Fixture

    @Test("each refusal: who may rotate, the proof of possession, a key already used, an unusable key")
    func refusals() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let authority = chain.validatorKeys[0]
        let newKey = try P256PrivateKey.generate()
        #expect(
            fixture.rejection(try chain.rotateKey("uwi", to: newKey, by: chain.validatorKeys[1]))
                == .notAuthorizedToRotateKey("uwi"))
        #expect(
            fixture.rejection(try chain.rotateKey("uwi", to: newKey, by: fixture.otherIssuerKey))
                == .notAuthorizedToRotateKey("uwi"))
        #expect(
            fixture.rejection(try chain.rotateKey("nobody", to: newKey, by: authority)) == .unknownIssuer("nobody"))
        #expect(
            fixture.rejection(try chain.rotateKey("uwi", to: newKey, by: fixture.issuerKey, proof: false))
                == .missingProofOfPossession)
        // A proof made by another key, or for another issuer, does not prove this key.
        var forged = try RotateIssuerKey.signed(issuerID: "utech", newKey: newKey, chainID: chain.genesis.chainID)
        forged.issuerID = "uwi"
        #expect(
            fixture.rejection(try chain.sign(.rotateIssuerKey(forged), by: fixture.issuerKey)) == .badProofOfPossession)
        var stolen = try RotateIssuerKey.signed(issuerID: "uwi", newKey: newKey, chainID: chain.genesis.chainID)
        stolen.publicKey = try P256PrivateKey.generate().publicKey.spkiDER
        #expect(
            fixture.rejection(try chain.sign(.rotateIssuerKey(stolen), by: fixture.issuerKey)) == .badProofOfPossession)
        // Keys in use: another issuer's, a validator's, the issuer's own.
        for used in [fixture.otherIssuerKey, chain.validatorKeys[2], fixture.issuerKey] {
            #expect(
                fixture.rejection(try chain.rotateKey("uwi", to: used, by: fixture.issuerKey))
                    == .issuerKeyInUse(used.publicKey.keyID))
        }
        let garbage = try chain.sign(
            .rotateIssuerKey(
                RotateIssuerKey(issuerID: "uwi", publicKey: [0x30, 0x03, 0x01, 0x01, 0x00], proofOfPossession: [])),
            by: authority)
        guard case .invalidIssuerKey? = fixture.rejection(garbage) else {
            Issue.record("a key that is not a P-256 SPKI is refused")
            return
        }
        #expect(fixture.accepts(try chain.rotateKey("uwi", to: newKey, by: fixture.issuerKey)))
        #expect(fixture.accepts(try chain.rotateKey("uwi", to: newKey, by: authority, proof: false)))
    }

    @Test("after a rotation the old key signs nothing, earlier credentials stay, and no one may take the old key")
    func oldKeyRetired() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let newKey = try P256PrivateKey.generate()
        try chain.appendBlock([try chain.rotateKey("uwi", to: newKey, by: fixture.issuerKey)])
        let height = chain.tip.height
        let retired = TransactionRejection.issuerKeyRetired(issuer: "uwi", retiredAtHeight: height)
        #expect(fixture.rejection(try chain.issue("old-key", by: fixture.issuerKey)) == retired)
        #expect(fixture.rejection(try chain.define("def-old", by: fixture.issuerKey)) == retired)
        #expect(fixture.rejection(try chain.revoke("cred-1", by: fixture.issuerKey)) == retired)
        #expect(
            fixture.rejection(try chain.rotateKey("uwi", to: try P256PrivateKey.generate(), by: fixture.issuerKey))
                == retired)
        #expect(
            fixture.rejection(try chain.registerIssuer("copycat", key: fixture.issuerKey))
                == .issuerKeyInUse(fixture.issuerKey.publicKey.keyID))
        #expect(
            fixture.rejection(try chain.rotateKey("utech", to: fixture.issuerKey, by: fixture.otherIssuerKey))
                == .issuerKeyInUse(fixture.issuerKey.publicKey.keyID))
        #expect(fixture.accepts(try chain.issue("new-key", by: newKey)))
        #expect(fixture.accepts(try chain.revoke("cred-1", by: newKey)))
        #expect(chain.registry.credential(id: "cred-1")?.state == .active)
        #expect(chain.registry.issuer(id: "uwi")?.keyID == newKey.publicKey.keyID)
        #expect(chain.registry.issuer(keyID: fixture.issuerKey.publicKey.keyID) == nil)
        #expect(
            chain.registry.issuerKey(keyID: fixture.issuerKey.publicKey.keyID)?.retirement?.location.height == height)
        guard case .issuer(let status)? = try chain.statusMap.record(.issuer, id: "uwi") else {
            Issue.record("the issuer has a record")
            return
        }
        #expect(status.keyID == newKey.publicKey.keyID && status.changedAtHeight == height && status.state == .active)
        #expect(chain.registry.statusRootFromScratch == chain.statusMap.root)
    }

    @Test("a suspended issuer cannot rotate itself; its authority re-keys it alone; a deregistered one is final")
    func authorityRekeys() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let authority = chain.validatorKeys[0]
        try chain.appendBlock([try chain.changeStanding("uwi", to: .suspended, by: authority)])
        let newKey = try P256PrivateKey.generate()
        #expect(
            fixture.rejection(try chain.rotateKey("uwi", to: newKey, by: fixture.issuerKey))
                == .issuerNotActive(issuer: "uwi", standing: .suspended))
        try chain.appendBlock([try chain.rotateKey("uwi", to: newKey, by: authority, proof: false)])
        #expect(chain.registry.issuer(id: "uwi")?.keyRotation?.byAuthority == true)
        try chain.appendBlock([try chain.changeStanding("uwi", to: .active, by: authority)])
        #expect(fixture.accepts(try chain.issue("rekeyed", by: newKey)))
        try chain.appendBlock([try chain.changeStanding("uwi", to: .deregistered, by: authority)])
        #expect(
            fixture.rejection(try chain.rotateKey("uwi", to: try P256PrivateKey.generate(), by: authority))
                == .issuerDeregistered("uwi"))
        #expect(chain.registry.statusRootFromScratch == chain.statusMap.root)
    }

    @Test("in one block: a rotation, then the new key signs; the old key after the rotation fails the block")
    func withinOneBlock() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let newKey = try P256PrivateKey.generate()
        let rotation = try chain.rotateKey("uwi", to: newKey, by: fixture.issuerKey)
        #expect(throws: (any Error).self) {
            try chain.append(try chain.makeBlock([rotation, try chain.issue("late-old", by: fixture.issuerKey)]))
        }
        try chain.appendBlock([rotation, try chain.issue("same-block", by: newKey)])
        #expect(chain.registry.credential(id: "same-block")?.issuerID == "uwi")
    }

    @Test("the payload round-trips and refuses an oversized proof and a truncated body")
    func encoding() throws {
        let chain = try TestChain(validatorCount: 4)
        let rotation = try chain.rotateKey("uwi", to: try P256PrivateKey.generate(), by: chain.validatorKeys[0])
        let decoded = try SignedTransaction.decode(rotation.encoded)
        #expect(decoded == rotation)
        #expect(throws: FormatError.self) {
            try SignedTransaction.decode(Array(rotation.encoded.dropLast(80)))
        }
        let oversized = RotateIssuerKey(
            issuerID: "uwi", publicKey: [1],
            proofOfPossession: [UInt8](repeating: 1, count: Limits.signatureBytesMax + 1))
        #expect(throws: FormatError.self) {
            try TransactionBody(
                chainID: chain.genesis.chainID, authorKeyID: chain.validatorKeys[0].publicKey.keyID,
                payload: .rotateIssuerKey(oversized))
        }
    }
}
