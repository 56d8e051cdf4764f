import Foundation
import LedgerCore
import LedgerTesting
import Testing

@testable import LedgerNode

/// The API's budgets against a real node (issue 17, F3 and the HTTP findings): a connection cap, header timeouts,
/// HTTP/1.0 closed after its response, and a JSON 400 for a request that does not parse.
@Suite("API budgets against a real node", .serialized)
struct APIBudgetTests {
    @Test("over the cap a connection is closed as it opens; a silent one is closed at the header timeout")
    func capAndHeaderTimeout() async throws {
        let capped = try SingleNodeProcess(sections: ["api": "max_connections = 4\nheader_timeout_seconds = 600"])
        defer { capped.stop() }
        try await capped.waitUntilServing()
        // Six silent connections against four slots (one may be the test client's pooled connection): at least two
        // are closed as they open, and no more than four stay open, since nothing else closes them for 600 s.
        let held = try await withThrowingTaskGroup(of: RawPeer.self) { group in
            for _ in 0..<6 { group.addTask { try await RawPeer(port: capped.apiPort) } }
            return try await group.reduce(into: [RawPeer]()) { $0.append($1) }
        }
        try await Polling.eventually("connections over the cap are closed", within: 60) {
            held.filter { !$0.isOpen }.count >= 2
        }
        #expect(held.filter(\.isOpen).count <= 4)
        for peer in held { peer.close() }
        try await Polling.eventually("the node counts the refusals", within: 60) {
            let metrics = String(decoding: try await capped.client.get("/metrics").body, as: UTF8.self)
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("ledger_api_connections_refused_total ") }
            return (line?.split(separator: " ").last.flatMap { Int($0) } ?? 0) >= 2
        }

        let timed = try SingleNodeProcess(sections: ["api": "header_timeout_seconds = 1"])
        defer { timed.stop() }
        try await timed.waitUntilServing()
        let silent = try await RawPeer(port: timed.apiPort)
        try await Polling.eventually("a silent connection is closed at the header timeout", within: 60) {
            !silent.isOpen
        }
        #expect(try await timed.client.head()["height"] != nil, "and the node serves the next one")
    }

    @Test("HTTP/1.0 is closed after its response; a malformed request gets a JSON 400 and a close")
    func httpDetails() async throws {
        let node = try SingleNodeProcess()
        defer { node.stop() }
        try await node.waitUntilServing()
        let old = try await RawPeer(port: node.apiPort)
        try await old.send(Array("GET /healthz HTTP/1.0\r\nHost: x\r\n\r\n".utf8))
        try await Polling.eventually("the HTTP/1.0 connection is closed after the response", within: 15) {
            !old.isOpen
        }
        #expect(old.receivedText.hasPrefix("HTTP/1.1 200") && old.receivedText.contains("\"ok\""))
        let kept = try await RawPeer(port: node.apiPort)
        try await kept.send(Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try await Polling.eventually("HTTP/1.1 answers", within: 15) { kept.receivedText.contains("\"ok\"") }
        #expect(kept.isOpen, "HTTP/1.1 stays open for the next request")
        kept.close()
        let garbage = try await RawPeer(port: node.apiPort)
        try await garbage.send(Array("NOT HTTP AT ALL\r\n\r\n".utf8))
        try await Polling.eventually("the malformed request is answered and closed", within: 15) {
            !garbage.isOpen
        }
        let text = garbage.receivedText
        #expect(text.hasPrefix("HTTP/1.1 400") && text.contains("\"malformed_request\""), "\(text)")
        #expect(try await node.client.head()["height"] != nil)
    }

    @Test("F3: far more idle connections than the open-file limit allows, and the node keeps deciding blocks")
    func idleFloodUnderFileLimit() async throws {
        // The flood's sockets are this test process's descriptors too, beside those of the suites running alongside:
        // raise this process's own limit first, and flood less where the machine allows less.
        let ours = FileDescriptorLimit.raise()?.now ?? 1_024
        let nodeLimit = ours >= 4_096 ? 512 : 128
        let flood = nodeLimit + 88
        let node = try SingleNodeProcess(
            sections: ["consensus": "heartbeat_interval_seconds = 1"], fileLimit: (soft: nodeLimit, hard: nodeLimit))
        defer { node.stop() }
        try await node.waitUntilServing()
        let before = try await node.client.head()["height"]?.unsignedIntegerValue ?? 0
        // More connections than the node has descriptors; its cap (the limit less 256 reserved) closes the rest.
        var held: [RawPeer] = []
        for _ in 0..<flood {
            if let peer = try? await RawPeer(port: node.apiPort) { held.append(peer) }
        }
        try await Polling.eventually("heartbeat blocks go on while the connections are held", within: 60) {
            let log = node.log
            return log.components(separatedBy: "final block").count > Int(before) + 4 || !node.process.isRunning
        }
        #expect(node.process.isRunning, "the node did not halt: \(node.log.suffix(2_000))")
        #expect(!node.log.contains("Too many open files"), "\(node.log.suffix(2_000))")
        for peer in held { peer.close() }
        try await Polling.eventually("the node serves again", within: 30) {
            (try? await node.client.head()) != nil
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
