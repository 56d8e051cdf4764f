import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting

/// The public conformance fixtures (docs/conformance): bundles from real stores, each with the verdict the Swift
/// verifier gives, for every verifier (Swift, Python, the page) to run. Written by `ConformanceTests` when
/// MCLEDGER_WRITE_FIXTURES=1, and checked against all three verifiers on every test run.
enum ConformanceFixtures {
    static let directory = HandoffProofTests.repositoryRoot.appendingPathComponent("docs/conformance")
    static let documents = HandoffProofTests.repositoryRoot.appendingPathComponent(
        "Tests/LedgerCoreTests/Vectors/documents")
    static let learner = "learner-4417@students.example"
    static let salt: [UInt8] = Array(40..<56)

    /// One case as cases.json lists it; file names are relative to docs/conformance.
    struct Case {
        var name: String
        var description: String
        var bundle: String
        var genesis: String
        var status: String? = nil
        var credential: String? = nil
        /// The learner's identifier and salt; a package's case may give only the identifier (its salt is inside).
        var subject: (identifier: String, salt: [UInt8]?)? = nil
        var at: UInt64
        var maxAge = "24h"
    }

    /// A sweep: every leaf of `bundle` altered in turn (JSONTampering), each with the check that refuses it.
    struct Sweep {
        var bundle: String
        var genesis: String
        var at: UInt64
    }

    /// What the generator writes: files by name, the cases and the sweeps.
    struct Output {
        var files: [String: [UInt8]] = [:]
        var cases: [Case] = []
        var sweeps: [Sweep] = []

        mutating func write(_ text: String, _ name: String) -> String {
            files[name] = Array(text.utf8)
            return name
        }
    }

    static func build() throws -> Output {
        var output = Output()
        try registryCases(&output)
        try handoffCases(&output)
        try rotationCases(&output)
        return output
    }

