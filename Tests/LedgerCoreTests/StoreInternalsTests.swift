import Foundation
import Testing

@testable import LedgerCore
@testable import LedgerStore

@Suite("Store internals")
struct StoreInternalsTests {
    @Test("no index statement is left mid-read after any store call, so the WAL can always be checkpointed")
    func noStatementLeftOpen() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 3, perBlock: 4)
        var store: ChainStore! = fixture.opened
        #expect(store.index.busyStatementCount == 0)
        _ = try store.credential(id: "cred-1-1")
        _ = try store.credential(id: "missing")
        _ = try store.issuer(id: "uwi")
        _ = try store.transaction(id: fixture.chain.blocks[1].transactions[0].id)
        _ = try store.proofBundle(credentialID: "cred-2-3")
        _ = try store.consistencyProof(fromHeight: 1, toHeight: 4)
        _ = try store.counts()
        _ = try store.indexDigest()
        #expect(store.index.busyStatementCount == 0)
        store = nil
        try fixture.reopen()
        #expect(fixture.opened.index.busyStatementCount == 0)
    }

    @Test("an id with a NUL is looked up whole: it does not find the id before the NUL (binds carry a length)")
    func nulInIdentifier() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 1, perBlock: 2)
        let store = fixture.opened
        #expect(try store.credential(id: "cred-0-1") != nil)
        for id in ["cred-0-1\u{0}", "cred-0-1\u{0}x", "\u{0}"] {
            #expect(try store.credential(id: id) == nil, "\(id.debugDescription)")
            #expect(try store.issuer(id: id) == nil, "\(id.debugDescription)")
        }
        #expect(try store.issuer(id: "uwi\u{0}") == nil && store.issuer(id: "uwi") != nil)
    }

    @Test("post-order slot positions match the definition for every node of a 300-leaf tree")
    func slotPositions() {
        // Walk the appends as the file does, recording each node's slot, and compare with the formula.
        var next: UInt64 = 0
        for leaves in UInt64(1)...300 {
            var level = 0
            var index = leaves - 1
            #expect(LedgerTreeFile.slot(level: 0, index: index) == next)
            next += 1
            var size = leaves - 1
            while size & 1 == 1 {
                level += 1
                index /= 2
                #expect(LedgerTreeFile.slot(level: level, index: index) == next, "level \(level) index \(index)")
                next += 1
                size >>= 1
            }
            #expect(LedgerTreeFile.slotCount(leaves: leaves) == next)
            #expect(LedgerTreeFile.wholeLeafCount(slots: next) == leaves)
        }
    }

    @Test("a run of leaf hashes read at once equals the leaves read one by one, for every range of a 37-leaf tree")
    func leafHashRuns() throws {
        let directory = NSTemporaryDirectory() + "mcledger-tree-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tree = try LedgerTreeFile(path: directory + "/tree.dat", chainID: SHA256.hash([7]))
        let leaves = (0..<37).map { SHA256.hash([UInt8($0)]) }
        try tree.append(leafHashes: Array(leaves[0..<20]))
        try tree.append(leafHashes: Array(leaves[20...]))
        for first in 0..<37 {
            for count in 1...(37 - first) {
                #expect(try tree.leafHashes(first: UInt64(first), count: count) == Array(leaves[first..<first + count]))
            }
        }
        #expect(throws: StoreError.self) { try tree.leafHashes(first: 30, count: 8) }
    }

    @Test("proof material stays within its byte budget, evicting the least recently used block first")
    func proofMaterialBudget() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 1, perBlock: 4)
        let material = try fixture.opened.proofMaterial(height: 2)
        let perEntry = material.approximateBytes
        let fitting = ProofMaterialCache.byteBudget / perEntry
        var cache = ProofMaterialCache()
        for height in 0..<UInt64(fitting) { cache.put(height, material) }
        #expect(cache.get(0) != nil)
        cache.put(UInt64(fitting), material)
        #expect(cache.get(1) == nil, "the least recently used entry goes first")
        #expect(cache.get(0) != nil, "a recently read entry stays")
        #expect(cache.get(UInt64(fitting)) != nil)
    }
}
