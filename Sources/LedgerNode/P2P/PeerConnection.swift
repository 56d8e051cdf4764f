import LedgerCore
import LedgerRuntime
import NIOConcurrencyHelpers
import NIOCore

/// One TCP connection to a peer, usable from any thread. Outbound bytes not yet written to the socket are
/// counted; a peer too slow to read them past `outboundBytesMax` is disconnected rather than buffered without
/// bound.
final class PeerConnection: Sendable, CustomStringConvertible {
    let channel: any Channel
    let isInitiator: Bool
    let outboundBytesMax: Int
    private struct State {
        var keyID: KeyID?
        var name: String?
        var outboundBytes = 0
        var inboundQueued = 0
        var inboundBytes = 0
        var closeReason: String?
    }
    private let state = NIOLockedValueBox(State())

    init(channel: any Channel, isInitiator: Bool, outboundBytesMax: Int) {
        self.channel = channel
        self.isInitiator = isInitiator
        self.outboundBytesMax = outboundBytesMax
    }

    /// The peer's authenticated key id, once the handshake is done.
    var keyID: KeyID? { state.withLockedValue { $0.keyID } }
    var closeReason: String? { state.withLockedValue { $0.closeReason } }
    var outboundBytes: Int { state.withLockedValue { $0.outboundBytes } }

    func authenticated(as keyID: KeyID, name: String) {
        state.withLockedValue {
            $0.keyID = keyID
            $0.name = name
        }
    }

    var description: String {
        let (keyID, name) = state.withLockedValue { ($0.keyID, $0.name) }
        let address = channel.remoteAddress.map { "\($0)" } ?? "unknown address"
        guard let keyID else { return "unauthenticated peer at \(address)" }
        return "\(name ?? "peer") (\(keyID.hex.prefix(12))) at \(address)"
    }

    /// Queues a message; disconnects the peer if its unsent backlog would pass the limit.
    func send(_ message: PeerMessage) {
        send(encoded: PeerWire.encode(message))
    }

    func send(encoded body: [UInt8]) {
        let size = body.count + 4
        let accepted = state.withLockedValue { state -> Bool in
            guard state.closeReason == nil, state.outboundBytes + size <= outboundBytesMax else { return false }
            state.outboundBytes += size
            return true
        }
        guard accepted else {
            if closeReason == nil {
                close(reason: "slow peer: more than \(outboundBytesMax) bytes waiting to be sent")
            }
            return
        }
        let frame = PeerFrameEncoder.frame(body, allocator: channel.allocator)
        channel.writeAndFlush(frame).whenComplete { [state] _ in
            state.withLockedValue { $0.outboundBytes -= size }
        }
    }

    /// Counts a message handed to the node for processing; false when the peer already has too much waiting,
    /// i.e. it sends faster than we can process (a flood).
    func enqueueInbound(bytes: Int, countMax: Int, bytesMax: Int) -> Bool {
        state.withLockedValue { state in
            guard state.inboundQueued < countMax, state.inboundBytes + bytes <= bytesMax else { return false }
            state.inboundQueued += 1
            state.inboundBytes += bytes
            return true
        }
    }

    func dequeueInbound(bytes: Int) {
        state.withLockedValue {
            $0.inboundQueued -= 1
            $0.inboundBytes -= bytes
        }
    }

    /// Says goodbye with the reason (best effort) and closes; the first reason given is the one kept.
    func close(reason: String) {
        let first = state.withLockedValue { state -> Bool in
            guard state.closeReason == nil else { return false }
            state.closeReason = reason
            return true
        }
        guard first else { return }
        let goodbye = PeerFrameEncoder.frame(PeerWire.encode(.goodbye(reason: reason)), allocator: channel.allocator)
        let channel = self.channel
        channel.writeAndFlush(goodbye).whenComplete { _ in channel.close(promise: nil) }
        // A peer that does not read would never let the goodbye complete: close regardless, shortly.
        channel.eventLoop.scheduleTask(in: .milliseconds(200)) { channel.close(promise: nil) }
    }
}
