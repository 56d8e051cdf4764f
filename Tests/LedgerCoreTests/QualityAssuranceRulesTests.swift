import LedgerCore
import Testing

@Suite("QA bodies, accreditation and stacked awards: every refusal, the records, and the encodings")
struct QualityAssuranceRulesTests {
    /// The rules fixture (issuers "uwi" by validator 0 and "utech" by validator 1, both JM; "def-1" a uwi
    /// workshop; "cred-1"), with UCJ registered by validator 0 for JM, and ACTT by validator 1 for TT.
    final class Fixture {
        let rules: TransactionRulesTests.Fixture
        let ucjKey = try! P256PrivateKey.generate()
        let acttKey = try! P256PrivateKey.generate()
        var chain: TestChain { rules.chain }

        init() throws {
            rules = try TransactionRulesTests.Fixture()
            try rules.chain.appendBlock([
                try rules.chain.registerQABody("ucj", key: ucjKey, by: 0, country: "JM"),
                try rules.chain.registerQABody("actt", key: acttKey, by: 1, country: "TT"),
            ])
        }

        func rejection(_ transaction: SignedTransaction) -> TransactionRejection? { rules.rejection(transaction) }
        func accepts(_ transaction: SignedTransaction) -> Bool { rules.accepts(transaction) }
    }

