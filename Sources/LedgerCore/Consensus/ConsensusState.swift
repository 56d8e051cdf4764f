/// The kinds of QBFT message a validator signs; a validator signs at most one message per (height, round, kind).
public enum ConsensusMessageKind: UInt8, Sendable, CaseIterable {
    case proposal = 1
    case prepare = 2
    case commit = 3
    case roundChange = 4
}

/// One signing opportunity: QBFT lets a validator sign once per (height, round, kind).
public struct SigningSlot: Sendable, Hashable, Comparable {
    public let height: UInt64
    public let round: UInt32
    public let kind: ConsensusMessageKind

    public init(height: UInt64, round: UInt32, kind: ConsensusMessageKind) {
        self.height = height
        self.round = round
        self.kind = kind
    }

    public static func < (left: SigningSlot, right: SigningSlot) -> Bool {
        (left.height, left.round, left.kind.rawValue) < (right.height, right.round, right.kind.rawValue)
    }
}

/// A signature a validator already gave, with the digest of what it signed.
public struct StoredSignature: Sendable, Hashable {
    public let messageDigest: SHA256Digest
    public let signature: [UInt8]

    public init(messageDigest: SHA256Digest, signature: [UInt8]) {
        self.messageDigest = messageDigest
        self.signature = signature
    }
}

/// The block a validator prepared and the certificate proving a quorum prepared it (QBFT's lock).
public struct PreparedLock: Sendable, Hashable {
    public let round: UInt32
    /// The proposed block's canonical bytes (header and transactions).
    public let proposal: [UInt8]
    /// The prepared certificate's canonical bytes, as the consensus code encodes it.
    public let certificate: [UInt8]

    public init(round: UInt32, proposal: [UInt8], certificate: [UInt8]) {
        self.round = round
        self.proposal = proposal
        self.certificate = certificate
    }
}

/// What a signing request finds in the stored signatures.
public enum SigningLookup: Sendable, Equatable {
    /// Never signed in this slot: sign, persist, then send.
    case unsigned
    /// Already signed this very message: send the stored signature again.
    case alreadySigned([UInt8])
    /// Already signed a different message in this slot: signing again would equivocate, so refuse.
    case conflict
}

/// The small state QBFT must persist before it sends (DESIGN.md "Persist before send"): the height and round
/// being decided, the lock, and every signature given at this height.
public struct ConsensusState: Sendable, Hashable {
    public var height: UInt64
    public var round: UInt32
    public var lock: PreparedLock?
    public var signatures: [SigningSlot: StoredSignature]

    public init(
        height: UInt64, round: UInt32 = 0, lock: PreparedLock? = nil, signatures: [SigningSlot: StoredSignature] = [:]
    ) {
        self.height = height
        self.round = round
        self.lock = lock
        self.signatures = signatures
    }

    /// Whether (and what) this validator already signed in `slot`.
    public func lookup(_ slot: SigningSlot, messageDigest: SHA256Digest) -> SigningLookup {
        guard let stored = signatures[slot] else { return .unsigned }
        return stored.messageDigest == messageDigest ? .alreadySigned(stored.signature) : .conflict
    }

    /// Canonical encoding: u64 height ‖ u32 round ‖ optional lock ‖ u32 count ‖ signatures sorted by slot.
    public var encoded: [UInt8] {
        var writer = CanonicalWriter()
        writer.write(height)
        writer.write(round)
        writer.write(optional: lock) { writer, lock in
            writer.write(lock.round)
            writer.write(longBytes: lock.proposal, bytesMax: Limits.blockBytesMax)
            writer.write(longBytes: lock.certificate, bytesMax: Limits.blockBytesMax)
        }
        writer.write(UInt32(signatures.count))
        for slot in signatures.keys.sorted() {
            let stored = signatures[slot]!
            writer.write(slot.height)
            writer.write(slot.round)
            writer.write(slot.kind.rawValue)
            writer.write(stored.messageDigest)
            writer.write(shortBytes: stored.signature, bytesMax: Limits.signatureBytesMax)
        }
        return writer.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> ConsensusState {
        var reader = CanonicalReader(bytes)
        let height = try reader.readUInt64(field: "consensus.height")
        let round = try reader.readUInt32(field: "consensus.round")
        let lock = try reader.readOptional(field: "consensus.lock") { reader throws(FormatError) in
            PreparedLock(
                round: try reader.readUInt32(field: "lock.round"),
                proposal: try reader.readLongBytes(field: "lock.proposal", bytesMax: Limits.blockBytesMax),
                certificate: try reader.readLongBytes(field: "lock.certificate", bytesMax: Limits.blockBytesMax))
        }
        let count = try reader.readUInt32(field: "consensus.signatures")
        guard count <= UInt32(Limits.storedSignaturesMax) else {
            throw .tooMany(field: "consensus.signatures", countMax: Limits.storedSignaturesMax, actual: Int(count))
        }
        var signatures: [SigningSlot: StoredSignature] = [:]
        var previous: SigningSlot? = nil
        for _ in 0..<count {
            let slotHeight = try reader.readUInt64(field: "slot.height")
            let slotRound = try reader.readUInt32(field: "slot.round")
            let kindByte = try reader.readUInt8(field: "slot.kind")
            guard let kind = ConsensusMessageKind(rawValue: kindByte) else {
                throw .unknownTag(field: "slot.kind", value: UInt64(kindByte))
            }
            let slot = SigningSlot(height: slotHeight, round: slotRound, kind: kind)
            if let previous, !(previous < slot) {
                throw .nonCanonical(field: "consensus.signatures", reason: "slots must be strictly ascending")
            }
            previous = slot
            signatures[slot] = StoredSignature(
                messageDigest: try reader.readDigest(field: "slot.digest"),
                signature: try reader.readShortBytes(field: "slot.signature", bytesMax: Limits.signatureBytesMax))
        }
        try reader.finish()
        return ConsensusState(height: height, round: round, lock: lock, signatures: signatures)
    }
}
