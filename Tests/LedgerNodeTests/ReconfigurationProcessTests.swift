import Foundation
import LedgerClient
import LedgerCore
import LedgerTesting
import Testing

/// A 4-validator devnet of real `ledger-node` processes grows to 5 and shrinks to 4 by vote, driven with the built
/// `ledger validator` commands, while credentials are issued through every node.
@Suite("Member states join and leave a real network", .serialized)
struct ReconfigurationProcessTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the built `ledger` and returns its output; a non-zero exit fails with both streams.
    static func ledger(_ arguments: [String]) throws -> String {
        let result = try ProcessRunner.run(ProcessRunner.builtProduct("ledger"), arguments)
        guard result.status == 0 else {
            throw NodeClient.Failure(
                description: "ledger \(arguments.joined(separator: " ")): exit \(result.status): "
                    + result.standardOutput + result.standardError)
        }
        return result.standardOutput
    }

    func expectAccepted(_ reply: NodeClient.Reply, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(
            reply.status == 200 || reply.status == 202, "HTTP \(reply.status): \(reply.json)",
            sourceLocation: sourceLocation)
    }

    func systemNow() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }

    @Test("4 → 5 → 4 under load: the observer joins and signs, an original member leaves; proofs verify from genesis")
    func growAndShrink() async throws {
        let net = try DevnetHarness(nodes: 4, observers: 1)
        defer { net.remove() }
        let joiner = 4
        for index in 0...joiner { try net.start(index) }
        try await net.waitForConnections()
        let genesis = net.directory.appendingPathComponent("genesis.json").path
        let api = net.clients.map { $0.baseURL.absoluteString }
        func key(_ index: Int) -> String {
            net.directory.appendingPathComponent("\(net.names[index])/node.key.pem").path
        }
        let factory = net.factory
        try await expectAccepted(try await net.clients[0].submit([try factory.registerIssuer()]))
        var issued = 0
        /// Issues `count` credentials, a batch to each running node in turn.
        func load(_ count: Int, through nodes: [Int]) async throws {
            let batch = try factory.credentials(
                prefix: "load", first: issued, count: count, issuedAtMilliseconds: systemNow())
            for (offset, start) in stride(from: 0, to: count, by: 10).enumerated() {
                try await expectAccepted(
                    try await net.clients[nodes[offset % nodes.count]].submit(
                        Array(batch[start..<min(start + 10, count)])))
            }
            issued += count
        }
        try await load(40, through: [0, 1, 2, 3])
        try await net.waitForAgreement([0, 1, 2, 3, joiner], ledgerSize: 41)
        #expect(try await net.clients[joiner].head()["node"]?["validator"] == .bool(false))

        // The joining member signs its proof of possession offline; node-1 proposes it; node-2 and node-3 approve.
        let proof = try Self.ledger([
            "validator", "possession", "--genesis", genesis, "--name", "barbados", "--country", "BB", "--key",
            key(joiner),
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        let publicKey = net.directory.appendingPathComponent("\(net.names[joiner])/node.pub.pem").path
        let proposed = try Self.ledger([
            "validator", "propose", "--add", "barbados", "--country", "BB", "--public-key", publicKey,
            "--proof-of-possession", proof, "--key", key(0), "--node", api[0], "--wait", "--json",
        ])
        let proposalID = try #require(try JSONParser.parse(Array(proposed.utf8))["id"]?.stringValue)
        try await load(20, through: [0, 1, 2, 3])
        let pending = try Self.ledger(["validator", "proposals", "--node", api[1]])
        #expect(pending.contains("add barbados (BB)") && pending.contains("1 of 3 approvals"), "\(pending)")
        _ = try Self.ledger(["validator", "approve", proposalID, "--key", key(1), "--node", api[1], "--wait"])
        let passed = try Self.ledger(["validator", "approve", proposalID, "--key", key(2), "--node", api[2], "--wait"])
        #expect(passed.contains("the change passed"), "\(passed)")
        let vkeys = try Self.ledger(["vkeys", "--genesis", genesis, "--node", api[2]])
        #expect(vkeys.split(separator: "\n").count == 5 && vkeys.contains("barbados+"), "\(vkeys)")
        let grown = try Self.ledger(["validator", "list", "--node", api[3]])
        #expect(grown.contains("epoch 1") && grown.contains("5 validators") && grown.contains("barbados (BB)"))

        // The new member signs blocks, and finality continues through every node, the new one included.
        try await load(60, through: [0, 1, 2, 3, joiner])
        try await DevnetHarness.eventually("barbados seals a block") {
            let height = try await net.clients[0].tip().height
            let block = try await net.clients[0].get("/v1/blocks/\(height)?encoded=false")
            let signers = try JSONParser.parse(block.body)["signers"]?.arrayValue ?? []
            return signers.contains { $0["validator"] == .string("barbados") }
        }
        #expect(try await net.clients[joiner].head()["node"]?["validator"] == .bool(true))
        let afterJoin = try factory.credentials(prefix: "epoch1", count: 1, issuedAtMilliseconds: systemNow())
        try await expectAccepted(try await net.clients[joiner].submit(afterJoin))

        // node-4 leaves: proposed by node-1, approved by node-2, node-3 and barbados (q(5) = 4).
        let removal = try Self.ledger([
            "validator", "propose", "--remove", "node-4", "--key", key(0), "--node", api[0], "--wait", "--json",
        ])
        let removalID = try #require(try JSONParser.parse(Array(removal.utf8))["id"]?.stringValue)
        for approver in [1, 2, joiner] {
            _ = try Self.ledger([
                "validator", "approve", removalID, "--key", key(approver), "--node", api[approver], "--wait",
            ])
        }
        let shrunk = try Self.ledger(["validator", "list", "--node", api[0], "--json"])
        let members = try JSONParser.parse(Array(shrunk.utf8))["validators"]?.arrayValue?.compactMap {
            $0["name"]?.stringValue
        }
        #expect(members == ["node-1", "node-2", "node-3", "barbados"])
        let remaining = [0, 1, 2, joiner]
        try await load(60, through: remaining)
        let afterLeave = try factory.credentials(prefix: "epoch2", count: 1, issuedAtMilliseconds: systemNow())
        try await expectAccepted(try await net.clients[1].submit(afterLeave))
        try await net.waitForAgreement(remaining, ledgerSize: UInt64(issued + 3))
        try await net.assertNoFork(remaining + [3])

        // Each credential issued after a change verifies offline from the original genesis alone, both ways; and
        // with a checkpoint pinned and the epochs recorded from a node, as a careful employer would.
        let pinned = net.directory.appendingPathComponent("pinned.note").path
        let seen = net.directory.appendingPathComponent("epochs-seen.json").path
        try Self.ledger(["checkpoint", "--node", api[1], "--genesis", genesis, "--epochs-seen", seen])
            .write(toFile: pinned, atomically: true, encoding: .utf8)
        for (credential, epoch) in [(afterJoin[0], 1), (afterLeave[0], 2)] {
            let id = credential.body.payload.credentialID!
            let bundle = net.directory.appendingPathComponent("\(id).proof.json").path
            _ = try Self.ledger(["proof", id, "--node", api[0], "--out", bundle])
            let verified = try Self.ledger([
                "verify", bundle, "--genesis", genesis, "--trust-checkpoint", pinned, "--epochs-seen", seen,
            ])
            #expect(verified.contains("AUTHENTIC") && verified.contains("epoch \(epoch)"), "\(verified)")
            let python = try ProcessRunner.run(
                program: Python.interpreter(repositoryRoot: Self.repositoryRoot),
                [Self.repositoryRoot.appendingPathComponent("examples/verify_proof.py").path, bundle, genesis])
            #expect(python.status == 0, "\(python.standardOutput)\(python.standardError)")
            #expect(python.standardOutput.contains("epoch \(epoch)"), "\(python.standardOutput)")
        }
        let recorded = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: seen))))
        #expect(recorded["epochs"]?.arrayValue?.count == 3)

        // Reduced quorum: 3 of the 4 keep finalizing; with 2 of 4 the chain halts, without a fork.
        net.stop(2)
        try await load(20, through: [0, 1, joiner])
        try await net.waitForAgreement([0, 1, joiner], ledgerSize: UInt64(issued + 3))
        net.stop(1)
        let two = [0, joiner]
        let stalled = try factory.credentials(prefix: "halted", count: 5, issuedAtMilliseconds: systemNow())
        try await expectAccepted(try await net.clients[0].submit(stalled))
        let before = try await net.tips(two)
        // Observing that nothing happens: both time out of round 0 with no quorum, so a whole round passed.
        try await DevnetHarness.eventually("the two left have timed out of round 0 with no quorum") {
            for index in two where try await net.clients[index].head()["round"]?.unsignedIntegerValue ?? 0 < 1 {
                return false
            }
            return true
        }
        #expect(try await net.tips(two).map(\.height) == before.map(\.height), "2 of 4 cannot make a block final")
        try await net.assertNoFork(two + [3])
    }
}
