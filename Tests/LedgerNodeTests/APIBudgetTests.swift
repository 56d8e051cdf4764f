import Foundation
import LedgerCore
import LedgerTesting
import Testing

@testable import LedgerNode

/// The API's budgets against a real node (issue 17, F3 and the HTTP findings): a connection cap, header timeouts,
/// HTTP/1.0 closed after its response, and a JSON 400 for a request that does not parse.
@Suite("API budgets against a real node", .serialized)
struct APIBudgetTests {
    @Test("over the cap a connection is closed at once; silent ones are closed at the header timeout")
    func capAndHeaderTimeout() async throws {
        let node = try SingleNodeProcess(sections: ["api": "max_connections = 4\nheader_timeout_seconds = 1"])
        defer { node.stop() }
        try await node.waitUntilServing()
        // Six silent connections against four slots (one may already be the test client's pooled connection).
        let held = try await (0..<6).asyncMap { _ in try await RawPeer(port: node.apiPort) }
        try await Polling.eventually("silent connections are closed at the header timeout", within: 30) {
            held.allSatisfy { !$0.isOpen }
        }
        let metrics = try await node.client.get("/metrics")
        let text = String(decoding: metrics.body, as: UTF8.self)
        let refused = text.split(separator: "\n").first { $0.hasPrefix("ledger_api_connections_refused_total ") }
        #expect((refused?.split(separator: " ").last.flatMap { Int($0) } ?? 0) >= 2, "\(refused ?? "none")")
        #expect(try await node.client.head()["height"] != nil, "the node serves again once they are gone")
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
