/// The bytes a validator signs to commit a block:
/// "mcledger/commit/v1" ‖ chainId ‖ u64 height ‖ u32 round ‖ headerHash (94 bytes, docs/FORMATS.md).
public enum CommitMessage {
    public static let encodedByteCount = 18 + 32 + 8 + 4 + 32

    public static func encode(chainID: SHA256Digest, height: UInt64, round: UInt32, headerHash: SHA256Digest) -> [UInt8]
    {
        var writer = CanonicalWriter(capacity: encodedByteCount)
        writer.write(raw: DomainTag.commit.utf8)
        writer.write(chainID)
        writer.write(height)
        writer.write(round)
        writer.write(headerHash)
        return writer.bytes
    }

    /// The commit message for a header committed in `round` (at or after the round it was proposed in).
    public static func encode(for header: BlockHeader, round: UInt32) -> [UInt8] {
        encode(chainID: header.chainID, height: header.height, round: round, headerHash: header.hash)
    }

    /// Splits a commit message into its fields; anything but the exact 94-byte layout is refused.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> (
        chainID: SHA256Digest, height: UInt64, round: UInt32, headerHash: SHA256Digest
    ) {
        var reader = CanonicalReader(bytes)
        try reader.expect(tag: DomainTag.commit)
        let fields = (
            try reader.readDigest(field: "commit.chainId"), try reader.readUInt64(field: "commit.height"),
            try reader.readUInt32(field: "commit.round"), try reader.readDigest(field: "commit.headerHash")
        )
        try reader.finish()
        return fields
    }
}

/// One validator's signature over a commit message.
public struct CommitSeal: Sendable, Hashable {
    public let validatorKeyID: KeyID
    /// Strict DER, low S.
    public let signature: [UInt8]

    public init(validatorKeyID: KeyID, signature: [UInt8]) {
        self.validatorKeyID = validatorKeyID
        self.signature = signature
    }
}

/// Why a commit certificate does not make a block final.
public enum CertificateProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case tooFewSeals(count: Int, quorum: Int)
    case duplicateValidator(KeyID)
    case notAValidator(KeyID)
    case badSeal(validator: KeyID, verdict: SignatureVerdict)
    case notSorted
    case roundBeforeProposal(certificateRound: UInt32, headerRound: UInt32)

    public var description: String {
        switch self {
        case .tooFewSeals(let count, let quorum): "\(count) commit signatures, quorum is \(quorum)"
        case .duplicateValidator(let key): "validator \(key.hex) signed twice"
        case .notAValidator(let key): "signer \(key.hex) is not a genesis validator"
        case .badSeal(let key, let verdict): "commit signature of \(key.hex) is invalid: \(verdict)"
        case .notSorted: "seals are not in ascending key-id order"
        case .roundBeforeProposal(let certificate, let header):
            "certificate round \(certificate) is before the round \(header) the block was proposed in"
        }
    }
}

/// At least q = ⌈2n/3⌉ seals from distinct genesis validators over one commit message: a block with one is final.
/// `round` is the QBFT round in which the quorum committed; a block re-proposed after a round change keeps its
/// header (and so its hash), so this can be later than `header.round`, the round it was first proposed in.
/// Encoding: u32 round ‖ u16 count ‖ (keyId ‖ u8 length ‖ DER)… with key ids strictly ascending (canonical).
public struct CommitCertificate: Sendable, Hashable {
    public let round: UInt32
    public let seals: [CommitSeal]

    /// Sorts seals into canonical order.
    public init(round: UInt32, seals: [CommitSeal]) {
        self.round = round
        self.seals = seals.sorted { $0.validatorKeyID < $1.validatorKeyID }
    }

    private init(round: UInt32, canonicalSeals: [CommitSeal]) {
        self.round = round
        self.seals = canonicalSeals
    }

    /// Checks the round, quorum, distinct validators and every signature; one bad seal spoils the certificate.
    public func verify(header: BlockHeader, genesis: Genesis) throws(CertificateProblem) {
        guard round >= header.round else {
            throw .roundBeforeProposal(certificateRound: round, headerRound: header.round)
        }
        try verify(message: CommitMessage.encode(for: header, round: round), genesis: genesis)
    }

