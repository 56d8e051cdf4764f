/// A verifier key for signature type 0x02 of c2sp.org/signed-note §Signature types: ECDSA P-256 over
/// SHA-256 of the note text, DER-encoded, as github.com/transparency-dev/witness implements it. Its key ID is
/// the first four bytes of SHA-256 of the key's SPKI DER (not the name-prefixed hash the spec recommends for
/// other types). Encoded as §Verifier keys says: `<name>+<hex(key ID)>+<base64(0x02 ‖ SPKI DER)>`.
public struct NoteVerifierKey: Sendable, Hashable, CustomStringConvertible {
    /// The signature-type byte for ECDSA.
    public static let ecdsaType: UInt8 = 0x02

    public let keyName: String
    public let keyID: UInt32
    public let publicKey: P256PublicKey

    /// The verifier key a validator signs checkpoints with: its name and its P-256 key.
    public init(keyName: String, publicKey: P256PublicKey) throws(FormatError) {
        try SignedNote.checkKeyName(keyName)
        self.keyName = keyName
        self.publicKey = publicKey
        self.keyID = Self.keyID(spkiDER: publicKey.spkiDER)
    }

    /// SHA-256(SPKI DER)[:4], big-endian.
    public static func keyID(spkiDER: [UInt8]) -> UInt32 {
        SHA256.hash(spkiDER).bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Parses `name+hex8+base64`; the key ID must be the one the key implies.
    public init(parsing text: String) throws(FormatError) {
        // Name and key ID hold no plus, the base64 key may: split at the first two only.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw .invalidValue(field: "vkey", reason: "expected <name>+<key id>+<key>, got \(parts.count) part(s)")
        }
        guard parts[1].utf8.count == 8, let idBytes = Hex.decode(String(parts[1])) else {
            throw .invalidHex(field: "vkey.keyId")
        }
        guard let material = Base64.decode(String(parts[2])), material.count > 1 else {
            throw .invalidBase64(field: "vkey.key")
        }
        guard material[0] == Self.ecdsaType else {
            throw .unknownTag(field: "vkey.signatureType", value: UInt64(material[0]))
        }
        let publicKey: P256PublicKey
        do {
            publicKey = try P256PublicKey(spkiDER: Array(material.dropFirst()))
        } catch {
            throw .invalidValue(field: "vkey.key", reason: "not a P-256 SPKI public key: \(error)")
        }
        try self.init(keyName: String(parts[0]), publicKey: publicKey)
        let stated = idBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard stated == keyID else {
            throw .invalidValue(field: "vkey.keyId", reason: "states \(parts[1]) but the key's id is \(hexID)")
        }
    }

    /// Eight lowercase hex digits.
    public var hexID: String { Hex.encode(withUnsafeBytes(of: keyID.bigEndian) { Array($0) }) }

    /// The vkey text.
    public var encoded: String {
        "\(keyName)+\(hexID)+\(Base64.encode([Self.ecdsaType] + publicKey.spkiDER))"
    }

    public var description: String { encoded }

    /// §Signatures: a line is this key's when both the name and the key ID match.
    public func matches(_ signature: SignedNote.Signature) -> Bool {
        signature.keyName == keyName && signature.keyID == keyID
    }

    /// Checks a matching line's signature over the note text.
    public func verify(_ signature: SignedNote.Signature, text: String) -> SignatureVerdict {
        guard matches(signature) else { return .mismatch }
        return publicKey.verify(signature: signature.signature, message: Array(text.utf8))
    }
}

extension P256PrivateKey {
    /// Signs note text as signature type 0x02, under the given key name.
    public func signNote(text: String, keyName: String) throws(CryptoError) -> SignedNote.Signature {
        let signature = try sign(message: Array(text.utf8))
        return SignedNote.Signature(
            keyName: keyName, keyID: NoteVerifierKey.keyID(spkiDER: publicKey.spkiDER), signature: signature)
    }
}

extension SignedNote {
    /// Why a note does not verify against a set of known keys.
    public enum VerificationProblem: Error, Sendable, Hashable, CustomStringConvertible {
        case badSignature(keyName: String, verdict: SignatureVerdict)
        case noKnownSignature

        public var description: String {
            switch self {
            case .badSignature(let name, let verdict): "the signature of known key \(name) is invalid: \(verdict)"
            case .noKnownSignature: "no signature from a known key"
            }
        }
    }

    /// §Signatures: lines from unknown keys are ignored; a known key's line that fails rejects the whole note;
    /// with no known key's valid line the note is rejected. Returns each known key that signed, once.
    public func verifiedKeys(among keys: [NoteVerifierKey]) throws(VerificationProblem) -> [NoteVerifierKey] {
        var signed: [NoteVerifierKey] = []
        for line in signatures {
            guard let key = keys.first(where: { $0.matches(line) }) else { continue }
            let verdict = key.verify(line, text: text)
            guard verdict == .valid else { throw .badSignature(keyName: key.keyName, verdict: verdict) }
            if !signed.contains(key) { signed.append(key) }
        }
        guard !signed.isEmpty else { throw .noKnownSignature }
        return signed
    }
}
