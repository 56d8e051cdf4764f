import Foundation
import LedgerCore
import LedgerTesting
import Testing

@testable import LedgerNode
@testable import LedgerRuntime

@Suite("Node runtime: admission, batching, commit")
struct NodeRuntimeTests {
    @Test("a single validator finalizes submitted credentials at the next tick; their proofs verify offline")
    func singleValidatorFinalizes() async throws {
        let node = try await NodeFixture()
        defer { node.remove() }
        try await node.registerIssuer()
        let credentials = try node.credentials(10)
        let outcomes = await node.runtime.submit(credentials)
        #expect(outcomes == credentials.map { .admitted($0.id) })
        guard case .pending = try await node.runtime.status(of: credentials[0].id) else {
            Issue.record("not pending before the tick")
            return
        }
        await node.runtime.tick()
        #expect(node.store.tip.height == 2 && node.store.tip.ledger.size == 11)
        for transaction in credentials {
            guard case .final(_, let location) = try await node.runtime.status(of: transaction.id) else {
                Issue.record("\(transaction.id.hex) is not final")
                continue
            }
            #expect(location.height == 2)
            let bundle = try node.store.proofBundle(transactionID: transaction.id)
            guard case .success = ProofVerifier.verify(bundle, genesis: node.genesis) else {
                Issue.record("proof of \(transaction.id.hex) does not verify")
                continue
            }
        }
        #expect(await node.runtime.pendingCount == 0)
        #expect(node.metrics.render().utf8String.contains("ledger_committed_transactions_total 11"))
    }

    @Test("an idle chain gets an empty heartbeat block once per heartbeat interval, and none with heartbeats off")
    func heartbeatBlocks() async throws {
        var off = NodeFixture.immediateBatching
        off.heartbeatIntervalTicks = 0
        let quiet = try await NodeFixture(settings: off)
        defer { quiet.remove() }
        for _ in 0..<50 { await quiet.runtime.tick() }
        #expect(quiet.store.tip.height == 0)
        var settings = NodeFixture.immediateBatching
        settings.heartbeatIntervalTicks = 10
        let heartbeat = try await NodeFixture(settings: settings)
        defer { heartbeat.remove() }
        for _ in 0..<9 { await heartbeat.runtime.tick() }
        #expect(heartbeat.store.tip.height == 0, "nothing before the interval")
        for _ in 0..<2 { await heartbeat.runtime.tick() }
        #expect(heartbeat.store.tip.height == 1)
        #expect(try heartbeat.store.block(height: 1).transactions.isEmpty)
        for _ in 0..<5 { await heartbeat.runtime.tick() }
        #expect(heartbeat.store.tip.height == 1, "the next heartbeat counts from the last block")
        for _ in 0..<6 { await heartbeat.runtime.tick() }
        #expect(heartbeat.store.tip.height == 2)
        #expect(RuntimeSettings.standard.heartbeatIntervalTicks == 6_000, "60 s of 10 ms ticks by default")
    }

    @Test("a batch closes at the transaction count even before the batch delay")
    func batchClosesAtCount() async throws {
        var settings = RuntimeSettings.standard
        settings.batchDelayTicks = 360_000
        settings.batchTransactionsMax = 5
        let node = try await NodeFixture(settings: settings)
        defer { node.remove() }
        _ = await node.runtime.submit([try node.factory.registerIssuer()])
        await node.runtime.tick()
        #expect(node.store.tip.height == 0, "one transaction waits for the delay")
        _ = await node.runtime.submit(try node.credentials(4))
        // The submission that fills the batch closes it at once; nothing else is needed.
        #expect(node.store.tip.height == 1 && node.store.tip.ledger.size == 5)
        let outcomes = await node.runtime.submit(try node.credentials(12, first: 100))
        #expect(outcomes.allSatisfy { if case .admitted = $0 { true } else { false } })
        await node.runtime.tick()
        await node.runtime.tick()
        #expect(node.store.tip.ledger.size == 15, "blocks of at most 5: \(node.store.tip.ledger.size)")
        #expect(try node.store.block(height: 2).transactions.count == 5)
    }

