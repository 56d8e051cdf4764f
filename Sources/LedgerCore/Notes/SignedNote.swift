/// A signed note as c2sp.org/signed-note (v1.0.0) §Format defines it: UTF-8 text ending in a newline, a blank
/// line, then one or more lines "— <key name> <base64(key ID ‖ signature)>".
public struct SignedNote: Sendable, Hashable {
    /// One signature line.
    public struct Signature: Sendable, Hashable {
        public var keyName: String
        /// The first four bytes of the decoded signature, big-endian.
        public var keyID: UInt32
        /// The signature proper, after the key ID.
        public var signature: [UInt8]

        public init(keyName: String, keyID: UInt32, signature: [UInt8]) {
            self.keyName = keyName
            self.keyID = keyID
            self.signature = signature
        }

        /// The line as the note carries it, with its newline.
        public var line: String {
            let id = withUnsafeBytes(of: keyID.bigEndian) { Array($0) }
            return "— \(keyName) \(Base64.encode(id + signature))\n"
        }
    }

    /// The spec asks verifiers to accept at least 16 signatures; a chain has at most `Limits.validatorsMax`
    /// validators, and a few more lines leave room for witnesses' cosignatures.
    public static let signaturesMax = Limits.validatorsMax + 16
    /// Far above a checkpoint with `signaturesMax` ECDSA lines, so no real note is refused for its size.
    public static let bytesMax = 64 * 1024

    /// The signed text, its final newline included and the separating blank line excluded.
    public let text: String
    public let signatures: [Signature]

    /// A note from its text and signatures; the text must itself be valid note text.
    public init(text: String, signatures: [Signature]) throws(FormatError) {
        try Self.checkText(text)
        guard !signatures.isEmpty else { throw .invalidValue(field: "note", reason: "a note has a signature line") }
        for signature in signatures { try Self.checkKeyName(signature.keyName) }
        self.text = text
        self.signatures = signatures
    }

    /// The whole note: text, blank line, signature lines.
    public var encoded: String { text + "\n" + signatures.map(\.line).joined() }

    /// Parses a note; any departure from the format is refused with the offending part named.
    public static func parse(_ input: some Collection<UInt8>) throws(FormatError) -> SignedNote {
        let bytes = Array(input)
        guard bytes.count <= bytesMax else { throw .tooLong(field: "note", bytesMax: bytesMax, actual: bytes.count) }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .invalidUTF8(field: "note") }
        try checkCharacters(bytes)
        guard bytes.last == 0x0A else { throw .invalidValue(field: "note", reason: "does not end in a newline") }
        // The text ends at the last blank line (two newlines in a row); what follows is signature lines only.
        guard let separator = bytes.indices.dropLast().last(where: { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A })
        else { throw .invalidValue(field: "note", reason: "no blank line before the signatures") }
        let text = String(decoding: bytes[...separator], as: UTF8.self)
        let lines = bytes[(separator + 2)...].split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty else { throw .invalidValue(field: "note", reason: "no signature lines") }
        guard lines.count <= signaturesMax else {
            throw .tooMany(field: "note.signatures", countMax: signaturesMax, actual: lines.count)
        }
        var signatures: [Signature] = []
        for line in lines { signatures.append(try parseSignatureLine(Substring(decoding: line, as: UTF8.self))) }
        return try SignedNote(text: text, signatures: signatures)
    }

    static func parseSignatureLine(_ line: Substring) throws(FormatError) -> Signature {
        guard line.hasPrefix("— ") else {
            throw .invalidValue(field: "note.signature", reason: "a line does not start with an em dash and a space")
        }
        let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw .invalidValue(field: "note.signature", reason: "a line is not \"— <name> <signature>\"")
        }
        let name = String(parts[0])
        try checkKeyName(name)
        guard let decoded = Base64.decode(String(parts[1])), decoded.count > 4 else {
            throw .invalidBase64(field: "note.signature")
        }
        let keyID = decoded.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Signature(keyName: name, keyID: keyID, signature: Array(decoded.dropFirst(4)))
    }

    /// Note text: at least one line, ending in a newline, no control characters but newlines.
    static func checkText(_ text: String) throws(FormatError) {
        try checkCharacters(Array(text.utf8))
        guard text.hasSuffix("\n") else { throw .invalidValue(field: "note.text", reason: "does not end in a newline") }
    }

    /// §Format: no ASCII control character (below U+0020) other than the newline.
    static func checkCharacters(_ bytes: [UInt8]) throws(FormatError) {
        for byte in bytes where byte < 0x20 && byte != 0x0A {
            throw .invalidValue(field: "note", reason: "control character 0x\(Hex.encode([byte])) is not allowed")
        }
    }

    /// §Format: key names are non-empty and hold no Unicode space and no plus.
    static func checkKeyName(_ name: String) throws(FormatError) {
        guard !name.isEmpty else { throw .invalidValue(field: "note.keyName", reason: "must not be empty") }
        for scalar in name.unicodeScalars where scalar.properties.isWhitespace || scalar == "+" {
            throw .invalidValue(field: "note.keyName", reason: "\(name) holds a space or a plus")
        }
    }
}
