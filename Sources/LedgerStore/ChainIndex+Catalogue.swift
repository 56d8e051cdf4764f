import LedgerCore

/// The catalogue's search tables (docs/STORAGE.md, "Catalogue search"): one row per entry with the fields a
/// search filters on, and an FTS5 table over its title and learning outcomes whose rowid is the entry's
/// registration leaf. Both are derived from the registrations, like every other table.
extension ChainIndex {
    func createCatalogueTables() throws(StoreError) {
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS definitions(definition_id TEXT PRIMARY KEY,
                registration_leaf INTEGER NOT NULL UNIQUE, issuer_id TEXT NOT NULL, country TEXT NOT NULL,
                level INTEGER NOT NULL, activity INTEGER NOT NULL, format INTEGER NOT NULL,
                minutes INTEGER NOT NULL, language TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS definitions_by_issuer ON definitions(issuer_id, registration_leaf);
            CREATE INDEX IF NOT EXISTS definitions_by_country ON definitions(country, registration_leaf);
            CREATE VIRTUAL TABLE IF NOT EXISTS definition_text USING fts5(title, outcomes,
                tokenize = 'unicode61 remove_diacritics 2');
            """)
    }

    /// Indexes one entry; its issuer's row (registered in an earlier block or earlier in this one) gives the
    /// member state.
    func record(_ definition: DefinitionRecord) throws(StoreError) {
        let entry = definition.definition
        let leaf = definition.location.ledgerIndex
        try run(
            """
            INSERT INTO definitions(definition_id, registration_leaf, issuer_id, country, level, activity, format,
                minutes, language)
            SELECT ?, ?, ?, country, ?, ?, ?, ?, ? FROM issuers WHERE issuer_id = ?
            """
        ) {
            $0.bind(1, entry.definitionID).bind(2, leaf).bind(3, definition.issuerID).bind(4, Int64(entry.level))
                .bind(5, Int64(entry.activity.rawValue)).bind(6, Int64(entry.format.rawValue))
                .bind(7, Int64(entry.notionalMinutes)).bind(8, entry.language).bind(9, definition.issuerID)
        }
        guard
            try single("SELECT count(*) FROM definitions WHERE registration_leaf = ?", bind: { $0.bind(1, leaf) })
                == 1
        else {
            throw .index("definition \(entry.definitionID) names issuer \(definition.issuerID), which has no row")
        }
        try run("INSERT INTO definition_text(rowid, title, outcomes) VALUES (?, ?, ?)") {
            $0.bind(1, leaf).bind(2, entry.title).bind(3, entry.learningOutcomes.joined(separator: "\n"))
        }
    }

    /// The registration leaves of one page of matches, in registration order, and how many match in all.
    func searchDefinitions(_ query: CatalogueQuery) throws(StoreError) -> (leaves: [UInt64], total: UInt64) {
        enum Value {
            case text(String)
            case integer(Int64)
        }
        var conditions: [String] = []
        var values: [Value] = []
        func require(_ condition: String, _ value: Value) {
            conditions.append(condition)
            values.append(value)
        }
        if let issuer = query.issuerID { require("issuer_id = ?", .text(issuer)) }
        if let country = query.country { require("country = ?", .text(country)) }
        if let level = query.level { require("level = ?", .integer(Int64(level))) }
        if let activity = query.activity { require("activity = ?", .integer(Int64(activity.rawValue))) }
        if let format = query.format { require("format = ?", .integer(Int64(format.rawValue))) }
        if let language = query.language { require("language = ? COLLATE NOCASE", .text(language)) }
        if let minimum = query.minimumMinutes { require("minutes >= ?", .integer(Int64(minimum))) }
        if let maximum = query.maximumMinutes { require("minutes <= ?", .integer(Int64(maximum))) }
        if let text = query.text, let match = CatalogueQuery.matchExpression(text) {
            require(
                "registration_leaf IN (SELECT rowid FROM definition_text WHERE definition_text MATCH ?)", .text(match))
        }
        func bindAll(_ statement: SQLiteStatement) {
            for (offset, value) in values.enumerated() {
                switch value {
                case .text(let text): statement.bind(Int32(offset + 1), text)
                case .integer(let integer): statement.bind(Int32(offset + 1), integer)
                }
            }
        }
        func clause(_ extra: [String]) -> String {
            let all = conditions + extra
            return all.isEmpty ? "" : " WHERE " + all.joined(separator: " AND ")
        }
        let total = try single("SELECT count(*) FROM definitions" + clause([]), bind: bindAll) ?? 0
        let cursor = query.after.map { _ in ["registration_leaf > ?"] } ?? []
        let sql =
            "SELECT registration_leaf FROM definitions" + clause(cursor) + " ORDER BY registration_leaf LIMIT ?"
        let leaves = try database.withStatement(sql) { statement throws(StoreError) in
            bindAll(statement)
            var next = Int32(values.count + 1)
            if let after = query.after {
                statement.bind(next, after)
                next += 1
            }
            statement.bind(next, Int64(query.limit))
            var leaves: [UInt64] = []
            while try statement.step() { leaves.append(statement.uint64(0)) }
            return leaves
        }
        return (leaves, total)
    }
}

/// QA bodies and their accreditations: ids to registration (and withdrawal) leaves, like issuers and credentials.
extension ChainIndex {
    func createQualityAssuranceTables() throws(StoreError) {
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS qa_bodies(qa_body_id TEXT PRIMARY KEY, key_id BLOB NOT NULL UNIQUE,
                registration_leaf INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS accreditations(accreditation_id TEXT PRIMARY KEY,
                registration_leaf INTEGER NOT NULL, withdrawal_leaf INTEGER, issuer_id TEXT NOT NULL,
                qa_body_id TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS accreditations_by_issuer ON accreditations(issuer_id, registration_leaf);
            """)
    }

