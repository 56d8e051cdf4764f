import Foundation
import LedgerClient
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

@testable import LedgerNode
@testable import LedgerRuntime

/// The mempool against a real store: what a final block evicts, and that what stays is still a valid block body.
@Suite("Mempool: eviction when a block is final")
struct MempoolTests {
    /// A single-validator chain whose issuer is registered, with a mempool over its store.
    final class Chain {
        let directory = NSTemporaryDirectory() + "mcledger-mempool-\(UUID().uuidString)"
        let validator: P256PrivateKey
        let genesis: Genesis
        let store: ChainStore
        let factory: TransactionFactory
        var mempool: Mempool<ChainStoreRegistry>

        init() throws {
            validator = try P256PrivateKey.generate()
            genesis = try Genesis(
                chainName: "mempool-test", genesisTimeMilliseconds: systemWallClock() - 60_000,
                validators: [("validator-0", validator.publicKey)], parameters: .standard)
            store = try ChainStore(directory: directory, genesis: genesis)
            factory = TransactionFactory(
                chainID: genesis.chainID, authorityKey: validator, issuerKey: try P256PrivateKey.generate(),
                issuerID: "cardi")
            mempool = Mempool(registry: store.registry, transactionsMax: 1_000, bytesMax: 1 << 20)
            _ = try commit([try factory.registerIssuer()])
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        var context: RuleContext {
            RuleContext(
                chainID: genesis.chainID,
                location: TransactionLocation(height: store.tip.height + 1, indexInBlock: 0, ledgerIndex: 0),
                blockTimestampMilliseconds: systemWallClock(), parent: store.tip)
        }

        func verified(_ transaction: SignedTransaction) throws -> VerifiedTransaction {
            guard
                let key = try store.registry.publicKey(
                    for: transaction.body.authorKeyID, validators: store.tip.validators)
            else {
                throw FixtureError("unknown author")
            }
            return try TransactionAuthenticator.verify(transaction, authorKey: key).get()
        }

        func admit(_ transaction: SignedTransaction) throws -> Result<Void, AdmissionRejection> {
            mempool.admit(try verified(transaction), context: context, tick: 0)
        }

        /// Seals `transactions` into the next block and stores it.
        func commit(_ transactions: [SignedTransaction]) throws -> Block {
            let header = try header(
                transactions, timestampMilliseconds: max(systemWallClock(), store.tip.timestampMilliseconds + 1))
            let seal = try BlockBuilder.seal(header, genesis: genesis, with: validator)
            let block = Block(
                header: header, transactions: transactions, certificate: CommitCertificate(round: 0, seals: [seal]))
            try store.append(block, localTimeMilliseconds: systemWallClock())
            return block
        }

        /// The header a proposer builds for `transactions` on the stored tip.
        func header(_ transactions: [SignedTransaction], timestampMilliseconds: UInt64) throws -> BlockHeader {
            let (tip, status) = (store.tip, store.status)
            // The store's lock is held inside withRegistry: read nothing else from the store in the closure.
            let execution = try store.withRegistry { registry in
                try ChainRules.execute(
                    transactions, timestampMilliseconds: timestampMilliseconds, parent: tip, parentStatus: status,
                    genesis: genesis, registry: registry
                ).get()
            }
            return BlockBuilder.header(
                parent: tip, genesis: genesis, execution: execution, timestampMilliseconds: timestampMilliseconds,
                round: 0)
        }

        func removeCommitted(_ block: Block) -> (
            removed: [Mempool<ChainStoreRegistry>.Entry], evicted: [(TransactionID, AdmissionRejection)]
        ) {
            mempool.removeCommitted(block) { _ in self.context }
        }
    }