    /// The same check with another signature scheme (consensus injects its crypto; the simulator a stand-in).
    public func verify(
        header: BlockHeader, genesis: Genesis,
        signatureCheck: (_ signature: [UInt8], _ message: [UInt8], _ signer: KeyID) -> Bool
    ) throws(CertificateProblem) {
        guard round >= header.round else {
            throw .roundBeforeProposal(certificateRound: round, headerRound: header.round)
        }
        try verify(
            message: CommitMessage.encode(for: header, round: round), genesis: genesis, signatureCheck: signatureCheck)
    }

    /// Checks the certificate against an already built commit message, with ECDSA P-256 genesis keys.
    public func verify(message: [UInt8], genesis: Genesis) throws(CertificateProblem) {
        let digest = SHA256.hash(message)
        try verify(message: message, genesis: genesis) { signature, _, signer in
            genesis.validator(keyID: signer)!.publicKey.verify(signature: signature, digest: digest) == .valid
        }
    }

    private func verify(
        message: [UInt8], genesis: Genesis,
        signatureCheck: (_ signature: [UInt8], _ message: [UInt8], _ signer: KeyID) -> Bool
    ) throws(CertificateProblem) {
        var seen: Set<KeyID> = []
        for seal in seals {
            guard seen.insert(seal.validatorKeyID).inserted else { throw .duplicateValidator(seal.validatorKeyID) }
            guard genesis.validator(keyID: seal.validatorKeyID) != nil else {
                throw .notAValidator(seal.validatorKeyID)
            }
            guard signatureCheck(seal.signature, message, seal.validatorKeyID) else {
                let verdict = genesis.validator(keyID: seal.validatorKeyID)!.publicKey.verify(
                    signature: seal.signature, message: message)
                throw .badSeal(validator: seal.validatorKeyID, verdict: verdict == .valid ? .mismatch : verdict)
            }
        }
        guard seals.count >= genesis.quorum else { throw .tooFewSeals(count: seals.count, quorum: genesis.quorum) }
    }

    /// The most bytes a certificate of `validatorCount` seals encodes to: round, count, and each seal's key id,
    /// signature length and longest signature. Block builders reserve this much of a block for it.
    public static func encodedBytesMax(validatorCount: Int) -> Int {
        4 + 2 + validatorCount * (SHA256Digest.byteCount + 1 + Limits.signatureBytesMax)
    }

    func encode(into writer: inout CanonicalWriter) {
        writer.write(round)
        writer.write(UInt16(seals.count))
        for seal in seals {
            writer.write(seal.validatorKeyID)
            writer.write(shortBytes: seal.signature, bytesMax: Limits.signatureBytesMax)
        }
    }

    public var encoded: [UInt8] {
        var writer = CanonicalWriter()
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(from reader: inout CanonicalReader) throws(FormatError) -> CommitCertificate {
        let round = try reader.readUInt32(field: "certificate.round")
        let count = Int(try reader.readUInt16(field: "certificate.count"))
        guard count <= Limits.validatorsMax else {
            throw .tooMany(field: "certificate.seals", countMax: Limits.validatorsMax, actual: count)
        }
        var seals: [CommitSeal] = []
        for _ in 0..<count {
            let key = try reader.readDigest(field: "certificate.keyId")
            let signature = try reader.readShortBytes(
                field: "certificate.signature", bytesMax: Limits.signatureBytesMax)
            if let previous = seals.last, !(previous.validatorKeyID < key) {
                throw .nonCanonical(field: "certificate", reason: "key ids must be strictly ascending")
            }
            seals.append(CommitSeal(validatorKeyID: key, signature: signature))
        }
        return CommitCertificate(round: round, canonicalSeals: seals)
    }

    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> CommitCertificate {
        var reader = CanonicalReader(bytes)
        let certificate = try decode(from: &reader)
        try reader.finish()
        return certificate
    }
}
