import LedgerCore
import Testing

@Suite("Registry rules: every rejection has a test that triggers it")
struct TransactionRulesTests {
    /// A chain with issuer "uwi" (registered by validator 0), definition "def-1" and credential "cred-1".
    final class Fixture {
        let chain: TestChain
        let issuerKey = try! P256PrivateKey.generate()
        let otherIssuerKey = try! P256PrivateKey.generate()

        init() throws {
            chain = try TestChain(validatorCount: 4)
            try chain.appendBlock([
                try chain.registerIssuer("uwi", key: issuerKey, by: 0),
                try chain.registerIssuer("utech", key: otherIssuerKey, by: 1),
            ])
            try chain.appendBlock([try chain.define("def-1", by: issuerKey), try chain.issue("cred-1", by: issuerKey)])
        }

        func evaluate(_ transaction: SignedTransaction, timestamp: UInt64? = nil) -> Result<
            RegistryChange, TransactionRejection
        > {
            // The in-memory registry never throws; only storage-backed views can.
            guard
                let key = try! chain.registry.publicKey(
                    for: transaction.body.authorKeyID, validators: chain.tip.validators)
            else {
                return .failure(.unknownAuthor(transaction.body.authorKeyID))
            }
            let verified: VerifiedTransaction
            switch TransactionAuthenticator.verify(transaction, authorKey: key) {
            case .success(let value): verified = value
            case .failure(let rejection): return .failure(rejection)
            }
            let context = RuleContext(
                chainID: chain.genesis.chainID,
                location: TransactionLocation(
                    height: chain.tip.height + 1, indexInBlock: 0, ledgerIndex: chain.tip.ledger.size),
                blockTimestampMilliseconds: timestamp ?? chain.clockMilliseconds, parent: chain.tip)
            return try! TransactionRules.evaluate(verified, in: chain.registry, context: context)
        }

        func rejection(_ transaction: SignedTransaction, timestamp: UInt64? = nil) -> TransactionRejection? {
            if case .failure(let rejection) = evaluate(transaction, timestamp: timestamp) { return rejection }
            return nil
        }

        func accepts(_ transaction: SignedTransaction) -> Bool {
            if case .success = evaluate(transaction) { return true }
            return false
        }
    }

    @Test("only genesis validators register issuers")
    func registerIssuerNeedsValidator() throws {
        let fixture = try Fixture()
        let newKey = try P256PrivateKey.generate()
        #expect(fixture.accepts(try fixture.chain.registerIssuer("ncc", key: newKey, by: 2)))
        let byIssuer = try fixture.chain.sign(
            .registerIssuer(
                RegisterIssuer(
                    issuerID: "ncc", displayName: "NCC", country: "TT", publicKey: newKey.publicKey.spkiDER,
                    accreditationNotes: "")),
            by: fixture.issuerKey)
        #expect(fixture.rejection(byIssuer) == .authorNotValidator)
    }