    @Test("a validator registers a QA body under a new id and an unused, valid key")
    func registration() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        #expect(fixture.accepts(try chain.registerQABody("nab", key: try P256PrivateKey.generate(), by: 2)))
        let byIssuer = try chain.sign(
            .registerQABody(
                RegisterQABody(
                    qaBodyID: "nab", displayName: "NAB", country: "BB",
                    publicKey: try P256PrivateKey.generate().publicKey.spkiDER)),
            by: fixture.rules.issuerKey)
        #expect(fixture.rejection(byIssuer) == .authorNotValidator)
        #expect(
            fixture.rejection(try chain.registerQABody("ucj", key: try P256PrivateKey.generate()))
                == .qaBodyAlreadyRegistered("ucj"))
        let issuerKey = fixture.rules.issuerKey
        #expect(
            fixture.rejection(try chain.registerQABody("x", key: issuerKey))
                == .qaBodyKeyInUse(issuerKey.publicKey.keyID))
        let validatorKey = chain.validatorKeys[2]
        #expect(
            fixture.rejection(try chain.registerQABody("y", key: validatorKey))
                == .qaBodyKeyInUse(validatorKey.publicKey.keyID))
        #expect(
            fixture.rejection(try chain.registerQABody("z", key: fixture.ucjKey))
                == .qaBodyKeyInUse(fixture.ucjKey.publicKey.keyID))
        let garbage = try chain.sign(
            .registerQABody(RegisterQABody(qaBodyID: "g", displayName: "G", country: "JM", publicKey: [1, 2, 3])),
            by: chain.validatorKeys[0])
        guard case .invalidQABodyKey? = fixture.rejection(garbage) else {
            Issue.record("a garbage key is refused as invalid")
            return
        }
        // An issuer may not take a QA body's key either.
        #expect(
            fixture.rejection(try chain.registerIssuer("taken", key: fixture.ucjKey))
                == .issuerKeyInUse(fixture.ucjKey.publicKey.keyID))
    }

    @Test("a QA body accredits only its own authority's issuers, in its own country, and only their entries")
    func jurisdiction() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let everything = AccreditationScope.issuer(kinds: ActivityKind.allCases)
        #expect(fixture.accepts(try chain.accredit("a1", issuerID: "uwi", scope: everything, by: fixture.ucjKey)))
        #expect(
            fixture.rejection(try chain.accredit("a1", issuerID: "uwi", scope: everything, by: fixture.rules.issuerKey))
                == .authorNotQABody)
        #expect(
            fixture.rejection(try chain.accredit("a1", issuerID: "nobody", scope: everything, by: fixture.ucjKey))
                == .unknownIssuer("nobody"))
        // utech was registered by validator 1, UCJ by validator 0: another authority's issuer.
        #expect(
            fixture.rejection(try chain.accredit("a2", issuerID: "utech", scope: everything, by: fixture.ucjKey))
                == .outsideJurisdiction(qaBody: "ucj", issuer: "utech"))
        // ACTT was registered by validator 1, like utech, but for TT; utech is in JM.
        #expect(
            fixture.rejection(try chain.accredit("a3", issuerID: "utech", scope: everything, by: fixture.acttKey))
                == .outsideJurisdiction(qaBody: "actt", issuer: "utech"))
        #expect(
            fixture.rejection(
                try chain.accredit("a4", issuerID: "uwi", scope: .entries(["def-1", "nope"]), by: fixture.ucjKey))
                == .unknownDefinition("nope"))
        try chain.appendBlock([try chain.define("utech-1", by: fixture.rules.otherIssuerKey)])
        #expect(
            fixture.rejection(
                try chain.accredit("a5", issuerID: "uwi", scope: .entries(["utech-1"]), by: fixture.ucjKey))
                == .definitionOfAnotherIssuer(definition: "utech-1", issuer: "uwi"))
        try chain.appendBlock([
            try chain.accredit("a6", issuerID: "uwi", scope: .entries(["def-1"]), by: fixture.ucjKey)
        ])
        #expect(
            fixture.rejection(try chain.accredit("a6", issuerID: "uwi", scope: everything, by: fixture.ucjKey))
                == .accreditationAlreadyRecorded("a6"))
    }

    @Test("only the recording body withdraws, once, with a decision time inside the margin")
    func withdrawal() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        try chain.appendBlock([
            try chain.accredit("a1", issuerID: "uwi", scope: .entries(["def-1"]), by: fixture.ucjKey)
        ])
        #expect(
            fixture.rejection(try chain.withdrawAccreditation("nope", by: fixture.ucjKey))
                == .unknownAccreditation("nope"))
        #expect(
            fixture.rejection(try chain.withdrawAccreditation("a1", by: fixture.acttKey))
                == .notAuthorizedToWithdraw("a1"))
        let late = try chain.sign(
            .withdrawAccreditation(
                WithdrawAccreditation(
                    accreditationID: "a1",
                    decidedAtMilliseconds: chain.clockMilliseconds + Limits.issueTimeAheadMillisecondsMax + 1_000)),
            by: fixture.ucjKey)
        guard case .decisionTimeInFuture? = fixture.rejection(late) else {
            Issue.record("a decision far ahead of the block is refused")
            return
        }
        try chain.appendBlock([try chain.withdrawAccreditation("a1", by: fixture.ucjKey)])
        #expect(
            fixture.rejection(try chain.withdrawAccreditation("a1", by: fixture.ucjKey))
                == .accreditationWithdrawn("a1"))
        #expect(chain.registry.accreditation(id: "a1")?.withdrawal != nil)
        guard case .accreditation(let status)? = try chain.statusMap.record(.accreditation, id: "a1") else {
            Issue.record("the accreditation has a status record")
            return
        }
        #expect(status.state == .withdrawn && status.changedAtHeight == chain.tip.height)
        #expect(chain.registry.statusRootFromScratch == chain.statusMap.root)
    }

    @Test("a credential citing an accreditation is refused unless the record covers it at the block's time")
    func coverage() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let issuer = fixture.rules.issuerKey
        let now = chain.clockMilliseconds
        try chain.appendBlock([
            try chain.define("course-1", by: issuer),
            try chain.accredit("entries", issuerID: "uwi", scope: .entries(["def-1"]), by: fixture.ucjKey),
            try chain.accredit("courses", issuerID: "uwi", scope: .issuer(kinds: [.course]), by: fixture.ucjKey),
            try chain.accredit(
                "all", issuerID: "uwi", scope: .issuer(kinds: ActivityKind.allCases), by: fixture.ucjKey),
            try chain.accredit(
                "expired", issuerID: "uwi", scope: .entries(["def-1"]), by: fixture.ucjKey, from: now - 10_000,
                until: now - 5_000),
            try chain.accredit(
                "future", issuerID: "uwi", scope: .entries(["def-1"]), by: fixture.ucjKey, from: now + 86_400_000,
                until: now + 2 * 86_400_000),
            try chain.accredit("gone", issuerID: "uwi", scope: .entries(["def-1"]), by: fixture.ucjKey),
        ])
        try chain.appendBlock([try chain.withdrawAccreditation("gone", by: fixture.ucjKey)])
        #expect(fixture.accepts(try chain.issue("c1", by: issuer, definitionID: "def-1", accreditationID: "entries")))
        #expect(fixture.accepts(try chain.issue("c2", by: issuer, definitionID: "def-1", accreditationID: "all")))
        #expect(
            fixture.accepts(try chain.issue("c3", by: issuer, accreditationID: "all")), "every kind covers no entry")
        func notCovered(_ transaction: SignedTransaction, _ id: String) -> Bool {
            if case .accreditationDoesNotCover(id, _)? = fixture.rejection(transaction) { return true }
            return false
        }
        #expect(
            notCovered(try chain.issue("c4", by: issuer, definitionID: "def-1", accreditationID: "courses"), "courses"),
            "def-1 is a workshop")
        #expect(
            fixture.accepts(try chain.issue("c4", by: issuer, definitionID: "course-1", accreditationID: "courses"))
                == false, "course-1 is a workshop too")
        #expect(notCovered(try chain.issue("c5", by: issuer, accreditationID: "courses"), "courses"))
        #expect(
            notCovered(
                try chain.issue("c6", by: issuer, definitionID: "course-1", accreditationID: "entries"), "entries"))
        #expect(
            notCovered(try chain.issue("c7", by: issuer, definitionID: "def-1", accreditationID: "expired"), "expired"))
        #expect(
            notCovered(try chain.issue("c8", by: issuer, definitionID: "def-1", accreditationID: "future"), "future"))
        #expect(
            notCovered(
                try chain.issue("c9", by: fixture.rules.otherIssuerKey, definitionID: "def-1", accreditationID: "all"),
                "all"))
        #expect(
            fixture.rejection(try chain.issue("c10", by: issuer, definitionID: "def-1", accreditationID: "gone"))
                == .accreditationWithdrawn("gone"))
        #expect(
            fixture.rejection(try chain.issue("c11", by: issuer, definitionID: "def-1", accreditationID: "nope"))
                == .unknownAccreditation("nope"))
    }

    @Test("a stacked award needs active component credentials for distinct entries of its pathway, enough of them")
    func stacking() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let uwi = fixture.rules.issuerKey
        let utech = fixture.rules.otherIssuerKey
        try chain.appendBlock([
            try chain.define("part-a", by: uwi), try chain.define("part-b", by: utech),
            try chain.define("part-c", by: uwi),
        ])
        try chain.appendBlock([
            try chain.definePathway("path", components: ["part-a", "part-b", "part-c"], required: 2, by: uwi),
            try chain.issue("a1", by: uwi, definitionID: "part-a"),
            try chain.issue("a2", by: uwi, definitionID: "part-a"),
            try chain.issue("b1", by: utech, definitionID: "part-b"),
            try chain.issue("c1", by: uwi, definitionID: "part-c"),
            try chain.issue("revoked", by: uwi, definitionID: "part-c"),
            try chain.issue("suspended", by: uwi, definitionID: "part-c"),
        ])
        try chain.appendBlock([try chain.revoke("revoked", by: uwi), try chain.suspend("suspended", by: uwi)])
        #expect(
            fixture.accepts(try chain.issue("award", by: uwi, definitionID: "path", components: ["a1", "b1"])),
            "components from another issuer stack")
        #expect(
            fixture.accepts(
                try chain.issue(
                    "award", by: uwi, definitionID: "path", route: .priorLearning, components: ["a1", "b1", "c1"])))
        #expect(
            fixture.rejection(try chain.issue("award", by: uwi, definitionID: "path", components: ["a1"]))
                == .pathwayIncomplete(pathway: "path", required: 2, held: 1))
        #expect(
            fixture.rejection(try chain.issue("award", by: uwi, definitionID: "path"))
                == .pathwayIncomplete(pathway: "path", required: 2, held: 0))
        #expect(
            fixture.rejection(try chain.issue("award", by: uwi, definitionID: "path", components: ["a1", "a2"]))
                == .componentNotInPathway(credential: "a2", pathway: "path"), "one entry counts once")
        #expect(
            fixture.rejection(try chain.issue("award", by: uwi, definitionID: "path", components: ["a1", "cred-1"]))
                == .componentNotInPathway(credential: "cred-1", pathway: "path"))
        #expect(
            fixture.rejection(try chain.issue("award", by: uwi, definitionID: "path", components: ["a1", "nope"]))
                == .unknownCredential("nope"))
        #expect(
            fixture.rejection(try chain.issue("award", by: uwi, definitionID: "path", components: ["a1", "revoked"]))
                == .componentNotActive(credential: "revoked", state: .revoked))
        #expect(
            fixture.rejection(try chain.issue("award", by: uwi, definitionID: "path", components: ["a1", "suspended"]))
                == .componentNotActive(credential: "suspended", state: .suspended))
        #expect(
            fixture.rejection(try chain.issue("award", by: uwi, definitionID: "part-a", components: ["a1"]))
                == .notAPathway("part-a"))
        // Field rules: a stacked award names its pathway, never itself, and each component once.
        for bad in [
            IssueCredential(
                credentialID: "x", documentDigest: SHA256.hash([1]), subjectCommitment: SHA256.hash([2]),
                definitionID: nil, issuedAtMilliseconds: 1, expiresAtMilliseconds: nil, components: ["a1"]),
            IssueCredential(
                credentialID: "x", documentDigest: SHA256.hash([1]), subjectCommitment: SHA256.hash([2]),
                definitionID: "path", issuedAtMilliseconds: 1, expiresAtMilliseconds: nil, components: ["x"]),
            IssueCredential(
                credentialID: "x", documentDigest: SHA256.hash([1]), subjectCommitment: SHA256.hash([2]),
                definitionID: "path", issuedAtMilliseconds: 1, expiresAtMilliseconds: nil, components: ["a1", "a1"]),
            IssueCredential(
                credentialID: "x", documentDigest: SHA256.hash([1]), subjectCommitment: SHA256.hash([2]),
                definitionID: "path", issuedAtMilliseconds: 1, expiresAtMilliseconds: nil, accreditationID: "a b"),
        ] {
            #expect(throws: FormatError.self) { try chain.sign(.issueCredential(bad), by: uwi) }
        }
    }

    @Test("the new kinds and fields round-trip; decoders refuse unknown tags, unordered kinds and counts over limits")
    func encodings() throws {
        let payloads: [TransactionPayload] = [
            .registerQABody(
                RegisterQABody(
                    qaBodyID: "ucj", displayName: "University Council of Jamaica", country: "JM",
                    publicKey: Array(repeating: 7, count: 91))),
            .recordAccreditation(
                RecordAccreditation(
                    accreditationID: "ucj-2026-1", issuerID: "uwi", scope: .issuer(kinds: [.course, .workshop]),
                    validFromMilliseconds: 1, validUntilMilliseconds: 2)),
            .recordAccreditation(
                RecordAccreditation(
                    accreditationID: "ucj-2026-2", issuerID: "uwi", scope: .entries(["a", "b"]),
                    validFromMilliseconds: 1, validUntilMilliseconds: 2)),
            .withdrawAccreditation(WithdrawAccreditation(accreditationID: "ucj-2026-1", decidedAtMilliseconds: 9)),
            .issueCredential(
                IssueCredential(
                    credentialID: "award", documentDigest: SHA256.hash([1]), subjectCommitment: SHA256.hash([2]),
                    definitionID: "path", issuedAtMilliseconds: 5, expiresAtMilliseconds: nil,
                    accreditationID: "ucj-2026-1", route: .priorLearning, components: ["a1", "b1"])),
        ]
        for payload in payloads {
            let body = try TransactionBody(chainID: SHA256.hash([1]), authorKeyID: SHA256.hash([2]), payload: payload)
            #expect(try TransactionBody.decode(body.encoded).payload == payload)
            #expect(throws: FormatError.self) { try TransactionBody.decode(Array(body.encoded.dropLast())) }
        }
        let header = 14 + 32 + 1 + 32
        let issuerScope = try TransactionBody(
            chainID: SHA256.hash([1]), authorKeyID: SHA256.hash([2]), payload: payloads[1]
        ).encoded
        let scopeAt = header + 2 + 10 + 2 + 3
        #expect(issuerScope[scopeAt] == 1 && issuerScope[scopeAt + 1] == 2)
        var unknownScope = issuerScope
        unknownScope[scopeAt] = 3
        #expect(throws: FormatError.unknownTag(field: "scope", value: 3)) { try TransactionBody.decode(unknownScope) }
        var unordered = issuerScope
        (unordered[scopeAt + 2], unordered[scopeAt + 3]) = (2, 1)
        #expect(throws: FormatError.self) { try TransactionBody.decode(unordered) }
        var tooManyKinds = issuerScope
        tooManyKinds[scopeAt + 1] = 5
        #expect(throws: FormatError.self) { try TransactionBody.decode(tooManyKinds) }
        #expect(throws: FormatError.self) {
            try TransactionBody(
                chainID: SHA256.hash([1]), authorKeyID: SHA256.hash([2]),
                payload: .recordAccreditation(
                    RecordAccreditation(
                        accreditationID: "x", issuerID: "uwi", scope: .entries([]), validFromMilliseconds: 1,
                        validUntilMilliseconds: 2)))
        }
        #expect(throws: FormatError.self) {
            try TransactionBody(
                chainID: SHA256.hash([1]), authorKeyID: SHA256.hash([2]),
                payload: .recordAccreditation(
                    RecordAccreditation(
                        accreditationID: "x", issuerID: "uwi", scope: .issuer(kinds: [.course]),
                        validFromMilliseconds: 2, validUntilMilliseconds: 2)))
        }
        let award = try TransactionBody(chainID: SHA256.hash([1]), authorKeyID: SHA256.hash([2]), payload: payloads[4])
            .encoded
        // The route byte precedes the components' count (2) and two 2-byte ids with their length prefixes.
        let routeAt = award.count - 1 - 2 * 4 - 1
        #expect(award[routeAt] == LearningRoute.priorLearning.rawValue)
        var badRoute = award
        badRoute[routeAt] = 3
        #expect(throws: FormatError.unknownTag(field: "route", value: 3)) { try TransactionBody.decode(badRoute) }
    }

    @Test("QA bodies and accreditations are status-map records naming their registrations")
    func records() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let accreditation = try chain.accredit("a1", issuerID: "uwi", scope: .entries(["def-1"]), by: fixture.ucjKey)
        try chain.appendBlock([accreditation])
        guard case .accreditation(let status)? = try chain.statusMap.record(.accreditation, id: "a1"),
            case .qaBody(let body)? = try chain.statusMap.record(.qaBody, id: "ucj")
        else {
            Issue.record("both records are in the map")
            return
        }
        #expect(status.registrationID == accreditation.id && status.state == .active)
        #expect(body.registrationID == chain.registry.qaBody(id: "ucj")?.transactionID)
        for record in [StatusRecord.accreditation(status), .qaBody(body)] {
            #expect(record.encoded.count == StatusRecord.encodedBytesMax)
            #expect(try StatusRecord.decode(record.encoded) == record)
        }
        #expect(chain.registry.statusRootFromScratch == chain.statusMap.root)
    }
}
