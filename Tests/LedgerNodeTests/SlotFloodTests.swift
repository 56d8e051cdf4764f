import Foundation
import LedgerClient
import LedgerCore
import LedgerTesting
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import LedgerNode

/// Holds `count` silent TCP connections to a port from one source address, reopening each as the node closes it:
/// the P2P slot exhaustion of issue 17 (F2).
final class SlotFlooder: Sendable {
    private let stopped = NIOLockedValueBox(false)
    private let opened = NIOLockedValueBox(0)
    private let tasks: [Task<Void, Never>]

    init(port: Int, source: String, count: Int) {
        let stopped = self.stopped
        let opened = self.opened
        tasks = (0..<count).map { _ in
            Task {
                while !stopped.withLockedValue({ $0 }) {
                    do {
                        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                            .bind(to: try SocketAddress(ipAddress: source, port: 0))
                            .connect(host: "127.0.0.1", port: port).get()
                        opened.withLockedValue { $0 += 1 }
                        try? await channel.closeFuture.get()
                    } catch {
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                }
            }
        }
    }

    var connectionsOpened: Int { opened.withLockedValue { $0 } }

    func stop() async {
        stopped.withLockedValue { $0 = true }
        for task in tasks { await task.value }
    }
}

/// F2: strangers holding a node's P2P slots must not keep its configured peers out.
@Suite("P2P slot exhaustion against real processes", .serialized)
struct SlotFloodTests {
    @Test("two nodes flooded from another host with twice their slots: the two others restart, rejoin, chain goes on")
    func floodedNodesReconnect() async throws {
        let net = try DevnetHarness(nodes: 4)
        defer { net.remove() }
        for index in 0..<4 { try net.start(index) }
        try await net.waitForConnections()
        _ = try await net.clients[0].submit([try net.factory.registerIssuer()])
        try await net.waitForAgreement([0, 1, 2, 3], ledgerSize: 1)

        // Twice the 64 pending slots per node, each reopened as soon as it is closed or refused.
        let flooders = [0, 1].map { SlotFlooder(port: net.p2pPorts[$0], source: "127.0.0.2", count: 128) }
        try await DevnetHarness.eventually("the flood is under way", within: 30) {
            flooders.allSatisfy { $0.connectionsOpened >= 128 }
        }
        // The two other nodes restart while the flood goes on: the flooded nodes must let them in and dial them.
        net.kill(2)
        net.kill(3)
        try net.start(2)
        try net.start(3)
        try await DevnetHarness.eventually("every node is connected to the three others again", within: 30) {
            for client in net.clients where try await client.head()["peers"]?.unsignedIntegerValue != 3 {
                return false
            }
            return true
        }
        _ = try await net.clients[0].submit(
            try net.factory.credentials(prefix: "under-flood", count: 10, issuedAtMilliseconds: systemWallClock()))
        try await net.waitForAgreement([0, 1, 2, 3], ledgerSize: 11, within: 60)
        for flooder in flooders { await flooder.stop() }
        let log = try String(contentsOfFile: net.logPath(0), encoding: .utf8)
        #expect(log.contains("p2p.max_pending_per_address"), "node-1 names the limit that refused the flood")
        try await net.assertNoFork([0, 1, 2, 3])
    }

    @Test("p2p.allowed_networks: a host outside it is closed before the hello; the members inside still connect")
    func allowedNetworks() async throws {
        let net = try DevnetHarness(nodes: 4)
        defer { net.remove() }
        let config = net.directory.appendingPathComponent("node-1.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "[p2p]\n", with: "[p2p]\nallowed_networks = [\"127.0.0.1/32\"]\n")
            .write(to: config, atomically: true, encoding: .utf8)
        for index in 0..<4 { try net.start(index) }
        try await net.waitForConnections()
        let outsider = SlotFlooder(port: net.p2pPorts[0], source: "127.0.0.2", count: 1)
        try await DevnetHarness.eventually("the outsider was refused", within: 30) {
            let log = try String(contentsOfFile: net.logPath(0), encoding: .utf8)
            return log.contains("not in p2p.allowed_networks")
        }
        await outsider.stop()
        let insider = try await RawPeer(port: net.p2pPorts[0])
        try await DevnetHarness.eventually("a host inside gets the hello", within: 15) { !insider.messages.isEmpty }
        insider.close()
    }
}
