import LedgerCore
import LedgerRuntime

/// Why a handshake failed; the connection is closed and the reason logged.
enum HandshakeError: Error, Equatable, CustomStringConvertible {
    case unsupportedVersion(UInt16)
    case wrongChain(SHA256Digest)
    case unknownPeer(KeyID)
    case connectedToSelf
    case reflectedNonce
    case badSignature(KeyID)
    case unexpected(String)

    var description: String {
        switch self {
        case .unsupportedVersion(let version):
            "peer speaks protocol version \(version); this node speaks \(peerProtocolVersion)"
        case .wrongChain(let chainID): "peer is on chain \(chainID.hex), not ours"
        case .unknownPeer(let keyID): "key \(keyID.hex) is neither a genesis validator nor a configured observer"
        case .connectedToSelf: "connected to itself"
        case .reflectedNonce: "peer echoed our nonce back"
        case .badSignature(let keyID): "handshake signature of \(keyID.hex) does not verify"
        case .unexpected(let what): "unexpected \(what) during the handshake"
        }
    }
}

/// The authenticated handshake, as a pure state machine (no I/O): both sides send `hello` at once; on the
/// other's hello each signs the transcript, which binds the chain id, both nonces and both key ids, and the
/// signer's role, so a signature can be neither replayed on another connection nor reflected back.
struct PeerHandshake {
    enum Role: UInt8 {
        case initiator = 0
        case responder = 1
    }

    let role: Role
    let chainID: SHA256Digest
    let localKey: P256PrivateKey
    let localNonce: [UInt8]
    /// The public key of a peer allowed to connect: a genesis validator or a configured observer.
    let allowedKey: @Sendable (KeyID) -> P256PublicKey?
    private(set) var remoteHello: PeerHello?
    private var remoteKey: P256PublicKey?
    private(set) var established = false

    init(
        role: Role, chainID: SHA256Digest, localKey: P256PrivateKey, nonce: [UInt8],
        allowedKey: @escaping @Sendable (KeyID) -> P256PublicKey?
    ) {
        precondition(nonce.count == PeerWire.nonceBytes)
        self.role = role
        self.chainID = chainID
        self.localKey = localKey
        self.localNonce = nonce
        self.allowedKey = allowedKey
    }

    /// A fresh random nonce from the system's secure generator.
    static func randomNonce() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<PeerWire.nonceBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// What to send as soon as the connection is up.
    var hello: PeerMessage {
        .hello(
            PeerHello(
                version: peerProtocolVersion, chainID: chainID, keyID: localKey.publicKey.keyID, nonce: localNonce))
    }

    /// The bytes each side signs: tag ‖ chainId ‖ signer role ‖ initiator nonce ‖ responder nonce ‖
    /// initiator key id ‖ responder key id.
    static func transcript(
        chainID: SHA256Digest, signer: Role, initiatorNonce: [UInt8], responderNonce: [UInt8], initiator: KeyID,
        responder: KeyID
    ) -> [UInt8] {
        var writer = CanonicalWriter(capacity: 200)
        writer.write(raw: Array(DomainTag.peerHandshake.utf8))
        writer.write(chainID)
        writer.write(signer.rawValue)
        writer.write(raw: initiatorNonce)
        writer.write(raw: responderNonce)
        writer.write(initiator)
        writer.write(responder)
        return writer.bytes
    }

    private func transcript(signer: Role, remote: PeerHello) -> [UInt8] {
        let local = localKey.publicKey.keyID
        return role == .initiator
            ? Self.transcript(
                chainID: chainID, signer: signer, initiatorNonce: localNonce, responderNonce: remote.nonce,
                initiator: local, responder: remote.keyID)
            : Self.transcript(
                chainID: chainID, signer: signer, initiatorNonce: remote.nonce, responderNonce: localNonce,
                initiator: remote.keyID, responder: local)
    }

    /// Handles one message before the connection is established. Returns what to send back, and the peer's
    /// key id once it has proven who it is.
    mutating func receive(_ message: PeerMessage) throws(HandshakeError) -> (reply: PeerMessage?, peer: KeyID?) {
        switch message {
        case .hello(let hello):
            guard remoteHello == nil else { throw .unexpected("second hello") }
            guard hello.version == peerProtocolVersion else { throw .unsupportedVersion(hello.version) }
            guard hello.chainID == chainID else { throw .wrongChain(hello.chainID) }
            guard hello.keyID != localKey.publicKey.keyID else { throw .connectedToSelf }
            guard hello.nonce != localNonce else { throw .reflectedNonce }
            guard let key = allowedKey(hello.keyID) else { throw .unknownPeer(hello.keyID) }
            remoteHello = hello
            remoteKey = key
            let signature: [UInt8]
            do {
                signature = try localKey.sign(message: transcript(signer: role, remote: hello))
            } catch {
                throw .unexpected("signing failure: \(error)")
            }
            return (.authenticate(signature: signature), nil)
        case .authenticate(let signature):
            guard let hello = remoteHello, let key = remoteKey, !established else {
                throw .unexpected("authenticate before hello")
            }
            let remoteRole: Role = role == .initiator ? .responder : .initiator
            guard key.verify(signature: signature, message: transcript(signer: remoteRole, remote: hello)) == .valid
            else { throw .badSignature(hello.keyID) }
            established = true
            return (nil, hello.keyID)
        default:
            throw .unexpected("message before the handshake completed")
        }
    }
}
