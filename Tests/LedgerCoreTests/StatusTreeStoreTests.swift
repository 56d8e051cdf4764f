import Foundation
import Testing

@testable import LedgerCore
@testable import LedgerStore

/// The status tree the store keeps on disk (docs/STORAGE.md, "Status tree"): proofs at every retained height
/// equal the in-memory tree's of that height, older heights are pruned, and a missing or damaged tree is
/// re-derived from the block log.
@Suite("Status tree on disk: proofs at retained heights, retention, rebuild")
struct StatusTreeStoreTests {
    /// A chain whose heights each change the map: issues, a suspension, a reinstatement, a revocation, an empty
    /// block; and the in-memory map after every height.
    static func chain(retention: UInt64) throws -> (fixture: StoreFixture, maps: [UInt64: StatusMap]) {
        let fixture = try StoreFixture(statusRetention: retention)
        var maps: [UInt64: StatusMap] = [:]
        func append(_ transactions: [SignedTransaction]) throws {
            try fixture.appendBlock(transactions)
            maps[fixture.chain.tip.height] = fixture.chain.statusMap
        }
        let key = fixture.issuerKey
        try append([try fixture.chain.registerIssuer("uwi", key: key)])
        for block in 0..<3 { try append((0..<5).map { try fixture.chain.issue("cred-\(block)-\($0)", by: key) }) }
        try append([try fixture.chain.suspend("cred-0-1", by: key)])
        try append([try fixture.chain.reinstate("cred-0-1", by: key), try fixture.chain.revoke("cred-1-2", by: key)])
        try append([])
        try append((0..<3).map { try fixture.chain.issue("cred-late-\($0)", by: key) })
        return (fixture, maps)
    }

    static let ids = ["cred-0-1", "cred-1-2", "cred-2-4", "cred-late-0", "never-issued", "cred-0-0"]

    /// Every retained height gives the in-memory tree's record and proof for each id, and the proof verifies
    /// against that height's header.
    static func expectProofsMatch(_ store: ChainStore, maps: [UInt64: StatusMap], heights: ClosedRange<UInt64>) throws {
        for height in heights {
            let map = try #require(maps[height])
            for id in ids {
                let stored = try store.statusProof(.credential, id: id, atHeight: height)
                let expected = try map.proof(.credential, id: id)
                #expect(stored.record == expected.record, "height \(height), \(id)")
                #expect(stored.proof == expected.proof, "height \(height), \(id)")
                #expect(stored.header.statusRoot == map.root)
                let key = try StatusKey.hash(chainID: store.genesis.chainID, kind: .credential, recordID: id)
                if let record = stored.record {
                    try stored.proof.verifyInclusion(
                        root: stored.header.statusRoot, keyHash: key, value: record.encoded)
                } else {
                    try stored.proof.verifyAbsence(root: stored.header.statusRoot, keyHash: key)
                }
            }
            let issuer = try store.statusProof(.issuer, id: "uwi", atHeight: height)
            #expect(issuer.proof == (try map.proof(.issuer, id: "uwi")).proof)
        }
    }

    @Test("keeping every height: proofs at each height equal that height's in-memory tree, before and after reopen")
    func everyHeight() throws {
        let (fixture, maps) = try Self.chain(retention: 0)
        let tip = fixture.opened.tip.height
        try Self.expectProofsMatch(fixture.opened, maps: maps, heights: 1...tip)
        try Self.expectProofsMatch(try fixture.reopen(), maps: maps, heights: 1...tip)
        #expect(!fixture.opened.recovery.indexRebuilt)
    }

    @Test("retention 3: the latest three heights are proven from disk, older ones are refused, and nodes are pruned")
    func retention() throws {
        let (kept, maps) = try Self.chain(retention: 3)
        let tip = kept.opened.tip.height
        try Self.expectProofsMatch(kept.opened, maps: maps, heights: (tip - 2)...tip)
        // Pruning runs every 3 blocks here (every min(R, 1,024)): the last run, at the last multiple of 3, dropped
        // the versions below it minus 2.
        let cutoff = tip / 3 * 3 - 2
        for height in 1..<cutoff {
            #expect(throws: StoreError.self) {
                try kept.opened.statusProof(.credential, id: "cred-0-0", atHeight: height)
            }
        }
        // Exactly the nodes of the versions still kept are left (jmt's stale-node rule), and some were deleted.
        let index = kept.opened.index
        var reachable: Set<UInt64> = []
        for height in cutoff...tip {
            let root = try #require(try index.statusRoot(height: height))
            var pending = [(root.row, root.hash)]
            while let (row, hash) = pending.popLast() {
                guard hash != SparseMerkleHasher.placeholder, reachable.insert(row).inserted else { continue }
                let node = try #require(try index.checkedStatusNode(row: row, hash: hash), "row \(row)")
                if case .branch(let left, let right, let leftRow, let rightRow) = node {
                    pending += [(leftRow, left), (rightRow, right)]
                }
            }
        }
        let written = try index.nextStatusRow() - 1
        #expect(try index.statusNodeCount() == UInt64(reachable.count), "of \(written) written")
        #expect(UInt64(reachable.count) < written)
        // The retained versions alone need every node that is left: a full walk of each reads no missing node.
        try Self.expectProofsMatch(try kept.reopen(), maps: maps, heights: (tip - 2)...tip)
    }

    @Test("a damaged or missing tree is re-derived from the log at open; a damaged older node is reported, not served")
    func rebuild() throws {
        let (fixture, maps) = try Self.chain(retention: 0)
        let tip = fixture.opened.tip.height
        let index = fixture.path("index.sqlite")
        func damage(_ sql: String) throws {
            fixture.close()
            let database = try SQLiteDatabase(path: index)
            try database.execute(sql)
        }
        // The root of height tip − 1 (replaced at tip) damaged: the latest tree loads, so the store opens; a proof
        // at that height fails, and marks the tree for the next open.
        let olderRoot = try #require(try fixture.opened.index.statusRoot(height: tip - 1)).row
        try damage("UPDATE status_nodes SET body = X'00' WHERE row = \(olderRoot)")
        do {
            let damaged = try fixture.reopen()
            #expect(!damaged.recovery.indexRebuilt)
            try Self.expectProofsMatch(damaged, maps: maps, heights: tip...tip)
            #expect(throws: StoreError.self) { try damaged.statusProof(.credential, id: "cred-0-0", atHeight: tip - 1) }
        }
        do {
            let healed = try fixture.reopen()
            #expect(healed.recovery.indexRebuilt)
            try Self.expectProofsMatch(healed, maps: maps, heights: 1...tip)
        }
        // A node of the latest tree damaged, then missing: found at open, and the index is re-derived.
        let key = try StatusKey.hash(chainID: fixture.chain.genesis.chainID, kind: .credential, recordID: "cred-2-4")
        for statement in ["UPDATE status_nodes SET body = X'00' WHERE row = ", "DELETE FROM status_nodes WHERE row = "]
        {
            let row = fixture.opened.status.tree.path(to: key)[1].node.storageRow.load(ordering: .relaxed)
            #expect(row != 0)
            try damage(statement + "\(row)")
            let rebuilt = try fixture.reopen()
            #expect(rebuilt.recovery.indexRebuilt)
            try Self.expectProofsMatch(rebuilt, maps: maps, heights: 1...tip)
        }
    }
}
