import Foundation
import Histogram
import LedgerClient
import LedgerCore
import LedgerParallel

/// The load generator behind `ledger bench load`.
struct NodeLoad: Sendable {
    let clients: [NodeClient]
    let plan: LoadPlan

    struct Report: Sendable {
        /// The run's credentials are PREFIX-0, PREFIX-1, …
        let credentialPrefix: String
        let offeredRate: Double?
        let submitted: Int
        let finalized: Int
        let rejections: [String: Int]
        /// From the first POST to the last transaction seen final.
        let seconds: Double
        let blocks: Int
        let latency: Histogram<UInt64>

        var perSecond: Double { seconds > 0 ? Double(finalized) / seconds : 0 }
        /// A latency percentile in milliseconds (the histogram holds microseconds).
        func milliseconds(_ percentile: Double) -> Double { latency.milliseconds(percentile) }

        var json: JSONValue {
            .object(
                [
                    JSONMember("credentialPrefix", .string(credentialPrefix)),
                    JSONMember("offeredPerSecond", offeredRate.map { .number($0) } ?? .string("max")),
                    JSONMember("submitted", .number(Double(submitted))),
                    JSONMember("finalized", .number(Double(finalized))),
                    JSONMember(
                        "rejected",
                        .object(
                            rejections.sorted { $0.key < $1.key }.map { JSONMember($0.key, .number(Double($0.value))) })
                    ),
                    JSONMember("seconds", .number((seconds * 1_000).rounded() / 1_000)),
                    JSONMember("finalizedPerSecond", .number(perSecond.rounded())),
                    JSONMember("blocks", .number(Double(blocks))),
                ] + latency.percentileMembers + [
                    JSONMember("latencyMaxMilliseconds", .number(Double(latency.max) / 1_000))
                ])
        }

        var text: String {
            let offered = offeredRate.map { String(format: "%.0f tx/s offered", $0) } ?? "as fast as the nodes answer"
            let refused =
                rejections.isEmpty
                ? "no rejections"
                : "rejected: "
                    + rejections.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return String(
                format: """
                    %d of %d transactions final in %.2f s (%@): %.0f tx/s, in %d blocks
                    finality latency: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms
                    %@
                    """, finalized, submitted, seconds, offered, perSecond, blocks, milliseconds(50), milliseconds(99),
                milliseconds(99.9), Double(latency.max) / 1_000, refused)
        }
    }

    /// Submission and finality times, by transaction id.
    actor Timeline {
        var submitted: [TransactionID: ContinuousClock.Instant] = [:]
        var final: [TransactionID: ContinuousClock.Instant] = [:]
        var rejections: [String: Int] = [:]
        var rejectedCount = 0
        var blocks = 0
        var submitting = true

        func submit(_ ids: [TransactionID], at instant: ContinuousClock.Instant) {
            for id in ids { submitted[id] = instant }
        }

        func reject(_ codes: [String]) {
            for code in codes { rejections[code, default: 0] += 1 }
            rejectedCount += codes.count
        }

        func finalize(_ ids: [TransactionID], at instant: ContinuousClock.Instant) {
            blocks += 1
            for id in ids where final[id] == nil { final[id] = instant }
        }

        func doneSubmitting() { submitting = false }

        var settled: Bool { !submitting && final.count + rejectedCount >= submitted.count }
    }

    func run(authority: P256PrivateKey) async throws -> Report {
        let factory = try await prepareIssuer(authority: authority)
        let transactions = try await presign(factory)
        // Bodies are encoded before the clock starts, so the client spends the run on HTTP alone.
        let batches = stride(from: 0, to: transactions.count, by: plan.batch).map { start in
            let chunk = transactions[start..<min(transactions.count, start + plan.batch)]
            return Batch(ids: chunk.map(\.id), body: NodeClient.submissionBody(Array(chunk)))
        }
        let timeline = Timeline()
        let clock = ContinuousClock()
        let startHeight = try await clients[0].tip().height
        let start = clock.now
        let watcher = Task { try await watch(from: startHeight, timeline: timeline, clock: clock) }
        try await submit(batches, timeline: timeline, clock: clock, start: start)
        await timeline.doneSubmitting()
        try await watcher.value
        let submitted = await timeline.submitted
        let final = await timeline.final
        var latency = Histogram<UInt64>.latencyMicroseconds()
        for (id, sent) in submitted {
            guard let done = final[id] else { continue }
            let components = (done - sent).components
            _ = latency.record(
                UInt64(components.seconds) * 1_000_000 + UInt64(components.attoseconds / 1_000_000_000_000))
        }
        let end = final.values.max() ?? clock.now
        return Report(
            credentialPrefix: factory.issuerID, offeredRate: plan.rate, submitted: submitted.count,
            finalized: final.count, rejections: await timeline.rejections, seconds: (end - start).seconds,
            blocks: await timeline.blocks, latency: latency)
    }

