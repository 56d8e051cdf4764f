import Foundation
import LedgerCore
import LedgerStore
import Testing

@Suite("Export, import and the auditor's replay")
struct ExportReplayTests {
    static func smallStore(validators: Int = 1) throws -> StoreFixture {
        let fixture = try StoreFixture(validatorCount: validators)
        try fixture.populate(blocks: 2, perBlock: 2)
        try fixture.appendBlock([try fixture.chain.revoke("cred-0-1", by: fixture.issuerKey)])
        return fixture
    }

    @Test("export then replay: every block checks, and the report counts what the chain holds")
    func exportAndReplay() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 5, perBlock: 9)
        try fixture.appendBlock([
            try fixture.chain.revoke("cred-1-1", by: fixture.issuerKey),
            try fixture.chain.define("def-9", by: fixture.issuerKey),
        ])
        let exportPath = fixture.path("chain.export")
        try ChainExport.write(from: fixture.opened, to: exportPath)
        var reader = try ExportReader(path: exportPath)
        #expect(reader.genesis.chainID == fixture.chain.genesis.chainID)
        #expect(reader.expectedBlocks == 7)
        var updates: [UInt64] = []
        let report = ChainAuditor.replay(&reader, localTimeMilliseconds: fixture.chain.clockMilliseconds) {
            updates.append($0.height)
        }
        #expect(report.isValid, "\(String(describing: report.failure))")
        #expect(report.blocks == 7 && report.transactions == 48)
        #expect(
            report.issuers == 1 && report.definitions == 1 && report.credentialsIssued == 45
                && report.credentialsRevoked == 1)
        #expect(report.lastHeader == fixture.chain.blocks.last!.header)
        #expect(updates.last == 7)
        var logReader = try BlockLogReader(directory: fixture.directory, genesis: fixture.chain.genesis)
        let fromLog = ChainAuditor.replay(&logReader, localTimeMilliseconds: fixture.chain.clockMilliseconds)
        #expect(fromLog.isValid && fromLog.blocks == 7 && fromLog.lastHeader == report.lastHeader)
    }

    @Test("importing an export rebuilds a store whose index equals the original")
    func importExport() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 3, perBlock: 4)
        let exportPath = fixture.path("chain.export")
        try ChainExport.write(from: fixture.opened, to: exportPath)
        let target = fixture.path("imported")
        let imported = try ChainAuditor.importExport(
            from: exportPath, into: target, localTimeMilliseconds: fixture.chain.clockMilliseconds)
        #expect(imported.tip == fixture.opened.tip)
        #expect(try imported.indexDigest() == fixture.opened.indexDigest())
        #expect(throws: StoreError.self) {
            try ChainAuditor.importExport(
                from: exportPath, into: target, localTimeMilliseconds: fixture.chain.clockMilliseconds)
        }
    }

    @Test("a chain that breaks a rule is reported at its height")
    func ruleBreakNamed() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 2, perBlock: 2)
        let exportPath = fixture.path("chain.export")
        try ChainExport.write(from: fixture.opened, to: exportPath)
        var reader = try ExportReader(path: exportPath)
        // An auditor whose clock is before block 1 sees a block from the future at height 1.
        let report = ChainAuditor.replay(&reader, localTimeMilliseconds: TestChain.genesisTime - 60_000)
        #expect(report.failure?.height == 1)
        #expect(report.blocks == 0)
    }

    /// Replays bytes as an export; returns the failure (or an open error), nil when the replay passed.
    static func replayFailure(_ bytes: [UInt8], at path: String, genesisTime: UInt64) throws -> String? {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            var reader = try ExportReader(path: path)
            let report = ChainAuditor.replay(&reader, localTimeMilliseconds: genesisTime + 3_600_000)
            return report.failure.map { "\($0)" }
        } catch {
            return "open refused: \(error)"
        }
    }

    @Test("flipping any single byte of an export, or truncating it anywhere, fails the replay or the open")
    func exportTampering() throws {
        let fixture = try Self.smallStore()
        let exportPath = fixture.path("chain.export")
        try ChainExport.write(from: fixture.opened, to: exportPath)
        let original = try fixture.fileBytes("chain.export")
        let scratch = fixture.path("tampered.export")
        #expect(try Self.replayFailure(original, at: scratch, genesisTime: TestChain.genesisTime) == nil)
        var namedHeights = 0
        for position in original.indices {
            var flipped = original
            flipped[position] ^= 0x01
            let failure = try Self.replayFailure(flipped, at: scratch, genesisTime: TestChain.genesisTime)
            #expect(failure != nil, "a flip at byte \(position) of \(original.count) went unnoticed")
            if failure?.hasPrefix("height") == true { namedHeights += 1 }
        }
        #expect(namedHeights > original.count / 3)
        for length in stride(from: 0, to: original.count, by: 5) {
            #expect(
                try Self.replayFailure(Array(original.prefix(length)), at: scratch, genesisTime: TestChain.genesisTime)
                    != nil, "truncated to \(length)")
        }
    }

    @Test(
        "any single flipped byte of the block log is refused at open and in replay; a cut tail reopens at whole blocks")
    func blockLogTampering() throws {
        let fixture = try Self.smallStore()
        fixture.close()
        let original = try fixture.fileBytes("blocks.log")
        let genesis = fixture.chain.genesis
        for position in original.indices {
            var flipped = original
            flipped[position] ^= 0x01
            try fixture.writeFile("blocks.log", flipped)
            var replayFailed = false
            do {
                var reader = try BlockLogReader(directory: fixture.directory, genesis: genesis)
                let report = ChainAuditor.replay(&reader, localTimeMilliseconds: fixture.chain.clockMilliseconds)
                replayFailed = !report.isValid
            } catch {
                replayFailed = true
            }
            #expect(replayFailed, "a flip at byte \(position) of the block log went unnoticed by replay")
            if position % 41 == 0 {
                #expect(throws: StoreError.self, "flip at \(position)") {
                    _ = try ChainStore(directory: fixture.directory, genesis: genesis)
                }
            }
        }
        // A log cut short (a crash mid-append, or a disk that lost the tail) keeps every whole block before the cut.
        let recordEnds = fixture.chain.blocks.reduce(into: [50]) { ends, block in
            ends.append(ends.last! + 20 + block.encoded.count + 32)
        }
        for length in stride(from: 50, to: original.count, by: 11) {
            try fixture.writeFile("blocks.log", Array(original.prefix(length)))
            let wholeBlocks = UInt64(recordEnds.lastIndex { $0 <= length }!)
            let store = try fixture.reopen()
            #expect(store.tip.height == wholeBlocks, "cut at \(length)")
            fixture.close()
        }
        try fixture.writeFile("blocks.log", original)
        try? FileManager.default.removeItem(atPath: fixture.path("index.sqlite"))
        #expect(try fixture.reopen().tip.height == 4)
    }
}