    func recordQualityAssurance(_ change: RegistryChange) throws(StoreError) {
        switch change {
        case .qaBodyRegistered(let body):
            try run("INSERT INTO qa_bodies(qa_body_id, key_id, registration_leaf) VALUES (?, ?, ?)") {
                $0.bind(1, body.qaBodyID).bind(2, body.keyID).bind(3, body.location.ledgerIndex)
            }
        case .accreditationRecorded(let record):
            try run(
                """
                INSERT INTO accreditations(accreditation_id, registration_leaf, issuer_id, qa_body_id)
                VALUES (?, ?, ?, ?)
                """
            ) {
                $0.bind(1, record.accreditationID).bind(2, record.location.ledgerIndex)
                    .bind(3, record.accreditation.issuerID).bind(4, record.qaBodyID)
            }
        case .accreditationWithdrawn(let accreditationID, let withdrawal):
            try run("UPDATE accreditations SET withdrawal_leaf = ? WHERE accreditation_id = ?") {
                $0.bind(1, withdrawal.location.ledgerIndex).bind(2, accreditationID)
            }
        default:
            break
        }
    }

    func qaBodyLeaf(id: String) throws(StoreError) -> UInt64? {
        try single("SELECT registration_leaf FROM qa_bodies WHERE qa_body_id = ?") { $0.bind(1, id) }
    }

    func qaBodyLeaf(keyID: KeyID) throws(StoreError) -> UInt64? {
        try single("SELECT registration_leaf FROM qa_bodies WHERE key_id = ?") { $0.bind(1, keyID) }
    }

    /// Registration leaves of every QA body, in registration order.
    func qaBodyLeaves() throws(StoreError) -> [UInt64] {
        try leaves("SELECT registration_leaf FROM qa_bodies ORDER BY registration_leaf") { _ in }
    }

    func accreditationLeaves(id: String) throws(StoreError) -> (registration: UInt64, withdrawal: UInt64?)? {
        try database.withStatement(
            "SELECT registration_leaf, withdrawal_leaf FROM accreditations WHERE accreditation_id = ?"
        ) { statement throws(StoreError) in
            statement.bind(1, id)
            guard try statement.step() else { return nil }
            return (statement.uint64(0), statement.isNull(1) ? nil : statement.uint64(1))
        }
    }

    /// The ids of an issuer's accreditations, in the order they were recorded.
    func accreditationIDs(issuerID: String) throws(StoreError) -> [String] {
        try database.withStatement(
            "SELECT accreditation_id FROM accreditations WHERE issuer_id = ? ORDER BY registration_leaf"
        ) { statement throws(StoreError) in
            statement.bind(1, issuerID)
            var ids: [String] = []
            while try statement.step() { ids.append(statement.text(0)) }
            return ids
        }
    }

    private func leaves(_ sql: String, bind: (SQLiteStatement) -> Void) throws(StoreError) -> [UInt64] {
        try database.withStatement(sql) { statement throws(StoreError) in
            bind(statement)
            var leaves: [UInt64] = []
            while try statement.step() { leaves.append(statement.uint64(0)) }
            return leaves
        }
    }
}
