import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting
import Testing

@Suite("ledger replay and export: the auditor's commands")
struct AuditCommandTests {
    /// A data directory with genesis.json and a three-block chain, as a node leaves it.
    static func dataDirectory() throws -> (directory: URL, genesis: Genesis) {
        let directory = try CLI.temporaryDirectory().appendingPathComponent("ledger-data")
        let chain = try SyntheticChain()
        let store = try ChainStore(directory: directory.path, genesis: chain.genesis)
        for block in [
            try chain.registrationBlock(), try chain.credentialBlock(count: 5), try chain.credentialBlock(count: 7),
        ] {
            try store.append(block, localTimeMilliseconds: block.header.timestampMilliseconds)
        }
        try chain.genesis.json.write(
            to: directory.appendingPathComponent("genesis.json"), atomically: true, encoding: .utf8)
        return (directory, chain.genesis)
    }

    @Test("replay --data-dir checks the whole chain and prints a summary (exit 0)")
    func replayDataDirectory() throws {
        let (directory, genesis) = try Self.dataDirectory()
        let text = try CLI.run(["replay", "--data-dir", directory.path])
        #expect(text.status == 0, "\(text.error)")
        #expect(text.output.contains("VALID chain") && text.output.contains("12 issued, 0 revoked"))
        let json = try CLI.run(["replay", "--data-dir", directory.path, "--json"])
        #expect(json.json?["valid"]?.boolValue == true)
        #expect(
            json.json?["blocks"]?.unsignedIntegerValue == 3 && json.json?["transactions"]?.unsignedIntegerValue == 13)
        #expect(json.json?["ledgerRoot"]?.stringValue?.count == 64)
        _ = genesis
    }

    @Test("export writes a file that replay --export accepts; a damaged export exits 1 naming the height")
    func exportAndReplay() throws {
        let (directory, _) = try Self.dataDirectory()
        let exportPath = directory.deletingLastPathComponent().appendingPathComponent("chain.export").path
        let export = try CLI.run(["export", "--data-dir", directory.path, "--out", exportPath, "--json"])
        #expect(export.status == 0, "\(export.error)")
        #expect(export.json?["blocks"]?.unsignedIntegerValue == 3)
        let replay = try CLI.run(["replay", "--export", exportPath, "--json"])
        #expect(replay.status == 0 && replay.json?["valid"]?.boolValue == true)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: exportPath)))
        bytes[bytes.count - 700] ^= 0x10
        let damaged = exportPath + ".damaged"
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let bad = try CLI.run(["replay", "--export", damaged, "--json"])
        #expect(bad.status == 1)
        #expect(bad.json?["valid"]?.boolValue == false)
        #expect(bad.json?["failureHeight"]?.unsignedIntegerValue == 3, "\(bad.output)")
        let badText = try CLI.run(["replay", "--export", damaged])
        #expect(badText.status == 1 && badText.output.contains("FIRST FAILURE height 3"))
        #expect(badText.error.contains("chain is NOT valid"))
    }

    @Test("usage errors exit 2: both or neither source, a missing directory or file")
    func usageErrors() throws {
        let (directory, _) = try Self.dataDirectory()
        #expect(try CLI.run(["replay"]).status == 2)
        #expect(try CLI.run(["replay", "--data-dir", directory.path, "--export", "x"]).status == 2)
        #expect(try CLI.run(["replay", "--export", directory.appendingPathComponent("none").path]).status == 2)
        #expect(try CLI.run(["replay", "--data-dir", directory.appendingPathComponent("none").path]).status == 2)
        #expect(try CLI.run(["export", "--data-dir", directory.path]).status == 2)
    }
}
