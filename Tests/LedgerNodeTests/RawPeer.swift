import Foundation
import LedgerClient
import LedgerCore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

@testable import LedgerNode
@testable import LedgerRuntime

/// A raw TCP connection to a node's P2P port, for playing a hostile or impersonating peer.
final class RawPeer: Sendable {
    let channel: any Channel
    private let received: NIOLockedValueBox<[UInt8]>

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received: NIOLockedValueBox<[UInt8]>
        init(_ received: NIOLockedValueBox<[UInt8]>) { self.received = received }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(unwrapInboundIn(data).readableBytesView)
            received.withLockedValue { $0 += bytes }
        }
    }

    init(port: Int) async throws {
        let received = NIOLockedValueBox<[UInt8]>([])
        self.received = received
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(received))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    func send(_ message: PeerMessage) async throws {
        try await send(Array(PeerFrameEncoder.frame(PeerWire.encode(message), allocator: .init()).readableBytesView))
    }

    /// Complete frames received so far, decoded.
    var messages: [PeerMessage] {
        var bytes = received.withLockedValue { $0 }[...]
        var messages: [PeerMessage] = []
        while bytes.count >= 4 {
            let length = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            guard bytes.count >= 4 + length else { break }
            if let message = try? PeerWire.decode(Array(bytes.dropFirst(4).prefix(length))) { messages.append(message) }
            bytes = bytes.dropFirst(4 + length)
        }
        return messages
    }

    var isOpen: Bool { channel.isActive }

    /// Runs the handshake as the holder of `key` (the initiator); `nodeKeys` are the keys the node may have.
    func handshake(as key: P256PrivateKey, chainID: SHA256Digest, nodeKeys: [P256PublicKey]) async throws {
        var handshake = PeerHandshake(
            role: .initiator, chainID: chainID, localKey: key, nonce: PeerHandshake.randomNonce(),
            allowedKey: { id in nodeKeys.first { $0.keyID == id } })
        try await send(handshake.hello)
        try await DevnetHarness.eventually("the node answers the handshake", within: 10) { self.messages.count >= 2 }
        let (reply, _) = try handshake.receive(messages[0])
        try await send(reply!)
        let (_, peer) = try handshake.receive(messages[1])
        guard peer != nil else { throw NodeClientFailure("handshake did not complete") }
    }

    func close() {
        channel.close(promise: nil)
    }
}

struct NodeClientFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
