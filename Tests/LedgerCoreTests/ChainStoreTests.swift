import Foundation
import LedgerCore
import LedgerStore
import Testing

@Suite("Chain store: append, reopen, recovery and corruption")
struct ChainStoreTests {
    @Test("blocks survive reopening; records read back equal the in-memory registry's")
    func appendAndReopen() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 3, perBlock: 5)
        try fixture.appendBlock([
            try fixture.chain.revoke("cred-0-1", by: fixture.issuerKey),
            try fixture.chain.define("def-1", by: fixture.issuerKey),
        ])
        let store = try fixture.reopen()
        #expect(store.tip == fixture.chain.tip)
        #expect(store.recovery == StoreRecovery())
        for id in ["cred-0-0", "cred-0-1", "cred-2-4"] {
            #expect(try store.credential(id: id) == fixture.chain.registry.credential(id: id))
        }
        #expect(try store.credential(id: "cred-0-1")?.revocation?.reason == .issuedInError)
        #expect(try store.credential(id: "missing") == nil)
        #expect(try store.issuer(id: "uwi") == fixture.chain.registry.issuer(id: "uwi"))
        #expect(try store.definition(id: "def-1") == fixture.chain.registry.definition(id: "def-1"))
        let transaction = fixture.chain.blocks[2].transactions[3]
        #expect(try store.transaction(id: transaction.id)?.0 == transaction)
        #expect(try store.block(height: 3) == fixture.chain.blocks[2])
        let counts = try store.counts()
        #expect(counts.blocks == 5 && counts.credentials == 15 && counts.revoked == 1 && counts.issuers == 1)
    }

    @Test("an invalid block is rejected and leaves the store exactly as it was")
    func rejectsInvalidBlock() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 1, perBlock: 2)
        let before = try fixture.opened.indexDigest()
        let bad = try fixture.chain.makeBlock([try fixture.chain.issue("x", by: fixture.issuerKey)], signers: 2)
        #expect(throws: StoreError.rejected(.certificate(.tooFewSeals(count: 2, quorum: 3)))) {
            try fixture.opened.append(bad, localTimeMilliseconds: fixture.chain.clockMilliseconds)
        }
        let duplicate = try fixture.chain.makeBlock([fixture.chain.blocks[1].transactions[0]])
        #expect(throws: StoreError.self) {
            try fixture.opened.append(duplicate, localTimeMilliseconds: fixture.chain.clockMilliseconds)
        }
        #expect(fixture.opened.tip.height == 2)
        #expect(try fixture.reopen().indexDigest() == before)
    }

    @Test("a format-1 data directory is refused at open with a message naming format version 1, and left as it was")
    func refusesFormatOne() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 1, perBlock: 2)
        fixture.close()
        let log = URL(fileURLWithPath: fixture.directory).appendingPathComponent("blocks.log")
        var bytes = [UInt8](try Data(contentsOf: log))
        // A chain-format-1 log: the same layout under the tag "mcledger/blocks/v1".
        bytes.replaceSubrange(0..<18, with: Array("mcledger/blocks/v1".utf8))
        try Data(bytes).write(to: log)
        #expect(throws: StoreError.unsupportedFormat(path: log.path, version: 1, supported: 2)) {
            try ChainStore(directory: fixture.directory, genesis: fixture.chain.genesis)
        }
        let message = StoreError.unsupportedFormat(path: log.path, version: 1, supported: 2).description
        #expect(message.contains("format version 1") && message.contains("reads only format version 2"))
        #expect([UInt8](try Data(contentsOf: log)) == bytes, "the refused log is not touched")
    }

    /// The first `count` bytes of the record the block log writes for `block` at `height`.
    static func recordPrefix(_ block: Block, height: UInt64, count: Int) -> [UInt8] {
        var header = CanonicalWriter()
        header.write(UInt32(0x4D43_424B))
        header.write(height)
        header.write(UInt32(block.encoded.count))
        let check = Array(SHA256.hash(header.bytes).bytes.prefix(4))
        return Array((header.bytes + check + block.encoded).prefix(count))
    }

    @Test("a torn final record (the writer died mid-append) is truncated at open; the next block is accepted")
    func tornTail() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 2, perBlock: 3)
        let next = try fixture.chain.makeBlock([try fixture.chain.issue("late", by: fixture.issuerKey)])
        fixture.close()
        let intact = try fixture.fileBytes("blocks.log")
        for count in [7, 100] {
            try fixture.writeFile("blocks.log", intact + Self.recordPrefix(next, height: 4, count: count))
            try fixture.reopen()
            #expect(fixture.opened.recovery.tornTailBytes == UInt64(count))
            #expect(fixture.opened.tip.height == 3)
            #expect(try fixture.fileBytes("blocks.log") == intact)
            fixture.close()
        }
        try fixture.reopen()
        try fixture.chain.append(next)
        try fixture.opened.append(next, localTimeMilliseconds: fixture.chain.clockMilliseconds)
        #expect(try fixture.reopen().tip.height == 4)
    }

    @Test("a crash between the log and the index is healed by re-indexing; the result equals a clean index")
    func reindexAfterCrash() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 2, perBlock: 4)
        fixture.close()
        let saved = ["index.sqlite", "index.sqlite-wal", "ledger-tree.dat"].map { ($0, try? fixture.fileBytes($0)) }
        _ = try fixture.reopen()
        try fixture.appendBlock([try fixture.chain.issue("after", by: fixture.issuerKey)])
        let clean = try fixture.opened.indexDigest()
        fixture.close()
        for (name, bytes) in saved {
            if let bytes {
                try fixture.writeFile(name, bytes)
            } else {
                try? FileManager.default.removeItem(atPath: fixture.path(name))
            }
        }
        let store = try fixture.reopen()
        #expect(store.recovery.blocksReindexed == 1)
        #expect(try store.indexDigest() == clean)
        #expect(store.tip == fixture.chain.tip)
        // Loaded from the index for the first blocks, then applied for the re-derived one.
        #expect(store.statusRoot == fixture.chain.statusMap.root)
        #expect(try store.statusProof(.credential, id: "after").record != nil)
    }

    @Test("suspensions and reinstatements read back after reopening and after the index is rebuilt from the log")
    func suspensionsSurviveReopenAndRebuild() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 2, perBlock: 4)
        let chain = fixture.chain
        try fixture.appendBlock([
            try chain.suspend("cred-0-0", by: fixture.issuerKey), try chain.suspend("cred-0-1", by: fixture.issuerKey),
            try chain.suspend("cred-1-0", by: fixture.issuerKey, reason: .feesOutstanding),
        ])
        try fixture.appendBlock([
            try chain.reinstate("cred-0-0", by: fixture.issuerKey), try chain.revoke("cred-0-1", by: fixture.issuerKey),
        ])
        for rebuild in [false, true] {
            let store = try fixture.reopen(rebuildingIndex: rebuild)
            for id in ["cred-0-0", "cred-0-1", "cred-1-0", "cred-1-1"] {
                #expect(try store.credential(id: id) == chain.registry.credential(id: id), "\(id), rebuilt: \(rebuild)")
            }
            #expect(try store.credential(id: "cred-0-0")?.state == .active)
            #expect(try store.credential(id: "cred-0-0")?.suspension?.isSuspension == false)
            #expect(try store.credential(id: "cred-0-1")?.state == .revoked)
            #expect(try store.credential(id: "cred-1-0")?.suspension?.reason == .feesOutstanding)
            // The status map, loaded from the index or re-derived block by block, is the chain's.
            #expect(store.statusRoot == chain.statusMap.root, "rebuilt: \(rebuild)")
            for id in ["cred-0-0", "cred-0-1", "cred-1-0", "cred-1-1", "never-issued"] {
                let (root, record, proof) = try store.statusProof(.credential, id: id)
                let key = try StatusKey.hash(chainID: chain.genesis.chainID, kind: .credential, recordID: id)
                #expect(try record == chain.statusMap.record(.credential, id: id))
                if let record {
                    try proof.verifyInclusion(root: root, keyHash: key, value: record.encoded)
                } else {
                    try proof.verifyAbsence(root: root, keyHash: key)
                }
            }
            #expect(try store.statusProof(.issuer, id: "uwi").record != nil)
        }
    }

    @Test("a deleted index is rebuilt from the blocks alone and equals the original")
    func rebuiltIndexEqualsOriginal() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 4, perBlock: 6)
        try fixture.appendBlock([try fixture.chain.revoke("cred-1-2", by: fixture.chain.validatorKeys[0])])
        let original = try fixture.opened.indexDigest()
        fixture.close()
        for name in ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm", "ledger-tree.dat"] {
            try? FileManager.default.removeItem(atPath: fixture.path(name))
        }
        let store = try fixture.reopen()
        #expect(store.recovery.blocksReindexed == 6)
        #expect(try store.indexDigest() == original)
        #expect(try store.credential(id: "cred-1-2")?.revocation != nil)
    }

    @Test("a garbage index file is detected and rebuilt")
    func garbageIndex() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 2, perBlock: 2)
        let original = try fixture.opened.indexDigest()
        fixture.close()
        try fixture.writeFile("index.sqlite", [UInt8](repeating: 0x41, count: 8192))
        try? FileManager.default.removeItem(atPath: fixture.path("index.sqlite-wal"))
        let store = try fixture.reopen()
        #expect(store.recovery.indexRebuilt)
        #expect(try store.indexDigest() == original)
    }

    @Test("a damaged tree tail is rebuilt at open; damage elsewhere is refused when a proof touches it")
    func treeDamage() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 3, perBlock: 5)
        fixture.close()
        let size = try fixture.fileBytes("ledger-tree.dat").count
        try fixture.flipByte(in: "ledger-tree.dat", at: size - 5)
        try fixture.reopen()
        #expect(fixture.opened.recovery.treeRebuilt)
        #expect(try fixture.opened.proofBundle(credentialID: "cred-2-4").leaf.index == 15)
        fixture.close()
        // Leaf 3's slot (an interior position the root check at open does not read).
        try fixture.flipByte(in: "ledger-tree.dat", at: 48 + 32 * 4 + 7)
        let reopened = try fixture.reopen()
        do {
            _ = try reopened.proofBundle(credentialID: "cred-0-2")
            Issue.record("served a proof from a damaged tree")
        } catch {
            guard case .corrupt = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
    }

    @Test("corruption inside the log is refused at open, naming the height")
    func midLogCorruption() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 3, perBlock: 3)
        fixture.close()
        let headerBytes = 50
        let firstRecord = 20 + fixture.chain.blocks[0].encoded.count + 32
        try fixture.flipByte(in: "blocks.log", at: headerBytes + firstRecord + 20 + 60)
        #expect(throws: StoreError.self) { try fixture.reopen() }
        do {
            try fixture.reopen()
        } catch {
            #expect("\(error)".contains("at height 2"), "\(error)")
        }
    }

    @Test("another chain's genesis and a second process are refused")
    func wrongChainAndLock() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 1, perBlock: 1)
        #expect(throws: StoreError.locked(path: fixture.path("LOCK"))) {
            try ChainStore(directory: fixture.directory, genesis: fixture.chain.genesis)
        }
        fixture.close()
        let other = try TestChain(validatorCount: 4)
        do {
            _ = try ChainStore(directory: fixture.directory, genesis: other.genesis)
            Issue.record("opened a store of another chain")
        } catch {
            guard case .wrongChain = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
    }
}
