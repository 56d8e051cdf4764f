import Foundation
import LedgerCore
import LedgerTesting

/// The load generator behind `ledger bench node`.
struct NodeLoad: Sendable {
    let clients: [NodeClient]
    let count: Int
    let batch: Int
    let inFlight: Int
    /// Offered transactions per second; nil submits as fast as the nodes answer.
    let rate: Double?

    struct Report: Sendable {
        /// The submitted credentials are PREFIX-0 … PREFIX-(count−1).
        let credentialPrefix: String
        let count: Int
        let refused: Int
        let seconds: Double
        let blocks: Int
        let latencies: [Double]

        var perSecond: Double { Double(count - refused) / seconds }
        func percentile(_ fraction: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
        }

        var json: JSONValue {
            .object([
                JSONMember("credentialPrefix", .string(credentialPrefix)),
                JSONMember("transactions", .number(Double(count))),
                JSONMember("refused", .number(Double(refused))),
                JSONMember("seconds", .number(seconds)),
                JSONMember("finalizedPerSecond", .number(perSecond.rounded())),
                JSONMember("blocks", .number(Double(blocks))),
                JSONMember("latencyP50Milliseconds", .number((percentile(0.50) * 1000).rounded())),
                JSONMember("latencyP99Milliseconds", .number((percentile(0.99) * 1000).rounded())),
                JSONMember("latencyMaxMilliseconds", .number(((latencies.last ?? 0) * 1000).rounded())),
            ])
        }

        var text: String {
            String(
                format: """
                    %d transactions final in %.2f s: %.0f tx/s, in %d blocks
                    finality latency: p50 %.0f ms, p99 %.0f ms, max %.0f ms%@
                    """, count - refused, seconds, perSecond, blocks, percentile(0.5) * 1000,
                percentile(0.99) * 1000, (latencies.last ?? 0) * 1000, refused > 0 ? "\n\(refused) refused" : "")
        }
    }

    /// Submission and finality times, by transaction id.
    actor Timeline {
        var submitted: [TransactionID: ContinuousClock.Instant] = [:]
        var final: [TransactionID: ContinuousClock.Instant] = [:]
        var refused = 0
        var blocks = 0

        func submit(_ ids: [TransactionID], at instant: ContinuousClock.Instant) {
            for id in ids { submitted[id] = instant }
        }

        func refuse(_ number: Int) { refused += number }

        func finalize(_ ids: [TransactionID], at instant: ContinuousClock.Instant) {
            blocks += 1
            for id in ids where final[id] == nil { final[id] = instant }
        }
    }

    func run(authority: P256PrivateKey) async throws -> Report {
        let head = try await clients[0].head()
        guard let chainText = head["chainId"]?.stringValue, let chainID = try? SHA256Digest(hex: chainText) else {
            throw CLIFailure.checkFailed("\(clients[0].baseURL) did not answer GET /v1/head with a chain id")
        }
        let tag = UUID().uuidString.prefix(8).lowercased()
        let factory = TransactionFactory(
            chainID: chainID, authorityKey: authority, issuerKey: try P256PrivateKey.generate(),
            issuerID: "bench-\(tag)")
        let registration = try factory.registerIssuer()
        let reply = try await clients[0].submit([registration])
        guard reply.status == 202 else {
            throw CLIFailure.checkFailed("registering the benchmark issuer failed: HTTP \(reply.status) \(reply.json)")
        }
        try await waitFinal(registration.id)
        let transactions = try factory.credentials(
            prefix: "bench-\(tag)", count: count, issuedAtMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000))
        let timeline = Timeline()
        let clock = ContinuousClock()
        let start = clock.now
        let startHeight = try await clients[0].tip().height
        let watcher = Task { try await watch(from: startHeight, timeline: timeline, clock: clock) }
        try await submitAll(transactions, timeline: timeline, clock: clock)
        try await watcher.value
        let submitted = await timeline.submitted
        let final = await timeline.final
        let latencies = submitted.compactMap { id, sent in final[id].map { Self.seconds($0 - sent) } }.sorted()
        let end = final.values.max() ?? clock.now
        return Report(
            credentialPrefix: "bench-\(tag)", count: count, refused: await timeline.refused,
            seconds: Self.seconds(end - start),
            blocks: await timeline.blocks, latencies: latencies)
    }

    private func submitAll(_ transactions: [SignedTransaction], timeline: Timeline, clock: ContinuousClock)
        async throws
    {
        let batches = stride(from: 0, to: transactions.count, by: batch).map {
            Array(transactions[$0..<min(transactions.count, $0 + batch)])
        }
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<inFlight {
                group.addTask {
                    for index in stride(from: worker, to: batches.count, by: inFlight) {
                        if let rate {
                            try await clock.sleep(until: start + .seconds(Double(index * batch) / rate))
                        }
                        let ids = batches[index].map(\.id)
                        await timeline.submit(ids, at: clock.now)
                        let reply = try await clients[index % clients.count].submit(batches[index])
                        let refused = Self.refusedCount(reply, expected: ids.count)
                        if refused > 0 { await timeline.refuse(refused) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Watches the first node's new blocks until every submitted transaction is final (or 10 minutes pass).
    private func watch(from startHeight: UInt64, timeline: Timeline, clock: ContinuousClock) async throws {
        var seen = startHeight
        let deadline = clock.now + .seconds(600)
        while clock.now < deadline {
            let finalCount = await timeline.final.count
            if finalCount + (await timeline.refused) >= count { return }
            let tip = try await clients[0].tip().height
            let observed = clock.now
            while seen < tip {
                seen += 1
                let block = try await clients[0].get("/v1/blocks/\(seen)").json
                let ids = (block["transactions"]?.arrayValue ?? []).compactMap {
                    $0.stringValue.flatMap { try? SHA256Digest(hex: $0) }
                }
                await timeline.finalize(ids, at: observed)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw CLIFailure.checkFailed("not every transaction was final within 10 minutes")
    }

    private func waitFinal(_ id: TransactionID) async throws {
        for _ in 0..<6_000 {
            if try await clients[0].get("/v1/transactions/\(id.hex)").json["status"] == .string("final") { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CLIFailure.checkFailed("transaction \(id.hex) was not final within 60 s")
    }

    static func refusedCount(_ reply: NodeClient.Reply, expected: Int) -> Int {
        guard reply.status == 200 || reply.status == 202 else { return expected }
        guard let results = reply.json["results"]?.arrayValue else { return 0 }
        return results.filter { $0["status"] != .string("pending") }.count
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
