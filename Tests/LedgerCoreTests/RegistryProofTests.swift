import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

/// The registry part of a bundle from a real store: an accredited course and a three-component pathway award
/// verify in Swift and in the Python verifier, which print the same facts; every tampering of the part is refused
/// by both, naming the same check.
@Suite("Proofs of the registry: entry, accreditation and stacked components")
struct RegistryProofTests {
    /// uwi (JM, by validator 0), UCJ (JM, by validator 0) accrediting uwi's courses; three courses, one of them
    /// utech's; a pathway needing all three; one credential per course; the award stacking them (by PLAR).
    static func chain() throws -> StoreFixture {
        let fixture = try StoreFixture(validatorCount: 4)
        let chain = fixture.chain
        let uwi = fixture.issuerKey
        let utech = try P256PrivateKey.generate()
        let ucj = try P256PrivateKey.generate()
        try fixture.appendBlock([
            try chain.registerIssuer("uwi", key: uwi), try chain.registerIssuer("utech", key: utech, by: 1),
            try chain.registerQABody("ucj", key: ucj),
        ])
        func course(_ id: String, _ title: String) -> RegisterDefinition {
            RegisterDefinition(
                definitionID: id, title: title, notionalMinutes: 1_200, level: 4, format: .online, activity: .course,
                creditTenths: 10)
        }
        try fixture.appendBlock([
            try chain.define(course("records-101", "Records Management Basics"), by: uwi),
            try chain.define(course("privacy-102", "Data Protection for Registrars"), by: uwi),
            try chain.define(course("archives-103", "Digital Archives"), by: utech),
            try chain.accredit(
                "ucj-courses", issuerID: "uwi", scope: .issuer(kinds: [.course, .pathway]), by: ucj,
                until: chain.clockMilliseconds + 900 * 86_400_000),
        ])
        try fixture.appendBlock([
            try chain.definePathway(
                "records-cert", components: ["records-101", "privacy-102", "archives-103"], required: 3, by: uwi),
            try chain.issue("c-records", by: uwi, definitionID: "records-101", accreditationID: "ucj-courses"),
            try chain.issue("c-privacy", by: uwi, definitionID: "privacy-102"),
            try chain.issue("c-archives", by: utech, definitionID: "archives-103"),
        ])
        try fixture.appendBlock([
            try chain.issue(
                "award", by: uwi, definitionID: "records-cert", accreditationID: "ucj-courses", route: .priorLearning,
                components: ["c-records", "c-privacy", "c-archives"])
        ])
        return fixture
    }

    @Test("an accredited course and a stacked award verify, with the same facts from both verifiers")
    func verifies() throws {
        let fixture = try Self.chain()
        let store = fixture.opened
        let genesis = fixture.chain.genesis
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-registry-proof")
        defer { try? FileManager.default.removeItem(at: directory) }
        let course = try store.proofBundle(credentialID: "c-records")
        guard case .success(let verified) = ProofVerifier.verify(course, genesis: genesis) else {
            Issue.record("the accredited course does not verify")
            return
        }
        #expect(verified.registry.definition?.title == "Records Management Basics")
        #expect(verified.registry.accreditation?.qaBodyName == "Council ucj")
        #expect(verified.registry.accreditation?.state == .active)
        let coursePython = try HandoffProofTests.python(course, genesis: genesis, directory: directory, name: "course")
        #expect(coursePython.status == 0, "\(coursePython.output)")
        #expect(coursePython.output.contains("accredited: course accredited by Council ucj (ucj, JM) until "))
        let award = try store.proofBundle(credentialID: "award")
        guard case .success(let stacked) = ProofVerifier.verify(award, genesis: genesis) else {
            Issue.record("the award does not verify: \(ProofVerifier.verify(award, genesis: genesis))")
            return
        }
        #expect(stacked.registry.components.map(\.credentialID) == ["c-records", "c-privacy", "c-archives"])
        #expect(stacked.registry.components.map(\.issuerID) == ["uwi", "uwi", "utech"])
        #expect(stacked.registry.components.allSatisfy { $0.state == .active })
        #expect(stacked.issuance.route == .priorLearning)
        let awardPython = try HandoffProofTests.python(award, genesis: genesis, directory: directory, name: "award")
        #expect(awardPython.status == 0, "\(awardPython.output)")
        #expect(awardPython.output.contains("route: recognition of prior learning (PLAR)"))
        #expect(awardPython.output.contains("component: c-archives Digital Archives by University of utech, active"))
        // A plain credential carries no registry part, as before.
        let plain = try store.proofBundle(credentialID: "c-privacy")
        #expect(plain.registry?.accreditation == nil && plain.registry?.components.isEmpty == true)
        if ProcessInfo.processInfo.environment["MCLEDGER_MEASURE"] == "1" {
            for (name, bundle) in [("no registry", try Self.bareBundle(fixture)), ("course", course), ("award", award)]
            {
                print("registry bundle size, \(name): \(Array(bundle.json.utf8).count) bytes")
            }
        }
    }

