import LedgerCore
import Testing

@Suite("Signed notes and checkpoints: the c2sp.org examples, ECDSA signature lines, and every malformed note")
struct SignedNoteTests {
    /// c2sp.org/signed-note §Example: an Ed25519 note and its verifier key.
    static let specNote = """
        This is an example message.

        — example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=

        """
    static let specVerifierKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    /// c2sp.org/tlog-checkpoint's example checkpoint.
    static let specCheckpoint = """
        example.com/behind-the-sofa
        20852163
        CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

        — example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=

        """

    @Test("the signed-note example parses: its text, key name and key ID 0x530d903a; its Ed25519 vkey is not type 0x02")
    func specExample() throws {
        let note = try SignedNote.parse(Array(Self.specNote.utf8))
        #expect(note.text == "This is an example message.\n")
        #expect(note.signatures.count == 1)
        #expect(note.signatures[0].keyName == "example.com/foo")
        #expect(note.signatures[0].keyID == 0x530d_903a)
        #expect(note.signatures[0].signature.count == 64)
        #expect(note.encoded == Self.specNote)
        #expect(throws: FormatError.unknownTag(field: "vkey.signatureType", value: 1)) {
            try NoteVerifierKey(parsing: Self.specVerifierKey)
        }
    }

    @Test("the tlog-checkpoint example parses as a checkpoint: origin, size and root")
    func specCheckpoint() throws {
        let note = try SignedNote.parse(Array(Self.specCheckpoint.utf8))
        let checkpoint = try Checkpoint.parse(text: note.text)
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(Base64.encode(checkpoint.rootHash.bytes) == "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
        #expect(checkpoint.extensions.isEmpty && checkpoint.text == note.text)
    }

    @Test("ECDSA lines: signed by three of four keys plus an unknown one, the three verify; a vkey round-trips")
    func ecdsaRoundTrip() throws {
        let keys = try (0..<5).map { _ in try P256PrivateKey.generate() }
        let verifierKeys = try keys.prefix(4).enumerated().map {
            try NoteVerifierKey(keyName: "validator-\($0.offset)", publicKey: $0.element.publicKey)
        }
        for key in verifierKeys {
            #expect(try NoteVerifierKey(parsing: key.encoded) == key)
            #expect(key.hexID == Hex.encode(SHA256.hash(key.publicKey.spkiDER).bytes.prefix(4)))
        }
        let text = "example.org/log\n3\n\(Base64.encode(SHA256.hash([1]).bytes))\n"
        var lines = try (0..<3).map { try keys[$0].signNote(text: text, keyName: "validator-\($0)") }
        lines.append(try keys[4].signNote(text: text, keyName: "validator-9"))
        // Same name as a known key but another key's id: not that key's line, so it is ignored.
        lines.append(try keys[4].signNote(text: text, keyName: "validator-3"))
        let note = try SignedNote.parse(Array(try SignedNote(text: text, signatures: lines).encoded.utf8))
        let signed = try note.verifiedKeys(among: verifierKeys)
        #expect(signed.map(\.keyName) == ["validator-0", "validator-1", "validator-2"])
        #expect(throws: SignedNote.VerificationProblem.noKnownSignature) {
            try note.verifiedKeys(among: [verifierKeys[3]])
        }
        // A known key's line over other text fails the whole note.
        let forged = try SignedNote(text: text.replacingOccurrences(of: "\n3\n", with: "\n4\n"), signatures: lines)
        #expect(throws: SignedNote.VerificationProblem.self) { try forged.verifiedKeys(among: verifierKeys) }
    }

    @Test(
        "malformed notes are refused with the part named",
        arguments: [
            ("no blank line", "text\n— a AAAAAAE=\n"),
            ("no final newline", "text\n\n— a AAAAAAE="),
            ("no signature", "text\n\n"),
            ("not an em dash", "text\n\n- a AAAAAAE=\n"),
            ("a plus in the name", "text\n\n— a+b AAAAAAE=\n"),
            ("an empty name", "text\n\n—  AAAAAAE=\n"),
            ("three fields", "text\n\n— a AAAAAAE= x\n"),
            ("bad base64", "text\n\n— a AAAA*AE=\n"),
            ("only a key ID", "text\n\n— a AAAAAA==\n"),
            ("a control character", "te\u{7}xt\n\n— a AAAAAAE=\n"),
            ("a carriage return", "text\r\n\n— a AAAAAAE=\n"),
        ])
    func malformedNotes(name: String, note: String) {
        #expect(throws: FormatError.self, "\(name)") { try SignedNote.parse(Array(note.utf8)) }
    }

    @Test("invalid UTF-8, too many signature lines and oversized notes are refused")
    func limits() {
        #expect(throws: FormatError.invalidUTF8(field: "note")) {
            try SignedNote.parse(Array("text\n\n— a ".utf8) + [0xFF] + Array("AAAAAAE=\n".utf8))
        }
        let lines = String(repeating: "— a AAAAAAE=\n", count: SignedNote.signaturesMax + 1)
        #expect(throws: FormatError.tooMany(field: "note.signatures", countMax: SignedNote.signaturesMax, actual: 117))
        {
            try SignedNote.parse(Array("text\n\n\(lines)".utf8))
        }
        let big = [UInt8](repeating: 0x61, count: SignedNote.bytesMax + 1)
        #expect(throws: FormatError.self) { try SignedNote.parse(big) }
    }

    @Test("checkpoint text: leading zeros, a short root, fewer than three lines and empty extensions are refused")
    func malformedCheckpoints() {
        let root = Base64.encode(SHA256.hash([1]).bytes)
        for text in [
            "origin\n012\n\(root)\n", "origin\n12\n\(Base64.encode([1, 2, 3]))\n", "origin\n12\n",
            "origin\n12\n\(root)\n\nextension\n", "\n12\n\(root)\n", "origin\n+12\n\(root)\n", "origin\n12\n\(root)",
        ] {
            #expect(throws: FormatError.self, "\(text)") { try Checkpoint.parse(text: text) }
        }
    }
}