    /// The registry chain (RegistryProofTests.chain) with a learner's credential bound to a real document, one
    /// revoked, one suspended, one revoked after its bundle was fetched.
    static func registryCases(_ output: inout Output) throws {
        let fixture = try RegistryProofTests.chain()
        let chain = fixture.chain
        let genesis = output.write(chain.genesis.json, "genesis/registry.json")
        let badge = [UInt8](try Data(contentsOf: documents.appendingPathComponent("badge.json")))
        output.files["documents/badge.json"] = badge
        var altered = String(decoding: badge, as: UTF8.self)
        altered = altered.replacingOccurrences(of: "\"name\"", with: "\"name\" ", options: [], range: nil)
        output.files["documents/badge-reformatted.json"] = Array(altered.utf8)
        output.files["documents/badge-other.json"] = Array(
            String(decoding: badge, as: UTF8.self).replacingOccurrences(of: "Level 1", with: "Level 2").utf8)
        let expiry = chain.clockMilliseconds + 400 * 86_400_000
        let learnerIssue = try chain.sign(
            .issueCredential(
                IssueCredential(
                    credentialID: "learner", documentDigest: try DocumentDigest.compute(badge).digest,
                    subjectCommitment: DocumentDigest.subjectCommitment(salt: salt, identifier: learner),
                    definitionID: nil, issuedAtMilliseconds: chain.clockMilliseconds,
                    expiresAtMilliseconds: expiry)),
            by: fixture.issuerKey)
        try fixture.appendBlock([
            learnerIssue, try chain.issue("to-revoke", by: fixture.issuerKey),
            try chain.issue("to-suspend", by: fixture.issuerKey), try chain.issue("later", by: fixture.issuerKey),
        ])
        let laterBefore = output.write(
            try fixture.opened.proofBundle(credentialID: "later").json, "bundles/later-before-revocation.json")
        let laterActive = output.write(
            try fixture.opened.statusProof(credentialID: "later").json, "status/later-active.json")
        let revocation = try chain.revoke("to-revoke", by: fixture.issuerKey, reason: .fraudulent)
        try fixture.appendBlock([
            revocation, try chain.suspend("to-suspend", by: fixture.issuerKey, reason: .feesOutstanding),
        ])
        try fixture.appendBlock([try chain.revoke("later", by: fixture.issuerKey, reason: .superseded)])
        let laterRevoked = output.write(
            try fixture.opened.statusProof(credentialID: "later").json, "status/later-revoked.json")
        let store = fixture.opened
        func bundle(_ id: String) throws -> String {
            output.write(try store.proofBundle(credentialID: id).json, "bundles/\(id).json")
        }
        let now = chain.clockMilliseconds + 60_000
        let learnerBundle = try bundle("learner")
        output.cases += [
            Case(
                name: "accredited-course", description: "an accredited course: entry, QA body and accreditation proven",
                bundle: try bundle("c-records"), genesis: genesis, at: now),
            Case(
                name: "pathway-award",
                description: "a stacked award by recognition of prior learning, its three components proven",
                bundle: try bundle("award"), genesis: genesis, at: now),
            Case(
                name: "plain-credential", description: "a credential naming a catalogue entry and nothing else",
                bundle: try bundle("c-privacy"), genesis: genesis, at: now),
            Case(
                name: "document-and-learner", description: "the holder's document and the learner's salt both match",
                bundle: learnerBundle, genesis: genesis, credential: "documents/badge.json",
                subject: (learner, salt), at: now),
            Case(
                name: "document-reformatted",
                description: "the same document with other whitespace: the RFC 8785 digest still matches",
                bundle: learnerBundle, genesis: genesis, credential: "documents/badge-reformatted.json", at: now),
            Case(
                name: "document-other", description: "another document: the digest does not match",
                bundle: learnerBundle, genesis: genesis, credential: "documents/badge-other.json", at: now),
            Case(
                name: "learner-other", description: "another learner's identifier with the right salt",
                bundle: learnerBundle, genesis: genesis, subject: ("learner-4418@students.example", salt), at: now),
            Case(
                name: "salt-wrong", description: "the right learner with a wrong salt", bundle: learnerBundle,
                genesis: genesis, subject: (learner, Array(salt.reversed())), at: now),
            Case(
                name: "expired", description: "authentic, but checked after its expiry", bundle: learnerBundle,
                genesis: genesis, at: expiry + 1_000, maxAge: "36500d"),
            Case(
                name: "revoked", description: "revoked as fraudulent, proven", bundle: try bundle("to-revoke"),
                genesis: genesis, at: now),
            Case(
                name: "revoked-old-status", description: "a proven revocation stands whatever the status's age",
                bundle: try bundle("to-revoke"), genesis: genesis, at: now + 30 * 86_400_000),
            Case(
                name: "suspended", description: "suspended for fees outstanding, proven",
                bundle: try bundle("to-suspend"), genesis: genesis, at: now),
            Case(
                name: "status-too-old", description: "the proven status is two days old, 24 hours are allowed",
                bundle: try bundle("c-privacy"), genesis: genesis, at: now + 2 * 86_400_000),
            Case(
                name: "bundle-before-revocation", description: "a bundle fetched before its credential was revoked",
                bundle: laterBefore, genesis: genesis, at: now),
            Case(
                name: "newer-status-revoked", description: "that bundle with a newer status proof: revoked",
                bundle: laterBefore, genesis: genesis, status: laterRevoked, at: now),
            Case(
                name: "status-older-than-bundle", description: "a status proof older than the bundle's own",
                bundle: try bundle("later"), genesis: genesis, status: laterActive, at: now),
            Case(
                name: "not-an-issuance", description: "a bundle around a revocation transaction",
                bundle: output.write(
                    try store.proofBundle(transactionID: revocation.id).json, "bundles/revocation-transaction.json"),
                genesis: genesis, at: now),
            Case(
                name: "wrong-genesis", description: "a genesis of another chain",
                bundle: try bundle("c-privacy"),
                genesis: output.write(try TestChain(validatorCount: 4).genesis.json, "genesis/other-chain.json"),
                at: now),
        ]
        output.cases += try packageCases(
            bundle: try JSONParser.parse(output.files[learnerBundle] ?? []), badge: badge,
            other: output.files["documents/badge-other.json"] ?? [], genesis: genesis, at: now, &output)
        output.cases += try commitCases(
            try store.proofBundle(credentialID: "c-privacy"), genesis: genesis, at: now, &output)
        output.sweeps.append(Sweep(bundle: "bundles/award.json", genesis: genesis, at: now))
        output.sweeps.append(Sweep(bundle: learnerBundle, genesis: genesis, at: now))
    }