    @Test("a block of our own oldest transactions evicts nothing, and the rest is still a valid block body")
    func ownPrefix() throws {
        let chain = try Chain()
        let issued = try chain.factory.credentials(prefix: "c", count: 4, issuedAtMilliseconds: systemWallClock())
        for transaction in issued { #expect(try chain.admit(transaction).get() == ()) }
        let revoke = try chain.factory.revoke(credentialID: "c-3")
        #expect(try chain.admit(revoke).get() == ())
        let outcome = chain.removeCommitted(try chain.commit(Array(issued[0..<2])))
        #expect(outcome.removed.map(\.verified.id) == issued[0..<2].map(\.id))
        #expect(outcome.evicted.isEmpty)
        #expect(chain.mempool.order == [issued[2].id, issued[3].id, revoke.id])
        let body = chain.mempool.batch(transactionsMax: 100, bytesMax: 1 << 20).map(\.transaction)
        let (tip, status) = (chain.store.tip, chain.store.status)
        let header = try chain.header(body, timestampMilliseconds: tip.timestampMilliseconds + 1)
        // The store's lock is held inside withRegistry: read nothing else from the store in the closure.
        let verdict = try chain.store.withRegistry { registry in
            try ChainRules.validateProposal(
                header: header, transactions: body, parent: tip, parentStatus: status, genesis: chain.genesis,
                registry: registry, localTimeMilliseconds: systemWallClock())
        }
        #expect((try? verdict.get()) != nil, "what stays pending must still form a valid block: \(verdict)")
        // The kept changes still guard admission: a second revocation of c-3 is refused while one is pending.
        let again = try chain.factory.revoke(credentialID: "c-3", reason: .superseded)
        #expect(throws: AdmissionRejection.self) { try chain.admit(again).get() }
    }

    @Test("a competing issuance from elsewhere evicts ours; a pending revocation of that id is re-checked and stays")
    func competingIssuance() throws {
        let chain = try Chain()
        let now = systemWallClock()
        let ours = try chain.factory.credentials(prefix: "c", count: 3, issuedAtMilliseconds: now)
        for transaction in ours { #expect(try chain.admit(transaction).get() == ()) }
        let revokeOurs = try chain.factory.revoke(credentialID: "c-1")
        #expect(try chain.admit(revokeOurs).get() == ())
        // Another node finalizes a different issuance of c-1 (another issue time, so another transaction).
        let theirs = try chain.factory.credentials(prefix: "c", first: 1, count: 1, issuedAtMilliseconds: now - 1)[0]
        #expect(theirs.id != ours[1].id)
        let outcome = chain.removeCommitted(try chain.commit([ours[0], theirs]))
        #expect(outcome.removed.map(\.verified.id) == [ours[0].id])
        #expect(outcome.evicted.map(\.0) == [ours[1].id])
        #expect(outcome.evicted.first?.1.code == "duplicate_credential_id")
        // The pending revocation now revokes their c-1, which is final: it stays valid and pending.
        #expect(chain.mempool.order == [ours[2].id, revokeOurs.id])
    }

    /// Regression (simulator, seed 54 with n = 4 and one Byzantine): an award evicted because a final block revoked
    /// one of its components left a pending revocation of the award re-applied, unchecked, on a registry without
    /// the award, and the node stopped on a broken invariant. What an evicted transaction would have written is now
    /// re-checked like what the block wrote.
    @Test("an award evicted for a revoked component takes a pending revocation of the award with it")
    func evictionCascades() throws {
        let chain = try Chain()
        let factory = chain.factory
        func course(_ id: String) -> RegisterDefinition {
            RegisterDefinition(
                definitionID: id, title: id, notionalMinutes: 60, level: 3, format: .online, activity: .course)
        }
        func issue(_ id: String, definition: String, components: [String] = []) throws -> SignedTransaction {
            try SignedTransaction.sign(
                TransactionBody(
                    chainID: chain.genesis.chainID, authorKeyID: factory.issuerKey.publicKey.keyID,
                    payload: .issueCredential(
                        IssueCredential(
                            credentialID: id, documentDigest: SHA256.hash(Array(id.utf8)),
                            subjectCommitment: SHA256.hash([1]), definitionID: definition,
                            issuedAtMilliseconds: systemWallClock(), expiresAtMilliseconds: nil,
                            components: components))),
                with: factory.issuerKey)
        }
        let pathway = RegisterDefinition(
            definitionID: "p", title: "P", notionalMinutes: 120, level: 4, format: .online, activity: .pathway,
            components: ["a", "b"], componentsRequired: 2)
        _ = try chain.commit([try factory.define(course("a")), try factory.define(course("b"))])
        _ = try chain.commit([
            try factory.define(pathway), try issue("c-a", definition: "a"), try issue("c-b", definition: "b"),
        ])
        let award = try issue("award", definition: "p", components: ["c-a", "c-b"])
        let revokeAward = try factory.revoke(credentialID: "award")
        #expect(try chain.admit(award).get() == ())
        #expect(try chain.admit(revokeAward).get() == ())
        let outcome = chain.removeCommitted(try chain.commit([try factory.revoke(credentialID: "c-a")]))
        #expect(outcome.evicted.map(\.0) == [award.id, revokeAward.id])
        #expect(outcome.evicted.map(\.1.code) == ["component_not_active", "unknown_credential"])
        #expect(chain.mempool.count == 0)
    }

    @Test("a suspension or re-key from elsewhere evicts the issuer's pending issuances, whatever entries they read")
    func issuerChangeFromElsewhere() throws {
        let chain = try Chain()
        let factory = chain.factory
        func authority(_ payload: TransactionPayload) throws -> SignedTransaction {
            try SignedTransaction.sign(
                TransactionBody(
                    chainID: chain.genesis.chainID, authorKeyID: chain.validator.publicKey.keyID, payload: payload),
                with: chain.validator)
        }
        let pending = try factory.credentials(prefix: "p", count: 2, issuedAtMilliseconds: systemWallClock())
        #expect(try chain.admit(pending[0]).get() == ())
        let suspension = try authority(
            .changeIssuerStanding(
                ChangeIssuerStanding(issuerID: "cardi", standing: .suspended, decidedAtMilliseconds: systemWallClock()))
        )
        var outcome = chain.removeCommitted(try chain.commit([suspension]))
        #expect(outcome.evicted.map(\.0) == [pending[0].id])
        #expect(outcome.evicted.map(\.1.code) == ["issuer_not_active"])
        let reinstatement = try authority(
            .changeIssuerStanding(
                ChangeIssuerStanding(issuerID: "cardi", standing: .active, decidedAtMilliseconds: systemWallClock() + 1)
            ))
        _ = chain.removeCommitted(try chain.commit([reinstatement]))
        #expect(try chain.admit(pending[1]).get() == ())
        let rekey = try authority(
            .rotateIssuerKey(
                RotateIssuerKey(
                    issuerID: "cardi", publicKey: try P256PrivateKey.generate().publicKey.spkiDER, proofOfPossession: []
                )))
        outcome = chain.removeCommitted(try chain.commit([rekey]))
        #expect(outcome.evicted.map(\.0) == [pending[1].id])
        #expect(outcome.evicted.map(\.1.code) == ["issuer_key_retired"])
        #expect(chain.mempool.count == 0)
    }

    @Test("a pending issuer registration is re-checked: one that a final block duplicated is evicted")
    func duplicateRegistration() throws {
        let chain = try Chain()
        let pending = TransactionFactory(
            chainID: chain.genesis.chainID, authorityKey: chain.validator, issuerKey: try P256PrivateKey.generate(),
            issuerID: "uwi")
        let competing = TransactionFactory(
            chainID: chain.genesis.chainID, authorityKey: chain.validator, issuerKey: try P256PrivateKey.generate(),
            issuerID: "uwi")
        let registration = try pending.registerIssuer()
        #expect(try chain.admit(registration).get() == ())
        let outcome = chain.removeCommitted(try chain.commit([try competing.registerIssuer()]))
        #expect(outcome.evicted.map(\.0) == [registration.id])
        #expect(chain.mempool.count == 0)
    }

    @Test("a block of pending transactions in another order: the rest stays, and the pool still sees what is pending")
    func ownTransactionsReordered() throws {
        let chain = try Chain()
        let issued = try chain.factory.credentials(prefix: "c", count: 4, issuedAtMilliseconds: systemWallClock())
        for transaction in issued { #expect(try chain.admit(transaction).get() == ()) }
        let revokeOne = try chain.factory.revoke(credentialID: "c-1")
        let revokeThree = try chain.factory.revoke(credentialID: "c-3")
        #expect(try chain.admit(revokeOne).get() == ())
        #expect(try chain.admit(revokeThree).get() == ())
        // Another proposer put c-3, c-1 and the revocation of c-1 in its block: all pending here.
        let block = try chain.commit([issued[3], issued[1], revokeOne])
        let outcome = chain.removeCommitted(block)
        #expect(outcome.evicted.isEmpty)
        #expect(Set(outcome.removed.map(\.verified.id)) == Set(block.transactions.map(\.id)))
        #expect(chain.mempool.order == [issued[0].id, issued[2].id, revokeThree.id])
        // c-3's revocation is still pending, so another is refused; c-1 is revoked on the chain, so is refused too.
        for again in [
            try chain.factory.revoke(credentialID: "c-3", reason: .superseded),
            try chain.factory.revoke(credentialID: "c-1", reason: .superseded),
        ] {
            #expect(throws: AdmissionRejection.self) { try chain.admit(again).get() }
        }
        // A fresh issuance of a committed id is refused by the chain, of a pending id by the pool.
        for number in [1, 2] {
            let duplicate = try chain.factory.credentials(
                prefix: "c", first: number, count: 1, issuedAtMilliseconds: systemWallClock() - 5)[0]
            #expect(throws: AdmissionRejection.self) { try chain.admit(duplicate).get() }
        }
        // And what is left is a valid block on top of the new tip.
        let rest = chain.mempool.batch(transactionsMax: 100, bytesMax: 1 << 20).map(\.transaction)
        #expect(rest.map(\.id) == chain.mempool.order)
        _ = try chain.commit(rest)
        #expect(chain.store.tip.height == 3)
    }
}
