import LedgerCore
import LedgerRuntime
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Limits on what one peer may make this node hold (docs/CONFIG.md, [p2p]).
struct PeerLimits: Sendable {
    /// Unsent bytes to one peer before it is dropped as too slow (`p2p.max_outbound_bytes`).
    var outboundBytesMax: Int
    /// Received messages from one peer waiting to be processed before it is dropped as flooding…
    var inboundMessagesMax: Int
    /// …and their bytes. These three come from `NodeConfiguration`, which holds their defaults.
    var inboundBytesMax: Int
    /// Connections still in their handshake, at most.
    var unauthenticatedMax = 64
    var handshakeTimeout: TimeAmount = .seconds(10)
    /// Reconnection backoff: the first delay, doubled after each failure up to the cap.
    var redialInitial: Duration = .milliseconds(200)
    var redialMax: Duration = .seconds(5)
}

/// The node's peer-to-peer layer: listens, dials the configured peers with backoff, authenticates, keeps at
/// most one connection per peer, and hands messages to the runtime one at a time.
final class PeerService: Service, NodeNetwork, PeerConnectionDelegate {
    let listen: SocketAddressText
    let dialAddresses: [SocketAddressText]
    let identity: NodeIdentity
    let genesis: Genesis
    let observers: [KeyID: (name: String, key: P256PublicKey)]
    let limits: PeerLimits
    let logger: Logger
    let runtime: NodeRuntime
    let group: any EventLoopGroup
    private struct State {
        var connections: [KeyID: PeerConnection] = [:]
        var unauthenticated: Set<ObjectIdentifier> = []
        var addressKeys: [String: KeyID] = [:]
    }
    private let state = NIOLockedValueBox(State())
    private let inbound: AsyncStream<(PeerConnection, PeerMessage, Int)>
    private let inboundContinuation: AsyncStream<(PeerConnection, PeerMessage, Int)>.Continuation
    /// The bound address once listening (the configured port may be 0 in tests).
    let boundAddress = NIOLockedValueBox<SocketAddress?>(nil)

    init(
        listen: SocketAddressText, dial: [SocketAddressText], identity: NodeIdentity, genesis: Genesis,
        observers: [(name: String, key: P256PublicKey)], limits: PeerLimits, runtime: NodeRuntime, logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.listen = listen
        self.dialAddresses = dial
        self.identity = identity
        self.genesis = genesis
        self.observers = Dictionary(observers.map { ($0.key.keyID, $0) }, uniquingKeysWith: { first, _ in first })
        self.limits = limits
        self.runtime = runtime
        self.logger = logger
        self.group = group
        (inbound, inboundContinuation) = AsyncStream.makeStream()
    }

    /// A member of the current validator set, or a configured observer: the keys this node talks to. A member
    /// state that joins is configured as an observer first, so it syncs before its vote passes.
    func allowedKey(_ keyID: KeyID) -> P256PublicKey? {
        runtime.store.tip.validators.validator(keyID: keyID)?.publicKey ?? observers[keyID]?.key
    }

    func name(of keyID: KeyID) -> String {
        runtime.store.tip.validators.validator(keyID: keyID)?.name ?? observers[keyID].map { "observer \($0.name)" }
            ?? "unknown"
    }

