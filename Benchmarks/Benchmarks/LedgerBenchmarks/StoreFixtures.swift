import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting

/// Stores and chains shared by the benchmarks, built once per process; the 1M-credential store is kept on disk
/// in Benchmarks/.bench-data so later runs reuse it.
enum StoreFixtures {
    static let dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".bench-data").path

    /// An append target: a fresh store and a chain producing the next 1,000-credential block on demand.
    final class AppendTarget: @unchecked Sendable {
        let chain: SyntheticChain
        let store: ChainStore

        init() throws {
            chain = try SyntheticChain()
            let directory = NSTemporaryDirectory() + "mcledger-bench-append-\(UUID().uuidString)"
            store = try ChainStore(directory: directory, genesis: chain.genesis)
            let registration = try chain.registrationBlock()
            try store.append(registration, localTimeMilliseconds: registration.header.timestampMilliseconds)
        }
    }

    nonisolated(unsafe) static var appendTarget: AppendTarget?

    /// A store holding 1,000,000 credentials in 1,000 blocks, built on first use (a few minutes) and reused.
    static func millionCredentialStore() throws -> ChainStore {
        if let cached = million { return cached }
        let directory = dataDirectory + "/store-1m"
        let keys = dataDirectory + "/keys-1m"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        let chain = try SyntheticChain(keysDirectory: keys)
        let blocks = 1_000
        let perBlock = 1_000
        // A store left by an older build (another format) or cut short is rebuilt rather than trusted.
        if let existing = try? ChainStore(directory: directory, genesis: chain.genesis),
            existing.tip.height == UInt64(blocks + 1)
        {
            million = existing
            return existing
        }
        let store = try rebuild(directory: directory, chain: chain, blocks: blocks, perBlock: perBlock)
        million = store
        return store
    }

    nonisolated(unsafe) private static var million: ChainStore?

    private static func rebuild(directory: String, chain: SyntheticChain, blocks: Int, perBlock: Int) throws
        -> ChainStore
    {
        try? FileManager.default.removeItem(atPath: directory)
        let store = try ChainStore(directory: directory, genesis: chain.genesis)
        let registration = try chain.registrationBlock()
        try store.append(registration, localTimeMilliseconds: registration.header.timestampMilliseconds)
        for index in 0..<blocks {
            let block = try chain.credentialBlock(count: perBlock)
            try store.append(block, localTimeMilliseconds: block.header.timestampMilliseconds)
            if index % 100 == 99 {
                FileHandle.standardError.write(
                    Data("building the 1M-credential store: \((index + 1) * perBlock)\n".utf8))
            }
        }
        return store
    }

    /// An export of 20 blocks of 1,000 credentials, for replay.
    static func replayExport() throws -> (path: String, transactions: Int) {
        if let cached = exportPath { return cached }
        let chain = try SyntheticChain()
        let directory = NSTemporaryDirectory() + "mcledger-bench-replay-\(UUID().uuidString)"
        let store = try ChainStore(directory: directory, genesis: chain.genesis)
        var transactions = 0
        for index in 0...20 {
            let block = index == 0 ? try chain.registrationBlock() : try chain.credentialBlock(count: 1_000)
            try store.append(block, localTimeMilliseconds: block.header.timestampMilliseconds)
            transactions += block.transactions.count
        }
        let path = directory + "/chain.export"
        try ChainExport.write(from: store, to: path)
        exportPath = (path, transactions)
        return (path, transactions)
    }

    nonisolated(unsafe) private static var exportPath: (path: String, transactions: Int)?
}
