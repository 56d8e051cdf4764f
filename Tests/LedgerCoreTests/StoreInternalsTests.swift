import Foundation
import Testing

@testable import LedgerCore

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
}