    /// A credential with no entry, for the size baseline.
    static func bareBundle(_ fixture: StoreFixture) throws -> ProofBundle {
        try fixture.appendBlock([try fixture.chain.issue("bare", by: fixture.issuerKey)])
        return try fixture.opened.proofBundle(credentialID: "bare")
    }

    @Test("every tampering of the registry part is refused by both verifiers, naming the same check")
    func tampering() throws {
        let fixture = try Self.chain()
        let store = fixture.opened
        let genesis = fixture.chain.genesis
        let directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-registry-tamper")
        defer { try? FileManager.default.removeItem(at: directory) }
        let award = try store.proofBundle(credentialID: "award")
        let other = try store.proofBundle(credentialID: "c-privacy")
        let registry = try #require(award.registry)
        func with(_ change: (inout RegistryProof) -> Void) -> ProofBundle {
            var bundle = award
            var part = registry
            change(&part)
            bundle.registry = part
            return bundle
        }
        func flipped(_ digest: SHA256Digest) -> SHA256Digest {
            var bytes = digest.bytes
            bytes[0] ^= 1
            return try! SHA256Digest(bytes: bytes)
        }
        var noRegistry = award
        noRegistry.registry = nil
        let cases: [(String, ProofBundle, ProofCheck)] = [
            ("no registry part", noRegistry, .registryDefinition),
            ("another entry's registration", with { $0.definition = other.registry?.definition }, .registryDefinition),
            (
                "a flipped entry sibling",
                with { $0.definition?.record.siblings[0] = flipped(registry.definition!.record.siblings[0]) },
                .registryDefinition
            ),
            ("no accreditation", with { $0.accreditation = nil }, .registryAccreditation),
            (
                "a flipped accreditation record", with { $0.accreditation?.accreditation.record.record[3] ^= 1 },
                .registryAccreditation
            ),
            (
                "the QA body swapped for an issuer's registration",
                with { $0.accreditation?.qaBody.transaction = award.issuer.registration }, .registryAccreditation
            ),
            ("a component dropped", with { $0.components.removeLast() }, .registryComponents),
            ("components reordered", with { $0.components.swapAt(0, 1) }, .registryComponents),
            (
                "a component's inclusion path altered",
                with {
                    $0.components[2].issuance.inclusion.path[0] = flipped(
                        registry.components[2].issuance.inclusion.path[0])
                }, .registryComponents
            ),
            (
                "a component's issuer swapped", with { $0.components[2].issuer = registry.components[0].issuer },
                .registryComponents
            ),
            (
                "a component's entry swapped", with { $0.components[0].definition = registry.components[1].definition },
                .registryComponents
            ),
        ]
        for (label, bundle, check) in cases {
            guard case .failure(let failure) = ProofVerifier.verify(bundle, genesis: genesis) else {
                Issue.record("\(label): Swift accepted it")
                continue
            }
            #expect(failure.check == check, "\(label): \(failure)")
            let python = try HandoffProofTests.python(bundle, genesis: genesis, directory: directory, name: "tampered")
            #expect(python.status == 1 && python.output.contains("\(check.rawValue):"), "\(label): \(python.output)")
        }
    }
}