    /// Two validator-set changes (HandoffProofTests.chain): credentials of epoch 0 and epoch 2, and a status forged
    /// by the retired set.
    static func handoffCases(_ output: inout Output) throws {
        let fixture = try HandoffProofTests.chain()
        let genesis = output.write(fixture.chain.genesis.json, "genesis/handoffs.json")
        let now = fixture.chain.clockMilliseconds + 60_000
        let early = try fixture.opened.proofBundle(credentialID: "c0")
        let forged = try HandoffProofTests.resignedStatus(early, fixture: fixture)
        output.cases += [
            Case(
                name: "handoffs-epoch-0", description: "issued in epoch 0, status proven in epoch 2: two handoffs",
                bundle: output.write(early.json, "bundles/handoffs-c0.json"), genesis: genesis, at: now),
            Case(
                name: "handoffs-epoch-2", description: "issued in epoch 2, after one member joined and one left",
                bundle: output.write(
                    try fixture.opened.proofBundle(credentialID: "c2").json, "bundles/handoffs-c2.json"),
                genesis: genesis, at: now),
            Case(
                name: "handoffs-retired-set", description: "a status header signed by the set that had handed over",
                bundle: output.write(forged.json, "bundles/handoffs-retired-set.json"), genesis: genesis, at: now),
        ]
        output.sweeps.append(Sweep(bundle: "bundles/handoffs-c0.json", genesis: genesis, at: now))
        output.cases.append(try tenHandoffsCase(&output))
    }

    /// Ten validator-set handoffs: five times a member state joins by vote and then leaves again. The page's
    /// timing benchmark (scripts/browser-test, BENCHMARKS.md) verifies this bundle, issued in epoch 0.
    static func tenHandoffsCase(_ output: inout Output) throws -> Case {
        let fixture = try StoreFixture(validatorCount: 4)
        let chain = fixture.chain
        let keys = chain.validatorKeys
        try fixture.appendBlock([try chain.registerIssuer("uwi", key: fixture.issuerKey)])
        try fixture.appendBlock([try chain.issue("c0", by: fixture.issuerKey)])
        for name in ["bahamas", "haiti", "suriname", "dominica", "montserrat"] {
            let add = try chain.propose(try chain.addition(name, key: try chain.joiningKey()), by: keys[0])
            try fixture.appendBlock([add] + (try keys[1...2].map { try chain.approve(add.id, by: $0) }))
            let remove = try chain.propose(.remove(name: name), by: keys[0])
            try fixture.appendBlock([remove] + (try keys[1...3].map { try chain.approve(remove.id, by: $0) }))
        }
        // The last set takes over after its pass block: one more block, signed by it.
        try fixture.appendBlock([try chain.issue("c1", by: fixture.issuerKey)])
        let bundle = try fixture.opened.proofBundle(credentialID: "c0")
        precondition(bundle.handoffs.count == 10, "the chain made \(bundle.handoffs.count) handoffs, not 10")
        return Case(
            name: "handoffs-ten", description: "issued in epoch 0, status proven in epoch 10: ten handoffs",
            bundle: output.write(bundle.json, "bundles/handoffs-ten.json"),
            genesis: output.write(chain.genesis.json, "genesis/handoffs-ten.json"),
            at: chain.clockMilliseconds + 60_000)
    }

    /// Key rotation, re-keying and range revocation (IssuerLifecycleProofTests.Chain).
    static func rotationCases(_ output: inout Output) throws {
        let built = try IssuerLifecycleProofTests.Chain()
        let store = built.fixture.opened
        let genesis = output.write(built.chain.genesis.json, "genesis/rotation.json")
        let now = built.chain.clockMilliseconds + 60_000
        func bundle(_ id: String) throws -> String {
            output.write(try store.proofBundle(credentialID: id).json, "bundles/rotation-\(id).json")
        }
        output.cases += [
            Case(
                name: "rotated-key-before", description: "signed with a key the issuer has since rotated away",
                bundle: try bundle("before"), genesis: genesis, at: now),
            Case(
                name: "rotated-key-award", description: "a stacked award whose component was signed by a rotated key",
                bundle: try bundle("award"), genesis: genesis, at: now),
            Case(
                name: "range-revoked", description: "revoked by the issuer's authority after a key compromise",
                bundle: try bundle("after"), genesis: genesis, at: now),
        ]
        output.sweeps.append(Sweep(bundle: "bundles/rotation-award.json", genesis: genesis, at: now))
    }

