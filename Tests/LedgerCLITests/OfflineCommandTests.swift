import Foundation
import LedgerCore
import LedgerStore
import Testing

@Suite("ledger offline commands: output and exit status")
struct OfflineCommandTests {
    @Test("keygen writes a 0600 PKCS#8 key and an SPKI public key, prints the key id, never overwrites")
    func keygen() throws {
        let directory = try CLI.temporaryDirectory()
        let result = try CLI.run(["keygen", "--out", "jamaica", "--json"], in: directory)
        #expect(result.status == 0, "\(result.error)")
        let keyID = try #require(result.json?["keyId"]?.stringValue)
        let publicKey = try KeyFile.readPublicKey(path: directory.appendingPathComponent("jamaica.pub.pem").path)
        #expect(publicKey.keyID.hex == keyID)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: directory.appendingPathComponent("jamaica.key.pem").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let pem = try String(contentsOf: directory.appendingPathComponent("jamaica.key.pem"), encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let again = try CLI.run(["keygen", "--out", "jamaica"], in: directory)
        #expect(again.status == 2)
        #expect(again.error.contains("already exists; pass --force"))
        #expect(try String(contentsOf: directory.appendingPathComponent("jamaica.key.pem"), encoding: .utf8) == pem)
    }

    @Test("genesis builds a file whose chain id matches what it printed; bad validators are usage errors")
    func genesis() throws {
        let directory = try CLI.temporaryDirectory()
        for name in ["cxc", "barbados", "belize", "grenada"] {
            #expect(try CLI.run(["keygen", "--out", name], in: directory).status == 0)
        }
        let arguments =
            [
                "genesis", "--chain-name", "cxc-test", "--out", "genesis.json", "--genesis-time", "1767225600000",
                "--json",
            ]
            + ["cxc", "barbados", "belize", "grenada"].flatMap { ["--validator", "\($0)=\($0).pub.pem"] }
        let result = try CLI.run(arguments, in: directory)
        #expect(result.status == 0, "\(result.error)")
        let genesis = try Genesis.parse(
            json: [UInt8](try Data(contentsOf: directory.appendingPathComponent("genesis.json"))))
        #expect(result.json?["chainId"]?.stringValue == genesis.chainID.hex)
        #expect(result.json?["quorum"]?.unsignedIntegerValue == 3)
        #expect(genesis.validators.map(\.name) == ["cxc", "barbados", "belize", "grenada"])
        let noEquals = try CLI.run(
            ["genesis", "--chain-name", "x", "--out", "g2.json", "--validator", "cxc.pub.pem"], in: directory)
        #expect(noEquals.status == 2 && noEquals.error.contains("NAME=PATH"))
        let missingKey = try CLI.run(
            ["genesis", "--chain-name", "x", "--out", "g2.json", "--validator", "a=missing.pem"], in: directory)
        #expect(missingKey.status == 2)
        let badName = try CLI.run(
            ["genesis", "--chain-name", "bad name", "--out", "g2.json", "--validator", "a=cxc.pub.pem"], in: directory)
        #expect(badName.status == 2 && badName.error.contains("chainName"))
        let exists = try CLI.run(
            ["genesis", "--chain-name", "x", "--out", "genesis.json", "--validator", "a=cxc.pub.pem"], in: directory)
        #expect(exists.status == 2)
    }

    @Test("digest uses RFC 8785 for JSON and raw bytes otherwise")
    func digest() throws {
        let credential = CLI.examples.appendingPathComponent("credential.json").path
        let result = try CLI.run(["digest", credential, "--json"])
        #expect(result.status == 0)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: credential)))
        #expect(result.json?["digest"]?.stringValue == SHA256.hash(try CanonicalJSON.canonicalize(bytes)).hex)
        #expect(result.json?["form"]?.stringValue == "rfc8785-json")
        let directory = try CLI.temporaryDirectory()
        let raw = directory.appendingPathComponent("certificate.pdf")
        try Data([0x25, 0x50, 0x44, 0x46, 0x2D]).write(to: raw)
        let rawResult = try CLI.run(["digest", raw.path])
        #expect(rawResult.status == 0 && rawResult.output.hasPrefix(SHA256.hash([0x25, 0x50, 0x44, 0x46, 0x2D]).hex))
        #expect(try CLI.run(["digest", directory.appendingPathComponent("missing").path]).status == 2)
    }

