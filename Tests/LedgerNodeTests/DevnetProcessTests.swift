import Foundation
import LedgerClient
import LedgerCore
import LedgerTesting
import Testing

/// Four `ledger-node` processes on loopback, from `ledger devnet init`. One test, in phases, because every phase
/// builds on the chain the earlier ones made.
@Suite("A real 4-process network", .serialized)
struct DevnetProcessTests {
    @Test(
        "1,000 credentials through every node; an observer syncs and serves proofs; proposer killed under load; f=1 down; 2 down halts and resumes"
    )
    func fourProcesses() async throws {
        let net = try DevnetHarness(nodes: 4, observers: 1)
        let observer = 4
        defer { net.remove() }
        let everyone = [0, 1, 2, 3]
        for index in everyone { try net.start(index) }
        try await net.waitForConnections()

        // Register the demo issuer, then submit 1,000 credentials, 50 per request, through every node in turn.
        let factory = net.factory
        try await expectAccepted(try await net.clients[0].submit([try factory.registerIssuer()]))
        let credentials = try factory.credentials(prefix: "course", count: 1_000, issuedAtMilliseconds: systemNow())
        for (batch, start) in stride(from: 0, to: 1_000, by: 50).enumerated() {
            try await expectAccepted(try await net.clients[batch % 4].submit(Array(credentials[start..<start + 50])))
        }
        try await net.waitForAgreement(everyone, ledgerSize: 1_001)

        // Every credential's proof, fetched from each node in turn, verifies offline against genesis.
        for (index, credential) in credentials.enumerated() {
            let id = credential.body.payload.credentialID!
            let reply = try await net.clients[index % 4].get("/v1/credentials/\(id)/proof")
            guard case .success = ProofVerifier.verify(bundleJSON: reply.body, genesis: net.genesis) else {
                Issue.record("proof of \(id) from node \(index % 4 + 1) does not verify (HTTP \(reply.status))")
                return
            }
        }

        // An observer (an auditor's node) started now catches up from the validators and serves proofs too.
        try net.start(observer)
        try await net.waitForAgreement(everyone + [observer], ledgerSize: 1_001)
        #expect(try await net.clients[observer].head()["node"]?["validator"] == .bool(false))
        for credential in credentials.prefix(50) {
            let id = credential.body.payload.credentialID!
            let reply = try await net.clients[observer].get("/v1/credentials/\(id)/proof")
            guard case .success = ProofVerifier.verify(bundleJSON: reply.body, genesis: net.genesis) else {
                Issue.record("the observer's proof of \(id) does not verify")
                return
            }
        }

        // Kill -9 the proposer of the next height while load arrives at the others; restart it; it catches up.
        let height = try await net.clients[0].tip().height
        let proposerKey = net.genesis.validatorSet.proposer(height: height + 1, round: 0).keyID
        let victim = net.validatorKeys.firstIndex { $0.publicKey.keyID == proposerKey }!
        let survivors = everyone.filter { $0 != victim }
        let load = try factory.credentials(prefix: "load", count: 300, issuedAtMilliseconds: systemNow())
        for (batch, start) in stride(from: 0, to: 300, by: 25).enumerated() {
            if batch == 2 { net.kill(victim) }
            let target = batch < 2 ? everyone[batch % 4] : survivors[batch % 3]
            let reply = try await net.clients[target].submit(Array(load[start..<start + 25]))
            #expect(reply.status == 200, "batch \(batch) to node \(target + 1): HTTP \(reply.status)")
        }
        try await net.waitForAgreement(survivors, ledgerSize: 1_301)
        try net.start(victim)
        try await net.waitForAgreement(everyone, ledgerSize: 1_301)
        try await net.assertNoFork(everyone)

        // f = 1: with one node down, the other three keep finalizing.
        let down1 = (victim + 1) % 4
        net.kill(down1)
        let three = everyone.filter { $0 != down1 }
        try await expectAccepted(
            try await net.clients[three[0]].submit(
                try factory.credentials(prefix: "f1", count: 100, issuedAtMilliseconds: systemNow())))
        try await net.waitForAgreement(three, ledgerSize: 1_401)

        // Two down (more than f): no block can be final; the two left halt without forking…
        let down2 = (down1 + 1) % 4
        net.kill(down2)
        let two = three.filter { $0 != down2 }
        let stalled = try factory.credentials(prefix: "stall", count: 50, issuedAtMilliseconds: systemNow())
        try await expectAccepted(try await net.clients[two[0]].submit(stalled))
        let before = try await net.tips(two)
        // Observing that nothing happens: wait until both have timed out of round 0 with no quorum, so a whole
        // round passed (they then stay in round 1, asking: docs/CONSENSUS.md, the pacemaker).
        try await DevnetHarness.eventually("the two left have timed out of round 0 with no quorum") {
            for index in two where try await net.clients[index].head()["round"]?.unsignedIntegerValue ?? 0 < 1 {
                return false
            }
            return true
        }
        let after = try await net.tips(two)
        #expect(after.map(\.height) == before.map(\.height), "no block may be final with 2 of 4 validators")
        #expect(
            try await net.clients[two[0]].get("/v1/transactions/\(stalled[0].id.hex)").json["status"]
                == .string("pending"))
        // …and resume when one returns.
        try net.start(down2)
        try await net.waitForAgreement(two + [down2], ledgerSize: 1_451)
        try net.start(down1)
        try await net.waitForAgreement(everyone, ledgerSize: 1_451)
        try await net.assertNoFork(everyone)

        // SIGTERM shuts every node down cleanly.
        try await net.waitForAgreement([observer], ledgerSize: 1_451)
        #expect(net.stopAll() == [0, 0, 0, 0, 0])
    }

    func expectAccepted(_ reply: NodeClient.Reply, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(
            reply.status == 200 || reply.status == 202, "HTTP \(reply.status): \(reply.json)",
            sourceLocation: sourceLocation)
    }

    func systemNow() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }
}
