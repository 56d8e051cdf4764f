import LedgerCore

/// The peer-to-peer protocol version this node speaks; a peer with another version is refused at the handshake.
public let peerProtocolVersion: UInt16 = 1

/// Messages between nodes (docs/FORMATS.md, "Peer-to-peer wire format"). Each travels in one frame:
/// `u32 length ‖ u8 type ‖ body`, with the length covering type and body and bounded by `PeerWire.frameBytesMax`.
public enum PeerMessage: Sendable, Equatable {
    /// Handshake, first message each side sends: protocol version, chain, who I am, and a fresh nonce.
    case hello(PeerHello)
    /// Handshake, second message: my signature over the transcript (`PeerHandshake.transcript`).
    case authenticate(signature: [UInt8])
    /// Gossip: transactions admitted to the sender's mempool.
    case transactions([SignedTransaction])
    /// Gossip: a QBFT message or a final block (which is how catch-up blocks travel too).
    case consensus(ConsensusMessage)
    /// Catch-up: please send final blocks from this height on.
    case blocksRequest(fromHeight: UInt64)
    /// My chain tip, sent on connect and periodically, so a peer that is behind knows to catch up.
    case status(height: UInt64, headerHash: SHA256Digest)
    /// Why the sender is closing the connection, sent just before it does.
    case goodbye(reason: String)
}

public struct PeerHello: Sendable, Equatable {
    public let version: UInt16
    public let chainID: SHA256Digest
    public let keyID: KeyID
    public let nonce: [UInt8]

    public init(version: UInt16, chainID: SHA256Digest, keyID: KeyID, nonce: [UInt8]) {
        self.version = version
        self.chainID = chainID
        self.keyID = keyID
        self.nonce = nonce
    }
}

/// Encoding and decoding of `PeerMessage`, strict like every other format: bounded, no trailing bytes.
public enum PeerWire {
    /// The largest frame body: a consensus message (at most a block plus votes) and its type byte.
    public static let frameBytesMax = Limits.consensusMessageBytesMax + 1
    public static let nonceBytes = 32
    /// Transactions in one gossip message, at most.
    public static let transactionsPerMessageMax = 512
    public static let reasonBytesMax = 200

    public enum MessageType: UInt8 {
        case hello = 1
        case authenticate = 2
        case transactions = 16
        case consensus = 17
        case blocksRequest = 18
        case status = 19
        case goodbye = 20
    }

    public static func encode(_ message: PeerMessage) -> [UInt8] {
        var writer = CanonicalWriter()
        switch message {
        case .hello(let hello):
            writer.write(MessageType.hello.rawValue)
            writer.write(hello.version)
            writer.write(hello.chainID)
            writer.write(hello.keyID)
            writer.write(raw: hello.nonce)
        case .authenticate(let signature):
            writer.write(MessageType.authenticate.rawValue)
            writer.write(shortBytes: signature, bytesMax: Limits.signatureBytesMax)
        case .transactions(let transactions):
            writer.write(MessageType.transactions.rawValue)
            writer.write(UInt16(transactions.count))
            for transaction in transactions {
                writer.write(bytes: transaction.encoded, bytesMax: Limits.signedTransactionBytesMax)
            }
        case .consensus(let consensus):
            writer.write(MessageType.consensus.rawValue)
            writer.write(raw: consensus.encoded)
        case .blocksRequest(let height):
            writer.write(MessageType.blocksRequest.rawValue)
            writer.write(height)
        case .status(let height, let hash):
            writer.write(MessageType.status.rawValue)
            writer.write(height)
            writer.write(hash)
        case .goodbye(let reason):
            writer.write(MessageType.goodbye.rawValue)
            writer.write(text: String(decoding: reason.utf8.prefix(reasonBytesMax), as: UTF8.self), bytesMax: 1_024)
        }
        return writer.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> PeerMessage {
        guard bytes.count <= frameBytesMax else {
            throw .tooLong(field: "peer frame", bytesMax: frameBytesMax, actual: bytes.count)
        }
        var reader = CanonicalReader(bytes)
        let typeByte = try reader.readUInt8(field: "message type")
        guard let type = MessageType(rawValue: typeByte) else {
            throw .unknownTag(field: "peer message type", value: UInt64(typeByte))
        }
        let message: PeerMessage
        switch type {
        case .hello:
            let version = try reader.readUInt16(field: "hello.version")
            let chainID = try reader.readDigest(field: "hello.chainId")
            let keyID = try reader.readDigest(field: "hello.keyId")
            let nonce = Array(try reader.readRaw(count: nonceBytes, field: "hello.nonce"))
            message = .hello(PeerHello(version: version, chainID: chainID, keyID: keyID, nonce: nonce))
        case .authenticate:
            message = .authenticate(
                signature: try reader.readShortBytes(
                    field: "authenticate.signature", bytesMax: Limits.signatureBytesMax))
        case .transactions:
            let count = Int(try reader.readUInt16(field: "transactions.count"))
            guard (1...transactionsPerMessageMax).contains(count) else {
                throw .tooMany(field: "transactions", countMax: transactionsPerMessageMax, actual: count)
            }
            var transactions: [SignedTransaction] = []
            for _ in 0..<count {
                let encoded = try reader.readBytes(
                    field: "transactions[\(transactions.count)]", bytesMax: Limits.signedTransactionBytesMax)
                transactions.append(try SignedTransaction.decode(encoded))
            }
            message = .transactions(transactions)
        case .consensus:
            let rest = Array(try reader.readRaw(count: reader.remainingCount, field: "consensus message"))
            message = .consensus(try ConsensusMessage.decode(rest))
        case .blocksRequest:
            message = .blocksRequest(fromHeight: try reader.readUInt64(field: "blocksRequest.fromHeight"))
        case .status:
            let height = try reader.readUInt64(field: "status.height")
            message = .status(height: height, headerHash: try reader.readDigest(field: "status.headerHash"))
        case .goodbye:
            message = .goodbye(reason: try reader.readText(field: "goodbye.reason", bytesMax: 1_024))
        }
        try reader.finish()
        return message
    }
}