    @Test("verify: the example is AUTHENTIC (exit 0); a tampered proof, wrong genesis or wrong document exit 1")
    func verify() throws {
        let proof = CLI.examples.appendingPathComponent("proof.json").path
        let genesis = CLI.examples.appendingPathComponent("genesis.json").path
        let credential = CLI.examples.appendingPathComponent("credential.json").path
        // The example's status is proven as of block 2, 2026-01-02T09:01:00Z: judged an hour later it is fresh.
        let fresh = ["--at", "2026-01-02T10:01:00Z"]
        let good = try CLI.run(["verify", proof, "--genesis", genesis, "--credential", credential] + fresh)
        #expect(good.status == 0, "\(good.error)")
        #expect(good.output.contains("AUTHENTIC: credential cxc-mc-2026-000123"))
        #expect(good.output.contains("The UWI Open Campus"))
        #expect(good.output.contains("matches the anchored digest"))
        let json = try CLI.run(["verify", proof, "--genesis", genesis, "--json"] + fresh)
        #expect(json.json?["valid"]?.boolValue == true && json.json?["height"]?.unsignedIntegerValue == 2)
        // A day and a second after its header, the status is too old for the default --max-age (24h): exit 5.
        let stale = try CLI.run(["verify", proof, "--genesis", genesis, "--at", "2026-01-03T09:01:01Z", "--json"])
        #expect(stale.status == 5 && stale.json?["verdict"]?.stringValue == "status-too-old", "\(stale.output)")
        let allowed = try CLI.run([
            "verify", proof, "--genesis", genesis, "--at", "2026-01-03T09:01:01Z", "--max-age", "2d",
        ])
        #expect(allowed.status == 0, "\(allowed.output)")
        #expect(try CLI.run(["verify", proof, "--genesis", genesis, "--max-age", "soon"]).status == 2)

        let directory = try CLI.temporaryDirectory()
        let tampered = directory.appendingPathComponent("tampered.json")
        let text = try String(contentsOfFile: proof, encoding: .utf8)
        let path = try #require(
            JSONParser.parse(Array(text.utf8))["ledgerInclusion"]?["path"]?.arrayValue?.first?.stringValue)
        let flipped = (path.first == "0" ? "1" : "0") + path.dropFirst()
        try text.replacingOccurrences(of: path, with: flipped).write(to: tampered, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["verify", tampered.path, "--genesis", genesis, "--json"])
        #expect(bad.status == 1)
        #expect(bad.json?["check"]?.stringValue == "ledgerInclusion")
        let badText = try CLI.run(["verify", tampered.path, "--genesis", genesis])
        #expect(badText.status == 1 && badText.output.contains("NOT AUTHENTIC: ledgerInclusion check failed"))

        let wrongDocument = try CLI.run(["verify", proof, "--genesis", genesis, "--credential", genesis])
        #expect(wrongDocument.status == 1 && wrongDocument.output.contains("document check failed"))
        let garbage = directory.appendingPathComponent("garbage.json")
        try Data("{not json".utf8).write(to: garbage)
        let garbageProof = try CLI.run(["verify", garbage.path, "--genesis", genesis])
        #expect(garbageProof.status == 1 && garbageProof.output.contains("format check failed"))
        let garbageGenesis = try CLI.run(["verify", proof, "--genesis", garbage.path])
        #expect(garbageGenesis.status == 1 && garbageGenesis.error.contains("genesis file"))
        #expect(
            try CLI.run(["verify", directory.appendingPathComponent("none.json").path, "--genesis", genesis]).status
                == 2)
        #expect(try CLI.run(["verify", proof]).status == 2)
    }

    @Test("bench merkle prints the known root; bad flags and unknown commands are usage errors (exit 2)")
    func benchAndUsage() throws {
        let result = try CLI.run(["bench", "merkle", "--leaves", "1000", "--json"])
        #expect(result.status == 0)
        #expect(result.json?["root"]?.stringValue == "3cd2dc52dfaef20e0a3c259d94abf99d3e71e2a3837f4089c5e5ea5d34d7a188")
        #expect(try CLI.run(["bench", "merkle", "--leaves", "0"]).status == 2)
        #expect(try CLI.run(["bench", "merkle", "--leaves", "many"]).status == 2)
        #expect(try CLI.run(["frobnicate"]).status == 2)
        #expect(try CLI.run(["keygen", "--out"]).status == 2)
        let help = try CLI.run(["--help"])
        #expect(help.status == 0 && help.output.contains("keygen"))
    }
}
