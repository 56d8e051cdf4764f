import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// The commit checkpoints this ledger signs are verified by examples/verify_note.py, a signed-note verifier
/// written from c2sp.org/signed-note with Python's `cryptography`, sharing no code with the Swift one.
@Suite("Signed notes: the independent Python verifier agrees with the Swift one")
struct NoteInteropTests {
    static let script = CLI.repositoryRoot.appendingPathComponent("examples/verify_note.py").path

    struct Signed {
        let note: SignedNote
        let vkeys: [String]
    }

    static func signedCheckpoint(signers: Int) throws -> Signed {
        let keys = try (0..<4).map { _ in try P256PrivateKey.generate() }
        let names = ["cxc", "barbados", "belize", "jamaica"]
        let commit = CommitCheckpoint(
            chainName: "interop-chain", chainID: SHA256.hash([7]), ledgerSize: 42, ledgerRoot: SHA256.hash([8]),
            height: 9, round: 1, headerHash: SHA256.hash([10]))
        let lines = try (0..<signers).map { try keys[$0].signNote(text: commit.text, keyName: names[$0]) }
        let vkeys = try zip(names, keys).map { try NoteVerifierKey(keyName: $0, publicKey: $1.publicKey).encoded }
        return Signed(note: try SignedNote(text: commit.text, signatures: lines), vkeys: vkeys)
    }

    func runPython(_ note: String, vkeys: [String], quorum: Int) async throws -> (status: Int32, output: String) {
        let file = try CLI.temporaryDirectory().appendingPathComponent("note.txt")
        try Data(note.utf8).write(to: file)
        let result = try await CLI.runProgram(
            CLI.python, [Self.script, file.path] + vkeys + ["--quorum", String(quorum)])
        return (result.status, result.standardOutput + result.standardError)
    }

    @Test("a checkpoint signed by three of four validators verifies in Python with quorum 3, not 4")
    func quorumAgrees() async throws {
        let signed = try Self.signedCheckpoint(signers: 3)
        let swiftKeys = try signed.vkeys.map { try NoteVerifierKey(parsing: $0) }
        #expect(try signed.note.verifiedKeys(among: swiftKeys).count == 3)
        let accepted = try await runPython(signed.note.encoded, vkeys: signed.vkeys, quorum: 3)
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(accepted.output == "verified cxc\nverified barbados\nverified belize\n")
        let short = try await runPython(signed.note.encoded, vkeys: signed.vkeys, quorum: 4)
        #expect(short.status == 1, "\(short.output)")
    }

    @Test("every block certificate of a 4-validator chain, rendered as a note, verifies in Python with quorum 3")
    func certificatesVerify() async throws {
        let chain = try SyntheticChain()
        let blocks = [try chain.registrationBlock(), try chain.credentialBlock(count: 3), try chain.seal([])]
        let set = chain.genesis.validatorSet
        let vkeys = CommitNote.verifierKeys(set).map(\.encoded)
        for block in blocks {
            let note = try block.certificate.note(
                for: block.header, chainName: chain.genesis.chainName, validators: set)
            #expect(
                try CommitNote.verify(note, genesis: chain.genesis, validators: set).checkpoint.headerHash
                    == block.header.hash)
            let python = try await runPython(note.encoded, vkeys: vkeys, quorum: set.quorum)
            #expect(python.status == 0, "block \(block.header.height): \(python.output)")
            #expect(python.output.split(separator: "\n").count == set.quorum)
        }
    }

    @Test("tampered notes: both verifiers refuse each", arguments: ["text", "signature", "name", "blank line"])
    func tamperingAgrees(part: String) async throws {
        let signed = try Self.signedCheckpoint(signers: 3)
        var note = signed.note.encoded
        switch part {
        case "text": note = note.replacingOccurrences(of: "height 9", with: "height 8")
        case "signature":
            let line = signed.note.signatures[1]
            var bytes = line.signature
            bytes[bytes.count - 1] ^= 1
            let forged = SignedNote.Signature(keyName: line.keyName, keyID: line.keyID, signature: bytes)
            note = note.replacingOccurrences(of: line.line, with: forged.line)
        case "name": note = note.replacingOccurrences(of: "— cxc ", with: "— cxc+x ")
        default: note = note.replacingOccurrences(of: "\n\n", with: "\n")
        }
        let swiftKeys = try signed.vkeys.map { try NoteVerifierKey(parsing: $0) }
        #expect(throws: (any Error).self) {
            _ = try SignedNote.parse(Array(note.utf8)).verifiedKeys(among: swiftKeys)
        }
        let python = try await runPython(note, vkeys: signed.vkeys, quorum: 1)
        #expect(python.status == 1, "\(python.output)")
    }
}

@Suite("ledger vkeys")
struct VerifierKeysCommandTests {
    @Test("prints one vkey per genesis validator, which both verifiers parse; --json adds the checkpoint origin")
    func printsEveryValidator() async throws {
        let genesisPath = CLI.examples.appendingPathComponent("genesis.json").path
        let genesis = try Genesis.parse(json: Array(try Data(contentsOf: URL(fileURLWithPath: genesisPath))))
        let result = try await CLI.runAsync(["vkeys", "--genesis", genesisPath])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == genesis.validators.count)
        for (line, validator) in zip(lines, genesis.validators) {
            let key = try NoteVerifierKey(parsing: line)
            #expect(key.keyName == validator.name && key.publicKey == validator.publicKey)
        }
        // The Python verifier accepts the keys: a note none of them signed fails for that reason alone.
        let note = try CLI.temporaryDirectory().appendingPathComponent("unsigned.txt")
        try Data("text\n\n— someone AAAAAAE=\n".utf8).write(to: note)
        let python = try await CLI.runProgram(CLI.python, [NoteInteropTests.script, note.path] + lines)
        #expect(python.status == 1 && python.standardOutput.contains("no known key"), "\(python.standardOutput)")
        let json = try await CLI.runAsync(["vkeys", "--genesis", genesisPath, "--json"])
        #expect(
            json.json?["origin"]
                == .string(CommitCheckpoint.origin(chainName: genesis.chainName, chainID: genesis.chainID)))
        #expect(json.json?["validators"]?.arrayValue?.count == genesis.validators.count)
        let missing = try await CLI.runAsync(["vkeys", "--genesis", "/nonexistent/genesis.json"])
        #expect(missing.status != 0 && missing.error.contains("genesis"), "\(missing.error)")
    }
}
