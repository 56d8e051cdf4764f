import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

/// Proofs across validator-set changes, from a real store: a credential issued in each epoch verifies offline from
/// the original genesis alone, in Swift and in the independent Python verifier, and stale handoffs are refused by
/// both, naming the check.
@Suite("Proofs that follow the handoffs")
struct HandoffProofTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// 4 validators; c0 issued in epoch 0; `bahamas` added (epoch 1); c1; `grenada` removed (epoch 2); c2.
    static func chain() throws -> StoreFixture {
        let fixture = try StoreFixture(validatorCount: 4)
        let chain = fixture.chain
        let keys = chain.validatorKeys
        try fixture.appendBlock([try chain.registerIssuer("uwi", key: fixture.issuerKey)])
        try fixture.appendBlock([try chain.issue("c0", by: fixture.issuerKey)])
        let newKey = try chain.joiningKey()
        let add = try chain.propose(try chain.addition("bahamas", key: newKey), by: keys[0])
        try fixture.appendBlock([add, try chain.approve(add.id, by: keys[1])])
        try fixture.appendBlock([try chain.approve(add.id, by: keys[2])])
        try fixture.appendBlock([try chain.issue("c1", by: fixture.issuerKey)])
        let remove = try chain.propose(.remove(name: "grenada"), by: keys[0])
        try fixture.appendBlock([remove, try chain.approve(remove.id, by: keys[1])])
        try fixture.appendBlock([try chain.approve(remove.id, by: newKey), try chain.approve(remove.id, by: keys[2])])
        try fixture.appendBlock([try chain.issue("c2", by: fixture.issuerKey)])
        return fixture
    }

    /// `bundle` with its status header re-made to name the genesis set, and re-signed by three genesis keys: what
    /// holders of a retired set's keys could sign after it handed over.
    static func resignedStatus(_ bundle: ProofBundle, fixture: StoreFixture) throws -> ProofBundle {
        let genesis = fixture.chain.genesis
        var forged = bundle
        var header = bundle.status.header.header
        header.validatorSetHash = genesis.validatorSetHash
        header.nextValidatorSetHash = genesis.validatorSetHash
        let seals = try fixture.chain.validatorKeys.prefix(3).map {
            try BlockBuilder.seal(header, genesis: genesis, with: $0)
        }
        forged.status.header = .init(header)
        forged.status.commit = .init(
            note: try CommitCertificate(round: header.round, seals: seals).note(
                for: header, chainName: genesis.chainName, validators: genesis.validatorSet))
        return forged
    }

    static func python(_ bundle: ProofBundle, genesis: Genesis, directory: URL, name: String) throws -> (
        status: Int32, output: String
    ) {
        let bundlePath = directory.appendingPathComponent("\(name).json")
        let genesisPath = directory.appendingPathComponent("genesis.json")
        try bundle.json.write(to: bundlePath, atomically: true, encoding: .utf8)
        try genesis.json.write(to: genesisPath, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(
            program: Python.interpreter(repositoryRoot: repositoryRoot),
            [
                repositoryRoot.appendingPathComponent("examples/verify_proof.py").path, bundlePath.path,
                genesisPath.path, "--max-age", "3650d",
            ])
        return (result.status, result.standardOutput + result.standardError)
    }

    @Test("a credential issued in each epoch verifies from genesis alone, in Swift and in Python")
    func everyEpoch() throws {
        let fixture = try Self.chain()
        let store = fixture.opened
        #expect(store.history.epochs.map(\.number) == [0, 1, 2])
        #expect(store.history.epochs.map(\.validators.count) == [4, 5, 4])
        for (credential, epoch) in [("c0", UInt32(0)), ("c1", 1), ("c2", 2)] {
            let bundle = try store.proofBundle(credentialID: credential)
            #expect(bundle.handoffs.count == 2, "the status header is in epoch 2")
            let verified = try ProofVerifier.verify(bundle, genesis: fixture.chain.genesis).get()
            #expect(verified.epoch == epoch && verified.status.epoch == 2)
            let python = try Self.python(
                bundle, genesis: fixture.chain.genesis, directory: URL(fileURLWithPath: fixture.directory),
                name: credential)
            #expect(python.status == 0, "\(credential): \(python.output)")
            let recipe = try ProofsDocumentTests.runRecipe(bundle: bundle.json, genesis: fixture.chain.genesis.json)
            #expect(recipe.status == 0, "\(credential): \(recipe.standardOutput)\(recipe.standardError)")
            #expect(recipe.standardOutput.contains("ok 2 handoff(s) followed from genesis"))
        }
        // The node's handoffs document and the proofs' lists are the same handoffs.
        #expect(try store.handoffsDocument().handoffs == store.proofBundle(credentialID: "c0").handoffs)
        let document = try HandoffsDocument.parse(json: Array(try store.handoffsDocument().json.utf8))
        let followed = try document.history(genesis: fixture.chain.genesis).epochs
        #expect(followed.map(\.startHeight) == store.history.epochs.map(\.startHeight))
        #expect(followed.map(\.validators.hash) == store.history.epochs.map(\.validators.hash))
    }

    @Test("missing, reordered, altered or stale handoffs are refused by both verifiers, naming the check")
    func staleHandoffs() throws {
        let fixture = try Self.chain()
        let genesis = fixture.chain.genesis
        let directory = URL(fileURLWithPath: fixture.directory)
        let genuine = try fixture.opened.proofBundle(credentialID: "c1")
        var cases: [(String, ProofBundle, ProofCheck, String)] = []
        var none = genuine
        none.handoffs = []
        cases.append(("no handoffs", none, .commitQuorum, "commit"))
        var first = genuine
        first.handoffs = [genuine.handoffs[0]]
        cases.append(("the last handoff missing", first, .statusCommit, "status commit"))
        var second = genuine
        second.handoffs = [genuine.handoffs[1]]
        cases.append(("the first handoff missing", second, .handoffs, "handoffs"))
        var altered = genuine
        altered.handoffs[0].nextValidators = fixture.chain.genesis.validatorSet
        cases.append(("a next set that is not the header's", altered, .handoffs, "handoffs"))
        var unsigned = genuine
        unsigned.handoffs[1].commit = genuine.commit
        cases.append(("a handoff with another block's certificate", unsigned, .handoffs, "handoffs"))
        // The status header re-made after the change, but naming and signed by the genesis set: retired keys at work.
        let forged = try Self.resignedStatus(genuine, fixture: fixture)
        cases.append(
            ("a status header signed by the set that had already handed over", forged, .statusCommit, "status commit"))
        for (label, bundle, check, pythonCheck) in cases {
            guard case .failure(let failure) = ProofVerifier.verify(bundle, genesis: genesis) else {
                Issue.record("\(label): accepted")
                continue
            }
            #expect(failure.check == check, "\(label): \(failure)")
            let reparsed = ProofVerifier.verify(bundleJSON: Array(bundle.json.utf8), genesis: genesis)
            #expect((try? reparsed.get()) == nil, "\(label): accepted after a JSON round trip")
            let python = try Self.python(bundle, genesis: genesis, directory: directory, name: "stale")
            #expect(python.status == 1 && python.output.contains("\(pythonCheck):"), "\(label): \(python.output)")
            let recipe = try ProofsDocumentTests.runRecipe(bundle: bundle.json, genesis: genesis.json)
            #expect(
                recipe.status == 1 && recipe.standardError.contains("FAILED: \(pythonCheck):"),
                "\(label): \(recipe.standardOutput)\(recipe.standardError)")
        }
        // Reordered in the JSON: each entry's epoch must be its position.
        var swapped = try JSONParser.parse(Array(genuine.json.utf8))
        if case .object(var members) = swapped, let index = members.firstIndex(where: { $0.key == "handoffs" }),
            case .array(let list) = members[index].value
        {
            members[index] = JSONMember("handoffs", .array(list.reversed()))
            swapped = .object(members)
        }
        guard
            case .failure(let failure) = ProofVerifier.verify(
                bundleJSON: Array(JSONWriter.pretty(swapped).utf8), genesis: genesis)
        else {
            Issue.record("reordered handoffs accepted")
            return
        }
        #expect(failure.check == .format && failure.reason.contains("epoch"), "\(failure)")
    }
}

