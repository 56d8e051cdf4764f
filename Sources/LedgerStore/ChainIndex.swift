import LedgerCore

/// Where one leaf's transaction bytes sit in the block log.
struct LeafLocation: Sendable, Hashable {
    let height: UInt64
    let byteOffset: UInt32
    let byteLength: UInt32
}

/// A block's row in the index.
struct IndexedBlock: Sendable, Hashable {
    let headerHash: SHA256Digest
    let ledgerSize: UInt64
    let transactionCount: UInt32
}

/// The store's lookup tables in SQLite, all derived from the block log and rebuildable from it
/// (docs/STORAGE.md). Rows point at ledger leaves; the bytes always come from the checksummed log.
final class ChainIndex {
    static let schemaVersion: Int64 = 7
    let database: SQLiteDatabase

    var path: String { database.path }

    init(path: String, chainID: SHA256Digest) throws(StoreError) {
        database = try SQLiteDatabase(path: path)
        // Only this process opens the index (the store's LOCK file guarantees it), so SQLite need not take and
        // release a file lock around every read: with exclusive locking each statement skips two fcntl calls,
        // and the WAL index lives in memory instead of a shared-memory file. It must precede WAL mode.
        try database.execute("PRAGMA locking_mode=EXCLUSIVE")
        try database.execute("PRAGMA journal_mode=WAL")
        // Derived data: losing the last commits on power loss only means re-indexing from the log.
        try database.execute("PRAGMA synchronous=NORMAL")
        // The checkpoint runs inside a block's commit, so it stays SQLite's default of 1,000 pages (4 MiB): a
        // 64 MiB one stalled a commit long enough to raise the 4-node devnet's p99 at 1,000 tx/s from 150 to
        // 584 ms, and saved no measurable ingest (BENCHMARKS.md).
        try database.execute("PRAGMA wal_autocheckpoint=1000")
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS blocks(height INTEGER PRIMARY KEY, header_hash BLOB NOT NULL,
                ledger_size INTEGER NOT NULL, tx_count INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS leaves(ledger_index INTEGER PRIMARY KEY, height INTEGER NOT NULL,
                byte_offset INTEGER NOT NULL, byte_length INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS transactions(id BLOB PRIMARY KEY, ledger_index INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS credentials(credential_id TEXT PRIMARY KEY, issue_leaf INTEGER NOT NULL,
                revoke_leaf INTEGER, suspension_leaf INTEGER) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS issuers(issuer_id TEXT PRIMARY KEY, key_id BLOB NOT NULL UNIQUE,
                registration_leaf INTEGER NOT NULL, country TEXT NOT NULL, standing_leaf INTEGER,
                rotation_leaf INTEGER) WITHOUT ROWID;
            """)
        try createIssuerTables()
        try createCatalogueTables()
        try createQualityAssuranceTables()
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS status_nodes(row INTEGER PRIMARY KEY, body BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS status_stale(height INTEGER PRIMARY KEY, rows BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS status_roots(height INTEGER PRIMARY KEY, root BLOB NOT NULL,
                row INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS governance_blocks(height INTEGER PRIMARY KEY);
            """)
        let stored = try database.withStatement("SELECT value FROM meta WHERE key = 'chain_id'") {
            statement throws(StoreError) in
            try statement.step() ? try statement.digest(0) : nil
        }
        if let stored {
            guard stored == chainID else { throw .wrongChain(path: path, expected: chainID, found: stored) }
        } else {
            try database.transaction { () throws(StoreError) in
                try run("INSERT INTO meta(key, value) VALUES ('chain_id', ?)") { $0.bind(1, chainID) }
                try run("INSERT INTO meta(key, value) VALUES ('schema_version', ?)") { $0.bind(1, Self.schemaVersion) }
                try run("INSERT INTO meta(key, value) VALUES ('indexed_height', 0)") { _ in }
            }
        }
        let version = try single("SELECT value FROM meta WHERE key = 'schema_version'") { _ in }
        guard version == UInt64(Self.schemaVersion) else {
            throw .index("index schema is not version \(Self.schemaVersion); it will be rebuilt")
        }
    }

    /// Statements left mid-read (should always be 0 between calls).
    var busyStatementCount: Int { database.busyStatementCount }

    /// Runs a statement that returns no rows.
    func run(_ sql: String, bind: (SQLiteStatement) -> Void) throws(StoreError) {
        try database.withStatement(sql) { statement throws(StoreError) in
            bind(statement)
            try statement.run()
        }
    }

    /// The first column of the first row as an integer, or nil when there is no row.
    func single(_ sql: String, bind: (SQLiteStatement) -> Void) throws(StoreError) -> UInt64? {
        try database.withStatement(sql) { statement throws(StoreError) in
            bind(statement)
            return try statement.step() ? statement.uint64(0) : nil
        }
    }

    /// SQLite's own structural check; a failure means the index is rebuilt from the log.
    func quickCheck() throws(StoreError) {
        let result = try database.withStatement("PRAGMA quick_check") { statement throws(StoreError) in
            try statement.step() ? statement.text(0) : ""
        }
        guard result == "ok" else { throw .index("quick_check failed: \(result)") }
    }

    func indexedHeight() throws(StoreError) -> UInt64 {
        guard let height = try single("SELECT value FROM meta WHERE key = 'indexed_height'", bind: { _ in }) else {
            throw .index("indexed_height is missing")
        }
        return height
    }

    func block(height: UInt64) throws(StoreError) -> IndexedBlock? {
        try database.withStatement("SELECT header_hash, ledger_size, tx_count FROM blocks WHERE height = ?") {
            statement throws(StoreError) in
            statement.bind(1, height)
            guard try statement.step() else { return nil }
            return IndexedBlock(
                headerHash: try statement.digest(0), ledgerSize: statement.uint64(1),
                transactionCount: UInt32(statement.int64(2)))
        }
    }

    /// Records one block, its registry changes and its status-tree nodes atomically, and advances
    /// `indexed_height`.
    func record(
        height: UInt64, block: IndexedBlock, leaves: [(id: TransactionID, location: LeafLocation)],
        changes: [RegistryChange], status: StatusTreeWrite
    ) throws(StoreError) {
        try database.transaction { () throws(StoreError) in
            try record(status, height: height)
            try run("INSERT INTO blocks(height, header_hash, ledger_size, tx_count) VALUES (?, ?, ?, ?)") {
                $0.bind(1, height).bind(2, block.headerHash).bind(3, block.ledgerSize).bind(
                    4, Int64(block.transactionCount))
            }
            var ledgerIndex = block.ledgerSize - UInt64(leaves.count)
            for leaf in leaves {
                try run("INSERT INTO leaves(ledger_index, height, byte_offset, byte_length) VALUES (?, ?, ?, ?)") {
                    $0.bind(1, ledgerIndex).bind(2, height).bind(3, Int64(leaf.location.byteOffset))
                        .bind(4, Int64(leaf.location.byteLength))
                }
                try run("INSERT INTO transactions(id, ledger_index) VALUES (?, ?)") {
                    $0.bind(1, leaf.id).bind(2, ledgerIndex)
                }
                ledgerIndex += 1
            }
            for change in changes { try record(change) }
            try run("UPDATE meta SET value = ? WHERE key = 'indexed_height'") { $0.bind(1, height) }
        }
    }

    private func record(_ change: RegistryChange) throws(StoreError) {
        switch change {
        case .issuerRegistered(let issuer):
            try run("INSERT INTO issuers(issuer_id, key_id, registration_leaf, country) VALUES (?, ?, ?, ?)") {
                $0.bind(1, issuer.issuerID).bind(2, issuer.keyID).bind(3, issuer.location.ledgerIndex)
                    .bind(4, issuer.country)
            }
        case .definitionRegistered(let definition):
            try record(definition)
        case .credentialIssued(let credential):
            try recordIssuance(credential)
        case .credentialRevoked(let credentialID, let revocation):
            try run("UPDATE credentials SET revoke_leaf = ? WHERE credential_id = ?") {
                $0.bind(1, revocation.location.ledgerIndex).bind(2, credentialID)
            }
        case .credentialSuspension(let credentialID, let suspension):
            try run("UPDATE credentials SET suspension_leaf = ? WHERE credential_id = ?") {
                $0.bind(1, suspension.location.ledgerIndex).bind(2, credentialID)
            }
        case .validatorGovernance(let change):
            try run("INSERT OR IGNORE INTO governance_blocks(height) VALUES (?)") { $0.bind(1, change.location.height) }
        case .qaBodyRegistered, .accreditationRecorded, .accreditationWithdrawn:
            try recordQualityAssurance(change)
        case .issuerStandingChanged(let issuerID, let standing):
            try run("UPDATE issuers SET standing_leaf = ? WHERE issuer_id = ?") {
                $0.bind(1, standing.location.ledgerIndex).bind(2, issuerID)
            }
        case .issuerKeyRotated(let issuerID, let rotation):
            try recordRotation(issuerID: issuerID, rotation)
        case .credentialsRevoked(let credentialIDs, let revocation):
            for credentialID in credentialIDs {
                try run("UPDATE credentials SET revoke_leaf = ? WHERE credential_id = ?") {
                    $0.bind(1, revocation.location.ledgerIndex).bind(2, credentialID)
                }
            }
        }
    }

    /// Heights of the blocks that hold governance transactions, up to `height`, ascending: the store re-applies
    /// them at open to restore the validator set and its history.
    func governanceHeights(upTo height: UInt64) throws(StoreError) -> [UInt64] {
        try database.withStatement("SELECT height FROM governance_blocks WHERE height <= ? ORDER BY height") {
            statement throws(StoreError) in
            statement.bind(1, height)
            var heights: [UInt64] = []
            while try statement.step() { heights.append(statement.uint64(0)) }
            return heights
        }
    }

    func leaf(ledgerIndex: UInt64) throws(StoreError) -> LeafLocation? {
        try database.withStatement("SELECT height, byte_offset, byte_length FROM leaves WHERE ledger_index = ?") {
            statement throws(StoreError) in
            statement.bind(1, ledgerIndex)
            guard try statement.step() else { return nil }
            return LeafLocation(
                height: statement.uint64(0), byteOffset: UInt32(statement.int64(1)),
                byteLength: UInt32(statement.int64(2)))
        }
    }

    func ledgerIndex(transactionID: TransactionID) throws(StoreError) -> UInt64? {
        try single("SELECT ledger_index FROM transactions WHERE id = ?") { $0.bind(1, transactionID) }
    }

    /// A credential's issuing leaf, its revocation's, and its latest suspension's or reinstatement's.
    func credentialLeaves(id: String) throws(StoreError) -> (issue: UInt64, revoke: UInt64?, suspension: UInt64?)? {
        try database.withStatement(
            "SELECT issue_leaf, revoke_leaf, suspension_leaf FROM credentials WHERE credential_id = ?"
        ) { statement throws(StoreError) in
            statement.bind(1, id)
            guard try statement.step() else { return nil }
            return (
                statement.uint64(0), statement.isNull(1) ? nil : statement.uint64(1),
                statement.isNull(2) ? nil : statement.uint64(2)
            )
        }
    }

    func issuerLeaf(id: String) throws(StoreError) -> UInt64? {
        try single("SELECT registration_leaf FROM issuers WHERE issuer_id = ?") { $0.bind(1, id) }
    }

    /// The leaf of an issuer's latest standing change, if it has had one.
    func issuerStandingLeaf(id: String) throws(StoreError) -> UInt64? {
        try single("SELECT standing_leaf FROM issuers WHERE issuer_id = ? AND standing_leaf IS NOT NULL") {
            $0.bind(1, id)
        }
    }

    func issuerLeaf(keyID: KeyID) throws(StoreError) -> UInt64? {
        try single("SELECT registration_leaf FROM issuers WHERE key_id = ?") { $0.bind(1, keyID) }
    }

    /// Registration leaves of the first `limit` issuers, in registration order.
    func issuerLeaves(limit: Int) throws(StoreError) -> [UInt64] {
        try database.withStatement("SELECT registration_leaf FROM issuers ORDER BY registration_leaf LIMIT ?") {
            statement throws(StoreError) in
            statement.bind(1, UInt64(limit))
            var leaves: [UInt64] = []
            while try statement.step() { leaves.append(statement.uint64(0)) }
            return leaves
        }
    }

    func definitionLeaf(id: String) throws(StoreError) -> UInt64? {
        try single("SELECT registration_leaf FROM definitions WHERE definition_id = ?") { $0.bind(1, id) }
    }

    /// Row counts, for reports and to compare a rebuilt index with the original.
    func counts() throws(StoreError) -> IndexCounts {
        func count(_ sql: String) throws(StoreError) -> UInt64 { try single(sql) { _ in } ?? 0 }
        return IndexCounts(
            blocks: try count("SELECT count(*) FROM blocks"),
            transactions: try count("SELECT count(*) FROM transactions"),
            issuers: try count("SELECT count(*) FROM issuers"),
            definitions: try count("SELECT count(*) FROM definitions"),
            credentials: try count("SELECT count(*) FROM credentials"),
            revoked: try count("SELECT count(*) FROM credentials WHERE revoke_leaf IS NOT NULL"))
    }

    /// Every row of every table in a fixed order, as one digest: equal digests mean equal indexes.
    func contentDigest() throws(StoreError) -> SHA256Digest {
        let hasher = SHA256Hasher()
        let queries = [
            "SELECT height, header_hash, ledger_size, tx_count FROM blocks ORDER BY height",
            "SELECT ledger_index, height, byte_offset, byte_length FROM leaves ORDER BY ledger_index",
            "SELECT id, ledger_index FROM transactions ORDER BY id",
            "SELECT credential_id, issue_leaf, coalesce(revoke_leaf, -1) FROM credentials ORDER BY credential_id",
            """
            SELECT issuer_id, key_id, registration_leaf, coalesce(standing_leaf, -1), coalesce(rotation_leaf, -1)
            FROM issuers ORDER BY issuer_id
            """,
            "SELECT key_id, issuer_id, introduced_leaf, retired_leaf FROM issuer_keys ORDER BY key_id",
            "SELECT issuer_leaf, issue_leaf FROM issuances ORDER BY issuer_leaf, issue_leaf",
            """
            SELECT definition_id, registration_leaf, issuer_id, country, level, activity, format, minutes, language
            FROM definitions ORDER BY definition_id
            """,
            "SELECT rowid, title, outcomes FROM definition_text ORDER BY rowid",
            "SELECT qa_body_id, key_id, registration_leaf FROM qa_bodies ORDER BY qa_body_id",
            """
            SELECT accreditation_id, registration_leaf, coalesce(withdrawal_leaf, -1), issuer_id, qa_body_id
            FROM accreditations ORDER BY accreditation_id
            """,
        ]
        for (table, sql) in queries.enumerated() {
            hasher.update(byte: UInt8(table))
            try database.withStatement(sql) { statement throws(StoreError) in
                while try statement.step() {
                    for column in 0..<statement.columnCount {
                        let bytes = statement.blob(column)
                        hasher.update(Array(String(bytes.count).utf8) + [0x3A] + bytes)
                    }
                }
            }
        }
        return hasher.finalize()
    }
}

/// How many rows each index table holds.
public struct IndexCounts: Sendable, Hashable {
    public let blocks: UInt64
    public let transactions: UInt64
    public let issuers: UInt64
    public let definitions: UInt64
    public let credentials: UInt64
    public let revoked: UInt64
}

/// One block's status-tree write (docs/STORAGE.md, "Status tree"): the new tree (its nodes not stored yet are
/// written, children first, in rows appended at the end of the table), the parent tree's nodes it replaced, and,
/// every so often, the oldest height whose version must stay readable.
struct StatusTreeWrite {
    let tree: SparseMerkleTree
    let replaced: [SparseMerkleTree.Node]
    /// Versions below this height are deleted with the nodes only they used; nil prunes nothing this block.
    let pruneBelow: UInt64?
}

extension ChainIndex {
    fileprivate func record(_ write: StatusTreeWrite, height: UInt64) throws(StoreError) {
        // New nodes get the next rows, children first, and go in with a few multi-row statements: a busy block
        // writes tens of thousands of nodes, and one statement each would cost more than the block's rules. Their
        // bodies are written into one buffer that SQLite reads in place.
        let firstRow = try nextStatusRow()
        var next = firstRow
        var bodies = CanonicalWriter(capacity: 4096)
        var ends: [Int] = []
        func assign(_ node: SparseMerkleTree.Node) -> UInt64 {
            let existing = node.storageRow.load(ordering: .relaxed)
            guard existing == 0 else { return existing }
            if let left = node.left { _ = assign(left) }
            if let right = node.right { _ = assign(right) }
            let row = next
            next += 1
            node.storageRow.store(row, ordering: .relaxed)
            StoredStatusNode.write(node, into: &bodies)
            ends.append(bodies.bytes.count)
            return row
        }
        let rootRow = write.tree.root.map(assign) ?? 0
        let inserted = bodies.bytes.withUnsafeBytes { buffer in
            Result { () throws(StoreError) in
                try insertChunked("INSERT INTO status_nodes(row, body) VALUES ", Array(ends.indices)) {
                    statement, offset, index in
                    let start = index == 0 ? 0 : ends[index - 1]
                    statement.bind(offset, firstRow + UInt64(index))
                        .bind(offset + 1, inPlace: UnsafeRawBufferPointer(rebasing: buffer[start..<ends[index]]))
                }
            }
        }
        try inserted.get()
        // A block's replaced rows go in one row of their own, packed: one insert per block, not one per node.
        var stale = CanonicalWriter(capacity: 8 * write.replaced.count)
        for node in write.replaced {
            let row = node.storageRow.load(ordering: .relaxed)
            if row != 0 { stale.write(row) }
        }
        if !stale.bytes.isEmpty {
            try run("INSERT INTO status_stale(height, rows) VALUES (?, ?)") { $0.bind(1, height).bind(2, stale.bytes) }
        }
        try run("INSERT INTO status_roots(height, root, row) VALUES (?, ?, ?)") {
            $0.bind(1, height).bind(2, write.tree.rootHash).bind(3, rootRow)
        }
        if let oldest = write.pruneBelow {
            // A node replaced at height s serves only versions before s: with versions below `oldest` gone, every
            // node replaced at or before `oldest` goes too.
            for row in try staleRows(atOrBelow: oldest) {
                try run("DELETE FROM status_nodes WHERE row = ?") { $0.bind(1, row) }
            }
            try run("DELETE FROM status_stale WHERE height <= ?") { $0.bind(1, oldest) }
            try run("DELETE FROM status_roots WHERE height < ?") { $0.bind(1, oldest) }
        }
    }

    /// The rows replaced at heights up to `height`.
    private func staleRows(atOrBelow height: UInt64) throws(StoreError) -> [UInt64] {
        try database.withStatement("SELECT height, rows FROM status_stale WHERE height <= ?") {
            statement throws(StoreError) in
            statement.bind(1, height)
            var rows: [UInt64] = []
            while try statement.step() {
                var reader = CanonicalReader(statement.blob(1))
                do {
                    while reader.remainingCount > 0 { rows.append(try reader.readUInt64(field: "status_stale.rows")) }
                } catch {
                    throw .corrupt(
                        path: path, height: statement.uint64(0), reason: "status_stale row does not decode: \(error)")
                }
            }
            return rows
        }
    }

    /// The first free status-node row.
    func nextStatusRow() throws(StoreError) -> UInt64 {
        try single("SELECT COALESCE(MAX(row), 0) + 1 FROM status_nodes") { _ in } ?? 1
    }

    /// Inserts two-column rows `chunk` at a time: `prefix` is "INSERT … VALUES ", `bind` binds one element at
    /// the given parameter offset.
    private func insertChunked<Element>(
        _ prefix: String, _ elements: [Element], chunk: Int = 128,
        bind: (SQLiteStatement, Int32, Element) -> Void
    ) throws(StoreError) {
        func statement(rows: Int) -> String { prefix + Array(repeating: "(?, ?)", count: rows).joined(separator: ", ") }
        let full = statement(rows: chunk)
        var start = 0
        while start < elements.count {
            let count = min(chunk, elements.count - start)
            let sql = count == chunk ? full : statement(rows: count)
            let slice = elements[start..<(start + count)]
            try run(sql) { statement in
                for (index, element) in slice.enumerated() { bind(statement, Int32(2 * index + 1), element) }
            }
            start += count
        }
    }

    /// The status root and its row recorded for a height, or nil when the height is not retained.
    func statusRoot(height: UInt64) throws(StoreError) -> (hash: SHA256Digest, row: UInt64)? {
        try database.withStatement("SELECT root, row FROM status_roots WHERE height = ?") {
            statement throws(StoreError) in
            statement.bind(1, height)
            return try statement.step() ? (try statement.digest(0), statement.uint64(1)) : nil
        }
    }

    /// The lowest retained height, or nil before block 1.
    func oldestStatusHeight() throws(StoreError) -> UInt64? {
        try database.withStatement("SELECT MIN(height) FROM status_roots") { statement throws(StoreError) in
            try statement.step() && !statement.isNull(0) ? statement.uint64(0) : nil
        }
    }

    /// A stored node's body, or nil when the row is gone.
    func statusNode(row: UInt64) throws(StoreError) -> [UInt8]? {
        try database.withStatement("SELECT body FROM status_nodes WHERE row = ?") { statement throws(StoreError) in
            statement.bind(1, row)
            return try statement.step() ? statement.blob(0) : nil
        }
    }

    /// The stored node at `row`, checked to hash to `hash`; nil when it is missing or damaged.
    func checkedStatusNode(row: UInt64, hash: SHA256Digest) throws(StoreError) -> StoredStatusNode? {
        guard let body = try statusNode(row: row) else { return nil }
        return try? StoredStatusNode.decode(body, expected: hash)
    }

    /// Reads the whole tree of `height` back into memory, checking every node's hash from the root down; nil
    /// when a node is missing or damaged (the store then re-derives its index from the log).
    func loadStatusTree(height: UInt64) throws(StoreError) -> SparseMerkleTree? {
        guard let root = try statusRoot(height: height) else { return nil }
        guard root.hash != SparseMerkleHasher.placeholder else { return SparseMerkleTree() }
        var count = 0
        func load(_ row: UInt64, _ hash: SHA256Digest) throws(StoreError) -> SparseMerkleTree.Node? {
            guard let node = try checkedStatusNode(row: row, hash: hash) else { return nil }
            switch node {
            case .leaf(let key, let value):
                count += 1
                return SparseMerkleTree.Node(storedEntry: .init(keyHash: key, value: value), row: row)
            case .branch(let left, let right, let leftRow, let rightRow):
                let placeholder = SparseMerkleHasher.placeholder
                var leftNode: SparseMerkleTree.Node? = nil
                var rightNode: SparseMerkleTree.Node? = nil
                if left != placeholder {
                    guard let loaded = try load(leftRow, left) else { return nil }
                    leftNode = loaded
                }
                if right != placeholder {
                    guard let loaded = try load(rightRow, right) else { return nil }
                    rightNode = loaded
                }
                return SparseMerkleTree.Node(storedLeft: leftNode, right: rightNode, row: row)
            }
        }
        guard let node = try load(root.row, root.hash) else { return nil }
        return SparseMerkleTree(root: node, count: count)
    }

    /// Records that a read found a stored node missing or damaged, so the next open re-derives the index.
    func markStatusTreeDamaged() throws(StoreError) {
        try run("INSERT OR REPLACE INTO meta(key, value) VALUES ('status_tree_damaged', 1)") { _ in }
    }

    /// Whether a read found the stored tree damaged since it was derived.
    func statusTreeMarkedDamaged() throws(StoreError) -> Bool {
        try single("SELECT value FROM meta WHERE key = 'status_tree_damaged'") { _ in } != nil
    }

    /// Rows in the node table, for tests and the benchmarks' disk figures.
    func statusNodeCount() throws(StoreError) -> UInt64 {
        try database.withStatement("SELECT COUNT(*) FROM status_nodes") { statement throws(StoreError) in
            try statement.step() ? statement.uint64(0) : 0
        }
    }
}
