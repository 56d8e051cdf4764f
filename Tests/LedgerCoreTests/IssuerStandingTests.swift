import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

@Suite("An issuer's standing: suspended, reinstated, deregistered by its authority")
struct IssuerStandingTests {
    typealias Fixture = TransactionRulesTests.Fixture

    @Test(
        "only the registering authority changes the standing; deregistration is final; a non-active issuer cannot issue"
    )
    func rules() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let authority = chain.validatorKeys[0]
        #expect(
            fixture.rejection(try chain.changeStanding("uwi", to: .suspended, by: chain.validatorKeys[1]))
                == .notAuthorizedToChangeStanding("uwi"))
        #expect(
            fixture.rejection(try chain.changeStanding("uwi", to: .suspended, by: fixture.issuerKey))
                == .notAuthorizedToChangeStanding("uwi"))
        #expect(
            fixture.rejection(try chain.changeStanding("nobody", to: .suspended, by: authority))
                == .unknownIssuer("nobody"))
        #expect(
            fixture.rejection(try chain.changeStanding("uwi", to: .active, by: authority))
                == .issuerAlreadyInStanding(issuer: "uwi", standing: .active))
        try chain.appendBlock([try chain.changeStanding("uwi", to: .suspended, by: authority)])
        #expect(chain.registry.issuer(id: "uwi")?.standing == .suspended)
        #expect(
            fixture.rejection(try chain.issue("after", by: fixture.issuerKey))
                == .issuerNotActive(issuer: "uwi", standing: .suspended))
        #expect(
            fixture.rejection(try chain.define("def-9", by: fixture.issuerKey))
                == .issuerNotActive(issuer: "uwi", standing: .suspended))
        // Its past credentials can still be revoked, by it or its authority.
        #expect(fixture.accepts(try chain.revoke("cred-1", by: fixture.issuerKey)))
        try chain.appendBlock([try chain.changeStanding("uwi", to: .active, by: authority)])
        #expect(fixture.accepts(try chain.issue("after", by: fixture.issuerKey)))
        try chain.appendBlock([try chain.changeStanding("uwi", to: .deregistered, by: authority)])
        #expect(
            fixture.rejection(try chain.changeStanding("uwi", to: .active, by: authority)) == .issuerDeregistered("uwi")
        )
        #expect(
            fixture.rejection(try chain.issue("later", by: fixture.issuerKey))
                == .issuerNotActive(issuer: "uwi", standing: .deregistered))
        guard case .issuer(let status)? = try chain.statusMap.record(.issuer, id: "uwi") else {
            Issue.record("the issuer has a record")
            return
        }
        #expect(status.state == .deregistered && status.changedAtHeight == chain.tip.height)
        #expect(status.keyID == fixture.issuerKey.publicKey.keyID)
        #expect(chain.registry.statusRootFromScratch == chain.statusMap.root)
        let late = try chain.sign(
            .changeIssuerStanding(
                ChangeIssuerStanding(
                    issuerID: "utech", standing: .suspended,
                    decidedAtMilliseconds: chain.clockMilliseconds + Limits.issueTimeAheadMillisecondsMax + 1_000)),
            by: chain.validatorKeys[1])
        guard case .decisionTimeInFuture? = fixture.rejection(late) else {
            Issue.record("a decision far ahead of the block is refused")
            return
        }
    }

    @Test("the store keeps the standing across reopen and rebuild; a bundle shows it and both verifiers accept it")
    func storeAndProof() throws {
        let fixture = try StoreFixture()
        let chain = fixture.chain
        try fixture.appendBlock([try chain.registerIssuer("uwi", key: fixture.issuerKey)])
        try fixture.appendBlock([try chain.issue("before", by: fixture.issuerKey)])
        try fixture.appendBlock([try chain.changeStanding("uwi", to: .suspended, by: chain.validatorKeys[0])])
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-standing")
        defer { try? FileManager.default.removeItem(at: directory) }
        for rebuild in [false, true] {
            let store = try fixture.reopen(rebuildingIndex: rebuild)
            #expect(try store.issuer(id: "uwi")?.standing == .suspended, "rebuilt: \(rebuild)")
            #expect(store.statusRoot == chain.statusMap.root)
            let bundle = try store.proofBundle(credentialID: "before")
            guard case .success(let verified) = ProofVerifier.verify(bundle, genesis: chain.genesis) else {
                Issue.record("a credential of a suspended issuer still verifies")
                continue
            }
            #expect(verified.status.issuer.state == .suspended)
            let python = try HandoffProofTests.python(bundle, genesis: chain.genesis, directory: directory, name: "s")
            #expect(
                python.status == 0 && python.output.contains("issuer now: SUSPENDED since block 3"), "\(python.output)")
        }
        // The mempool-facing registry sees it too: a new issuance is refused with the standing named.
        let refused = try fixture.opened.withRegistry { registry in try registry.issuer(id: "uwi")?.standing }
        #expect(refused == .suspended)
    }
}
