import LedgerCore
import LedgerRuntime
import NIOCore

/// What a connection reports to the node's peer set.
protocol PeerConnectionDelegate: Sendable {
    /// The handshake succeeded; return a reason to refuse the peer anyway (say, already connected).
    func peerEstablished(_ connection: PeerConnection) -> String?
    /// A message from an established peer.
    func peerReceived(_ message: PeerMessage, bytes: Int, from connection: PeerConnection)
    /// The connection is gone; `reason` says why.
    func peerClosed(_ connection: PeerConnection, reason: String)
}

/// Runs the handshake on a fresh connection, then hands messages to the delegate. Anything malformed or
/// unexpected closes the connection with the reason, which the delegate logs.
final class PeerChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var handshake: PeerHandshake
    private let delegate: any PeerConnectionDelegate
    private let handshakeTimeout: TimeAmount
    private let nameOf: @Sendable (KeyID) -> String
    private var connection: PeerConnection?
    private var timeout: Scheduled<Void>?
    private let outboundBytesMax: Int
    private let frameLimit: PeerFrameLimit

    init(
        handshake: PeerHandshake, delegate: any PeerConnectionDelegate, frameLimit: PeerFrameLimit,
        outboundBytesMax: Int, handshakeTimeout: TimeAmount = .seconds(10),
        nameOf: @escaping @Sendable (KeyID) -> String
    ) {
        self.handshake = handshake
        self.frameLimit = frameLimit
        self.delegate = delegate
        self.outboundBytesMax = outboundBytesMax
        self.handshakeTimeout = handshakeTimeout
        self.nameOf = nameOf
    }

    func channelActive(context: ChannelHandlerContext) {
        let connection = PeerConnection(
            channel: context.channel, isInitiator: handshake.role == .initiator, outboundBytesMax: outboundBytesMax)
        self.connection = connection
        connection.send(handshake.hello)
        timeout = context.eventLoop.scheduleTask(in: handshakeTimeout) { [handshakeTimeout] in
            connection.close(reason: "handshake not completed within \(handshakeTimeout.nanoseconds / 1_000_000) ms")
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let connection, connection.closeReason == nil else { return }
        let bytes = Array(unwrapInboundIn(data).readableBytesView)
        let message: PeerMessage
        do {
            message = try PeerWire.decode(bytes)
        } catch {
            connection.close(reason: "malformed message: \(error)")
            return
        }
        if case .goodbye(let reason) = message {
            connection.close(reason: "peer closed the connection: \(reason)")
            return
        }
        guard handshake.established else {
            receiveHandshake(message, connection: connection)
            return
        }
        delegate.peerReceived(message, bytes: bytes.count, from: connection)
    }

    private func receiveHandshake(_ message: PeerMessage, connection: PeerConnection) {
        do {
            let (reply, peer) = try handshake.receive(message)
            if let reply { connection.send(reply) }
            guard let peer else { return }
            timeout?.cancel()
            frameLimit.bytesMax = PeerWire.frameBytesMax
            connection.authenticated(as: peer, name: nameOf(peer))
            if let refusal = delegate.peerEstablished(connection) { connection.close(reason: refusal) }
        } catch {
            connection.close(reason: "handshake failed: \(error)")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let connection {
            connection.close(reason: error is PeerFrameError ? "bad frame: \(error)" : "connection error: \(error)")
        } else {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeout?.cancel()
        if let connection {
            delegate.peerClosed(connection, reason: connection.closeReason ?? "connection closed by the peer")
        }
        context.fireChannelInactive()
    }
}
