import CSQLite
import LedgerCore

/// A thin wrapper over one SQLite connection with cached prepared statements. Not thread-safe: the store
/// serialises access to it.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    let path: String

    init(path: String) throws(StoreError) {
        var handle: OpaquePointer? = nil
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw .index("cannot open \(path): \(message)")
        }
        self.handle = handle
        self.path = path
    }

    deinit {
        statements.removeAll()
        sqlite3_close(handle)
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// The rowid of the last row this connection inserted.
    var lastInsertRowID: UInt64 { UInt64(bitPattern: sqlite3_last_insert_rowid(handle)) }

    /// Statements stepped but not reset; each holds a read transaction open and blocks WAL checkpoints.
    var busyStatementCount: Int {
        var count = 0
        var statement = sqlite3_next_stmt(handle, nil)
        while let current = statement {
            if sqlite3_stmt_busy(current) != 0 { count += 1 }
            statement = sqlite3_next_stmt(handle, current)
        }
        return count
    }

    /// Runs SQL that returns no rows (schema, pragmas, transaction control).
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>? = nil
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw .index("\(text) in: \(sql.prefix(80))")
        }
    }

    /// Runs `body` with a prepared statement (compiled once, then cached) and resets it afterwards: a statement
    /// left mid-read would hold a read transaction open and stop the WAL from ever being checkpointed.
    func withStatement<Result>(_ sql: String, _ body: (SQLiteStatement) throws(StoreError) -> Result) throws(StoreError)
        -> Result
    {
        let statement = try statement(sql)
        defer { statement.reset() }
        return try body(statement)
    }

    /// A prepared statement, compiled once per connection and reused; prefer `withStatement`.
    private func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer? = nil
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil) == SQLITE_OK, let raw
        else {
            throw .index("\(lastError) in: \(sql.prefix(80))")
        }
        let statement = SQLiteStatement(raw, database: self)
        statements[sql] = statement
        return statement
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolling back if it throws.
    func transaction<Result>(_ body: () throws(StoreError) -> Result) throws(StoreError) -> Result {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

/// One prepared statement: bind by position (1-based), step, and read columns (0-based). A bind that fails is
/// remembered and reported by the next `step`, so a lookup never runs with a parameter missing.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let database: SQLiteDatabase
    /// The first bind that failed since the last reset: its position and SQLite's result code.
    private var bindFailure: (index: Int32, code: Int32)?

    init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        bindFailure = nil
    }

    private func checked(_ index: Int32, _ code: Int32) -> SQLiteStatement {
        if code != SQLITE_OK, bindFailure == nil { bindFailure = (index, code) }
        return self
    }

    @discardableResult
    func bind(_ index: Int32, _ value: Int64) -> SQLiteStatement {
        checked(index, sqlite3_bind_int64(handle, index, value))
    }

    @discardableResult
    func bind(_ index: Int32, _ value: UInt64) -> SQLiteStatement {
        checked(index, sqlite3_bind_int64(handle, index, Int64(bitPattern: value)))
    }

    /// Binds every UTF-8 byte, with the length given: a NUL inside the text is part of it, never its end.
    @discardableResult
    func bind(_ index: Int32, _ value: String) -> SQLiteStatement {
        let code = value.utf8CString.withUnsafeBufferPointer {
            sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count - 1), mcl_sqlite_transient())
        }
        return checked(index, code)
    }

    @discardableResult
    func bind(_ index: Int32, _ value: [UInt8]) -> SQLiteStatement {
        let code = value.withUnsafeBytes {
            sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), mcl_sqlite_transient())
        }
        return checked(index, code)
    }

    /// Binds bytes that SQLite reads in place, without a copy: they must stay valid until the statement is reset
    /// (`withStatement` resets it before it returns).
    @discardableResult
    func bind(_ index: Int32, inPlace bytes: UnsafeRawBufferPointer) -> SQLiteStatement {
        checked(index, sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), nil))
    }

    @discardableResult
    func bind(_ index: Int32, _ value: SHA256Digest) -> SQLiteStatement {
        let code = value.withUnsafeBytes {
            sqlite3_bind_blob(handle, index, $0.baseAddress, 32, mcl_sqlite_transient())
        }
        return checked(index, code)
    }

    @discardableResult
    func bindNull(_ index: Int32) -> SQLiteStatement {
        checked(index, sqlite3_bind_null(handle, index))
    }

    /// Advances to the next row; false when done. Fails first if any bind failed.
    func step() throws(StoreError) -> Bool {
        if let failure = bindFailure {
            throw .index("binding parameter \(failure.index) failed: \(String(cString: sqlite3_errstr(failure.code)))")
        }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw .index(database.lastError)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws(StoreError) {
        while try step() {}
    }

    var columnCount: Int32 { sqlite3_column_count(handle) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func uint64(_ column: Int32) -> UInt64 { UInt64(bitPattern: sqlite3_column_int64(handle, column)) }

    /// Every byte of a text column, by its length (a NUL inside does not end it).
    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    func digest(_ column: Int32) throws(StoreError) -> SHA256Digest {
        do {
            return try SHA256Digest(bytes: blob(column))
        } catch {
            throw .corrupt(path: database.path, height: nil, reason: "a stored hash is not 32 bytes")
        }
    }
}