    @Test("every rejection has a reason: bad signature, unknown author, duplicates, rules, a full mempool")
    func rejections() async throws {
        var settings = NodeFixture.immediateBatching
        settings.mempoolTransactionsMax = 3
        settings.batchDelayTicks = 360_000
        let node = try await NodeFixture(settings: settings)
        defer { node.remove() }
        let registration = try node.factory.registerIssuer()
        let credentials = try node.credentials(3)
        // Unknown author: the issuer is not registered yet, and this submission does not register it.
        #expect(
            await node.runtime.submit([credentials[0]]) == [
                .rejected(credentials[0].id, .rule(.unknownAuthor(node.factory.issuerKey.publicKey.keyID)))
            ])
        // Registration and issuance in one submission: the second pass checks the credential.
        #expect(
            await node.runtime.submit([credentials[0], registration]) == [
                .admitted(credentials[0].id), .admitted(registration.id),
            ])
        #expect(
            await node.runtime.submit([registration]) == [.rejected(registration.id, .alreadyPending(registration.id))])
        // A forged signature: the body of one credential with the signature of another.
        let forged = try SignedTransaction(body: credentials[1].body, signature: credentials[2].signature)
        guard case .rejected(_, .rule(.badSignature)) = await node.runtime.submit([forged])[0] else {
            Issue.record("forged signature admitted")
            return
        }
        // The same credential id with a different document: a rule failure against the pending one.
        let clash = try node.factory.credentials(prefix: "credential", first: 0, count: 1, issuedAtMilliseconds: 1)[0]
        guard case .rejected(_, .rule(.credentialAlreadyIssued)) = await node.runtime.submit([clash])[0] else {
            Issue.record("duplicate credential id admitted")
            return
        }
        #expect(await node.runtime.submit([credentials[1]]) == [.admitted(credentials[1].id)])
        guard case .rejected(_, .full) = await node.runtime.submit([credentials[2]])[0] else {
            Issue.record("mempool above its bound")
            return
        }
        #expect(await node.runtime.pendingCount == 3)
        let text = node.metrics.render().utf8String
        for reason in ["unknown_author", "already_pending", "bad_signature", "duplicate_credential_id", "mempool_full"]
        {
            #expect(text.contains("ledger_rejections_total{reason=\"\(reason)\"} 1"), "\(reason)")
        }
    }

    @Test("a final transaction resubmitted is a duplicate; signatures checked at admission are cached until final")
    func duplicatesAndCache() async throws {
        let node = try await NodeFixture()
        defer { node.remove() }
        try await node.registerIssuer()
        let credentials = try node.credentials(4)
        _ = await node.runtime.submit(credentials)
        #expect(node.runtime.verifiedCache.count == 4)
        await node.runtime.tick()
        #expect(node.runtime.verifiedCache.count == 0)
        #expect(
            await node.runtime.submit([credentials[0]]) == [
                .rejected(credentials[0].id, .rule(.duplicateTransaction(credentials[0].id)))
            ])
    }

    @Test("admitted transactions are gossiped; a peer's bad signature disconnects it and its duplicates are quiet")
    func gossip() async throws {
        let node = try await NodeFixture()
        defer { node.remove() }
        let peer = try P256PrivateKey.generate().publicKey.keyID
        let registration = try node.factory.registerIssuer()
        _ = await node.runtime.submit([registration], from: peer)
        let gossiped = node.network.messages.filter { if case .transactions = $0.0 { true } else { false } }
        #expect(gossiped.count == 1)
        _ = await node.runtime.submit([registration], from: peer)
        #expect(!node.metrics.render().utf8String.contains("already_pending"), "gossip echoes are not API rejections")
        let credential = try node.credentials(2)
        let forged = try SignedTransaction(body: credential[0].body, signature: credential[1].signature)
        await node.runtime.tick()
        _ = await node.runtime.submit([forged], from: peer)
        #expect(node.network.disconnects.map(\.0) == [peer])
    }

    @Test("catch-up: a peer's blocks request is served from the store, bounded per request")
    func servesBlocks() async throws {
        var settings = NodeFixture.immediateBatching
        settings.catchUpBlocksMax = 2
        let node = try await NodeFixture(settings: settings)
        defer { node.remove() }
        try await node.registerIssuer()
        for index in 0..<3 {
            _ = await node.runtime.submit(try node.credentials(2, first: index * 2))
            await node.runtime.tick()
        }
        #expect(node.store.tip.height == 4)
        let peer = try P256PrivateKey.generate().publicKey.keyID
        node.network.peers = [peer]
        await node.runtime.receive(.blocksRequest(fromHeight: 2), from: peer)
        let served = node.network.messages.compactMap { message, to -> UInt64? in
            guard to == peer, case .consensus(.finalBlock(let block)) = message else { return nil }
            return block.header.height
        }
        #expect(served == [2, 3])
    }
}

extension [UInt8] {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
