import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Testing

@testable import LedgerNode
@testable import LedgerRuntime

/// `/healthz` is liveness and `/readyz` readiness (issue 17): a node with a block due and no quorum to decide it is
/// alive but not ready, says why, and counts the stall.
@Suite("Readiness: /readyz, stalls and their metrics")
struct ReadinessTests {
    static func get(_ node: NodeFixture, _ path: String) async throws -> (status: HTTPResponse.Status, body: JSONValue)
    {
        try await NodeAPITests.application(node).test(.router) { client in
            let response = try await client.execute(uri: path, method: .get)
            return (response.status, NodeAPITests.json(response))
        }
    }

    @Test("a lone validator deciding its blocks is ready")
    func ready() async throws {
        let node = try await NodeFixture(stallAfterTicks: 20)
        defer { node.remove() }
        try await node.registerIssuer()
        for _ in 0..<40 { await node.runtime.tick() }
        let readiness = try await Self.get(node, "/readyz")
        #expect(readiness.status == .ok && readiness.body["status"] == .string("ready"), "\(readiness.body)")
    }

    @Test("pending transactions and no quorum: unready after stall_after, alive all along, one stall counted")
    func stalledWithWork() async throws {
        // Two validators and only this one running: a block needs both, so none is decided.
        let node = try await NodeFixture(validators: 2, stallAfterTicks: 20)
        defer { node.remove() }
        let outcomes = await node.runtime.submit([try node.factory.registerIssuer()])
        guard case .admitted = outcomes[0] else {
            Issue.record("registration refused: \(outcomes)")
            return
        }
        for _ in 0..<10 { await node.runtime.tick() }
        #expect(try await Self.get(node, "/readyz").body["reason"]?.stringValue?.hasPrefix("stalled") == false)
        for _ in 0..<20 { await node.runtime.tick() }
        let readiness = try await Self.get(node, "/readyz")
        #expect(readiness.status == .serviceUnavailable, "\(readiness.body)")
        let reason = readiness.body["reason"]?.stringValue ?? ""
        #expect(reason.hasPrefix("stalled: no block decided at height 1") && reason.contains("1 transactions"))
        #expect(try await Self.get(node, "/healthz").status == .ok, "liveness is not readiness")
        for _ in 0..<20 { await node.runtime.tick() }
        let metrics = String(decoding: node.metrics.render(), as: UTF8.self)
        #expect(metrics.contains("ledger_stalls_total 1"), "one stall, however long: \(metrics)")
        #expect(!metrics.contains("ledger_block_overdue_seconds 0\n"), "the overdue time is reported")
    }

    @Test("a heartbeat due and not decided is a stall; an idle chain with heartbeats off is not")
    func heartbeats() async throws {
        var settings = NodeFixture.immediateBatching
        settings.heartbeatIntervalTicks = 10
        let beating = try await NodeFixture(settings: settings, validators: 2, stallAfterTicks: 20)
        defer { beating.remove() }
        for _ in 0..<35 { await beating.runtime.tick() }
        let due = try await Self.get(beating, "/readyz")
        #expect(due.status == .serviceUnavailable && due.body["reason"]?.stringValue?.contains("heartbeat") == true)

        settings.heartbeatIntervalTicks = 0
        let idle = try await NodeFixture(settings: settings, validators: 2, stallAfterTicks: 20)
        defer { idle.remove() }
        for _ in 0..<100 { await idle.runtime.tick() }
        let quiet = try await Self.get(idle, "/readyz")
        #expect(quiet.body["reason"]?.stringValue?.hasPrefix("stalled") == false, "\(quiet.body)")
    }
}