extension HandoffProofTests {
    @Test("an auditor's replay of an export follows both changes, checking each block against its own set")
    func replayFollowsHandoffs() throws {
        let fixture = try Self.chain()
        let export = fixture.path("chain.export")
        _ = try ChainExport.write(from: fixture.opened, to: export)
        var reader = try ExportReader(path: export)
        let report = ChainAuditor.replay(&reader, localTimeMilliseconds: fixture.chain.clockMilliseconds)
        #expect(report.isValid, "\(report.failure.map { "\($0)" } ?? "")")
        #expect(report.validatorSetChanges == 2 && report.governanceTransactions == 7)
        #expect(report.validators?.hash == fixture.opened.tip.validators.hash)
    }

    @Test(
        "the long-range risk: retired keys forge a status for an epoch-0 credential; a pinned checkpoint or the epochs seen refuse it"
    )
    func longRange() throws {
        let fixture = try Self.chain()
        let store = fixture.opened
        let genesis = fixture.chain.genesis
        let genuine = try store.proofBundle(credentialID: "c0")
        // The attacker holds the genesis set's keys after it handed over, strips the handoffs and re-signs the status
        // header as if no change had happened: with genesis alone this cannot be told from the truth.
        var forged = try Self.resignedStatus(genuine, fixture: fixture)
        forged.handoffs = []
        let accepted = try ProofVerifier.verify(forged, genesis: genesis).get()
        #expect(accepted.history.epochs.count == 1, "genesis alone is fooled: docs/PROOFS.md states this risk")
        // A checkpoint pinned from the real chain at the same height names the real header, not the forged one.
        let (_, pinned) = try #require(try store.latestCheckpoint())
        #expect(throws: ProofFailure.self) {
            try accepted.history.checkPinned(pinned, genesis: genesis, statusHeader: accepted.status.header)
        }
        let honest = try ProofVerifier.verify(genuine, genesis: genesis).get()
        #expect(
            try honest.history.checkPinned(pinned, genesis: genesis, statusHeader: honest.status.header).height
                == store.tip.height)
        // A verifier that saw the real epochs refuses a history whose epoch 0… matches but then disagrees.
        let seen = try honest.history.merging(seen: [])
        #expect(seen.count == 3)
        var other = try ProofVerifier.verify(genuine, genesis: genesis).get().history
        other = ValidatorHistory(epochs: [
            other.epochs[0], ValidatorEpoch(number: 1, startHeight: 4, validators: genesis.validatorSet),
        ])
        #expect(throws: ProofFailure.self) { try other.merging(seen: seen) }
        #expect(try accepted.history.merging(seen: seen) == seen, "a shorter history that agrees adds nothing…")
        #expect(throws: ProofFailure.self, "…but its status header names a set that had handed over") {
            try accepted.checkHeaders(against: seen)
        }
        try honest.checkHeaders(against: seen)
    }
}

