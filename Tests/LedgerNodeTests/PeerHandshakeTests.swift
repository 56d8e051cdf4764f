import LedgerCore
import Testing

@testable import LedgerNode
@testable import LedgerRuntime

@Suite("Peer handshake: versioned, authenticated, bound to chain, nonces and keys")
struct PeerHandshakeTests {
    struct Pair {
        let chainID = SHA256.hash(Array("chain".utf8))
        let initiatorKey: P256PrivateKey
        let responderKey: P256PrivateKey
        var initiator: PeerHandshake
        var responder: PeerHandshake

        init() throws {
            try self.init(initiatorKey: P256PrivateKey.generate(), responderKey: P256PrivateKey.generate())
        }

        init(initiatorKey: P256PrivateKey, responderKey: P256PrivateKey) {
            self.initiatorKey = initiatorKey
            self.responderKey = responderKey
            let keys = [initiatorKey, responderKey].map(\.publicKey)
            let lookup: @Sendable (KeyID) -> P256PublicKey? = { id in keys.first { $0.keyID == id } }
            initiator = PeerHandshake(
                role: .initiator, chainID: chainID, localKey: initiatorKey, nonce: PeerHandshake.randomNonce(),
                allowedKey: lookup)
            responder = PeerHandshake(
                role: .responder, chainID: chainID, localKey: responderKey, nonce: PeerHandshake.randomNonce(),
                allowedKey: lookup)
        }
    }

    @Test("both sides prove their keys and learn each other's key id")
    func succeeds() throws {
        var pair = try Pair()
        let (toInitiator, _) = try pair.responder.receive(pair.initiator.hello)
        let (toResponder, _) = try pair.initiator.receive(pair.responder.hello)
        let (none1, initiatorLearned) = try pair.initiator.receive(toInitiator!)
        let (none2, responderLearned) = try pair.responder.receive(toResponder!)
        #expect(none1 == nil && none2 == nil)
        #expect(initiatorLearned == pair.responderKey.publicKey.keyID)
        #expect(responderLearned == pair.initiatorKey.publicKey.keyID)
        #expect(pair.initiator.established && pair.responder.established)
    }

    @Test("refusals: other version, other chain, unknown key, itself, a reflected nonce")
    func refusals() throws {
        var pair = try Pair()
        guard case .hello(let hello) = pair.initiator.hello else {
            Issue.record("the initiator's first message is not a hello")
            return
        }
        func expectRefused(_ message: PeerHello, _ expected: HandshakeError) throws {
            var responder = pair.responder
            #expect(throws: expected) { _ = try responder.receive(.hello(message)) }
        }
        try expectRefused(
            PeerHello(version: 2, chainID: hello.chainID, keyID: hello.keyID, nonce: hello.nonce),
            .unsupportedVersion(2))
        let otherChain = SHA256.hash(Array("other".utf8))
        try expectRefused(
            PeerHello(version: 1, chainID: otherChain, keyID: hello.keyID, nonce: hello.nonce), .wrongChain(otherChain))
        let stranger = try P256PrivateKey.generate().publicKey.keyID
        try expectRefused(
            PeerHello(version: 1, chainID: hello.chainID, keyID: stranger, nonce: hello.nonce), .unknownPeer(stranger))
        try expectRefused(
            PeerHello(
                version: 1, chainID: hello.chainID, keyID: pair.responderKey.publicKey.keyID, nonce: hello.nonce),
            .connectedToSelf)
        try expectRefused(
            PeerHello(version: 1, chainID: hello.chainID, keyID: hello.keyID, nonce: pair.responder.localNonce),
            .reflectedNonce)
        #expect(throws: HandshakeError.unexpected("authenticate before hello")) {
            _ = try pair.responder.receive(.authenticate(signature: [0x30, 0x00]))
        }
        #expect(throws: HandshakeError.unexpected("message before the handshake completed")) {
            _ = try pair.responder.receive(.blocksRequest(fromHeight: 1))
        }
    }

    @Test("a signature from another connection (other nonces) or a flipped bit is refused")
    func replayAndTamper() throws {
        // Record the initiator's signature on one connection…
        var first = try Pair()
        let (recorded, _) = try first.initiator.receive(first.responder.hello)
        // …and replay it on a second connection between the same keys: the nonces differ, so it fails.
        var second = Pair(initiatorKey: first.initiatorKey, responderKey: first.responderKey)
        _ = try second.responder.receive(second.initiator.hello)
        #expect(throws: HandshakeError.badSignature(first.initiatorKey.publicKey.keyID)) {
            _ = try second.responder.receive(recorded!)
        }
        // A flipped bit in a genuine signature fails too.
        var third = Pair(initiatorKey: first.initiatorKey, responderKey: first.responderKey)
        let (genuine, _) = try third.initiator.receive(third.responder.hello)
        _ = try third.responder.receive(third.initiator.hello)
        guard case .authenticate(var signature) = try #require(genuine) else {
            Issue.record("the initiator's answer to a hello is not an authenticate message")
            return
        }
        signature[signature.count - 1] ^= 0x01
        #expect(throws: HandshakeError.badSignature(first.initiatorKey.publicKey.keyID)) {
            _ = try third.responder.receive(.authenticate(signature: signature))
        }
        // The responder's own signature sent back (reflection) is refused: the role is in the transcript.
        var fourth = Pair(initiatorKey: first.initiatorKey, responderKey: first.responderKey)
        let (responderSignature, _) = try fourth.responder.receive(fourth.initiator.hello)
        #expect(throws: HandshakeError.badSignature(first.initiatorKey.publicKey.keyID)) {
            _ = try fourth.responder.receive(responderSignature!)
        }
    }
}
