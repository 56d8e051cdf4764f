import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting

/// A `TestChain` mirrored into a `ChainStore` in a temporary directory.
final class StoreFixture {
    let chain: TestChain
    let directory: String
    var store: ChainStore?
    let issuerKey = try! P256PrivateKey.generate()

    let statusRetention: UInt64

    init(validatorCount: Int = 4, statusRetention: UInt64 = ChainStore.defaultStatusRetention) throws {
        chain = try TestChain(validatorCount: validatorCount)
        directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-store").path
        self.statusRetention = statusRetention
        store = try ChainStore(directory: directory, genesis: chain.genesis, statusRetention: statusRetention)
    }

    var opened: ChainStore { store! }

    /// Builds, appends to the in-memory chain, and appends to the store.
    @discardableResult
    func appendBlock(_ transactions: [SignedTransaction]) throws -> Block {
        let block = try chain.makeBlock(transactions)
        try chain.append(block)
        try opened.append(block, localTimeMilliseconds: chain.clockMilliseconds)
        return block
    }

    /// Registers the issuer, then appends `blocks` blocks of `perBlock` credentials each.
    func populate(blocks: Int, perBlock: Int) throws {
        try appendBlock([try chain.registerIssuer("uwi", key: issuerKey)])
        for block in 0..<blocks {
            try appendBlock((0..<perBlock).map { try chain.issue("cred-\(block)-\($0)", by: issuerKey) })
        }
    }

    func close() { store = nil }

    @discardableResult
    func reopen() throws -> ChainStore {
        store = nil
        store = try ChainStore(directory: directory, genesis: chain.genesis, statusRetention: statusRetention)
        return store!
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// Reopens the store, first deleting its index when `rebuild` is true, so it is rebuilt from the log.
    @discardableResult
    func reopen(rebuildingIndex rebuild: Bool) throws -> ChainStore {
        if rebuild {
            close()
            for name in ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"] {
                try? FileManager.default.removeItem(atPath: path(name))
            }
        }
        return try reopen()
    }

    func flipByte(in name: String, at offset: Int) throws {
        let url = URL(fileURLWithPath: path(name))
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[offset] ^= 0x20
        try Data(bytes).write(to: url)
    }

    func fileBytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    func writeFile(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
    }
}
