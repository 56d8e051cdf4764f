extension BlockHeader {
    /// The bytes a validator signs to commit this header in `round`: the commit checkpoint's note text
    /// (docs/FORMATS.md, "Commit checkpoints"), as UTF-8.
    public func commitMessage(chainName: String, round: UInt32) -> [UInt8] {
        Array(commitCheckpoint(chainName: chainName, round: round).text.utf8)
    }
}

/// One validator's signature over a commit checkpoint: signed-note signature type 0x02 (ECDSA P-256, SHA-256).
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

/// At least q = ⌈2n/3⌉ seals from distinct genesis validators over one commit checkpoint: a block with one is
/// final, and `note(for:genesis:)` renders it as a c2sp.org/signed-note with one line per seal.
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

    /// Checks the round, quorum, distinct validators and every signature against `validators`, the set S(h) that
    /// certifies the header's height; one bad seal spoils the certificate.
    public func verify(header: BlockHeader, chainName: String, validators: ValidatorSet) throws(CertificateProblem) {
        guard round >= header.round else {
            throw .roundBeforeProposal(certificateRound: round, headerRound: header.round)
        }
        try verify(message: header.commitMessage(chainName: chainName, round: round), validators: validators)
    }

    /// The same check with another signature scheme (consensus injects its crypto; the simulator a stand-in).
    public func verify(
        header: BlockHeader, chainName: String, validators: ValidatorSet,
        signatureCheck: (_ signature: [UInt8], _ message: [UInt8], _ signer: ValidatorRecord) -> Bool
    ) throws(CertificateProblem) {
        guard round >= header.round else {
            throw .roundBeforeProposal(certificateRound: round, headerRound: header.round)
        }
        try verify(
            message: header.commitMessage(chainName: chainName, round: round), validators: validators,
            signatureCheck: signatureCheck)
    }

    /// The certificate as a signed note over the header's commit checkpoint: one line per seal, named after the
    /// validator, with key ID SHA-256(SPKI)[:4]. Any signed-note verifier holding the validators' vkeys
    /// (`ledger vkeys`) checks it.
    public func note(for header: BlockHeader, chainName: String, validators: ValidatorSet) throws(FormatError)
        -> SignedNote
    {
        let text = header.commitCheckpoint(chainName: chainName, round: round).text
        let lines = try seals.map { (seal) throws(FormatError) -> SignedNote.Signature in
            guard let validator = validators.validator(keyID: seal.validatorKeyID) else {
                throw .invalidValue(
                    field: "certificate", reason: "signer \(seal.validatorKeyID.hex) is not a validator")
            }
            return SignedNote.Signature(
                keyName: validator.name, keyID: NoteVerifierKey.keyID(spkiDER: validator.publicKey.spkiDER),
                signature: seal.signature)
        }
        return try SignedNote(text: text, signatures: lines)
    }

    /// Checks the certificate against an already built commit message, with the set's ECDSA P-256 keys.
    public func verify(message: [UInt8], validators: ValidatorSet) throws(CertificateProblem) {
        let digest = SHA256.hash(message)
        try verify(message: message, validators: validators) { signature, _, signer in
            signer.publicKey.verify(signature: signature, digest: digest) == .valid
        }
    }

    private func verify(
        message: [UInt8], validators: ValidatorSet,
        signatureCheck: (_ signature: [UInt8], _ message: [UInt8], _ signer: ValidatorRecord) -> Bool
    ) throws(CertificateProblem) {
        var seen: Set<KeyID> = []
        for seal in seals {
            guard seen.insert(seal.validatorKeyID).inserted else { throw .duplicateValidator(seal.validatorKeyID) }
            guard let validator = validators.validator(keyID: seal.validatorKeyID) else {
                throw .notAValidator(seal.validatorKeyID)
            }
            guard signatureCheck(seal.signature, message, validator) else {
                let verdict = validator.publicKey.verify(
                    signature: seal.signature, message: message)
                throw .badSeal(validator: seal.validatorKeyID, verdict: verdict == .valid ? .mismatch : verdict)
            }
        }
        guard seals.count >= validators.quorum else {
            throw .tooFewSeals(count: seals.count, quorum: validators.quorum)
        }
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
