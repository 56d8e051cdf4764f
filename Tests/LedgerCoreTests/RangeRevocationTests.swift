import LedgerCore
import Testing

@Suite("Range revocation: the authority revokes what an issuer anchored in a range of blocks")
struct RangeRevocationTests {
    typealias Fixture = TransactionRulesTests.Fixture

    /// The fixture's chain (credential cred-1 at height 2) with two more blocks of uwi credentials and one of utech's.
    static func populated() throws -> Fixture {
        let fixture = try Fixture()
        let chain = fixture.chain
        try chain.appendBlock([
            try chain.issue("c3-a", by: fixture.issuerKey), try chain.issue("c3-b", by: fixture.issuerKey),
        ])
        try chain.appendBlock([
            try chain.issue("c4-a", by: fixture.issuerKey), try chain.issue("u4", by: fixture.otherIssuerKey),
        ])
        try chain.appendBlock([try chain.issue("c5-a", by: fixture.issuerKey)])
        return fixture
    }

    @Test("each refusal: who may revoke, a range not yet final, an empty range, a malformed range")
    func refusals() throws {
        let fixture = try Self.populated()
        let chain = fixture.chain
        let authority = chain.validatorKeys[0]
        #expect(
            fixture.rejection(try chain.revokeRange("uwi", heights: 2...4, by: fixture.issuerKey))
                == .notAuthorizedToRevokeRange("uwi"))
        #expect(
            fixture.rejection(try chain.revokeRange("uwi", heights: 2...4, by: chain.validatorKeys[1]))
                == .notAuthorizedToRevokeRange("uwi"))
        #expect(
            fixture.rejection(try chain.revokeRange("nobody", heights: 2...4, by: authority))
                == .unknownIssuer("nobody"))
        let next = chain.tip.height + 1
        #expect(
            fixture.rejection(try chain.revokeRange("uwi", heights: 2...next, by: authority))
                == .revocationRangeNotFinal(toHeight: next, blockHeight: next))
        #expect(
            fixture.rejection(try chain.revokeRange("uwi", heights: 1...1, by: authority))
                == .nothingToRevoke(issuer: "uwi", fromHeight: 1, toHeight: 1))
        for (from, to) in [(UInt64(0), UInt64(3)), (4, 3)] {
            #expect(throws: FormatError.self) {
                _ = try TransactionBody(
                    chainID: chain.genesis.chainID, authorKeyID: authority.publicKey.keyID,
                    payload: .revokeIssuedRange(
                        RevokeIssuedRange(
                            issuerID: "uwi", fromHeight: from, toHeight: to, reason: .issuerKeyCompromised)))
            }
        }
    }

    @Test("it revokes exactly the issuer's unrevoked credentials in the range, and the records say why")
    func revokesTheRange() throws {
        let fixture = try Self.populated()
        let chain = fixture.chain
        let authority = chain.validatorKeys[0]
        try chain.appendBlock([try chain.revoke("c3-b", by: fixture.issuerKey, reason: .superseded)])
        let revokedAt = chain.tip.height + 1
        let accepted = try chain.appendBlock([try chain.revokeRange("uwi", heights: 3...4, by: authority)])
        guard case .credentialsRevoked(let ids, let record)? = accepted.changes.first else {
            Issue.record("a range revocation changes credentials")
            return
        }
        #expect(ids == ["c3-a", "c4-a"])
        #expect(record.reason == .issuerKeyCompromised && record.location.height == revokedAt)
        for id in ["cred-1", "c5-a", "u4"] { #expect(chain.registry.credential(id: id)?.state == .active, "\(id)") }
        #expect(chain.registry.credential(id: "c3-b")?.revocation?.reason == .superseded, "the first revocation stays")
        for id in ["c3-a", "c4-a"] {
            guard case .credential(let status)? = try chain.statusMap.record(.credential, id: id) else {
                Issue.record("\(id) has a record")
                continue
            }
            #expect(status.state == .revoked && status.reasonCode == RevocationReason.issuerKeyCompromised.rawValue)
            #expect(status.changedAtHeight == revokedAt)
        }
        #expect(chain.registry.statusRootFromScratch == chain.statusMap.root)
        #expect(
            fixture.rejection(try chain.revokeRange("uwi", heights: 3...4, by: authority, reason: .fraudulent))
                == .nothingToRevoke(issuer: "uwi", fromHeight: 3, toHeight: 4))
        // A suspended or deregistered issuer's range can still be revoked.
        try chain.appendBlock([try chain.changeStanding("uwi", to: .deregistered, by: authority)])
        #expect(fixture.accepts(try chain.revokeRange("uwi", heights: 1...5, by: authority)))
    }

    @Test("a range of more issuances than one transaction may revoke is refused, to be split")
    func tooLarge() throws {
        let fixture = try Fixture()
        let view = CrowdedRegistry(
            base: fixture.chain.registry, template: fixture.chain.registry.credential(id: "cred-1")!)
        let authority = fixture.chain.validatorKeys[0]
        let transaction = try fixture.chain.revokeRange("uwi", heights: 1...2, by: authority)
        let verified = try TransactionAuthenticator.verify(transaction, authorKey: authority.publicKey).get()
        let context = RuleContext(
            chainID: fixture.chain.genesis.chainID,
            location: TransactionLocation(height: 3, indexInBlock: 0, ledgerIndex: fixture.chain.tip.ledger.size),
            blockTimestampMilliseconds: fixture.chain.clockMilliseconds, parent: fixture.chain.tip)
        let decision = try TransactionRules.evaluate(verified, in: view, context: context)
        #expect(decision == .failure(.revocationRangeTooLarge(countMax: Limits.rangeRevocationCredentialsMax)))
    }
}

/// A registry whose issuer has as many credentials in any range as asked for: the range limit without 10,001
/// signatures.
private struct CrowdedRegistry: RegistryView {
    let base: InMemoryRegistry
    let template: CredentialRecord

    func issuer(keyID: KeyID) -> IssuerRecord? { base.issuer(keyID: keyID) }
    func issuer(id: String) -> IssuerRecord? { base.issuer(id: id) }
    func definition(id: String) -> DefinitionRecord? { base.definition(id: id) }
    func credential(id: String) -> CredentialRecord? { base.credential(id: id) }
    func qaBody(keyID: KeyID) -> QABodyRecord? { base.qaBody(keyID: keyID) }
    func qaBody(id: String) -> QABodyRecord? { base.qaBody(id: id) }
    func accreditation(id: String) -> AccreditationRecord? { base.accreditation(id: id) }
    func containsTransaction(_ id: TransactionID) -> Bool { base.containsTransaction(id) }
    func issuerKey(keyID: KeyID) -> IssuerKeyRecord? { base.issuerKey(keyID: keyID) }
    func credentials(issuedBy issuerID: String, heights: ClosedRange<UInt64>, limit: Int) -> [CredentialRecord] {
        [CredentialRecord](repeating: template, count: limit)
    }
}