/// Bundle sizes with 0, 1 and 10 handoffs, for docs/PROOFS.md and the closing note. Run with MCLEDGER_MEASURE=1.
@Suite("Handoff bundle sizes")
struct HandoffBundleSizes {
    @Test(
        "print a bundle's size with 0, 1 and 10 handoffs",
        .enabled(if: ProcessInfo.processInfo.environment["MCLEDGER_MEASURE"] == "1"))
    func sizes() throws {
        let fixture = try StoreFixture(validatorCount: 8)
        let chain = fixture.chain
        try fixture.appendBlock([try chain.registerIssuer("uwi", key: fixture.issuerKey)])
        try fixture.appendBlock([try chain.issue("credential-0", by: fixture.issuerKey)])
        var sizes: [Int: Int] = [0: try fixture.opened.proofBundle(credentialID: "credential-0").json.utf8.count]
        let joining = try chain.joiningKey()
        for change in 1...10 {
            // Alternately add and remove a ninth member: 8 → 9 → 8 …, as the CXC set would grow by one.
            let keys = chain.signingKeys
            let proposal =
                change % 2 == 1
                ? try chain.propose(try chain.addition("bahamas", key: joining), by: keys[0])
                : try chain.propose(.remove(name: "bahamas"), by: keys[0])
            let approvals = try keys[1..<chain.tip.validators.quorum].map { try chain.approve(proposal.id, by: $0) }
            try fixture.appendBlock([proposal] + approvals.dropLast())
            try fixture.appendBlock([approvals.last!])
            try fixture.appendBlock([try chain.issue("credential-\(change)", by: fixture.issuerKey)])
            sizes[change] = try fixture.opened.proofBundle(credentialID: "credential-\(change)").json.utf8.count
        }
        #expect(fixture.opened.history.epochs.count == 11)
        for count in [0, 1, 10] {
            print("bundle with \(count) handoff(s), 8–9 validators: \(sizes[count]!) bytes of JSON")
        }
    }
}