    /// Verification packages (mcledger.package.v1) of the learner's credential: whole, with another document, with
    /// a document named JSON that is not, and naming another credential than its bundle proves.
    static func packageCases(
        bundle: JSONValue, badge: [UInt8], other: [UInt8], genesis: String, at: UInt64, _ output: inout Output
    ) throws -> [Case] {
        func package(_ name: String, id: String = "learner", document: [UInt8] = badge) -> String {
            let package = VerificationPackage(
                credentialID: id, documentName: "badge.json", mediaType: "application/json", document: document,
                bundle: bundle, salt: salt)
            return output.write(JSONWriter.pretty(package.json) + "\n", "packages/\(name).json")
        }
        let whole = package("learner")
        return [
            Case(
                name: "package", description: "a learner's package: document, bundle and salt, for the right learner",
                bundle: whole, genesis: genesis, subject: (learner, nil), at: at),
            Case(
                name: "package-other-learner", description: "that package, for another learner's identifier",
                bundle: whole, genesis: genesis, subject: ("learner-4418@students.example", nil), at: at),
            Case(
                name: "package-other-document", description: "a package whose document is not the anchored one",
                bundle: package("other-document", document: other), genesis: genesis, at: at),
            Case(
                name: "package-document-not-json", description: "a package whose badge.json is not JSON",
                bundle: package("document-not-json", document: Array("{\"name\": ".utf8)), genesis: genesis, at: at),
            Case(
                name: "package-other-credential", description: "a package naming another credential than its bundle",
                bundle: package("other-credential", id: "to-revoke"), genesis: genesis, at: at),
        ]
    }

    /// Commit notes a field alteration cannot reach (it breaks the note's syntax first): too few signatures, a
    /// valid note of another block, a signature moved to another line, a high-S twin (WebCrypto accepts high S; the
    /// ledger does not), and a line of an unknown key (ignored).
    static func commitCases(_ bundle: ProofBundle, genesis: String, at: UInt64, _ output: inout Output) throws
        -> [Case]
    {
        func note(_ base: SignedNote, _ change: ([SignedNote.Signature]) -> [SignedNote.Signature]) throws -> SignedNote
        {
            try SignedNote(text: base.text, signatures: change(base.signatures))
        }
        let variants: [(String, String, (inout ProofBundle) throws -> Void)] = [
            (
                "commit-below-quorum", "the issuing block's note keeps 2 of its 4 signatures; 3 are needed",
                {
                    $0.commit.note = try note($0.commit.note) { Array($0.prefix(2)) }
                }
            ),
            (
                "commit-other-block", "the issuing block's note replaced by the status block's, a valid note",
                {
                    $0.commit = $0.status.commit
                }
            ),
            (
                "commit-signature-moved", "one validator's line carries another validator's signature",
                {
                    $0.commit.note = try note($0.commit.note) { lines in
                        var moved = lines
                        moved[0].signature = lines[1].signature
                        return moved
                    }
                }
            ),
            (
                "commit-high-s", "one signature replaced by its high-S twin, which verifies mathematically",
                {
                    $0.commit.note = try note($0.commit.note) { lines in
                        var twin = lines
                        twin[0].signature = highS(lines[0].signature)
                        return twin
                    }
                }
            ),
            (
                "commit-unknown-key-line", "a line from a key the chain does not know is ignored",
                {
                    $0.commit.note = try note($0.commit.note) { lines in
                        lines + [
                            SignedNote.Signature(keyName: "witness", keyID: 0x0102_0304, signature: lines[0].signature)
                        ]
                    }
                }
            ),
            (
                "status-below-quorum", "the status block's note keeps 1 of its signatures",
                {
                    $0.status.commit.note = try note($0.status.commit.note) { Array($0.prefix(1)) }
                }
            ),
        ]
        var cases: [Case] = []
        for (name, description, change) in variants {
            var changed = bundle
            try change(&changed)
            let file = output.write(changed.json, "bundles/\(name).json")
            cases.append(Case(name: name, description: description, bundle: file, genesis: genesis, at: at))
        }
        return cases
    }

    /// The high-S twin (r, n - s) of a low-S DER ECDSA P-256 signature.
    static func highS(_ der: [UInt8]) -> [UInt8] {
        let order = Hex.decode("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")!
        let rLength = Int(der[3])
        let r = Array(der[4..<(4 + rLength)])
        let sStart = 4 + rLength + 2
        let s = Array(der[sStart...]).drop { $0 == 0 }
        let padded = [UInt8](repeating: 0, count: 32 - s.count) + s
        var difference = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in (0..<32).reversed() {
            var value = Int(order[index]) - Int(padded[index]) - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 256 }
            difference[index] = UInt8(value)
        }
        let twin = difference.first! >= 0x80 ? [0] + difference : difference
        let body = [0x02, UInt8(r.count)] + r + [0x02, UInt8(twin.count)] + twin
        return [0x30, UInt8(body.count)] + body
    }
}