    /// A fresh issuer, registered and final before the run.
    private func prepareIssuer(authority: P256PrivateKey) async throws -> TransactionFactory {
        let head = try await clients[0].head()
        guard let chainText = head["chainId"]?.stringValue, let chainID = try? SHA256Digest(hex: chainText) else {
            throw CLIFailure.checkFailed("\(clients[0].baseURL) did not answer GET /v1/head with a chain id")
        }
        let factory = TransactionFactory(
            chainID: chainID, authorityKey: authority, issuerKey: try P256PrivateKey.generate(),
            issuerID: "load-\(UUID().uuidString.prefix(8).lowercased())")
        let registration = try factory.registerIssuer()
        let reply = try await clients[0].submit([registration])
        guard reply.status == 202 else {
            throw CLIFailure.checkFailed("registering the load's issuer failed: HTTP \(reply.status) \(reply.json)")
        }
        try await waitFinal([registration.id])
        return factory
    }

    /// The run's transactions in submission order, signed beforehand so the run never waits on signing. The
    /// credentials that revocations target are issued (and final) before the run.
    private func presign(_ factory: TransactionFactory) async throws -> [SignedTransaction] {
        let total = plan.transactionCount
        let revocations = (0..<total).filter { plan.mix.isRevocation($0) }.count
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        let issues = try factory.credentials(
            prefix: factory.issuerID, count: total - revocations, issuedAtMilliseconds: now)
        var revokes: [SignedTransaction] = []
        if revocations > 0 {
            let targets = try factory.credentials(
                prefix: factory.issuerID + "-target", count: revocations, issuedAtMilliseconds: now)
            for start in stride(from: 0, to: targets.count, by: 1_000) {
                let reply = try await clients[0].submit(Array(targets[start..<min(targets.count, start + 1_000)]))
                guard reply.status == 200 || reply.status == 202 else {
                    throw CLIFailure.checkFailed("issuing the credentials to revoke failed: HTTP \(reply.status)")
                }
            }
            try await waitFinal(targets.map(\.id))
            let signed = Parallel.map(count: targets.count) { index in
                try? factory.revoke(credentialID: targets[index].body.payload.credentialID!)
            }
            revokes = signed.compactMap { $0 }
        }
        var ordered: [SignedTransaction] = []
        var nextIssue = 0
        var nextRevoke = 0
        for index in 0..<total {
            if plan.mix.isRevocation(index) && nextRevoke < revokes.count {
                ordered.append(revokes[nextRevoke])
                nextRevoke += 1
            } else if nextIssue < issues.count {
                ordered.append(issues[nextIssue])
                nextIssue += 1
            }
        }
        return ordered
    }

    /// One POST: its transactions' ids and its encoded body.
    struct Batch: Sendable {
        let ids: [TransactionID]
        let body: [UInt8]
    }

    private func submit(
        _ batches: [Batch], timeline: Timeline, clock: ContinuousClock, start: ContinuousClock.Instant
    ) async throws {
        let end = plan.duration.map { start + .seconds($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<plan.inFlight {
                group.addTask {
                    for index in stride(from: worker, to: batches.count, by: plan.inFlight) {
                        if let rate = plan.rate {
                            try await clock.sleep(until: start + .seconds(Double(index * plan.batch) / rate))
                        }
                        if let end, clock.now >= end { return }
                        await timeline.submit(batches[index].ids, at: clock.now)
                        let reply = try await clients[index % clients.count].post(
                            "/v1/transactions", body: batches[index].body)
                        let codes = Self.rejectionCodes(reply, count: batches[index].ids.count)
                        if !codes.isEmpty { await timeline.reject(codes) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Watches the first node's new blocks until every accepted transaction is final (or a minute after the
    /// last POST).
    private func watch(from startHeight: UInt64, timeline: Timeline, clock: ContinuousClock) async throws {
        var seen = startHeight
        var quietSince: ContinuousClock.Instant?
        while true {
            if await timeline.settled { return }
            if await !timeline.submitting {
                quietSince = quietSince ?? clock.now
                if clock.now - quietSince! > .seconds(60) {
                    throw CLIFailure.checkFailed("some accepted transactions were not final a minute after the run")
                }
            }
            let tip = try await clients[0].tip().height
            let observed = clock.now
            while seen < tip {
                seen += 1
                let block = try await clients[0].get("/v1/blocks/\(seen)?encoded=false").json
                let ids = (block["transactions"]?.arrayValue ?? []).compactMap {
                    $0.stringValue.flatMap { try? SHA256Digest(hex: $0) }
                }
                await timeline.finalize(ids, at: observed)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private func waitFinal(_ ids: [TransactionID]) async throws {
        guard let last = ids.last else { return }
        for _ in 0..<6_000 {
            if try await clients[0].get("/v1/transactions/\(last.hex)").json["status"] == .string("final") { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CLIFailure.checkFailed("transaction \(last.hex) was not final within 60 s")
    }

    /// The error codes of the refused transactions in a reply.
    static func rejectionCodes(_ reply: NodeClient.Reply, count: Int) -> [String] {
        guard reply.status == 200 || reply.status == 202 else {
            return Array(repeating: reply.json["error"]?.stringValue ?? "http_\(reply.status)", count: count)
        }
        guard let results = reply.json["results"]?.arrayValue else { return [] }
        return results.filter { $0["status"] != .string("pending") }.map { $0["error"]?.stringValue ?? "unknown" }
    }

}
