import Foundation
import LedgerCore
import Testing

/// What an authentic bundle may still not prove: that it is an issuance, that the credential stands, that the
/// document was read by the issuer's rule, and that the person in front of the employer is its learner.
@Suite("Proof verdicts: issuance only, revoked and expired, document rule, learner")
struct ProofVerdictTests {
    typealias Fixture = ProofBundleTests.Fixture

    @Test("a bundle built around a revokeCredential transaction is refused by the issuance check, naming the kind")
    func revocationIsNotIssuance() throws {
        let fixture = try Fixture()
        try fixture.add([try fixture.chain.revoke("cred-a1", by: fixture.issuerKey)])
        let bundle = try fixture.bundle(height: 4, index: 0)
        guard case .failure(let failure) = ProofVerifier.verify(bundle, genesis: fixture.chain.genesis) else {
            Issue.record("a revocation verified as an issuance")
            return
        }
        #expect(failure.check == .issuance)
        #expect(failure.reason.contains("revokeCredential") && failure.reason.contains("not an issuance"))
    }

    @Test("standing: a proven revocation wins over expiry and age; expiry counts from expiresAt; then age, suspension")
    func standing() throws {
        let fixture = try Fixture()
        let issuedAt = fixture.chain.clockMilliseconds
        let expiring = try fixture.chain.sign(
            .issueCredential(
                IssueCredential(
                    credentialID: "cred-expiring", documentDigest: SHA256.hash([7]),
                    subjectCommitment: SHA256.hash([8]),
                    definitionID: nil, issuedAtMilliseconds: issuedAt, expiresAtMilliseconds: issuedAt + 1_000)),
            by: fixture.issuerKey)
        try fixture.add([expiring])
        let day: UInt64 = 86_400_000
        let bundle = try fixture.bundle(height: 4, index: 0)
        let verified = try ProofVerifier.verify(bundle, genesis: fixture.chain.genesis).get()
        let asOf = verified.status.header.timestampMilliseconds
        #expect(verified.standing(atMilliseconds: issuedAt + 999, maxAgeMilliseconds: day) == .active)
        #expect(
            verified.standing(atMilliseconds: issuedAt + 1_000, maxAgeMilliseconds: day)
                == .expired(atMilliseconds: issuedAt + 1_000))
        try fixture.add([try fixture.chain.revoke("cred-expiring", by: fixture.issuerKey, reason: .fraudulent)])
        let revoked = try ProofVerifier.verify(try fixture.bundle(height: 4, index: 0), genesis: fixture.chain.genesis)
            .get()
        #expect(
            revoked.standing(atMilliseconds: issuedAt, maxAgeMilliseconds: day) == .revoked(.fraudulent, atHeight: 5))
        #expect(revoked.standing(atMilliseconds: .max, maxAgeMilliseconds: day) == .revoked(.fraudulent, atHeight: 5))
        let permanent = try ProofVerifier.verify(
            try fixture.bundle(height: 2, index: 1), genesis: fixture.chain.genesis
        )
        .get()
        let permanentAsOf = permanent.status.header.timestampMilliseconds
        #expect(permanent.standing(atMilliseconds: permanentAsOf + day, maxAgeMilliseconds: day) == .active)
        #expect(
            permanent.standing(atMilliseconds: permanentAsOf + day + 1, maxAgeMilliseconds: day)
                == .statusTooOld(asOfMilliseconds: permanentAsOf, maxAgeMilliseconds: day))
        try fixture.add([try fixture.chain.suspend("cred-a0", by: fixture.issuerKey, reason: .feesOutstanding)])
        let suspended = try ProofVerifier.verify(
            try fixture.bundle(height: 2, index: 1), genesis: fixture.chain.genesis
        )
        .get()
        #expect(suspended.standing(atMilliseconds: asOf, maxAgeMilliseconds: day) == .suspended(.feesOutstanding))
    }

    @Test("the learner: the right subject and salt match; a wrong subject, salt or empty salt fail the subject check")
    func subject() throws {
        let fixture = try Fixture()
        let salt: [UInt8] = Array(0..<16)
        let commitment = DocumentDigest.subjectCommitment(salt: salt, identifier: "learner-2231@students.example")
        let anchored = try fixture.chain.sign(
            .issueCredential(
                IssueCredential(
                    credentialID: "cred-learner", documentDigest: SHA256.hash([1]), subjectCommitment: commitment,
                    definitionID: nil, issuedAtMilliseconds: fixture.chain.clockMilliseconds,
                    expiresAtMilliseconds: nil)),
            by: fixture.issuerKey)
        try fixture.add([anchored])
        let bundle = try fixture.bundle(height: 4, index: 0)
        let genesis = fixture.chain.genesis
        let right = SubjectClaim(identifier: "learner-2231@students.example", salt: salt)
        #expect(try ProofVerifier.verify(bundle, genesis: genesis, subject: right).get().subjectChecked)
        #expect(try !ProofVerifier.verify(bundle, genesis: genesis).get().subjectChecked)
        var otherSalt = salt
        otherSalt[15] ^= 1
        for claim in [
            SubjectClaim(identifier: "learner-2232@students.example", salt: salt),
            SubjectClaim(identifier: "learner-2231@students.example", salt: otherSalt),
            SubjectClaim(identifier: "learner-2231@students.example", salt: []),
        ] {
            #expect(
                ProofBundleTests.failedCheck(ProofVerifier.verify(bundle, genesis: genesis, subject: claim)) == .subject
            )
        }
    }

    @Test("a file that must be JSON but is not I-JSON is refused with the parse error and its byte offset")
    func documentMustBeJSON() throws {
        let cases: [(String, String?, Int, String)] = [
            (#"{"name": "Data Protection", "type": ["#, nil, 37, "unexpected end of input"),
            (#"{"a": 1, "a": 2}"#, "badge.json", 9, "duplicate"),
            (#"{"hours": 1e400}"#, "badge.JSON", 10, "finite"),
            ("  [1, 2", nil, 7, "end of input"),
            ("not json at all", "certificate.json", 1, "expected null"),
        ]
        for (text, name, offset, reason) in cases {
            do {
                let computed = try DocumentDigest.compute(Array(text.utf8), reading: .automatic(fileName: name))
                Issue.record("\(text) was anchored as \(computed.form)")
            } catch {
                #expect(error.error.offset == offset, "\(text): \(error)")
                #expect(
                    error.description.contains(reason) && error.description.contains("at byte \(offset)"), "\(error)")
            }
            let raw = try DocumentDigest.compute(Array(text.utf8), reading: .raw)
            #expect(raw.digest == SHA256.hash(Array(text.utf8)) && raw.form == .rawBytes)
        }
        // Bytes that do not look like JSON, in a file not named *.json, are anchored raw as before.
        let pdf: [UInt8] = Array("%PDF-1.7\n{".utf8)
        #expect(try DocumentDigest.compute(pdf, reading: .automatic(fileName: "certificate.pdf")).form == .rawBytes)
        // A valid JSON document is canonical whatever its name; --raw takes its bytes instead.
        let json = Array(#"{ "b": 1, "a": 2 }"#.utf8)
        let canonical = try DocumentDigest.compute(json, reading: .automatic(fileName: "badge.txt"))
        #expect(canonical.digest == SHA256.hash(Array(#"{"a":2,"b":1}"#.utf8)) && canonical.form == .canonicalJSON)
        #expect(try DocumentDigest.compute(json, reading: .raw).digest == SHA256.hash(json))
    }

    @Test("a printed credential id names the anchored one: urn:uuid: and URL forms give their last part")
    func printedIdentifiers() throws {
        let uuid = "7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34"
        for printed in ["urn:uuid:\(uuid)", "https://issuer.example/credentials/\(uuid)", uuid, "\(uuid)/"] {
            #expect(CredentialIdentifier.anchored(fromPrinted: printed) == uuid, "\(printed)")
        }
        #expect(throws: FormatError.self) { try CredentialIdentifier.check("c001\u{0}") }
        #expect(throws: FormatError.self) { try CredentialIdentifier.check("") }
        try CredentialIdentifier.check(uuid)
    }
}

/// The document fixtures that every verifier reads the same way (Vectors/documents/expected.json); the Python
/// verifier reads them in `DocumentRuleAgreementTests`.
@Suite("Document digest rule: the shared fixtures")
struct DocumentFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors/documents")

    @Test("each fixture is anchored canonically, raw, or refused with its reason and byte offset")
    func fixtures() throws {
        let expected = try JSONParser.parse(
            [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("expected.json"))))
        let cases = try #require(expected["cases"]?.arrayValue)
        #expect(cases.count >= 15)
        for entry in cases {
            let name = try #require(entry["file"]?.stringValue)
            let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(name)))
            let result = Result { () throws(DocumentDigest.NotJSON) in
                try DocumentDigest.compute(bytes, reading: .automatic(fileName: name))
            }
            switch (entry["refused"]?.stringValue, result) {
            case (let reason?, .failure(let error)):
                #expect(error.error.reason.contains(reason), "\(name): \(error)")
                #expect(error.error.offset == entry["offset"]?.unsignedIntegerValue.map(Int.init), "\(name): \(error)")
            case (nil, .success(let computed)):
                #expect(computed.form.rawValue == entry["form"]?.stringValue, "\(name)")
                let anchored = entry["canonical"]?.stringValue.map { Array($0.utf8) } ?? bytes
                #expect(computed.digest == SHA256.hash(anchored), "\(name)")
            case (_, .failure(let error)): Issue.record("\(name) was refused: \(error)")
            case (_, .success(let computed)): Issue.record("\(name) was anchored as \(computed.form)")
            }
        }
    }
}