    @Test("issuer ids and keys are unique; the key must be a valid P-256 SPKI")
    func issuerUniqueness() throws {
        let fixture = try Fixture()
        #expect(
            fixture.rejection(try fixture.chain.registerIssuer("uwi", key: try P256PrivateKey.generate()))
                == .issuerAlreadyRegistered("uwi"))
        let reused = try fixture.chain.registerIssuer("other", key: fixture.issuerKey)
        #expect(fixture.rejection(reused) == .issuerKeyInUse(fixture.issuerKey.publicKey.keyID))
        let validatorKey = try fixture.chain.registerIssuer("sneaky", key: fixture.chain.validatorKeys[3])
        #expect(fixture.rejection(validatorKey) == .issuerKeyInUse(fixture.chain.validatorKeys[3].publicKey.keyID))
        let garbage = try fixture.chain.sign(
            .registerIssuer(
                RegisterIssuer(
                    issuerID: "bad-key", displayName: "Bad", country: "GY", publicKey: [0x30, 0x03, 0x01, 0x02, 0x03],
                    accreditationNotes: "")),
            by: fixture.chain.validatorKeys[0])
        guard case .invalidIssuerKey? = fixture.rejection(garbage) else {
            Issue.record("garbage key accepted")
            return
        }
    }

    @Test("only registered issuers define and issue")
    func issuingNeedsIssuer() throws {
        let fixture = try Fixture()
        #expect(fixture.accepts(try fixture.chain.issue("cred-2", by: fixture.issuerKey)))
        #expect(
            fixture.rejection(try fixture.chain.issue("cred-2", by: fixture.chain.validatorKeys[0])) == .authorNotIssuer
        )
        #expect(
            fixture.rejection(try fixture.chain.define("def-2", by: fixture.chain.validatorKeys[0])) == .authorNotIssuer
        )
        #expect(fixture.accepts(try fixture.chain.define("def-2", by: fixture.issuerKey)))
        let stranger = try P256PrivateKey.generate()
        #expect(
            fixture.rejection(try fixture.chain.issue("cred-2", by: stranger))
                == .unknownAuthor(stranger.publicKey.keyID))
    }

    @Test("duplicate credential ids, definitions and transactions are rejected")
    func duplicates() throws {
        let fixture = try Fixture()
        #expect(
            fixture.rejection(try fixture.chain.issue("cred-1", by: fixture.otherIssuerKey))
                == .credentialAlreadyIssued("cred-1"))
        #expect(
            fixture.rejection(try fixture.chain.define("def-1", by: fixture.otherIssuerKey))
                == .definitionAlreadyRegistered("def-1"))
        let replay = fixture.chain.blocks[1].transactions[1]
        #expect(fixture.rejection(replay) == .duplicateTransaction(replay.id))
    }

    @Test("a definition reference must exist; any issuer may cite the shared catalogue")
    func definitionReference() throws {
        let fixture = try Fixture()
        #expect(
            fixture.rejection(try fixture.chain.issue("cred-3", by: fixture.issuerKey, definitionID: "nope"))
                == .unknownDefinition("nope"))
        #expect(fixture.accepts(try fixture.chain.issue("cred-3", by: fixture.otherIssuerKey, definitionID: "def-1")))
    }

    @Test("only the issuer or the authority that registered it revokes, and only once")
    func revocation() throws {
        let fixture = try Fixture()
        #expect(fixture.accepts(try fixture.chain.revoke("cred-1", by: fixture.issuerKey)))
        #expect(fixture.accepts(try fixture.chain.revoke("cred-1", by: fixture.chain.validatorKeys[0])))
        #expect(
            fixture.rejection(try fixture.chain.revoke("cred-1", by: fixture.chain.validatorKeys[1]))
                == .notAuthorizedToRevoke("cred-1"))
        #expect(
            fixture.rejection(try fixture.chain.revoke("cred-1", by: fixture.otherIssuerKey))
                == .notAuthorizedToRevoke("cred-1"))
        #expect(
            fixture.rejection(try fixture.chain.revoke("cred-404", by: fixture.issuerKey))
                == .unknownCredential("cred-404"))
        try fixture.chain.appendBlock([try fixture.chain.revoke("cred-1", by: fixture.issuerKey, reason: .superseded)])
        #expect(
            fixture.rejection(try fixture.chain.revoke("cred-1", by: fixture.issuerKey)) == .alreadyRevoked("cred-1"))
        #expect(fixture.chain.registry.credential(id: "cred-1")?.revocation?.reason == .superseded)
    }

    @Test("a transaction for another chain or with a bad signature is rejected")
    func chainAndSignature() throws {
        let fixture = try Fixture()
        let foreign = try SignedTransaction.sign(
            try TransactionBody(
                chainID: SHA256.hash([9]), authorKeyID: fixture.issuerKey.publicKey.keyID,
                payload: .revokeCredential(RevokeCredential(credentialID: "cred-1", reason: .unspecified))),
            with: fixture.issuerKey)
        #expect(
            fixture.rejection(foreign) == .wrongChain(expected: fixture.chain.genesis.chainID, actual: SHA256.hash([9]))
        )
        let genuine = try fixture.chain.issue("cred-9", by: fixture.issuerKey)
        let forged = try SignedTransaction(
            body: genuine.body, signature: try fixture.otherIssuerKey.sign(message: genuine.body.encoded))
        #expect(fixture.rejection(forged) == .badSignature(.mismatch))
        #expect(fixture.accepts(genuine))
    }

    @Test("an issue time far after the block time is rejected; a little skew is allowed")
    func issueTimeBound() throws {
        let fixture = try Fixture()
        let transaction = try fixture.chain.issue("cred-5", by: fixture.issuerKey)
        let issuedAt = fixture.chain.clockMilliseconds
        #expect(fixture.rejection(transaction, timestamp: issuedAt - Limits.issueTimeAheadMillisecondsMax) == nil)
        #expect(
            fixture.rejection(transaction, timestamp: issuedAt - Limits.issueTimeAheadMillisecondsMax - 1)
                == .issueTimeInFuture(
                    issuedAtMilliseconds: issuedAt,
                    blockTimestampMilliseconds: issuedAt - Limits.issueTimeAheadMillisecondsMax - 1))
    }

    @Test("no personal data: an issue transaction carries only digests of the learner and document")
    func noPersonalData() throws {
        let fixture = try Fixture()
        let learner = "Jane Learner, jane@example.org"
        let transaction = try fixture.chain.issue("cred-6", by: fixture.issuerKey)
        let encoded = String(decoding: transaction.encoded, as: UTF8.self)
        #expect(!encoded.contains(learner))
        guard case .issueCredential(let issue) = transaction.body.payload else {
            Issue.record("issue() did not build an issueCredential")
            return
        }
        #expect(issue.subjectCommitment.bytes.count == 32)
    }

    @Test("suspension: issuer or registering authority only; active → suspended → active; revocation is final")
    func suspension() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        #expect(fixture.rejection(try chain.reinstate("cred-1", by: fixture.issuerKey)) == .notSuspended("cred-1"))
        #expect(
            fixture.rejection(try chain.suspend("cred-1", by: fixture.otherIssuerKey))
                == .notAuthorizedToSuspend("cred-1"))
        #expect(
            fixture.rejection(try chain.suspend("cred-1", by: chain.validatorKeys[1]))
                == .notAuthorizedToSuspend("cred-1"))
        #expect(
            fixture.rejection(try chain.suspend("cred-404", by: fixture.issuerKey)) == .unknownCredential("cred-404"))
        #expect(fixture.accepts(try chain.suspend("cred-1", by: chain.validatorKeys[0])))
        let late = chain.clockMilliseconds + Limits.issueTimeAheadMillisecondsMax + 1
        let early = try chain.sign(
            .suspendCredential(
                SuspendCredential(credentialID: "cred-1", reason: .unspecified, decidedAtMilliseconds: late)),
            by: fixture.issuerKey)
        #expect(
            fixture.rejection(early)
                == .decisionTimeInFuture(
                    decidedAtMilliseconds: late, blockTimestampMilliseconds: chain.clockMilliseconds))
        try chain.appendBlock([try chain.suspend("cred-1", by: fixture.issuerKey, reason: .pendingCorrection)])
        let suspended = try #require(chain.registry.credential(id: "cred-1"))
        #expect(suspended.state == .suspended && suspended.suspension?.reason == .pendingCorrection)
        #expect(fixture.rejection(try chain.suspend("cred-1", by: fixture.issuerKey)) == .alreadySuspended("cred-1"))
        #expect(
            fixture.rejection(try chain.reinstate("cred-1", by: fixture.otherIssuerKey))
                == .notAuthorizedToSuspend("cred-1"))
        try chain.appendBlock([try chain.reinstate("cred-1", by: chain.validatorKeys[0])])
        let reinstated = try #require(chain.registry.credential(id: "cred-1"))
        #expect(reinstated.state == .active && reinstated.suspension?.reason == nil)
        #expect(reinstated.stateChange.location.height == chain.tip.height)
        // Suspended again, then revoked while suspended: final, so neither reinstated nor suspended again.
        try chain.appendBlock([try chain.suspend("cred-1", by: fixture.issuerKey)])
        try chain.appendBlock([try chain.revoke("cred-1", by: fixture.issuerKey)])
        #expect(chain.registry.credential(id: "cred-1")?.state == .revoked)
        #expect(fixture.rejection(try chain.reinstate("cred-1", by: fixture.issuerKey)) == .alreadyRevoked("cred-1"))
        #expect(fixture.rejection(try chain.suspend("cred-1", by: fixture.issuerKey)) == .alreadyRevoked("cred-1"))
    }

    @Test("rejection codes are distinct and stable")
    func codesDistinct() {
        let key = SHA256.hash([1])
        let all: [TransactionRejection] = [
            .malformed(.trailingBytes(count: 1)), .wrongChain(expected: key, actual: key), .unknownAuthor(key),
            .badSignature(.mismatch), .duplicateTransaction(key), .authorNotValidator, .issuerAlreadyRegistered("a"),
            .issuerKeyInUse(key), .invalidIssuerKey("x"), .authorNotIssuer, .definitionAlreadyRegistered("d"),
            .unknownDefinition("d"), .credentialAlreadyIssued("c"), .unknownCredential("c"),
            .notAuthorizedToRevoke("c"),
            .alreadyRevoked("c"), .notAuthorizedToSuspend("c"), .alreadySuspended("c"), .notSuspended("c"),
            .decisionTimeInFuture(decidedAtMilliseconds: 2, blockTimestampMilliseconds: 1),
            .issueTimeInFuture(issuedAtMilliseconds: 2, blockTimestampMilliseconds: 1),
        ]
        #expect(Set(all.map(\.code)).count == all.count)
        #expect(TransactionRejection.credentialAlreadyIssued("c").code == "duplicate_credential_id")
    }
}
