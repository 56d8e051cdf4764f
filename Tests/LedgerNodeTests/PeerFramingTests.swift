import Foundation
import LedgerCore
import LedgerTesting
import NIOCore
import NIOEmbedded
import Testing

@testable import LedgerNode
@testable import LedgerRuntime

/// Records what a connection reports.
final class RecordingDelegate: PeerConnectionDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []
    private var received: [PeerMessage] = []
    var refuse: String?

    func peerEstablished(_ connection: PeerConnection) -> String? {
        lock.withLock { events.append("established \(connection.keyID!.hex.prefix(8))") }
        return refuse
    }

    func peerReceived(_ message: PeerMessage, bytes: Int, from connection: PeerConnection) {
        lock.withLock { received.append(message) }
    }

    func peerClosed(_ connection: PeerConnection, reason: String) {
        lock.withLock { events.append("closed: \(reason)") }
    }

    var log: [String] { lock.withLock { events } }
    var messages: [PeerMessage] { lock.withLock { received } }
}

@Suite("Peer framing and connections, on NIO's embedded channel")
struct PeerFramingTests {
    static let chainID = SHA256.hash(Array("framing".utf8))

    /// A channel running the node's peer pipeline for `key`, accepting `allowed` keys.
    static func channel(
        key: P256PrivateKey, allowed: [P256PublicKey], role: PeerHandshake.Role, delegate: RecordingDelegate
    ) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let limit = PeerFrameLimit()
        let handshake = PeerHandshake(
            role: role, chainID: chainID, localKey: key, nonce: PeerHandshake.randomNonce(),
            allowedKey: { id in allowed.first { $0.keyID == id } })
        try channel.pipeline.syncOperations.addHandlers(
            ByteToMessageHandler(PeerFrameDecoder(limit: limit)),
            PeerChannelHandler(
                handshake: handshake, delegate: delegate, frameLimit: limit, outboundBytesMax: 1 << 20,
                nameOf: { _ in "peer" }))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        return channel
    }

    /// Everything `from` has written, as bytes.
    static func drain(_ from: EmbeddedChannel) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let buffer = try from.readOutbound(as: ByteBuffer.self) { bytes += Array(buffer.readableBytesView) }
        return bytes
    }

    /// Feeds bytes one at a time, as a slow network might deliver them.
    static func feedByteByByte(_ bytes: [UInt8], to channel: EmbeddedChannel) {
        for byte in bytes {
            var buffer = channel.allocator.buffer(capacity: 1)
            buffer.writeInteger(byte)
            _ = try? channel.writeInbound(buffer)
        }
    }

    struct Connected {
        let a: EmbeddedChannel
        let b: EmbeddedChannel
        let delegateA = RecordingDelegate()
        let delegateB = RecordingDelegate()
        let keyA: P256PrivateKey
        let keyB: P256PrivateKey

        init() throws {
            keyA = try P256PrivateKey.generate()
            keyB = try P256PrivateKey.generate()
            let allowed = [keyA.publicKey, keyB.publicKey]
            a = try PeerFramingTests.channel(key: keyA, allowed: allowed, role: .initiator, delegate: delegateA)
            b = try PeerFramingTests.channel(key: keyB, allowed: allowed, role: .responder, delegate: delegateB)
            // Two rounds of exchange complete the handshake (hello, then authenticate), byte by byte.
            for _ in 0..<2 {
                let fromA = try PeerFramingTests.drain(a)
                let fromB = try PeerFramingTests.drain(b)
                PeerFramingTests.feedByteByByte(fromA, to: b)
                PeerFramingTests.feedByteByByte(fromB, to: a)
            }
        }
    }

    @Test("every message kind round-trips through frames fed one byte at a time")
    func byteByByte() throws {
        let connected = try Connected()
        #expect(connected.delegateA.log.count == 1 && connected.delegateB.log.count == 1)
        let chain = try SyntheticChain(validatorCount: 1)
        let block = try chain.registrationBlock()
        let messages: [PeerMessage] = [
            .transactions(block.transactions),
            .consensus(.finalBlock(block)),
            .blocksRequest(fromHeight: 42),
            .status(height: 7, headerHash: block.header.hash),
        ]
        var stream: [UInt8] = []
        for message in messages {
            stream += Array(PeerFrameEncoder.frame(PeerWire.encode(message), allocator: .init()).readableBytesView)
        }
        Self.feedByteByByte(stream, to: connected.b)
        #expect(connected.delegateB.messages == messages)
        #expect(connected.b.isActive)
    }

    @Test("bad frames close the connection with the reason: oversize, empty, unknown type, truncated, trailing")
    func badFrames() throws {
        let oversize: [UInt8] = [0x7f, 0xff, 0xff, 0xff]
        let cases: [([UInt8], String)] = [
            (oversize, "above the limit"),
            ([0, 0, 0, 0], "empty frame"),
            ([0, 0, 0, 1, 0x99], "unknown value 153"),
            ([0, 0, 0, 3, 18, 0, 1], "input ends inside blocksRequest.fromHeight"),
            ([0, 0, 0, 10, 18, 0, 0, 0, 0, 0, 0, 0, 1, 0xee], "1 unexpected trailing byte"),
        ]
        for (bytes, reason) in cases {
            let connected = try Connected()
            Self.feedByteByByte(bytes, to: connected.b)
            #expect(!connected.b.isActive, "\(reason)")
            #expect(connected.delegateB.log.last?.contains(reason) == true, "\(connected.delegateB.log)")
            // The peer is told why before the connection closes.
            let goodbye = try Self.drain(connected.b)
            #expect(String(decoding: goodbye, as: UTF8.self).contains(reason))
        }
    }

    @Test("before the handshake a frame above 512 bytes is refused as soon as its length arrives")
    func handshakeFrameLimit() throws {
        let key = try P256PrivateKey.generate()
        let delegate = RecordingDelegate()
        let channel = try Self.channel(key: key, allowed: [key.publicKey], role: .responder, delegate: delegate)
        _ = try Self.drain(channel)
        Self.feedByteByByte([0, 0, 2, 1], to: channel)
        #expect(!channel.isActive)
        #expect(delegate.log.last?.contains("frame of 513 bytes is above the limit of 512") == true, "\(delegate.log)")
    }

    @Test("an unknown key, or application data before the handshake, is refused")
    func unauthenticated() throws {
        let key = try P256PrivateKey.generate()
        let stranger = try P256PrivateKey.generate()
        let delegate = RecordingDelegate()
        let channel = try Self.channel(key: key, allowed: [key.publicKey], role: .responder, delegate: delegate)
        let hello = PeerMessage.hello(
            PeerHello(
                version: 1, chainID: Self.chainID, keyID: stranger.publicKey.keyID, nonce: PeerHandshake.randomNonce()))
        Self.feedByteByByte(
            Array(PeerFrameEncoder.frame(PeerWire.encode(hello), allocator: .init()).readableBytesView), to: channel)
        #expect(!channel.isActive)
        #expect(delegate.log.last?.contains("neither a genesis validator nor a configured observer") == true)

        let early = try Self.channel(key: key, allowed: [key.publicKey], role: .responder, delegate: delegate)
        Self.feedByteByByte(
            Array(
                PeerFrameEncoder.frame(PeerWire.encode(.blocksRequest(fromHeight: 1)), allocator: .init())
                    .readableBytesView), to: early)
        #expect(!early.isActive)
        #expect(delegate.log.last?.contains("before the handshake completed") == true)
    }

    @Test("a handshake that does not finish in time is closed")
    func handshakeTimeout() throws {
        let key = try P256PrivateKey.generate()
        let delegate = RecordingDelegate()
        let channel = try Self.channel(key: key, allowed: [key.publicKey], role: .responder, delegate: delegate)
        (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(11))
        #expect(!channel.isActive)
        #expect(delegate.log.last?.contains("handshake not completed") == true)
    }

    @Test("a peer that does not read is disconnected once its backlog passes the bound")
    func slowPeer() throws {
        // Writes that never complete: a socket whose peer stopped reading.
        let channel = EmbeddedChannel(handler: PromiseHoldingHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        let connection = PeerConnection(channel: channel, isInitiator: true, outboundBytesMax: 10_000)
        let message = PeerMessage.goodbye(reason: String(repeating: "x", count: 190))
        for _ in 0..<40 { connection.send(message) }
        #expect(connection.closeReason == nil && connection.outboundBytes > 7_000)
        for _ in 0..<20 { connection.send(message) }
        #expect(connection.closeReason?.contains("slow peer") == true)
        #expect(connection.outboundBytes <= 10_000)
    }

    @Test("inbound flooding is bounded per peer: past the bound the peer is refused")
    func inboundBound() throws {
        let connected = try Connected()
        let connection = PeerConnection(channel: connected.a, isInitiator: true, outboundBytesMax: 1 << 20)
        for _ in 0..<3 { #expect(connection.enqueueInbound(bytes: 10, countMax: 3, bytesMax: 100)) }
        #expect(!connection.enqueueInbound(bytes: 10, countMax: 3, bytesMax: 100))
        connection.dequeueInbound(bytes: 10)
        #expect(!connection.enqueueInbound(bytes: 100, countMax: 3, bytesMax: 100), "bytes are bounded too")
        #expect(connection.enqueueInbound(bytes: 70, countMax: 3, bytesMax: 100))
    }
}

/// Keeps every write pending, like a socket whose peer stopped reading.
final class PromiseHoldingHandler: ChannelOutboundHandler, @unchecked Sendable {
    typealias OutboundIn = ByteBuffer
    var held: [EventLoopPromise<Void>] = []

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if let promise { held.append(promise) }
    }
}