    func run() async throws {
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in initialize(channel, role: .responder) }
            .bind(host: listen.host, port: listen.port).get()
        boundAddress.withLockedValue { $0 = server.localAddress }
        logger.info("p2p listening", metadata: ["address": "\(server.localAddress.map { "\($0)" } ?? "\(listen)")"])
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { tasks in
                tasks.addTask { await self.processInbound() }
                for address in self.dialAddresses {
                    tasks.addTask { await self.dialLoop(address) }
                }
                await tasks.waitForAll()
            }
        }
        try? await server.close()
        for connection in state.withLockedValue({ Array($0.connections.values) }) {
            connection.close(reason: "node shutting down")
        }
    }

    private func initialize(_ channel: any Channel, role: PeerHandshake.Role) -> EventLoopFuture<Void> {
        let id = ObjectIdentifier(channel)
        let admitted = state.withLockedValue { state -> Bool in
            guard state.unauthenticated.count < limits.unauthenticatedMax else { return false }
            state.unauthenticated.insert(id)
            return true
        }
        guard admitted else {
            logger.warning("refusing connection: too many unauthenticated connections")
            return channel.close()
        }
        channel.closeFuture.whenComplete { [state] _ in _ = state.withLockedValue { $0.unauthenticated.remove(id) } }
        let limit = PeerFrameLimit()
        let handshake = PeerHandshake(
            role: role, chainID: genesis.chainID, localKey: identity.key, nonce: PeerHandshake.randomNonce(),
            allowedKey: { [self] in allowedKey($0) })
        let handler = PeerChannelHandler(
            handshake: handshake, delegate: self, frameLimit: limit, outboundBytesMax: limits.outboundBytesMax,
            handshakeTimeout: limits.handshakeTimeout, nameOf: { [self] in name(of: $0) })
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandlers(
                ByteToMessageHandler(PeerFrameDecoder(limit: limit)), handler)
        }
    }

    /// Keeps a connection to one configured address, reconnecting with exponential backoff.
    private func dialLoop(_ address: SocketAddressText) async {
        var delay = limits.redialInitial
        while !Task.isCancelled {
            if let known = state.withLockedValue({ $0.addressKeys[address.description] }),
                state.withLockedValue({ $0.connections[known] != nil })
            {
                // Already connected to this peer (it may have dialed us): check again later.
                try? await Task.sleep(for: limits.redialMax)
                continue
            }
            var established = false
            do {
                let channel = try await ClientBootstrap(group: group)
                    .connectTimeout(.seconds(3))
                    .channelInitializer { [self] channel in initialize(channel, role: .initiator) }
                    .connect(host: address.host, port: address.port).get()
                // Shutdown cancels this task: close the connection so the wait ends.
                await withTaskCancellationHandler {
                    try? await channel.closeFuture.get()
                } onCancel: {
                    channel.close(promise: nil)
                }
                established = state.withLockedValue { $0.addressKeys[address.description] != nil }
            } catch {
                logger.debug("cannot reach peer", metadata: ["address": "\(address)", "error": "\(error)"])
            }
            delay = established ? limits.redialInitial : min(delay * 2, limits.redialMax)
            try? await Task.sleep(for: delay)
        }
    }

    private func processInbound() async {
        for await (connection, message, bytes) in inbound {
            defer { connection.dequeueInbound(bytes: bytes) }
            guard let peer = connection.keyID, connection.closeReason == nil else { continue }
            await runtime.receive(message, from: peer)
        }
    }

    // MARK: - PeerConnectionDelegate

    func peerEstablished(_ connection: PeerConnection) -> String? {
        guard let peer = connection.keyID else { return "not authenticated" }
        let (refusal, replaced) = state.withLockedValue { state -> (String?, PeerConnection?) in
            state.unauthenticated.remove(ObjectIdentifier(connection.channel))
            if connection.isInitiator, let remote = connection.channel.remoteAddress {
                for address in dialAddresses where matches(address, remote) {
                    state.addressKeys[address.description] = peer
                }
            }
            guard let existing = state.connections[peer], existing !== connection else {
                state.connections[peer] = connection
                return (nil, nil)
            }
            // Both sides keep the same one of two crossing connections: the one dialed by the smaller key id.
            // Two in the same direction mean the peer reconnected: the newer wins.
            let keepNew =
                existing.isInitiator == connection.isInitiator
                || initiatorKey(of: connection, peer: peer) < initiatorKey(of: existing, peer: peer)
            guard keepNew else { return ("duplicate connection", nil) }
            state.connections[peer] = connection
            return (nil, existing)
        }
        replaced?.close(reason: "replaced by a newer connection")
        if refusal == nil {
            logger.info("peer connected", metadata: ["peer": "\(connection)"])
            Task { [runtime] in
                let tip = runtime.store.tip
                connection.send(.status(height: tip.height, headerHash: tip.headerHash))
            }
        }
        return refusal
    }

    private func initiatorKey(of connection: PeerConnection, peer: KeyID) -> KeyID {
        connection.isInitiator ? identity.keyID : peer
    }

    private func matches(_ address: SocketAddressText, _ remote: SocketAddress) -> Bool {
        remote.port == address.port && (remote.ipAddress == address.host || address.host == "localhost")
    }

    func peerReceived(_ message: PeerMessage, bytes: Int, from connection: PeerConnection) {
        guard
            connection.enqueueInbound(
                bytes: bytes, countMax: limits.inboundMessagesMax, bytesMax: limits.inboundBytesMax)
        else {
            connection.close(
                reason:
                    "flooding: more than \(limits.inboundMessagesMax) messages or \(limits.inboundBytesMax) bytes waiting"
            )
            return
        }
        inboundContinuation.yield((connection, message, bytes))
    }

    func peerClosed(_ connection: PeerConnection, reason: String) {
        let wasCurrent = state.withLockedValue { state -> Bool in
            guard let peer = connection.keyID, state.connections[peer] === connection else { return false }
            state.connections[peer] = nil
            return true
        }
        let metadata: Logger.Metadata = ["peer": "\(connection)", "reason": "\(reason)"]
        if wasCurrent || connection.keyID == nil {
            logger.notice("peer disconnected", metadata: metadata)
        } else {
            logger.debug("redundant connection closed", metadata: metadata)
        }
    }

    // MARK: - NodeNetwork

    func broadcast(_ message: PeerMessage, except: KeyID?) {
        let targets = state.withLockedValue { $0.connections.filter { $0.key != except }.map(\.value) }
        guard !targets.isEmpty else { return }
        let encoded = PeerWire.encode(message)
        for connection in targets { connection.send(encoded: encoded) }
    }

    @discardableResult
    func send(_ message: PeerMessage, to peer: KeyID) -> Bool {
        guard let connection = state.withLockedValue({ $0.connections[peer] }) else { return false }
        connection.send(message)
        return true
    }

    func disconnect(_ peer: KeyID, reason: String) {
        state.withLockedValue { $0.connections[peer] }?.close(reason: reason)
    }

    var connectedPeers: [KeyID] { state.withLockedValue { Array($0.connections.keys) } }
}
